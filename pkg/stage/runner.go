package stage

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"strconv"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"
	"go.uber.org/zap"

	"github.com/newsroom-pipeline/newsroom/pkg/bus"
	"github.com/newsroom-pipeline/newsroom/pkg/tracing"
)

// Message is one input as a handler sees it.
type Message struct {
	Subject      string
	Header       nats.Header // never nil; handlers must not modify it
	Data         []byte
	NumDelivered uint64 // 1 on the first delivery

	// Where the message is stored. The same stored message always has the
	// same Stream, StreamSeq and Timestamp, however often it is delivered:
	// handlers derive anything that must survive a redelivery from these,
	// never from their own clock.
	Stream    string
	StreamSeq uint64
	Timestamp time.Time // when the stream stored the message
}

// Output is one message for the runner to publish before it acks the input.
// A handler may return several (ingest splits a feed into its stories): the
// runner publishes them in order and acks the input only after every
// publish is acknowledged, so a failure part-way redelivers the input and
// the deterministic message ids drop the outputs already published.
type Output struct {
	Subject   string
	Header    nats.Header // may be nil
	Data      []byte
	MsgID     string // deterministic JetStream message id; required
	ArticleID string // for logs
}

// Handler handles one message. It must be safe for concurrent use and
// idempotent (a message may be delivered more than once). It returns:
//   - (outs, nil): publish outs in order, then ack the input;
//   - (nil, nil):  filtered, ack the input and publish nothing;
//   - (_, err):   see Decide; wrap with Permanent for inputs that can never succeed.
//
// ctx is cancelled when the worker shuts down past its grace period.
type Handler func(ctx context.Context, in Message) ([]*Output, error)

// Config tunes a Runner.
type Config struct {
	Stage         string        // one of the bus.Stage* names
	Concurrency   int           // messages handled at once by this replica
	AckWait       time.Duration // the consumer's AckWait; progress is signalled at a third of it
	BackoffBase   time.Duration // first retry delay
	BackoffMax    time.Duration // largest retry delay
	ShutdownGrace time.Duration // how long in-flight messages may finish after stop

	// MaxPanics is how many times one message may make the handler panic
	// before it is dead-lettered as poison (counted per replica).
	MaxPanics int
	// MaxMsgBytes is the largest output (payload and headers) the runner
	// publishes; a larger one is a permanent error of the input. 0: no check.
	MaxMsgBytes int

	// BreakerThreshold is how many consecutive transient failures pause
	// fetching; ProbeMax is the longest wait between two probes while
	// paused; Probe checks the downstream (nil: the trial message decides).
	BreakerThreshold int
	ProbeMax         time.Duration
	Probe            Probe

	// FetchWait is how long one pull request waits for messages (1s when 0).
	FetchWait time.Duration
}

// Runner pulls from one durable consumer and handles messages concurrently.
//
// It never asks JetStream for more messages than it has free handler slots,
// so no message is delivered (and its delivery counted) only to wait in a
// client buffer; while the circuit breaker is open it asks for none.
type Runner struct {
	cfg      Config
	js       jetstream.JetStream
	consumer jetstream.Consumer
	handler  Handler
	log      *zap.Logger
	metrics  *Metrics
	breaker  *breaker
	panics   *panicCounts
}

// NewRunner returns a runner for handler. metrics may be nil.
func NewRunner(cfg Config, js jetstream.JetStream, consumer jetstream.Consumer, handler Handler, log *zap.Logger, metrics *Metrics) (*Runner, error) {
	if cfg.Stage == "" {
		return nil, errors.New("stage runner: empty stage name")
	}
	if cfg.Concurrency < 1 {
		return nil, fmt.Errorf("stage runner %s: concurrency %d < 1", cfg.Stage, cfg.Concurrency)
	}
	if cfg.AckWait <= 0 || cfg.BackoffBase <= 0 || cfg.BackoffMax < cfg.BackoffBase {
		return nil, fmt.Errorf("stage runner %s: ack wait and back-off must be positive, back-off max >= base", cfg.Stage)
	}
	if cfg.FetchWait <= 0 {
		cfg.FetchWait = time.Second
	}
	if cfg.ProbeMax <= 0 {
		cfg.ProbeMax = 5 * time.Second
	}
	if cfg.BreakerThreshold < 1 {
		cfg.BreakerThreshold = 5
	}
	if cfg.MaxPanics < 1 {
		cfg.MaxPanics = 3
	}
	log = log.With(zap.String("stage", cfg.Stage))
	r := &Runner{cfg: cfg, js: js, consumer: consumer, handler: handler, log: log, metrics: metrics, panics: newPanicCounts()}
	r.breaker = newBreaker(cfg.BreakerThreshold, min(cfg.BackoffBase, cfg.ProbeMax), cfg.ProbeMax, cfg.Probe, log,
		func(s BreakerState) { metrics.breakerState(cfg.Stage, s) })
	return r, nil
}

// Ready reports nil while the stage is consuming normally: its consumer
// exists and its circuit breaker does not pause it (the /readyz check).
func (r *Runner) Ready(ctx context.Context) error {
	if _, err := r.breaker.current(); err != nil {
		return err
	}
	if _, err := r.consumer.Info(ctx); err != nil {
		return fmt.Errorf("consumer %s: %w", r.cfg.Stage, err)
	}
	return nil
}

// Run handles messages until ctx is cancelled, then stops fetching, lets
// in-flight messages finish for up to ShutdownGrace, abandons the rest (they
// are redelivered, never acked) and returns nil. It returns an error when
// the stage cannot work any more: its consumer or stream was deleted, or
// the NATS connection was closed for good (the process should exit and be
// restarted, not idle while looking healthy).
func (r *Runner) Run(ctx context.Context) error {
	// Handlers outlive ctx by the grace period so that a stop does not cut
	// a message off half-way through its publish and ack.
	handlerCtx, cancelHandlers := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelHandlers()

	var wg sync.WaitGroup
	slots := newSlots(r.cfg.Concurrency)
	r.log.Info("stage started", zap.Int("concurrency", r.cfg.Concurrency))
	err := r.fetchLoop(ctx, handlerCtx, slots, &wg)

	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(r.cfg.ShutdownGrace):
		r.log.Warn("shutdown grace elapsed, abandoning in-flight messages")
		cancelHandlers()
		<-done
	}
	if err != nil {
		r.log.Error("stage cannot continue", zap.Error(err))
		return err
	}
	r.log.Info("stage stopped")
	return nil
}

// fetchLoop pulls as many messages as there are free slots (one while the
// breaker half-opens, none while it is open) and starts a handler for each.
// It returns nil when ctx ends and an error when the consumer is gone.
func (r *Runner) fetchLoop(ctx, handlerCtx context.Context, slots *slots, wg *sync.WaitGroup) error {
	var failedFetches int
	lastCheck := time.Now()
	for ctx.Err() == nil {
		limit, trial := r.breaker.admit(ctx, r.cfg.Concurrency)
		if limit == 0 {
			break
		}
		n := slots.take(ctx, limit)
		if n == 0 {
			break
		}
		got := 0
		batch, err := r.consumer.Fetch(n, jetstream.FetchMaxWait(r.cfg.FetchWait))
		if err == nil {
			for msg := range batch.Messages() {
				got++
				if ctx.Err() != nil {
					// Stopping: hand it back at once rather than after AckWait.
					_ = msg.Nak()
					slots.give(1)
					continue
				}
				wg.Add(1)
				go func() {
					defer wg.Done()
					defer slots.give(1)
					r.process(handlerCtx, msg)
				}()
			}
			err = batch.Error()
		}
		slots.give(n - got)
		if trial && got == 0 {
			r.breaker.trialNotFetched(err)
		}
		if err != nil && ctx.Err() == nil {
			if gone := r.consumerGone(ctx); gone != nil {
				return gone
			}
			failedFetches++
			if failedFetches == 1 {
				r.log.Warn("fetch failed, retrying", zap.Error(err))
			}
			sleep(ctx, jitter(Backoff(uint64(failedFetches), 100*time.Millisecond, 5*time.Second)))
			continue
		}
		if failedFetches > 0 {
			r.log.Info("fetching again", zap.Int("failed_fetches", failedFetches))
			failedFetches = 0
		}
		// An idle stage also notices a deleted consumer (a fetch from it
		// may simply time out).
		if got == 0 && time.Since(lastCheck) > 10*time.Second {
			lastCheck = time.Now()
			if gone := r.consumerGone(ctx); gone != nil {
				return gone
			}
		}
	}
	return nil
}

// consumerGone returns an error when the stage's consumer or stream no
// longer exists or the connection is closed for good; nil when it exists or
// the server cannot tell now (an outage is waited out, not fatal). "Not
// found" must be said twice, two seconds apart: a JetStream cluster
// electing new leaders must not make every worker exit.
func (r *Runner) consumerGone(ctx context.Context) error {
	if r.js.Conn().IsClosed() {
		return fmt.Errorf("stage %s: the NATS connection is closed", r.cfg.Stage)
	}
	var err error
	for attempt := range 2 {
		if attempt > 0 {
			sleep(ctx, 2*time.Second)
		}
		ictx, cancel := context.WithTimeout(ctx, 5*time.Second)
		_, err = r.consumer.Info(ictx)
		cancel()
		if !errors.Is(err, jetstream.ErrConsumerNotFound) && !errors.Is(err, jetstream.ErrStreamNotFound) {
			return nil
		}
	}
	return fmt.Errorf("stage %s: its consumer is gone: %w", r.cfg.Stage, err)
}

// process handles one message from delivery to settlement.
func (r *Runner) process(ctx context.Context, msg jetstream.Msg) {
	start := time.Now()
	meta, err := msg.Metadata()
	if err != nil {
		// Not a JetStream message: nothing to ack or redeliver.
		r.log.Error("message without JetStream metadata", zap.String("subject", msg.Subject()), zap.Error(err))
		return
	}
	header := msg.Headers()
	if header == nil {
		header = nats.Header{}
	}
	in := Message{
		Subject: msg.Subject(), Header: header, Data: msg.Data(), NumDelivered: meta.NumDelivered,
		Stream: meta.Stream, StreamSeq: meta.Sequence.Stream, Timestamp: meta.Timestamp,
	}
	log := r.log.With(
		zap.String("subject", in.Subject),
		zap.Uint64("stream_seq", meta.Sequence.Stream),
		zap.Uint64("num_delivered", meta.NumDelivered),
	)
	loggedID := header.Get(bus.HeaderArticleID)
	if loggedID != "" {
		log = log.With(zap.String("article_id", loggedID))
	}
	// One span per message and stage, the child of the publisher's or the
	// previous stage's (a new trace when the publisher sent none); its
	// context goes on to the outputs.
	sctx, span := tracing.Tracer().Start(tracing.Extract(ctx, header), r.cfg.Stage,
		trace.WithSpanKind(trace.SpanKindConsumer),
		trace.WithAttributes(
			attribute.String("messaging.system", "nats"),
			attribute.String("messaging.destination.name", in.Subject),
			attribute.Int64("messaging.message.stream_seq", int64(in.StreamSeq)),
			attribute.Int64("newsroom.num_delivered", int64(in.NumDelivered)),
		))
	defer span.End()
	if id := tracing.TraceID(sctx); id != "" {
		log = log.With(zap.String("trace_id", id))
	}

	stopProgress := r.keepAlive(msg)
	outs, err := r.call(sctx, in, log)
	if err == nil && len(outs) > 0 {
		if loggedID == "" && outs[0].ArticleID != "" { // ingest learns the id from the story
			log = log.With(zap.String("article_id", outs[0].ArticleID))
			if len(outs) > 1 {
				log = log.With(zap.Int("stories", len(outs)))
			}
		}
		for _, out := range outs {
			if out.Header == nil {
				out.Header = nats.Header{}
			}
			tracing.Inject(sctx, out.Header)
			if err = r.publish(ctx, out); err != nil {
				break
			}
		}
	}
	stopProgress()

	fate := Decide(err, ctx.Err() != nil, r.cfg.MaxPanics)
	if id := loggedArticle(loggedID, outs); id != "" {
		span.SetAttributes(attribute.String("newsroom.article_id", id))
	}
	span.SetAttributes(attribute.String("newsroom.fate", fate.String()))
	if err != nil {
		span.SetStatus(codes.Error, err.Error())
	}
	r.inform(fate, err)
	r.settle(ctx, msg, in, fate, err, log)
	r.metrics.observe(r.cfg.Stage, fate, time.Since(start))
}

// loggedArticle is the article a message is about: its header's, or the
// first output's (ingest learns it from the story).
func loggedArticle(fromHeader string, outs []*Output) string {
	if fromHeader == "" && len(outs) > 0 {
		return outs[0].ArticleID
	}
	return fromHeader
}

// inform tells the breaker what the outcome says about the downstream.
// Panics and abandoned messages say nothing about it.
func (r *Runner) inform(fate Fate, err error) {
	switch {
	case IsPanic(err) || fate == FateAbandon:
		r.breaker.undecided()
	case fate == FateRetry:
		r.breaker.failure(err)
	default: // handled, or refused for what it is: the downstream answered
		r.breaker.success()
	}
}

// call runs the handler, turning a panic into a *PanicError.
func (r *Runner) call(ctx context.Context, in Message, log *zap.Logger) (outs []*Output, err error) {
	defer func() {
		if p := recover(); p != nil {
			n := r.panics.add(in.Stream, in.StreamSeq)
			log.Error("handler panic", zap.Any("panic", p), zap.Int("panics", n), zap.ByteString("stack", debug.Stack()))
			err = &PanicError{Value: p, Count: n}
		}
	}()
	return r.handler(ctx, in)
}

func (r *Runner) publish(ctx context.Context, out *Output) error {
	if out.MsgID == "" {
		return Permanent(errors.New("handler output has no message id"))
	}
	m := &nats.Msg{Subject: out.Subject, Header: out.Header, Data: out.Data}
	if m.Header == nil {
		m.Header = nats.Header{}
	}
	if size := msgSize(m) + len(bus.HeaderMsgID) + len(out.MsgID) + 4; r.cfg.MaxMsgBytes > 0 && size > r.cfg.MaxMsgBytes {
		return Permanent(fmt.Errorf("output to %s is %d bytes, over the %d-byte message limit", out.Subject, size, r.cfg.MaxMsgBytes))
	}
	if _, err := r.js.PublishMsg(ctx, m, jetstream.WithMsgID(out.MsgID)); err != nil {
		if errors.Is(err, nats.ErrMaxPayload) || errors.Is(err, jetstream.ErrStreamMessageExceedsMaximum) {
			return Permanent(fmt.Errorf("publish %s: %w", out.Subject, err))
		}
		return fmt.Errorf("publish %s: %w", out.Subject, err)
	}
	return nil
}

// msgSize is the size of m on the wire as the server limits it.
func msgSize(m *nats.Msg) int {
	n := len(m.Data) + len("NATS/1.0\r\n\r\n")
	for k, vs := range m.Header {
		for _, v := range vs {
			n += len(k) + len(v) + 4
		}
	}
	return n
}

// settle carries out fate. Each outcome is logged once, here; transient
// failures while the breaker pauses the stage are logged by the breaker,
// once per state change, not per message.
func (r *Runner) settle(ctx context.Context, msg jetstream.Msg, in Message, fate Fate, cause error, log *zap.Logger) {
	switch fate {
	case FateAck:
		r.panics.forget(in.Stream, in.StreamSeq)
		// DoubleAck waits for the server to confirm, so a successful return
		// means the message will not be redelivered.
		actx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		if err := msg.DoubleAck(actx); err != nil {
			log.Warn("ack not confirmed; the message may be redelivered (handling is idempotent)", zap.Error(err))
			return
		}
		log.Debug("handled")
	case FateRetry:
		delay := r.retryDelay(in.NumDelivered, cause)
		switch state, _ := r.breaker.current(); {
		case IsPanic(cause):
			log.Warn("handler panicked, will retry", zap.Error(cause), zap.Duration("retry_in", delay))
		case state == BreakerClosed:
			log.Info("transient failure, will retry", zap.Error(cause), zap.Duration("retry_in", delay))
		default:
			log.Debug("transient failure while paused, will retry", zap.Error(cause), zap.Duration("retry_in", delay))
		}
		if err := msg.NakWithDelay(delay); err != nil {
			log.Debug("nak failed; redelivery after ack wait", zap.Error(err))
		}
	case FateAbandon:
		log.Info("stopping mid-message; left for redelivery", zap.NamedError("cause", cause))
		if err := msg.Nak(); err != nil {
			log.Debug("nak on shutdown failed; redelivery after ack wait", zap.Error(err))
		}
	case FateDeadLetter:
		if err := r.deadLetter(ctx, in, cause); err != nil {
			// Never drop a message we could not park: retry it later.
			log.Error("dead-letter publish failed, will retry", zap.NamedError("cause", cause), zap.Error(err))
			_ = msg.NakWithDelay(jitter(r.cfg.BackoffMax))
			return
		}
		r.panics.forget(in.Stream, in.StreamSeq)
		log.Warn("dead-lettered", zap.Error(cause))
		if err := msg.Term(); err != nil {
			log.Warn("term failed; the message may be redelivered and dead-lettered again (de-duplicated)", zap.Error(err))
		}
	}
}

// retryDelay is how long a message waits before its redelivery: capped
// exponential back-off on its delivery count, with jitter. While the breaker
// pauses the stage the pause paces the retries, so the message only waits
// the base delay: it is fetched again as soon as the stage resumes.
func (r *Runner) retryDelay(numDelivered uint64, cause error) time.Duration {
	if state, _ := r.breaker.current(); state != BreakerClosed && !IsPanic(cause) {
		return jitter(r.cfg.BackoffBase)
	}
	return jitter(Backoff(numDelivered, r.cfg.BackoffBase, r.cfg.BackoffMax))
}

// deadLetter publishes the original bytes and headers to the stage's
// dead-letter subject with the reason and origin added as headers. The
// publisher's message id is kept as Newsroom-Dlq-Msg-Id so that a replay can
// restore the story's identity.
func (r *Runner) deadLetter(ctx context.Context, in Message, cause error) error {
	h := nats.Header{}
	for k, v := range in.Header {
		if k == bus.HeaderMsgID { // the original id would collide with the origin's de-dup
			continue
		}
		h[k] = append([]string(nil), v...)
	}
	reason := "unknown"
	if cause != nil {
		reason = cause.Error()
	}
	if len(reason) > 2000 {
		reason = reason[:2000]
	}
	if id := in.Header.Get(bus.HeaderMsgID); id != "" {
		h.Set(bus.HeaderDLQMsgID, id)
	}
	h.Set(bus.HeaderDLQReason, reason)
	h.Set(bus.HeaderDLQStage, r.cfg.Stage)
	h.Set(bus.HeaderDLQSubject, in.Subject)
	h.Set(bus.HeaderDLQStream, in.Stream)
	h.Set(bus.HeaderDLQStreamSeq, strconv.FormatUint(in.StreamSeq, 10))
	h.Set(bus.HeaderDLQNumDelivered, strconv.FormatUint(in.NumDelivered, 10))
	h.Set(bus.HeaderDLQTime, time.Now().UTC().Format(time.RFC3339Nano))
	if !in.Timestamp.IsZero() {
		h.Set(bus.HeaderDLQReceived, in.Timestamp.UTC().Format(time.RFC3339Nano))
	}
	m := &nats.Msg{Subject: bus.DLQSubject(r.cfg.Stage), Header: h, Data: in.Data}
	pctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	id := fmt.Sprintf("dlq:%s:%d", in.Stream, in.StreamSeq)
	_, err := r.js.PublishMsg(pctx, m, jetstream.WithMsgID(id))
	return err
}

// keepAlive tells JetStream the message is still being worked on every third
// of AckWait, so long work (a bulk flush, or a request to a hung
// Elasticsearch waiting for its timeout) is not redelivered meanwhile. The
// returned stop function ends the goroutine and waits for it.
func (r *Runner) keepAlive(msg jetstream.Msg) (stop func()) {
	every := r.cfg.AckWait / 3
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				_ = msg.InProgress()
			}
		}
	}()
	return func() { close(done); wg.Wait() }
}

// sleep waits for d or until ctx ends.
func sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}
