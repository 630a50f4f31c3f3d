package stage_test

import (
	"context"
	"errors"
	"strconv"
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
	top.MaxDeliver = 3
	ctx := natstest.Context(t, 10*time.Second)
	if err := bus.Ensure(ctx, srv.JS, top); err != nil {
		t.Fatal(err)
	}
	return &harness{t: t, srv: srv, top: top}
}

// run starts a runner with h and returns a stop function that cancels it
// and waits for Run to return.
func (h *harness) run(handler stage.Handler, grace time.Duration) (stop func()) {
	h.t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	cons, err := bus.EnsureConsumer(ctx, h.srv.JS, h.top, bus.StageIngest)
	if err != nil {
		h.t.Fatal(err)
	}
	r, err := stage.NewRunner(stage.Config{
		Stage: bus.StageIngest, Concurrency: 4, MaxDeliver: h.top.MaxDeliver, AckWait: h.top.AckWait,
		BackoffBase: 50 * time.Millisecond, BackoffMax: 200 * time.Millisecond, ShutdownGrace: grace,
	}, h.srv.JS, cons, handler, zaptest.NewLogger(h.t), nil)
	if err != nil {
		h.t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- r.Run(ctx) }()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel()
			if err := <-done; err != nil {
				h.t.Errorf("Run: %v", err)
			}
		})
	}
	h.t.Cleanup(stop)
	return stop
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
	seq := h.publish(bus.RawSubject("x"), "{broken")
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
	h.run(func(ctx context.Context, in stage.Message) ([]*stage.Output, error) {
		if calls.Add(1) < 3 {
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
}

func TestTransientErrorDeadLettersAtMaxDeliver(t *testing.T) {
	h := newHarness(t)
	var calls atomic.Int32
	h.run(func(context.Context, stage.Message) ([]*stage.Output, error) {
		calls.Add(1)
		return nil, errors.New("elasticsearch: 503")
	}, time.Second)
	h.publish(bus.RawSubject("test"), "story")
	h.waitFor("dead letter", 10*time.Second, func() bool { return h.streamMsgs(bus.StreamDLQ) == 1 })
	if got := h.lastDLQ().Header.Get(bus.HeaderDLQNumDelivered); got != "3" {
		t.Errorf("dead-lettered on delivery %s, want 3 (MaxDeliver)", got)
	}
	if c := calls.Load(); c != 3 {
		t.Errorf("handler called %d times, want 3", c)
	}
}

func TestPanicIsTransient(t *testing.T) {
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
