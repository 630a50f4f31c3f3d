package reprocess

import (
	"fmt"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/newsroom-pipeline/newsroom/pkg/bus"
	"github.com/newsroom-pipeline/newsroom/pkg/natstest"
)

func TestMessageKeepsTheFirstIdentity(t *testing.T) {
	stored := time.Date(2026, 12, 4, 9, 0, 0, 0, time.UTC)
	m, id := Message("news.raw.afp", nats.Header{bus.HeaderMsgID: {"afp-1:2"}, bus.HeaderContentType: {"text/plain"}, "Nats-Expected-Stream": {"NEWS_RAW"}},
		[]byte("story"), stored, "reprocess-77", 41)
	if id != "reprocess-77:41" || m.Subject != "news.raw.afp" || string(m.Data) != "story" {
		t.Errorf("message %s %q id %s", m.Subject, m.Data, id)
	}
	want := nats.Header{
		bus.HeaderContentType:    {"text/plain"},
		bus.HeaderReplay:         {"reprocess-77"},
		bus.HeaderOriginMsgID:    {"afp-1:2"},
		bus.HeaderOriginReceived: {"2026-12-04T09:00:00Z"},
	}
	if fmt.Sprint(m.Header) != fmt.Sprint(want) {
		t.Errorf("headers %v, want %v", m.Header, want)
	}

	// A dead-letter replay's copy keeps the origin it carries; its own
	// message id (the replay's) never becomes the story's.
	m, _ = Message("news.raw.afp", nats.Header{bus.HeaderMsgID: {"replay:dlq-3"}, bus.HeaderReplay: {"dlq-3"},
		bus.HeaderOriginReceived: {"2026-01-01T00:00:00Z"}}, nil, stored, "reprocess-78", 50)
	if m.Header.Get(bus.HeaderOriginMsgID) != "" || m.Header.Get(bus.HeaderOriginReceived) != "2026-01-01T00:00:00Z" || m.Header.Get(bus.HeaderReplay) != "reprocess-78" {
		t.Errorf("copy of a replay: %v", m.Header)
	}
}

// On a real JetStream server: a run re-publishes the range once (the
// source filter and -until hold), never reads its own copies, skips an
// earlier run's copies, and a repeated run with the same name adds nothing.
func TestRunRepublishesTheRange(t *testing.T) {
	srv := natstest.Run(t)
	ctx := natstest.Context(t, 30*time.Second)
	if err := bus.ApplyStreams(ctx, srv.JS, bus.DefaultTopology()); err != nil {
		t.Fatal(err)
	}
	pub := func(subject string, i int) {
		if _, err := srv.JS.PublishMsg(ctx, &nats.Msg{Subject: subject, Data: []byte(fmt.Sprint(i)), Header: nats.Header{}}, jetstream.WithMsgID(fmt.Sprintf("p-%d", i))); err != nil {
			t.Fatal(err)
		}
	}
	for i := 0; i < 5; i++ {
		pub("news.raw.antara", i)
	}
	pub("news.raw.bbc", 99)
	start := time.Now().Add(-time.Minute)

	var seen []uint64
	res, err := Run(ctx, srv.JS, Options{Since: start, Source: "antara", Run: "a"}, func(done int, seq, last uint64) { seen = append(seen, seq) })
	if err != nil || res.Republished != 5 || len(seen) != 5 || res.LastSeq != 6 {
		t.Fatalf("run a: %+v, %v; progress %v", res, err, seen)
	}
	raw, _ := srv.JS.Stream(ctx, bus.StreamRaw)
	if info, _ := raw.Info(ctx); info.State.Msgs != 11 {
		t.Fatalf("%d messages in NEWS_RAW after run a, want 11", info.State.Msgs)
	}
	// Again, same name: de-duplicated.
	if _, err := Run(ctx, srv.JS, Options{Since: start, Source: "antara", Run: "a"}, nil); err != nil {
		t.Fatal(err)
	}
	if info, _ := raw.Info(ctx); info.State.Msgs != 11 {
		t.Fatalf("%d messages after repeating run a, want 11", info.State.Msgs)
	}
	// A new run over everything: 6 originals, 5 copies skipped.
	res, err = Run(ctx, srv.JS, Options{Since: start, Run: "b"}, nil)
	if err != nil || res.Republished != 6 || res.Skipped != 5 {
		t.Fatalf("run b: %+v, %v", res, err)
	}
	m, err := raw.GetLastMsgForSubject(ctx, "news.raw.bbc")
	if err != nil || m.Header.Get(bus.HeaderOriginMsgID) != "p-99" || m.Header.Get(bus.HeaderReplay) != "reprocess-b" {
		t.Errorf("copy of the bbc story: %v %v", m, err)
	}
	// -until before everything: nothing; a dry run counts and publishes nothing.
	if res, err := Run(ctx, srv.JS, Options{Since: start, Until: start.Add(time.Second), Run: "c"}, nil); err != nil || res.Republished != 0 {
		t.Errorf("run c: %+v, %v", res, err)
	}
	before, _ := raw.Info(ctx)
	if res, err := Run(ctx, srv.JS, Options{Since: start, Source: "bbc", Run: "d", DryRun: true}, nil); err != nil || res.Republished != 1 || res.Skipped != 1 {
		t.Errorf("dry run: %+v, %v; want the original counted, run b's copy skipped", res, err)
	}
	if after, _ := raw.Info(ctx); after.State.Msgs != before.State.Msgs {
		t.Error("a dry run published")
	}
}
