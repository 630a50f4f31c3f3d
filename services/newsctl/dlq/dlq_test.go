package dlq

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/newsroom-pipeline/newsroom/pkg/deadletter"
)

func TestTable(t *testing.T) {
	now := time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC)
	var b bytes.Buffer
	err := Table(&b, []deadletter.Letter{
		{Seq: 3, Stage: "normalize", Subject: "news.ingested.antara", Time: now.Add(-90 * time.Minute), Reason: "parse NITF: unexpected EOF\nmore detail"},
		{Seq: 17, Stage: "index", Subject: "news.tagged.bbc", Time: now.Add(-3 * 24 * time.Hour), Reason: strings.Repeat("x", 300)},
	}, now)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[0], "SEQ") {
		t.Fatalf("table:\n%s", b.String())
	}
	for _, want := range []string{"3", "normalize", "news.ingested.antara", " 1h ", "parse NITF: unexpected EOF"} {
		if !strings.Contains(lines[1], want) {
			t.Errorf("row %q lacks %q", lines[1], want)
		}
	}
	if strings.Contains(lines[1], "more detail") {
		t.Error("the reason's second line was printed")
	}
	if !strings.Contains(lines[2], " 3d ") || !strings.HasSuffix(lines[2], "…") {
		t.Errorf("row %q: want age 3d and a clipped reason", lines[2])
	}
}

func TestShowClipsThePayload(t *testing.T) {
	l := deadletter.Letter{Seq: 9, Stage: "ingest", Subject: "news.raw.x", Data: bytes.Repeat([]byte("é"), 1000),
		Header: nats.Header{"Newsroom-Dlq-Reason": {"too big"}, "Content-Type": {"text/plain"}}}
	var b bytes.Buffer
	if err := Show(&b, l, false); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if !strings.Contains(out, "  Content-Type: text/plain\n  Newsroom-Dlq-Reason: too big\n") {
		t.Errorf("headers not listed in order:\n%s", out)
	}
	if !strings.Contains(out, "... 976 more bytes") {
		t.Errorf("payload not clipped at 1 KiB on a character boundary:\n%s", out[len(out)-80:])
	}
	b.Reset()
	_ = Show(&b, l, true)
	if strings.Contains(b.String(), "more bytes") || !strings.Contains(b.String(), string(l.Data)) {
		t.Error("-full did not print the whole payload")
	}
}

func TestShowQuotesBinary(t *testing.T) {
	var b bytes.Buffer
	_ = Show(&b, deadletter.Letter{Data: []byte("\x00\x01garbage\xff")}, false)
	if !strings.Contains(b.String(), `payload (not text, shown quoted):`+"\n"+`"\x00\x01garbage\xff"`) {
		t.Errorf("binary payload not quoted:\n%s", b.String())
	}
}

func TestSeqRange(t *testing.T) {
	for _, tc := range []struct {
		in       string
		from, to uint64
		bad      bool
	}{
		{"", 0, 0, false}, {"5", 5, 5, false}, {"5-9", 5, 9, false}, {"5-", 5, 0, false},
		{"9-5", 0, 0, true}, {"x", 0, 0, true}, {"1-y", 0, 0, true},
	} {
		from, to, err := SeqRange(tc.in)
		if (err != nil) != tc.bad || from != tc.from || to != tc.to {
			t.Errorf("SeqRange(%q) = %d, %d, %v", tc.in, from, to, err)
		}
	}
}

func TestAge(t *testing.T) {
	for d, want := range map[time.Duration]string{30 * time.Second: "30s", 5 * time.Minute: "5m", 30 * time.Hour: "30h", 72 * time.Hour: "3d"} {
		if got := Age(d); got != want {
			t.Errorf("Age(%s) = %s, want %s", d, got, want)
		}
	}
}
