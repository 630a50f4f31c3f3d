package ingest

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/newsroom-pipeline/newsroom/pkg/article"
	"github.com/newsroom-pipeline/newsroom/pkg/bus"
	"github.com/newsroom-pipeline/newsroom/pkg/format"
	"github.com/newsroom-pipeline/newsroom/pkg/stage"
	"github.com/newsroom-pipeline/newsroom/pkg/wire"
)

var arrival = time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)

func newTestIngester() *Ingester { return New(1 << 20) }

func seed(t *testing.T) []byte {
	b, err := os.ReadFile("testdata/antara-2011-missile-defence-talks.txt")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// single calls Envelopes for a message that must hold one story.
func single(g *Ingester, subject, contentType, msgID string, data []byte) (*article.Envelope, error) {
	envs, err := g.Envelopes(subject, contentType, msgID, data, arrival)
	if err != nil {
		return nil, err
	}
	if len(envs) != 1 {
		return nil, fmt.Errorf("%d envelopes, want 1", len(envs))
	}
	return envs[0], nil
}

func TestEnvelopeIdentity(t *testing.T) {
	s := seed(t)
	seedID := "sha256-" + textHash(s)
	tests := []struct {
		name        string
		subject     string
		contentType string
		msgID       string
		data        string
		wantID      string
		wantVersion int64
		wantFormat  string
		wantSource  string
	}{
		{"seed without headers", "news.raw.antara", "", "", string(s), seedID, 1, format.Text, "antara"},
		{"seed with CRLF line ends is the same story", "news.raw.antara", "", "",
			strings.ReplaceAll(string(s), "\n", "\r\n"), seedID, 1, format.Text, "antara"},
		{"msg id with version", "news.raw.afp", "text/plain", "afp-123:7", "Headline\n\nBody text.", "afp-123", 7, format.Text, "afp"},
		{"msg id without version orders by arrival", "news.raw.afp", "", "afp-123", "Headline\n\nBody.", "afp-123", arrival.UnixMilli(), format.Text, "afp"},
		{"ninjs uri and numeric version", "news.raw.dpa", "", "ignored:1",
			`{"uri":"urn:dpa:1","version":"3","headlines":[{"value":"H"}]}`, "urn:dpa:1", 3, format.NINJS, "dpa"},
		{"ninjs versioncreated", "news.raw.dpa", "application/json", "",
			`{"uri":"urn:dpa:2","versioncreated":"2024-01-02T03:04:05Z","headline":"H"}`, "urn:dpa:2",
			time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC).UnixMilli(), format.NINJS, "dpa"},
		{"multi-token source", "news.raw.antara.id", "", "", "Judul\n\nIsi berita.", "sha256-" + textHash([]byte("Judul\n\nIsi berita.")), 1, format.Text, "antara_id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env, err := single(newTestIngester(), tt.subject, tt.contentType, tt.msgID, []byte(tt.data))
			if err != nil {
				t.Fatal(err)
			}
			if env.ID != tt.wantID || env.Version != tt.wantVersion {
				t.Errorf("id, version = %q, %d; want %q, %d", env.ID, env.Version, tt.wantID, tt.wantVersion)
			}
			if env.Format != tt.wantFormat || env.Source != tt.wantSource {
				t.Errorf("format, source = %q, %q; want %q, %q", env.Format, env.Source, tt.wantFormat, tt.wantSource)
			}
			if env.Schema != article.Schema || string(env.Raw) != tt.data || len(env.ContentHash) != 64 || !env.ReceivedAt.Equal(arrival) {
				t.Errorf("envelope not filled: %+v", env)
			}
		})
	}
}

func TestEnvelopeRejects(t *testing.T) {
	tests := []struct {
		name        string
		contentType string
		data        string
		wantReason  string
	}{
		{"empty", "", "  \n\t ", "empty story"},
		{"invalid UTF-8 that is not windows-1252 text", "", "Berita \xff\x00 rusak", "not valid UTF-8 (first bad byte at offset 7), no charset declared in Content-Type, and not windows-1252 text either (byte 0x00 at offset 8)"},
		{"undefined windows-1252 byte", "", "Berita \x81 rusak", "byte 0x81 at offset 7"},
		{"garbage bytes", "", "\x00\x01\x02\x03\xff\x00\x9c", "not valid UTF-8"},
		{"control characters", "", strings.Repeat("\x01\x02ab", 10), "unrecognised format"},
		{"malformed JSON", "", `{"headline": "x", `, "malformed JSON"},
		{"malformed ninjs-looking JSON", "", `{"uri": "a", "version": }`, "malformed JSON"},
		{"JSON that is not news", "", `{"a": 1}`, "not a ninjs news item"},
		{"too large", "", strings.Repeat("a", 2<<20), "exceeds the 1048576-byte limit"},
		{"XML of an unknown vocabulary", "", `<?xml version="1.0"?><results/>`, "XML with root element <results> is not a news format"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := single(newTestIngester(), "news.raw.x", tt.contentType, "", []byte(tt.data))
			if err == nil || !strings.Contains(err.Error(), tt.wantReason) {
				t.Fatalf("err = %v, want it to contain %q", err, tt.wantReason)
			}
		})
	}
}

func TestDeclaredCharsetIsLeftToNormalize(t *testing.T) {
	latin1 := []byte("Caf\xe9 prices rise\n\nParis caf\xe9s raise prices.")
	env, err := single(newTestIngester(), "news.raw.x", "text/plain; charset=iso-8859-1", "", latin1)
	if err != nil {
		t.Fatal(err)
	}
	if env.Format != format.Text {
		t.Errorf("format %q", env.Format)
	}
}

// TestLegacyCharsetIsGuessed: a plain-text story with no charset whose
// bytes are not UTF-8 but windows-1252 (a BBC story with a Latin-1 pound
// sign) is read as windows-1252 and flagged, not refused.
func TestLegacyCharsetIsGuessed(t *testing.T) {
	story := []byte("Pound hits new high\n\nThe pound rose to \xa31.95 against the dollar, its highest level since 1992, as traders in London bet on higher interest rates.")
	tests := []struct {
		contentType, want string
	}{
		{"", "text/plain; charset=windows-1252"},
		{"text/plain", "text/plain; charset=windows-1252"},
		{"text/plain; format=flowed", "text/plain; charset=windows-1252; format=flowed"},
	}
	for _, tt := range tests {
		env, err := single(newTestIngester(), "news.raw.bbc", tt.contentType, "", story)
		if err != nil {
			t.Fatalf("content type %q: %v", tt.contentType, err)
		}
		if env.ContentType != tt.want || len(env.Flags) != 1 || env.Flags[0] != article.FlagCharsetGuessed {
			t.Errorf("content type %q: got %q flags %v, want %q and %s", tt.contentType, env.ContentType, env.Flags, tt.want, article.FlagCharsetGuessed)
		}
		a, err := wire.Parse(env.Format, env.ContentType, env.Raw)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(a.BodyText, "£1.95") {
			t.Errorf("body %q does not read the pound sign", a.BodyText)
		}
	}
	// UTF-8 stays unflagged.
	env, err := single(newTestIngester(), "news.raw.bbc", "", "", []byte(strings.ReplaceAll(string(story), "\xa3", "£")))
	if err != nil || env.Flags != nil || env.ContentType != "" {
		t.Errorf("UTF-8 story: %v, flags %v, content type %q", err, env.Flags, env.ContentType)
	}
}

// TestRedeliveryKeepsIdentity: identity and version come from where and
// when NEWS_RAW stored the message, so a redelivery minutes later (another
// replica, another clock) gives the same id, version and received time.
func TestRedeliveryKeepsIdentity(t *testing.T) {
	stored := time.Date(2026, 12, 4, 9, 30, 0, 123e6, time.UTC)
	in := stage.Message{
		Subject: "news.raw.afp", Header: nats.Header{bus.HeaderMsgID: []string{"afp-7781"}},
		Data: seed(t), NumDelivered: 1, Stream: bus.StreamRaw, StreamSeq: 42, Timestamp: stored,
	}
	first, err := newTestIngester().Handle(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	in.NumDelivered = 7
	time.Sleep(5 * time.Millisecond)
	again, err := newTestIngester().Handle(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	if string(first[0].Data) != string(again[0].Data) || first[0].MsgID != again[0].MsgID {
		t.Errorf("redelivery changed the output:\n%s\n%s", first[0].Data, again[0].Data)
	}
	env, _ := article.Decode(first[0].Data)
	if env.ID != "afp-7781" || env.Version != stored.UnixMilli() || !env.ReceivedAt.Equal(stored) {
		t.Errorf("id %q version %d received %v; want afp-7781, %d, %v", env.ID, env.Version, env.ReceivedAt, stored.UnixMilli(), stored)
	}
}

// TestReplayKeepsIdentity: a raw story published again (a dead letter
// replayed, NEWS_RAW reprocessed) carries its first publication's message
// id and arrival, so ingest gives it the same id, version and received
// time, never the replay's own message id. Its output's message id ends in
// the replay pass, so the second pass is not swallowed by NEWS_INGESTED's
// duplicate window.
func TestReplayKeepsIdentity(t *testing.T) {
	stored := time.Date(2026, 12, 4, 9, 30, 0, 123e6, time.UTC)
	first := stage.Message{
		Subject: "news.raw.afp", Header: nats.Header{bus.HeaderMsgID: []string{"afp-7781"}},
		Data: seed(t), Stream: bus.StreamRaw, StreamSeq: 42, Timestamp: stored,
	}
	replay := stage.Message{
		Subject: "news.raw.afp", Data: seed(t), Stream: bus.StreamRaw, StreamSeq: 900, Timestamp: stored.Add(3 * time.Hour),
		Header: nats.Header{
			bus.HeaderMsgID:          []string{"replay:dlq-12"},
			bus.HeaderReplay:         []string{"dlq-12"},
			bus.HeaderOriginMsgID:    []string{"afp-7781"},
			bus.HeaderOriginReceived: []string{stored.Format(time.RFC3339Nano)},
		},
	}
	a, err := newTestIngester().Handle(context.Background(), first)
	if err != nil {
		t.Fatal(err)
	}
	b, err := newTestIngester().Handle(context.Background(), replay)
	if err != nil {
		t.Fatal(err)
	}
	if string(a[0].Data) != string(b[0].Data) {
		t.Errorf("the replay changed the envelope:\n%s\n%s", a[0].Data, b[0].Data)
	}
	if b[0].MsgID != a[0].MsgID+"/dlq-12" || b[0].Header.Get(bus.HeaderReplay) != "dlq-12" {
		t.Errorf("replay msg id %q (first pass %q), header %v", b[0].MsgID, a[0].MsgID, b[0].Header)
	}

	// A story first published without a message id has a content address;
	// its replay (whose own message id is the replay's) keeps it.
	first.Header, replay.Header = nats.Header{}, nats.Header{
		bus.HeaderMsgID: []string{"replay:dlq-13"}, bus.HeaderReplay: []string{"dlq-13"},
		bus.HeaderOriginReceived: []string{stored.Format(time.RFC3339Nano)},
	}
	a, _ = newTestIngester().Handle(context.Background(), first)
	b, _ = newTestIngester().Handle(context.Background(), replay)
	ea, _ := article.Decode(a[0].Data)
	eb, _ := article.Decode(b[0].Data)
	if ea.ID != eb.ID || ea.Version != eb.Version || strings.Contains(eb.ID, "replay") {
		t.Errorf("replay identity %s v%d, first %s v%d", eb.ID, eb.Version, ea.ID, ea.Version)
	}
}

func TestHandleOutput(t *testing.T) {
	in := stage.Message{
		Subject: "news.raw.antara",
		Header:  nats.Header{bus.HeaderTraceParent: []string{"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"}},
		Data:    seed(t),
	}
	outs, err := newTestIngester().Handle(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	if len(outs) != 1 {
		t.Fatalf("%d outputs, want 1", len(outs))
	}
	out := outs[0]
	if out.Subject != "news.ingested.antara" {
		t.Errorf("subject %q", out.Subject)
	}
	env, err := article.Decode(out.Data)
	if err != nil {
		t.Fatal(err)
	}
	if out.MsgID != env.MsgID(bus.StageIngest) || !strings.HasPrefix(out.MsgID, env.ID+":1:") {
		t.Errorf("msg id %q", out.MsgID)
	}
	if out.Header.Get(bus.HeaderArticleID) != env.ID || out.Header.Get(bus.HeaderTraceParent) != in.Header.Get(bus.HeaderTraceParent) {
		t.Errorf("headers %v", out.Header)
	}
	// The same bytes again give the same message id: JetStream drops the copy.
	again, err := newTestIngester().Handle(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	if again[0].MsgID != out.MsgID {
		t.Errorf("resend msg id %q != %q", again[0].MsgID, out.MsgID)
	}

	_, err = newTestIngester().Handle(context.Background(), stage.Message{Subject: "news.raw.x", Header: nats.Header{}, Data: []byte("\xff\x00")})
	if !stage.IsPermanent(err) {
		t.Errorf("bad input error %v is not permanent", err)
	}
}

func FuzzEnvelope(f *testing.F) {
	f.Add([]byte(`{"uri":"u","version":"2","headline":"h"}`), "")
	f.Add([]byte("Moskow (ANTARA News) - Berita.\n\nEditor: X"), "text/plain")
	f.Add([]byte("\xff\x00"), "text/plain; charset=latin1")
	f.Fuzz(func(t *testing.T, data []byte, contentType string) {
		env, err := single(newTestIngester(), "news.raw.fuzz", contentType, "", data)
		if err == nil && (env.ID == "" || env.Version <= 0) {
			t.Fatalf("accepted without identity: %+v", env)
		}
	})
}

func BenchmarkEnvelopeSeed(b *testing.B) {
	raw, err := os.ReadFile("testdata/antara-2011-missile-defence-talks.txt")
	if err != nil {
		b.Fatal(err)
	}
	g := New(1 << 20)
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := g.Envelopes("news.raw.antara", "", "", raw, arrival); err != nil {
			b.Fatal(err)
		}
	}
}

// newsroom_source_last_received_timestamp_seconds follows each source's
// newest arrival and never goes back (a replayed older story).
func TestLastReceivedMetric(t *testing.T) {
	g := newTestIngester()
	at := time.Date(2026, 12, 4, 9, 30, 0, 500e6, time.UTC)
	for _, m := range []stage.Message{
		{Subject: "news.raw.afp", Header: nats.Header{}, Data: seed(t), Timestamp: at},
		{Subject: "news.raw.afp", Header: nats.Header{}, Data: seed(t), Timestamp: at.Add(-time.Hour)},
		{Subject: "news.raw.antara", Header: nats.Header{}, Data: seed(t), Timestamp: at.Add(-2 * time.Hour)},
	} {
		if _, err := g.Handle(context.Background(), m); err != nil {
			t.Fatal(err)
		}
	}
	if got := testutil.ToFloat64(g.lastReceived.WithLabelValues("afp")); got != float64(at.UnixMilli())/1000 {
		t.Errorf("afp last received %v, want %v", got, float64(at.UnixMilli())/1000)
	}
	if got := testutil.ToFloat64(g.lastReceived.WithLabelValues("antara")); got != float64(at.Add(-2*time.Hour).UnixMilli())/1000 {
		t.Errorf("antara last received %v", got)
	}
}
