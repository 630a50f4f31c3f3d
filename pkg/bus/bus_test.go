package bus

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"go.uber.org/zap"
	"go.uber.org/zap/zaptest"
	"go.uber.org/zap/zaptest/observer"

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

// TestEnsureStreamsIsIdempotent runs EnsureStreams twice, concurrently, on
// a real server (every service calls it at start-up) and checks what it
// created.
func TestEnsureStreamsIsIdempotent(t *testing.T) {
	srv := natstest.Run(t)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	top := DefaultTopology()
	errs := make(chan error, 2)
	for range 2 {
		go func() {
			drift, err := EnsureStreams(ctx, srv.JS, top, StreamNames, zaptest.NewLogger(t))
			if err == nil && len(drift) > 0 {
				err = fmt.Errorf("drift on streams it created: %v", drift)
			}
			errs <- err
		}()
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
		if cfg.Retention != retention || cfg.Duplicates != top.DuplicateWindow || cfg.Discard != jetstream.DiscardNew {
			t.Errorf("stream %s: retention %v duplicates %v discard %v", name, cfg.Retention, cfg.Duplicates, cfg.Discard)
		}
		if retention == jetstream.WorkQueuePolicy && (cfg.MaxBytes != top.QueueMaxBytes || cfg.MaxAge != top.QueueMaxAge) {
			t.Errorf("work queue %s: max bytes %d, max age %v; want limits", name, cfg.MaxBytes, cfg.MaxAge)
		}
	}
}

// TestEnsureStreamsNeverRewritesAnotherServicesSettings: a service started
// with other settings finds the stream as the first one made it, reports
// the differences, and leaves it alone.
func TestEnsureStreamsNeverRewritesAnotherServicesSettings(t *testing.T) {
	srv := natstest.Run(t)
	ctx := natstest.Context(t, 20*time.Second)
	first := DefaultTopology()
	if _, err := EnsureStreams(ctx, srv.JS, first, StreamNames, zaptest.NewLogger(t)); err != nil {
		t.Fatal(err)
	}
	other := first
	other.RawMaxAge = 3 * time.Hour
	other.QueueMaxBytes = 1 << 20
	core, logs := observer.New(zap.WarnLevel)
	drift, err := EnsureStreams(ctx, srv.JS, other, []string{StreamRaw, StreamIngested}, zap.New(core))
	if err != nil {
		t.Fatal(err)
	}
	if len(drift[StreamRaw]) != 1 || !strings.HasPrefix(drift[StreamRaw][0], "max_age: have 168h0m0s, want 3h0m0s") {
		t.Errorf("NEWS_RAW drift %q", drift[StreamRaw])
	}
	if len(drift[StreamIngested]) != 1 || !strings.HasPrefix(drift[StreamIngested][0], "max_bytes:") {
		t.Errorf("NEWS_INGESTED drift %q", drift[StreamIngested])
	}
	if n := logs.FilterMessageSnippet("stream settings differ").Len(); n != 2 {
		t.Errorf("%d drift warnings logged, want 2", n)
	}
	s, _ := srv.JS.Stream(ctx, StreamRaw)
	if got := s.CachedInfo().Config.MaxAge; got != first.RawMaxAge {
		t.Errorf("NEWS_RAW max age %v after the other service started, want %v (unchanged)", got, first.RawMaxAge)
	}
	// The deliberate update applies the new settings.
	if err := ApplyStreams(ctx, srv.JS, other); err != nil {
		t.Fatal(err)
	}
	s, _ = srv.JS.Stream(ctx, StreamRaw)
	if got := s.CachedInfo().Config.MaxAge; got != 3*time.Hour {
		t.Errorf("NEWS_RAW max age %v after ApplyStreams, want 3h", got)
	}
}

// TestEnsureConsumerTouchesOnlyItsOwn: each stage's service creates and
// updates only its own consumer, with unlimited deliveries.
func TestEnsureConsumerTouchesOnlyItsOwn(t *testing.T) {
	srv := natstest.Run(t)
	ctx := natstest.Context(t, 20*time.Second)
	top := DefaultTopology()
	if _, err := EnsureStreams(ctx, srv.JS, top, StreamNames, zaptest.NewLogger(t)); err != nil {
		t.Fatal(err)
	}
	for _, stage := range []string{StageIngest, StageNormalize, StageEntityTag, StageIndex} {
		c, err := EnsureConsumer(ctx, srv.JS, top, stage)
		if err != nil {
			t.Fatal(err)
		}
		cfg := c.CachedInfo().Config
		if cfg.AckWait != top.AckWait || cfg.MaxDeliver != -1 || cfg.MaxAckPending != top.MaxAckPending || cfg.AckPolicy != jetstream.AckExplicitPolicy {
			t.Errorf("consumer %s config %+v", stage, cfg)
		}
	}
	// The index service restarts with another ack wait: only its consumer changes.
	top.AckWait = time.Minute
	if _, err := EnsureConsumer(ctx, srv.JS, top, StageIndex); err != nil {
		t.Fatal(err)
	}
	for stage, want := range map[string]time.Duration{StageIndex: time.Minute, StageIngest: 30 * time.Second, StageNormalize: 30 * time.Second} {
		stream, _, _ := InputStream(stage)
		c, _ := srv.JS.Consumer(ctx, stream, stage)
		if got := c.CachedInfo().Config.AckWait; got != want {
			t.Errorf("%s AckWait = %v, want %v", stage, got, want)
		}
	}
}

func TestStageStreams(t *testing.T) {
	tests := []struct {
		stage string
		want  string
	}{
		{StageIngest, "NEWS_RAW NEWS_INGESTED NEWS_DLQ"},
		{StageNormalize, "NEWS_INGESTED NEWS_NORMALIZED NEWS_DLQ"},
		{StageEntityTag, "NEWS_NORMALIZED NEWS_TAGGED NEWS_DLQ"},
		{StageIndex, "NEWS_TAGGED NEWS_DLQ"},
	}
	for _, tt := range tests {
		got, err := StageStreams(tt.stage)
		if err != nil || strings.Join(got, " ") != tt.want {
			t.Errorf("StageStreams(%s) = %v, %v; want %s", tt.stage, got, err, tt.want)
		}
	}
	if _, err := StageStreams("publish"); err == nil {
		t.Error("unknown stage accepted")
	}
}

// TestStreamAccepts: the probe of a paused stage says a full work queue
// is full and an emptied one accepts again.
func TestStreamAccepts(t *testing.T) {
	srv := natstest.Run(t)
	ctx := natstest.Context(t, 20*time.Second)
	top := DefaultTopology()
	top.MaxMsgSize = 1024
	top.QueueMaxBytes = 8 << 10
	if _, err := EnsureStreams(ctx, srv.JS, top, []string{StreamIngested}, zaptest.NewLogger(t)); err != nil {
		t.Fatal(err)
	}
	if err := StreamAccepts(ctx, srv.JS, StreamIngested); err != nil {
		t.Fatalf("empty stream: %v", err)
	}
	var fullErr error
	for i := 0; i < 100 && fullErr == nil; i++ {
		_, fullErr = srv.JS.Publish(ctx, IngestedSubject("x"), make([]byte, 900))
	}
	if fullErr == nil {
		t.Fatal("a full work queue accepted every publish; want discard-new errors")
	}
	if err := StreamAccepts(ctx, srv.JS, StreamIngested); err == nil || !strings.Contains(err.Error(), "full") {
		t.Errorf("full stream: %v", err)
	}
	if err := StreamAccepts(ctx, srv.JS, "NO_SUCH_STREAM"); err == nil {
		t.Error("missing stream accepted")
	}
}
