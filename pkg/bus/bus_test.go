package bus

import (
	"context"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/newsroom-pipeline/newsroom/pkg/natstest"
)

func TestToken(t *testing.T) {
	tests := []struct{ in, want string }{
		{"antara", "antara"},
		{"ANTARA", "antara"},
		{"antara.id", "antara_id"},
		{"a b*c>d", "a_b_c_d"},
		{"  ", "unknown"},
	}
	for _, tt := range tests {
		if got := Token(tt.in); got != tt.want {
			t.Errorf("Token(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := RawSubject("AFP"); got != "news.raw.afp" {
		t.Errorf("RawSubject = %q", got)
	}
	if got := NormalizedSubject(""); got != "news.normalized.und" {
		t.Errorf("NormalizedSubject(\"\") = %q", got)
	}
	if got := TaggedSubject("EN"); got != "news.tagged.en" {
		t.Errorf("TaggedSubject = %q", got)
	}
	if got := DLQSubject(StageIndex); got != "news.dlq.index" {
		t.Errorf("DLQSubject = %q", got)
	}
}

// TestEnsureIsIdempotent runs Ensure twice, concurrently, on a real server
// (every service calls it at start-up) and checks what it created.
func TestEnsureIsIdempotent(t *testing.T) {
	srv := natstest.Run(t)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	top := DefaultTopology()
	errs := make(chan error, 2)
	for range 2 {
		go func() { errs <- Ensure(ctx, srv.JS, top) }()
	}
	for range 2 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	want := map[string]jetstream.RetentionPolicy{
		StreamRaw: jetstream.LimitsPolicy, StreamIngested: jetstream.WorkQueuePolicy, StreamNormalized: jetstream.WorkQueuePolicy,
		StreamTagged: jetstream.WorkQueuePolicy, StreamDLQ: jetstream.LimitsPolicy,
	}
	for name, retention := range want {
		s, err := srv.JS.Stream(ctx, name)
		if err != nil {
			t.Fatalf("stream %s: %v", name, err)
		}
		cfg := s.CachedInfo().Config
		if cfg.Retention != retention || cfg.Duplicates != top.DuplicateWindow {
			t.Errorf("stream %s: retention %v duplicates %v", name, cfg.Retention, cfg.Duplicates)
		}
	}
	for _, stage := range []string{StageIngest, StageNormalize, StageEntityTag, StageIndex} {
		stream, _, _ := InputStream(stage)
		c, err := srv.JS.Consumer(ctx, stream, stage)
		if err != nil {
			t.Fatalf("consumer %s: %v", stage, err)
		}
		cfg := c.CachedInfo().Config
		if cfg.AckWait != top.AckWait || cfg.MaxDeliver != top.MaxDeliver || cfg.MaxAckPending != top.MaxAckPending || cfg.AckPolicy != jetstream.AckExplicitPolicy {
			t.Errorf("consumer %s config %+v", stage, cfg)
		}
	}
	// A changed topology updates the consumers in place.
	top.AckWait = time.Minute
	if err := Ensure(ctx, srv.JS, top); err != nil {
		t.Fatal(err)
	}
	c, _ := srv.JS.Consumer(ctx, StreamRaw, StageIngest)
	if got := c.CachedInfo().Config.AckWait; got != time.Minute {
		t.Errorf("AckWait after update = %v", got)
	}
}
