package deadletter

import (
	"fmt"
	"testing"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/newsroom-pipeline/newsroom/pkg/bus"
	"github.com/newsroom-pipeline/newsroom/pkg/natstest"
)

func TestSubjectMatches(t *testing.T) {
	for _, tc := range []struct {
		pattern, subject string
		want             bool
	}{
		{"news.raw.antara", "news.raw.antara", true},
		{"news.raw.*", "news.raw.antara", true},
		{"news.raw.>", "news.raw.antara", true},
		{"news.raw.>", "news.raw", false},
		{"news.*", "news.raw.antara", false},
		{"news.raw.antara", "news.raw.reuters", false},
		{"news.ingested.>", "news.raw.antara", false},
	} {
		if got := subjectMatches(tc.pattern, tc.subject); got != tc.want {
			t.Errorf("subjectMatches(%q, %q) = %v, want %v", tc.pattern, tc.subject, got, tc.want)
		}
	}
}

func TestFilter(t *testing.T) {
	at := time.Date(2026, 12, 4, 10, 0, 0, 0, time.UTC)
	l := Letter{Seq: 7, Stage: "normalize", Subject: "news.ingested.antara", Reason: "Parse NITF: unexpected EOF", Time: at}
	for _, tc := range []struct {
		f    Filter
		want bool
	}{
		{Filter{}, true},
		{Filter{Stage: "normalize", Subject: "news.ingested.>", Reason: "nitf", Since: at, FromSeq: 7, ToSeq: 7}, true},
		{Filter{Stage: "index"}, false},
		{Filter{Subject: "news.raw.>"}, false},
		{Filter{Reason: "mapper"}, false},
		{Filter{Since: at.Add(time.Second)}, false},
		{Filter{FromSeq: 8}, false},
		{Filter{ToSeq: 6}, false},
	} {
		if got := tc.f.Match(l); got != tc.want {
			t.Errorf("%+v.Match = %v, want %v", tc.f, got, tc.want)
		}
	}
}

// A raw story's replay keeps its first publication's identity and carries
// none of the dead-letter headers; an envelope's replay keeps its article
// headers and goes back to the subject it failed on.
func TestReplayMsg(t *testing.T) {
	raw := Letter{Seq: 12, Stream: bus.StreamRaw, Subject: "news.raw.antara", Data: []byte("story"), Header: nats.Header{
		bus.HeaderContentType:  {"text/plain"},
		bus.HeaderTraceParent:  {"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"},
		bus.HeaderDLQReason:    {"boom"},
		bus.HeaderDLQStage:     {"ingest"},
		bus.HeaderDLQMsgID:     {"antara-2011-001:3"},
		bus.HeaderDLQReceived:  {"2026-12-04T10:00:00.123Z"},
		bus.HeaderDLQStreamSeq: {"41"},
	}}
	m, id, err := ReplayMsg(raw)
	if err != nil {
		t.Fatal(err)
	}
	if m.Subject != "news.raw.antara" || string(m.Data) != "story" || id != "replay:dlq-12" {
		t.Errorf("replay to %s, data %q, id %s", m.Subject, m.Data, id)
	}
	want := map[string]string{
		bus.HeaderContentType:    "text/plain",
		bus.HeaderTraceParent:    raw.Header.Get(bus.HeaderTraceParent),
		bus.HeaderReplay:         "dlq-12",
		bus.HeaderOriginMsgID:    "antara-2011-001:3",
		bus.HeaderOriginReceived: "2026-12-04T10:00:00.123Z",
	}
	if len(m.Header) != len(want) {
		t.Errorf("headers %v, want exactly %v", m.Header, want)
	}
	for k, v := range want {
		if got := m.Header.Get(k); got != v {
			t.Errorf("header %s = %q, want %q", k, got, v)
		}
	}

	// A raw story replayed a second time keeps the origin it already had.
	raw.Header.Set(bus.HeaderOriginMsgID, "first-id")
	raw.Header.Set(bus.HeaderOriginReceived, "2026-01-01T00:00:00Z")
	raw.Header.Set(bus.HeaderReplay, "dlq-3")
	m, _, _ = ReplayMsg(raw)
	if m.Header.Get(bus.HeaderOriginMsgID) != "first-id" || m.Header.Get(bus.HeaderOriginReceived) != "2026-01-01T00:00:00Z" || m.Header.Get(bus.HeaderReplay) != "dlq-12" {
		t.Errorf("second replay headers %v", m.Header)
	}

	env := Letter{Seq: 5, Stream: bus.StreamTagged, Subject: "news.tagged.antara", Header: nats.Header{
		bus.HeaderArticleID: {"urn:x"}, bus.HeaderVersion: {"2"}, bus.HeaderDLQMsgID: {"urn:x:2:abc:entitytag"},
	}}
	m, _, err = ReplayMsg(env)
	if err != nil {
		t.Fatal(err)
	}
	if m.Header.Get(bus.HeaderOriginMsgID) != "" || m.Header.Get(bus.HeaderArticleID) != "urn:x" || m.Subject != "news.tagged.antara" {
		t.Errorf("envelope replay: %s %v", m.Subject, m.Header)
	}
	if _, _, err := ReplayMsg(Letter{Seq: 1}); err == nil {
		t.Error("a dead letter without its subject was replayed")
	}
}

// On a real JetStream server: List filters, Replay re-publishes to the
// original stream and removes only what it replayed, and replaying the same
// letter twice (an interrupted run repeated) stores it once.
func TestListAndReplay(t *testing.T) {
	srv := natstest.Run(t)
	ctx := natstest.Context(t, 30*time.Second)
	if err := bus.ApplyStreams(ctx, srv.JS, bus.DefaultTopology()); err != nil {
		t.Fatal(err)
	}
	dead := func(stage, subject, stream, reason string, i int) {
		h := nats.Header{}
		h.Set(bus.HeaderDLQStage, stage)
		h.Set(bus.HeaderDLQSubject, subject)
		h.Set(bus.HeaderDLQStream, stream)
		h.Set(bus.HeaderDLQReason, reason)
		h.Set(bus.HeaderDLQMsgID, fmt.Sprintf("pub-%d", i))
		h.Set(bus.HeaderDLQTime, time.Now().UTC().Format(time.RFC3339Nano))
		if _, err := srv.JS.PublishMsg(ctx, &nats.Msg{Subject: bus.DLQSubject(stage), Header: h, Data: []byte(fmt.Sprintf("story %d", i))}); err != nil {
			t.Fatal(err)
		}
	}
	dead("ingest", "news.raw.antara", bus.StreamRaw, "empty story", 1)
	dead("normalize", "news.ingested.antara", bus.StreamIngested, "parse: unexpected EOF", 2)
	dead("ingest", "news.raw.reuters", bus.StreamRaw, "story of 2000000 bytes exceeds the limit", 3)

	all, err := List(ctx, srv.JS, Filter{})
	if err != nil || len(all) != 3 {
		t.Fatalf("List = %d letters, %v; want 3", len(all), err)
	}
	ingest, err := List(ctx, srv.JS, Filter{Stage: "ingest", Reason: "EXCEEDS"})
	if err != nil || len(ingest) != 1 || ingest[0].Subject != "news.raw.reuters" {
		t.Fatalf("filtered List = %+v, %v", ingest, err)
	}

	var seen []string
	n, err := Replay(ctx, srv.JS, ingest, func(done, total int, l Letter, err error) {
		seen = append(seen, fmt.Sprintf("%d/%d %d %v", done, total, l.Seq, err))
	})
	if err != nil || n != 1 || len(seen) != 1 || seen[0] != "1/1 3 <nil>" {
		t.Fatalf("Replay = %d, %v; progress %q", n, err, seen)
	}
	raw, err := srv.JS.Stream(ctx, bus.StreamRaw)
	if err != nil {
		t.Fatal(err)
	}
	m, err := raw.GetLastMsgForSubject(ctx, "news.raw.reuters")
	if err != nil {
		t.Fatalf("the replayed story is not in %s: %v", bus.StreamRaw, err)
	}
	if string(m.Data) != "story 3" || m.Header.Get(bus.HeaderOriginMsgID) != "pub-3" || m.Header.Get(bus.HeaderReplay) != "dlq-3" {
		t.Errorf("replayed message %q %v", m.Data, m.Header)
	}
	left, _ := List(ctx, srv.JS, Filter{})
	if len(left) != 2 {
		t.Errorf("%d dead letters left, want 2 (only the replayed one removed)", len(left))
	}

	// The same letter again (as after a crash between publish and delete):
	// NEWS_RAW de-duplicates it.
	if _, err := Replay(ctx, srv.JS, ingest, nil); err != nil {
		t.Fatal(err)
	}
	info, err := raw.Info(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if info.State.Msgs != 1 {
		t.Errorf("%s holds %d messages after a repeated replay, want 1", bus.StreamRaw, info.State.Msgs)
	}
	if _, err := Get(ctx, srv.JS, 3); err == nil {
		t.Error("the replayed dead letter is still in NEWS_DLQ")
	}
}
