package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/newsroom-pipeline/newsroom/pkg/bus"
	"github.com/newsroom-pipeline/newsroom/pkg/natstest"
)

// newsctl dlq list, show and replay against a real JetStream server.
func TestDLQCommands(t *testing.T) {
	srv := natstest.Run(t)
	ctx := natstest.Context(t, 30*time.Second)
	if err := bus.ApplyStreams(ctx, srv.JS, bus.DefaultTopology()); err != nil {
		t.Fatal(err)
	}
	t.Setenv("NEWSROOM_NATS_URL", srv.URL)
	for i, d := range []struct{ stage, subject, stream, reason, data string }{
		{"ingest", "news.raw.antara", bus.StreamRaw, "empty story", " "},
		{"normalize", "news.ingested.bbc", bus.StreamIngested, "parse: unexpected EOF", `{"id":"x"}`},
	} {
		h := nats.Header{}
		h.Set(bus.HeaderDLQStage, d.stage)
		h.Set(bus.HeaderDLQSubject, d.subject)
		h.Set(bus.HeaderDLQStream, d.stream)
		h.Set(bus.HeaderDLQReason, d.reason)
		h.Set(bus.HeaderDLQTime, time.Now().Add(-time.Duration(i+1)*time.Hour).UTC().Format(time.RFC3339Nano))
		if _, err := srv.JS.PublishMsg(ctx, &nats.Msg{Subject: bus.DLQSubject(d.stage), Header: h, Data: []byte(d.data)}); err != nil {
			t.Fatal(err)
		}
	}
	newsctl := func(args ...string) (string, error) {
		var out, errOut bytes.Buffer
		err := run(context.Background(), args, &out, &errOut)
		return out.String(), err
	}

	out, err := newsctl("dlq", "list")
	if err != nil || strings.Count(out, "\n") != 3 || !strings.Contains(out, "news.ingested.bbc") || !strings.Contains(out, "empty story") {
		t.Fatalf("dlq list: %v\n%s", err, out)
	}
	out, _ = newsctl("dlq", "list", "-since", "90m")
	if strings.Count(out, "\n") != 2 || !strings.Contains(out, "empty story") {
		t.Errorf("dlq list -since 90m: want only the letter of an hour ago\n%s", out)
	}
	out, err = newsctl("dlq", "show", "2")
	if err != nil || !strings.Contains(out, "Newsroom-Dlq-Reason: parse: unexpected EOF") || !strings.Contains(out, `{"id":"x"}`) {
		t.Errorf("dlq show 2: %v\n%s", err, out)
	}
	out, err = newsctl("dlq", "replay", "-stage", "normalize", "-dry-run")
	if err != nil || !strings.Contains(out, "would replay 1") {
		t.Errorf("dlq replay -dry-run: %v\n%s", err, out)
	}
	out, err = newsctl("dlq", "replay", "-stage", "normalize")
	if err != nil || !strings.Contains(out, "replayed 1/1") {
		t.Fatalf("dlq replay: %v\n%s", err, out)
	}
	st, _ := srv.JS.Stream(ctx, bus.StreamIngested)
	if m, err := st.GetLastMsgForSubject(ctx, "news.ingested.bbc"); err != nil || string(m.Data) != `{"id":"x"}` {
		t.Errorf("the replayed letter is not back on news.ingested.bbc: %v", err)
	}
	out, _ = newsctl("dlq", "list")
	if strings.Count(out, "\n") != 2 || strings.Contains(out, "news.ingested.bbc") {
		t.Errorf("after the replay, want only the ingest letter left:\n%s", out)
	}
	if _, err := newsctl("dlq", "show", "2"); err == nil {
		t.Error("dlq show of a replayed letter succeeded")
	}
}
