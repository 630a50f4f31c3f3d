package stage_test

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"go.uber.org/zap/zaptest"

	"github.com/newsroom-pipeline/newsroom/pkg/bus"
	"github.com/newsroom-pipeline/newsroom/pkg/natstest"
	"github.com/newsroom-pipeline/newsroom/pkg/stage"
)

// harness runs the ingest-stage consumer of a real in-process JetStream
// server with a test handler, so that every row of the ack policy is
// observed on the server, not on a mock.
type harness struct {
	t   *testing.T
	srv *natstest.Server
	top bus.Topology
}

func newHarness(t *testing.T) *harness {
	srv := natstest.Run(t)
	top := bus.DefaultTopology()
	top.AckWait = 1500 * time.Millisecond
	ctx := natstest.Context(t, 10*time.Second)
	if _, err := bus.EnsureStreams(ctx, srv.JS, top, bus.StreamNames, zaptest.NewLogger(t)); err != nil {
		t.Fatal(err)
	}
	return &harness{t: t, srv: srv, top: top}
}

// testConfig is the runner configuration of these tests: short delays so
// retries happen within the test's patience.
func (h *harness) testConfig(grace time.Duration) stage.Config {
	return stage.Config{
		Stage: bus.StageIngest, Concurrency: 4, AckWait: h.top.AckWait,
		BackoffBase: 50 * time.Millisecond, BackoffMax: 200 * time.Millisecond, ShutdownGrace: grace,
		MaxPanics: 3, BreakerThreshold: 5, ProbeMax: 200 * time.Millisecond, FetchWait: 200 * time.Millisecond,
	}
}

// run starts a runner with h and returns a stop function that cancels it
// and waits for Run to return.
func (h *harness) run(handler stage.Handler, grace time.Duration) (stop func()) {
	h.t.Helper()
	_, stop = h.runWith(h.testConfig(grace), handler)
	return stop
}

// runWith starts a runner with cfg and returns it with a stop function that
// cancels it and checks that Run returned nil.
func (h *harness) runWith(cfg stage.Config, handler stage.Handler) (*stage.Runner, func()) {
	h.t.Helper()
	r, done, cancel := h.start(cfg, handler)
	var once sync.Once
	stop := func() {
		once.Do(func() {
			cancel()
			if err := <-done; err != nil {
				h.t.Errorf("Run: %v", err)
			}
		})
	}
	h.t.Cleanup(stop)
	return r, stop
}

// start starts a runner and returns it with the channel Run's result
// arrives on and the function that cancels it.
func (h *harness) start(cfg stage.Config, handler stage.Handler) (*stage.Runner, chan error, context.CancelFunc) {
	h.t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	cons, err := bus.EnsureConsumer(ctx, h.srv.JS, h.top, cfg.Stage)
	if err != nil {
		h.t.Fatal(err)
	}
	r, err := stage.NewRunner(cfg, h.srv.JS, cons, handler, zaptest.NewLogger(h.t), nil)
	if err != nil {
		h.t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- r.Run(ctx) }()
	return r, done, cancel
}

func (h *harness) publish(subject, data string) uint64 {
	h.t.Helper()
	m := &nats.Msg{Subject: subject, Header: nats.Header{"X-Origin": []string{"test"}}, Data: []byte(data)}
	ack, err := h.srv.JS.PublishMsg(context.Background(), m)
	if err != nil {
		h.t.Fatal(err)
	}
	return ack.Sequence
}

// waitFor polls cond until it holds or the deadline passes.
func (h *harness) waitFor(what string, d time.Duration, cond func() bool) {
	h.t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			h.t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func (h *harness) streamMsgs(stream string) uint64 {
	s, err := h.srv.JS.Stream(context.Background(), stream)
	if err != nil {
		h.t.Fatal(err)
	}
	info, err := s.Info(context.Background())
	if err != nil {
		h.t.Fatal(err)
	}
	return info.State.Msgs
}

func (h *harness) consumerInfo() *jetstream.ConsumerInfo {
	c, err := h.srv.JS.Consumer(context.Background(), bus.StreamRaw, bus.StageIngest)
	if err != nil {
		h.t.Fatal(err)
	}
	info, err := c.Info(context.Background())
	if err != nil {
		h.t.Fatal(err)
	}
	return info
}

// settled reports whether the consumer has delivered everything and has
// nothing awaiting an ack.
func (h *harness) settled() bool {
	info := h.consumerInfo()
	return info.NumPending == 0 && info.NumAckPending == 0
}

func (h *harness) lastDLQ() *jetstream.RawStreamMsg {
	s, err := h.srv.JS.Stream(context.Background(), bus.StreamDLQ)
	if err != nil {
		h.t.Fatal(err)
	}
	m, err := s.GetLastMsgForSubject(context.Background(), bus.DLQSubject(bus.StageIngest))
	if err != nil {
		h.t.Fatalf("no dead letter: %v", err)
	}
	return m
}

func forward(_ context.Context, in stage.Message) ([]*stage.Output, error) {
	return []*stage.Output{{Subject: bus.IngestedSubject("test"), Data: in.Data, MsgID: "id:" + string(in.Data)}}, nil
}

func TestSuccessPublishesThenAcks(t *testing.T) {
	h := newHarness(t)
	h.run(forward, time.Second)
	h.publish(bus.RawSubject("test"), "story-1")
	h.waitFor("output", 5*time.Second, func() bool { return h.streamMsgs(bus.StreamIngested) == 1 })
	h.waitFor("ack", 5*time.Second, h.settled)
	if n := h.consumerInfo().NumRedelivered; n != 0 {
		t.Errorf("redelivered %d, want 0", n)
	}
	// A handler that publishes the same output again (a redelivery) is
	// de-duplicated by the message id.
	h.publish(bus.RawSubject("test"), "story-1")
	h.waitFor("second ack", 5*time.Second, func() bool { return h.consumerInfo().AckFloor.Stream == 2 })
	if n := h.streamMsgs(bus.StreamIngested); n != 1 {
		t.Errorf("output stream has %d messages, want 1 (deduplicated)", n)
	}
}

// TestSeveralOutputsPublishedBeforeAck: a feed split into three stories.
// The first delivery fails after publishing two of them (the third subject
// is not in any stream); the redelivery publishes all three and the two
// already published are de-duplicated by their message ids.
func TestSeveralOutputsPublishedBeforeAck(t *testing.T) {
	h := newHarness(t)
	var calls atomic.Int32
	h.run(func(_ context.Context, in stage.Message) ([]*stage.Output, error) {
		third := bus.IngestedSubject("test")
		if calls.Add(1) == 1 {
			third = "nowhere.test"
		}
		return []*stage.Output{
			{Subject: bus.IngestedSubject("test"), Data: []byte("a"), MsgID: "feed:a"},
			{Subject: bus.IngestedSubject("test"), Data: []byte("b"), MsgID: "feed:b"},
			{Subject: third, Data: []byte("c"), MsgID: "feed:c"},
		}, nil
	}, 100*time.Millisecond)
	h.publish(bus.RawSubject("test"), "feed")
	h.waitFor("ack after redelivery", 10*time.Second, func() bool { return calls.Load() >= 2 && h.settled() })
	if n := h.streamMsgs(bus.StreamIngested); n != 3 {
		t.Errorf("output stream has %d messages, want 3 (a, b once each, then c)", n)
	}
}

func TestFilteredAcksWithoutOutput(t *testing.T) {
	h := newHarness(t)
	var calls atomic.Int32
	h.run(func(context.Context, stage.Message) ([]*stage.Output, error) { calls.Add(1); return nil, nil }, time.Second)
	h.publish(bus.RawSubject("test"), "drop me")
	h.waitFor("ack", 5*time.Second, func() bool { return calls.Load() == 1 && h.settled() })
	if n := h.streamMsgs(bus.StreamIngested); n != 0 {
		t.Errorf("output stream has %d messages, want 0", n)
	}
}

func TestPermanentErrorDeadLettersOnce(t *testing.T) {
	h := newHarness(t)
	var calls atomic.Int32
	h.run(func(context.Context, stage.Message) ([]*stage.Output, error) {
		calls.Add(1)
		return nil, stage.Permanent(errors.New("malformed JSON: unexpected end"))
	}, time.Second)
	ack, err := h.srv.JS.PublishMsg(context.Background(),
		&nats.Msg{Subject: bus.RawSubject("x"), Header: nats.Header{"X-Origin": []string{"test"}}, Data: []byte("{broken")},
		jetstream.WithMsgID("afp-123:2"))
	if err != nil {
		t.Fatal(err)
	}
	seq := ack.Sequence
	h.waitFor("dead letter", 5*time.Second, func() bool { return h.streamMsgs(bus.StreamDLQ) == 1 })
	h.waitFor("term", 5*time.Second, h.settled)
	m := h.lastDLQ()
	if string(m.Data) != "{broken" {
		t.Errorf("dead letter data %q, want original bytes", m.Data)
	}
	want := map[string]string{
		bus.HeaderDLQReason:       "malformed JSON: unexpected end",
		bus.HeaderDLQStage:        bus.StageIngest,
		bus.HeaderDLQSubject:      "news.raw.x",
		bus.HeaderDLQStream:       bus.StreamRaw,
		bus.HeaderDLQStreamSeq:    strconv.FormatUint(seq, 10),
		bus.HeaderDLQNumDelivered: "1",
		bus.HeaderDLQMsgID:        "afp-123:2",
		"X-Origin":                "test",
	}
	for k, v := range want {
		if got := m.Header.Get(k); got != v {
			t.Errorf("header %s = %q, want %q", k, got, v)
		}
	}
	time.Sleep(h.top.AckWait + 200*time.Millisecond) // a terminated message must not come back
	if c := calls.Load(); c != 1 {
		t.Errorf("handler called %d times, want 1", c)
	}
}

func TestTransientErrorRetriesThenSucceeds(t *testing.T) {
	h := newHarness(t)
	var calls atomic.Int32
	var seqs, stamps sync.Map
	h.run(func(ctx context.Context, in stage.Message) ([]*stage.Output, error) {
		n := calls.Add(1)
		seqs.Store(in.StreamSeq, true)
		stamps.Store(in.Timestamp, true)
		if n < 3 {
			return nil, errors.New("elasticsearch: 429 too many requests")
		}
		if in.NumDelivered != 3 {
			t.Errorf("NumDelivered = %d on third call", in.NumDelivered)
		}
		return forward(ctx, in)
	}, time.Second)
	h.publish(bus.RawSubject("test"), "story")
	h.waitFor("output after retries", 5*time.Second, func() bool { return h.streamMsgs(bus.StreamIngested) == 1 })
	h.waitFor("ack", 5*time.Second, h.settled)
	if n := h.streamMsgs(bus.StreamDLQ); n != 0 {
		t.Errorf("%d dead letters, want 0", n)
	}
	// Every delivery of one stored message carries the same stream identity.
	count := func(m *sync.Map) (n int) { m.Range(func(any, any) bool { n++; return true }); return n }
	if count(&seqs) != 1 || count(&stamps) != 1 {
		t.Errorf("3 deliveries saw %d stream sequences and %d timestamps, want 1 of each", count(&seqs), count(&stamps))
	}
}

// TestTransientErrorIsNeverDeadLettered: a message failing transiently
// far more often than any delivery cap is retried until it succeeds; the
// consumer has no MaxDeliver that could strand it.
func TestTransientErrorIsNeverDeadLettered(t *testing.T) {
	h := newHarness(t)
	cfg := h.testConfig(time.Second)
	cfg.BreakerThreshold = 1000 // this test is about the per-message retry
	var calls atomic.Int32
	h.runWith(cfg, func(ctx context.Context, in stage.Message) ([]*stage.Output, error) {
		if calls.Add(1) <= 12 {
			return nil, errors.New("elasticsearch: 503")
		}
		return forward(ctx, in)
	})
	h.publish(bus.RawSubject("test"), "story")
	h.waitFor("output after 12 failures", 20*time.Second, func() bool { return h.streamMsgs(bus.StreamIngested) == 1 })
	h.waitFor("ack", 5*time.Second, h.settled)
	if n := h.streamMsgs(bus.StreamDLQ); n != 0 {
		t.Errorf("%d dead letters, want 0", n)
	}
	if md := h.consumerInfo().Config.MaxDeliver; md != -1 {
		t.Errorf("consumer MaxDeliver = %d, want -1 (unlimited)", md)
	}
}

func TestPanicIsRetried(t *testing.T) {
	h := newHarness(t)
	var calls atomic.Int32
	h.run(func(ctx context.Context, in stage.Message) ([]*stage.Output, error) {
		if calls.Add(1) == 1 {
			panic("nil map in tagger")
		}
		return forward(ctx, in)
	}, time.Second)
	h.publish(bus.RawSubject("test"), "story")
	h.waitFor("output after panic", 5*time.Second, func() bool { return h.streamMsgs(bus.StreamIngested) == 1 })
	if c := calls.Load(); c != 2 {
		t.Errorf("handler called %d times, want 2", c)
	}
}

// TestPoisonIsDeadLetteredAfterMaxPanics: a message that always crashes
// the handler is dead-lettered with the panic as reason after MaxPanics
// attempts, and the stage goes on with the next message.
func TestPoisonIsDeadLetteredAfterMaxPanics(t *testing.T) {
	h := newHarness(t)
	var poisonCalls atomic.Int32
	inner := stage.PanicOn("POISON", forward)
	h.run(func(ctx context.Context, in stage.Message) ([]*stage.Output, error) {
		if strings.Contains(string(in.Data), "POISON") {
			poisonCalls.Add(1)
		}
		return inner(ctx, in)
	}, time.Second)
	h.publish(bus.RawSubject("test"), "POISON story")
	h.publish(bus.RawSubject("test"), "good story")
	h.waitFor("dead letter", 10*time.Second, func() bool { return h.streamMsgs(bus.StreamDLQ) == 1 })
	h.waitFor("settled", 5*time.Second, h.settled)
	if n := h.streamMsgs(bus.StreamIngested); n != 1 {
		t.Errorf("%d outputs, want 1 (the good story)", n)
	}
	if c := poisonCalls.Load(); c != 3 {
		t.Errorf("poison handled %d times, want 3 (MaxPanics)", c)
	}
	m := h.lastDLQ()
	if reason := m.Header.Get(bus.HeaderDLQReason); !strings.Contains(reason, "panicked (3 times)") || !strings.Contains(reason, "POISON") {
		t.Errorf("dead-letter reason %q, want the panic", reason)
	}
	if string(m.Data) != "POISON story" {
		t.Errorf("dead letter data %q, want the original bytes", m.Data)
	}
}

func TestPublishFailureIsTransient(t *testing.T) {
	h := newHarness(t)
	var calls atomic.Int32
	h.run(func(ctx context.Context, in stage.Message) ([]*stage.Output, error) {
		if calls.Add(1) == 1 { // no stream listens on this subject: the publish fails
			return []*stage.Output{{Subject: "nowhere.test", Data: in.Data, MsgID: "x"}}, nil
		}
		return forward(ctx, in)
	}, time.Second)
	h.publish(bus.RawSubject("test"), "story")
	h.waitFor("output after failed publish", 10*time.Second, func() bool { return h.streamMsgs(bus.StreamIngested) == 1 })
	if n := h.streamMsgs(bus.StreamDLQ); n != 0 {
		t.Errorf("%d dead letters, want 0", n)
	}
}

func TestShutdownNeverAcksUnfinishedWork(t *testing.T) {
	h := newHarness(t)
	started := make(chan struct{})
	stop := h.run(func(ctx context.Context, in stage.Message) ([]*stage.Output, error) {
		close(started)
		<-ctx.Done() // outlasts the grace period
		return nil, ctx.Err()
	}, 100*time.Millisecond)
	h.publish(bus.RawSubject("test"), "story")
	<-started
	stop()
	if n := h.streamMsgs(bus.StreamDLQ); n != 0 {
		t.Fatalf("%d dead letters after shutdown, want 0", n)
	}
	// A new replica gets the message and finishes it.
	h.run(forward, time.Second)
	h.waitFor("output after restart", 10*time.Second, func() bool { return h.streamMsgs(bus.StreamIngested) == 1 })
	h.waitFor("ack", 5*time.Second, h.settled)
}

func TestLongWorkIsKeptInProgress(t *testing.T) {
	h := newHarness(t)
	var calls atomic.Int32
	h.run(func(ctx context.Context, in stage.Message) ([]*stage.Output, error) {
		calls.Add(1)
		time.Sleep(2 * h.top.AckWait) // longer than AckWait: only InProgress prevents a redelivery
		return forward(ctx, in)
	}, 5*time.Second)
	h.publish(bus.RawSubject("test"), "slow story")
	h.waitFor("output", 10*time.Second, func() bool { return h.streamMsgs(bus.StreamIngested) == 1 })
	h.waitFor("ack", 5*time.Second, h.settled)
	if c := calls.Load(); c != 1 {
		t.Errorf("handler called %d times, want 1 (no redelivery during long work)", c)
	}
}

// TestBreakerPausesFetchingDuringAnOutage: while the downstream fails,
// the stage stops taking messages after BreakerThreshold failures instead
// of cycling every queued message through failed deliveries, says so on
// Ready, and resumes by itself once the probe passes; nothing is
// dead-lettered.
func TestBreakerPausesFetchingDuringAnOutage(t *testing.T) {
	h := newHarness(t)
	var down atomic.Bool
	down.Store(true)
	var calls atomic.Int32
	cfg := h.testConfig(time.Second)
	cfg.Concurrency = 2
	cfg.BreakerThreshold = 3
	cfg.Probe = func(context.Context) error {
		if down.Load() {
			return errors.New("connection refused")
		}
		return nil
	}
	r, _ := h.runWith(cfg, func(ctx context.Context, in stage.Message) ([]*stage.Output, error) {
		calls.Add(1)
		if down.Load() {
			return nil, errors.New("elasticsearch: connection refused")
		}
		return forward(ctx, in)
	})
	const stories = 40
	for i := range stories {
		h.publish(bus.RawSubject("test"), "story-"+strconv.Itoa(i))
	}
	h.waitFor("pause", 5*time.Second, func() bool { return r.Ready(context.Background()) != nil })
	time.Sleep(300 * time.Millisecond) // messages fetched just before the pause finish
	atPause := calls.Load()
	time.Sleep(1500 * time.Millisecond) // several probe periods
	if during := calls.Load() - atPause; during > 0 {
		t.Errorf("%d messages handled while paused with a failing probe, want 0", during)
	}
	if limit := int32(cfg.BreakerThreshold + 2*cfg.Concurrency); atPause > limit {
		t.Errorf("%d deliveries before the pause, want at most threshold + the messages in flight = %d", atPause, limit)
	}
	if err := r.Ready(context.Background()); err == nil || !strings.Contains(err.Error(), "connection refused") {
		t.Errorf("Ready while paused = %v, want the reason", err)
	}

	down.Store(false)
	h.waitFor("all stories after the outage", 10*time.Second, func() bool { return h.streamMsgs(bus.StreamIngested) == stories })
	h.waitFor("settled", 5*time.Second, h.settled)
	if err := r.Ready(context.Background()); err != nil {
		t.Errorf("Ready after recovery = %v", err)
	}
	if n := h.streamMsgs(bus.StreamDLQ); n != 0 {
		t.Errorf("%d dead letters, want 0", n)
	}
	if redelivered := h.consumerInfo().NumRedelivered; redelivered > 10 {
		t.Errorf("%d messages redelivered, want only those in flight when the outage began", redelivered)
	}
}

// TestNoMessageWaitsUnstarted: the runner asks for no more messages than
// it has free slots, so a message is never delivered (and its delivery
// counted) only to wait in a client buffer.
func TestNoMessageWaitsUnstarted(t *testing.T) {
	h := newHarness(t)
	release := make(chan struct{})
	var started atomic.Int32
	cfg := h.testConfig(time.Second)
	cfg.Concurrency = 3
	h.runWith(cfg, func(ctx context.Context, in stage.Message) ([]*stage.Output, error) {
		started.Add(1)
		<-release
		return forward(ctx, in)
	})
	for i := range 20 {
		h.publish(bus.RawSubject("test"), "story-"+strconv.Itoa(i))
	}
	h.waitFor("3 started", 5*time.Second, func() bool { return started.Load() == 3 })
	time.Sleep(500 * time.Millisecond)
	info := h.consumerInfo()
	if info.NumAckPending != 3 || info.NumPending != 17 {
		t.Errorf("ack pending %d, pending %d; want 3 delivered (the busy slots) and 17 waiting on the server", info.NumAckPending, info.NumPending)
	}
	close(release)
	h.waitFor("all", 10*time.Second, func() bool { return h.streamMsgs(bus.StreamIngested) == 20 })
}

// TestDeletedConsumerStopsTheRunner: a stage whose consumer is deleted
// cannot work; Run returns an error (the process exits and is restarted)
// instead of idling.
func TestDeletedConsumerStopsTheRunner(t *testing.T) {
	h := newHarness(t)
	_, done, cancel := h.start(h.testConfig(time.Second), forward)
	defer cancel()
	h.publish(bus.RawSubject("test"), "story")
	h.waitFor("output", 5*time.Second, func() bool { return h.streamMsgs(bus.StreamIngested) == 1 })
	if err := h.srv.JS.DeleteConsumer(context.Background(), bus.StreamRaw, bus.StageIngest); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "consumer is gone") {
			t.Errorf("Run = %v, want the consumer reported gone", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("Run still running 20s after its consumer was deleted")
	}
}

// TestOversizeOutputIsPermanent: an output over the message limit can
// never be published; its input is dead-lettered with that reason.
func TestOversizeOutputIsPermanent(t *testing.T) {
	h := newHarness(t)
	cfg := h.testConfig(time.Second)
	cfg.MaxMsgBytes = 4096
	h.runWith(cfg, func(_ context.Context, in stage.Message) ([]*stage.Output, error) {
		return []*stage.Output{{Subject: bus.IngestedSubject("test"), Data: []byte(strings.Repeat("x", 5000)), MsgID: "big"}}, nil
	})
	h.publish(bus.RawSubject("test"), "small story, big article")
	h.waitFor("dead letter", 5*time.Second, func() bool { return h.streamMsgs(bus.StreamDLQ) == 1 })
	if reason := h.lastDLQ().Header.Get(bus.HeaderDLQReason); !strings.Contains(reason, "over the 4096-byte message limit") {
		t.Errorf("reason %q", reason)
	}
	if n := h.streamMsgs(bus.StreamIngested); n != 0 {
		t.Errorf("%d outputs published, want 0", n)
	}
}

// TestFullOutputStreamPausesThenResumes: a work queue at its size limit
// refuses new messages (discard new); the stage publishing to it pauses
// instead of dead-lettering or dropping, and resumes by itself once the
// next stage has drained the queue. Every story arrives exactly once.
func TestFullOutputStreamPausesThenResumes(t *testing.T) {
	srv := natstest.Run(t)
	top := bus.DefaultTopology()
	top.AckWait = 1500 * time.Millisecond
	top.MaxMsgSize = 1024
	top.QueueMaxBytes = 8 << 10
	ctx := natstest.Context(t, time.Minute)
	if _, err := bus.EnsureStreams(ctx, srv.JS, top, bus.StreamNames, zaptest.NewLogger(t)); err != nil {
		t.Fatal(err)
	}
	h := &harness{t: t, srv: srv, top: top}
	cfg := h.testConfig(time.Second)
	cfg.Probe = func(ctx context.Context) error { return bus.StreamAccepts(ctx, srv.JS, bus.StreamIngested) }
	r, _ := h.runWith(cfg, forward)
	const stories = 60
	for i := range stories {
		h.publish(bus.RawSubject("test"), fmt.Sprintf("story-%03d-%s", i, strings.Repeat("x", 400)))
	}
	h.waitFor("pause on the full queue", 10*time.Second, func() bool { return r.Ready(context.Background()) != nil })
	if err := r.Ready(context.Background()); !strings.Contains(err.Error(), "maximum bytes exceeded") && !strings.Contains(err.Error(), "full") {
		t.Errorf("Ready = %v, want the full stream named", err)
	}

	// The next stage drains the queue.
	next, err := bus.EnsureConsumer(ctx, srv.JS, top, bus.StageNormalize)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	deadline := time.Now().Add(30 * time.Second)
	for len(seen) < stories && time.Now().Before(deadline) {
		batch, err := next.Fetch(10, jetstream.FetchMaxWait(500*time.Millisecond))
		if err != nil {
			t.Fatal(err)
		}
		for m := range batch.Messages() {
			seen[string(m.Data())]++
			if err := m.DoubleAck(ctx); err != nil {
				t.Fatal(err)
			}
		}
	}
	if len(seen) != stories {
		t.Fatalf("%d of %d stories came through after the queue drained", len(seen), stories)
	}
	for s, n := range seen {
		if n != 1 {
			t.Errorf("%.9s arrived %d times", s, n)
		}
	}
	if n := h.streamMsgs(bus.StreamDLQ); n != 0 {
		t.Errorf("%d dead letters, want 0", n)
	}
	h.waitFor("resumed", 10*time.Second, func() bool { return r.Ready(context.Background()) == nil })
}
