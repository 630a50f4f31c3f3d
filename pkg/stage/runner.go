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
	"go.uber.org/zap"

	"github.com/newsroom-pipeline/newsroom/pkg/bus"
)

// Message is one input as a handler sees it.
type Message struct {
	Subject      string
	Header       nats.Header // never nil; handlers must not modify it
	Data         []byte
	NumDelivered uint64 // 1 on the first delivery
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
	MaxDeliver    int           // the consumer's MaxDeliver
	AckWait       time.Duration // the consumer's AckWait; progress is signalled at a third of it
	BackoffBase   time.Duration // first retry delay
	BackoffMax    time.Duration // largest retry delay
	ShutdownGrace time.Duration // how long in-flight messages may finish after stop
}

// Runner pulls from one durable consumer and handles messages concurrently.
type Runner struct {
	cfg      Config
	js       jetstream.JetStream
	consumer jetstream.Consumer
	handler  Handler
	log      *zap.Logger
	metrics  *Metrics
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
	return &Runner{cfg: cfg, js: js, consumer: consumer, handler: handler, log: log.With(zap.String("stage", cfg.Stage)), metrics: metrics}, nil
}

// Run handles messages until ctx is cancelled, then stops fetching, lets
// in-flight messages finish for up to ShutdownGrace, abandons the rest (they
// are redelivered, never acked) and returns. It returns an error only if it
// cannot start consuming.
func (r *Runner) Run(ctx context.Context) error {
	it, err := r.consumer.Messages(jetstream.PullMaxMessages(r.cfg.Concurrency))
	if err != nil {
		return fmt.Errorf("consume %s: %w", r.cfg.Stage, err)
	}
	defer it.Stop()

	// Handlers outlive ctx by the grace period so that a stop does not cut
	// a message off half-way through its publish and ack.
	handlerCtx, cancelHandlers := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelHandlers()

	var wg sync.WaitGroup
	slots := make(chan struct{}, r.cfg.Concurrency)
	r.log.Info("stage started", zap.Int("concurrency", r.cfg.Concurrency))
loop:
	for {
		select {
		case slots <- struct{}{}:
		case <-ctx.Done():
			break loop
		}
		msg, err := it.Next(jetstream.NextContext(ctx))
		if err != nil {
			<-slots
			if ctx.Err() != nil || errors.Is(err, jetstream.ErrMsgIteratorClosed) {
				break loop
			}
			// Missed heartbeats and the like: the iterator recovers by itself.
			r.log.Warn("fetch", zap.Error(err))
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-slots }()
			r.process(handlerCtx, msg)
		}()
	}
	it.Stop()

	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(r.cfg.ShutdownGrace):
		r.log.Warn("shutdown grace elapsed, abandoning in-flight messages")
		cancelHandlers()
		<-done
	}
	r.log.Info("stage stopped")
	return nil
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
	in := Message{Subject: msg.Subject(), Header: header, Data: msg.Data(), NumDelivered: meta.NumDelivered}
	log := r.log.With(
		zap.String("subject", in.Subject),
		zap.Uint64("stream_seq", meta.Sequence.Stream),
		zap.Uint64("num_delivered", meta.NumDelivered),
	)
	loggedID := header.Get(bus.HeaderArticleID)
	if loggedID != "" {
		log = log.With(zap.String("article_id", loggedID))
	}

	stopProgress := r.keepAlive(msg)
	outs, err := r.call(ctx, in, log)
	if err == nil && len(outs) > 0 {
		if loggedID == "" && outs[0].ArticleID != "" { // ingest learns the id from the story
			log = log.With(zap.String("article_id", outs[0].ArticleID))
			if len(outs) > 1 {
				log = log.With(zap.Int("stories", len(outs)))
			}
		}
		for _, out := range outs {
			if err = r.publish(ctx, out); err != nil {
				break
			}
		}
	}
	stopProgress()

	fate := Decide(err, ctx.Err() != nil, meta.NumDelivered, r.cfg.MaxDeliver)
	r.settle(ctx, msg, in, meta, fate, err, log)
	r.metrics.observe(r.cfg.Stage, fate, time.Since(start))
}

// call runs the handler, turning a panic into a transient error.
func (r *Runner) call(ctx context.Context, in Message, log *zap.Logger) (outs []*Output, err error) {
	defer func() {
		if p := recover(); p != nil {
			log.Error("handler panic", zap.Any("panic", p), zap.ByteString("stack", debug.Stack()))
			err = fmt.Errorf("handler panic: %v", p)
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
	if _, err := r.js.PublishMsg(ctx, m, jetstream.WithMsgID(out.MsgID)); err != nil {
		return fmt.Errorf("publish %s: %w", out.Subject, err)
	}
	return nil
}

// settle carries out fate. Each outcome is logged once, here.
func (r *Runner) settle(ctx context.Context, msg jetstream.Msg, in Message, meta *jetstream.MsgMetadata, fate Fate, cause error, log *zap.Logger) {
	switch fate {
	case FateAck:
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
		delay := Backoff(meta.NumDelivered, r.cfg.BackoffBase, r.cfg.BackoffMax)
		log.Warn("transient failure, will retry", zap.Error(cause), zap.Duration("retry_in", delay))
		if err := msg.NakWithDelay(delay); err != nil {
			log.Warn("nak failed; redelivery after ack wait", zap.Error(err))
		}
	case FateAbandon:
		log.Info("stopping mid-message; left for redelivery", zap.NamedError("cause", cause))
		if err := msg.Nak(); err != nil {
			log.Debug("nak on shutdown failed; redelivery after ack wait", zap.Error(err))
		}
	case FateDeadLetter:
		if err := r.deadLetter(ctx, in, meta, cause); err != nil {
			// Never drop a message we could not park: retry it later.
			log.Error("dead-letter publish failed, will retry", zap.NamedError("cause", cause), zap.Error(err))
			_ = msg.NakWithDelay(r.cfg.BackoffMax)
			return
		}
		log.Warn("dead-lettered", zap.Error(cause))
		if err := msg.Term(); err != nil {
			log.Warn("term failed; the message may be redelivered and dead-lettered again (de-duplicated)", zap.Error(err))
		}
	}
}

// deadLetter publishes the original bytes and headers to the stage's
// dead-letter subject with the reason and origin added as headers.
func (r *Runner) deadLetter(ctx context.Context, in Message, meta *jetstream.MsgMetadata, cause error) error {
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
	h.Set(bus.HeaderDLQReason, reason)
	h.Set(bus.HeaderDLQStage, r.cfg.Stage)
	h.Set(bus.HeaderDLQSubject, in.Subject)
	h.Set(bus.HeaderDLQStream, meta.Stream)
	h.Set(bus.HeaderDLQStreamSeq, strconv.FormatUint(meta.Sequence.Stream, 10))
	h.Set(bus.HeaderDLQNumDelivered, strconv.FormatUint(meta.NumDelivered, 10))
	h.Set(bus.HeaderDLQTime, time.Now().UTC().Format(time.RFC3339Nano))
	m := &nats.Msg{Subject: bus.DLQSubject(r.cfg.Stage), Header: h, Data: in.Data}
	pctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	id := fmt.Sprintf("dlq:%s:%d", meta.Stream, meta.Sequence.Stream)
	_, err := r.js.PublishMsg(pctx, m, jetstream.WithMsgID(id))
	return err
}

// keepAlive tells JetStream the message is still being worked on every third
// of AckWait, so long work (a bulk flush) is not redelivered meanwhile. The
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
