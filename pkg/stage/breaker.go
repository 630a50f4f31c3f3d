package stage

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"time"

	"go.uber.org/zap"
)

// BreakerState is where a stage's circuit breaker stands.
type BreakerState int

const (
	// BreakerClosed: the downstream works; the stage fetches as many
	// messages as it has free slots.
	BreakerClosed BreakerState = iota
	// BreakerHalfOpen: the probe passed after an outage; the stage lets one
	// trial message through and waits for its outcome.
	BreakerHalfOpen
	// BreakerOpen: the downstream keeps failing; the stage fetches nothing
	// and probes the downstream after a cool-down.
	BreakerOpen
)

func (s BreakerState) String() string {
	switch s {
	case BreakerClosed:
		return "closed"
	case BreakerHalfOpen:
		return "half-open"
	case BreakerOpen:
		return "open"
	}
	return "unknown"
}

// Probe checks that a stage's downstream (Elasticsearch, or the JetStream
// stream the stage publishes to) can take work again. It may repair what it
// finds missing (the index stage re-creates its aliases). nil means no probe:
// the trial message is the only test.
type Probe func(ctx context.Context) error

// breaker pauses fetching while the stage's downstream keeps failing, so an
// outage does not churn every queued message through failed deliveries.
//
// Closed, it counts consecutive transient failures and opens at threshold.
// Open, it fetches nothing; after a cool-down (starting at base, doubling up
// to max, with jitter) it runs the probe: a failed probe extends the pause, a
// passing one half-opens it. Half-open, one trial message goes through:
// success closes the breaker, a transient failure opens it again. A
// half-open fetch that finds no message closes it (the probe passed and
// nothing is waiting). Each state change is logged once; messages in flight
// are not logged one by one.
//
// It is safe for concurrent use: the fetch loop waits on it while handler
// goroutines record outcomes.
type breaker struct {
	threshold int
	base, max time.Duration
	probe     Probe
	log       *zap.Logger
	onChange  func(BreakerState) // metrics; may be nil

	mu        sync.Mutex
	state     BreakerState
	failures  int // consecutive transient failures while closed
	cooldown  time.Duration
	retryAt   time.Time // open: when to probe next
	pausedAt  time.Time // when the current pause began
	lastErr   error
	trialOut  bool          // half-open: the trial message has been fetched
	changed   chan struct{} // closed and replaced at every state change
	probeRuns int           // probes run during the current pause
}

func newBreaker(threshold int, base, max time.Duration, probe Probe, log *zap.Logger, onChange func(BreakerState)) *breaker {
	if threshold < 1 {
		threshold = 1
	}
	if max < base {
		max = base
	}
	b := &breaker{threshold: threshold, base: base, max: max, probe: probe, log: log, onChange: onChange, changed: make(chan struct{})}
	if onChange != nil {
		onChange(BreakerClosed)
	}
	return b
}

// setState changes state and wakes the fetch loop; b.mu must be held.
func (b *breaker) setState(s BreakerState) {
	if b.state == s {
		return
	}
	b.state = s
	b.wake()
	if b.onChange != nil {
		b.onChange(s)
	}
}

// wake makes a waiting admit look again; b.mu must be held.
func (b *breaker) wake() {
	close(b.changed)
	b.changed = make(chan struct{})
}

// admit blocks until the stage may fetch and returns how many messages it
// may take: limit when closed, 1 (the trial, trial true) when half-open. It
// returns 0 when ctx ends.
func (b *breaker) admit(ctx context.Context, limit int) (n int, trial bool) {
	for {
		b.mu.Lock()
		switch b.state {
		case BreakerClosed:
			b.mu.Unlock()
			return limit, false
		case BreakerHalfOpen:
			if !b.trialOut {
				b.trialOut = true
				b.mu.Unlock()
				return 1, true
			}
		case BreakerOpen:
			if wait := time.Until(b.retryAt); wait <= 0 {
				b.mu.Unlock()
				b.runProbe(ctx)
				continue
			}
		}
		changed, wait := b.changed, time.Until(b.retryAt)
		b.mu.Unlock()
		if wait <= 0 || wait > time.Second {
			wait = time.Second // re-check now and then: the cool-down may have ended
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return 0, false
		case <-changed:
		case <-t.C:
		}
		t.Stop()
	}
}

// runProbe checks the downstream while open and half-opens on success.
func (b *breaker) runProbe(ctx context.Context) {
	var err error
	if b.probe != nil {
		pctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		err = b.probe(pctx)
		cancel()
		if ctx.Err() != nil {
			return
		}
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.state != BreakerOpen {
		return
	}
	b.probeRuns++
	if err != nil {
		b.lastErr = fmt.Errorf("probe: %w", err)
		b.backOff()
		b.log.Debug("downstream still failing", zap.Error(err), zap.Duration("next_probe_in", time.Until(b.retryAt)))
		return
	}
	b.trialOut = false
	b.setState(BreakerHalfOpen)
	b.log.Info("downstream answers again, trying one message", zap.Duration("paused_for", time.Since(b.pausedAt)))
}

// backOff schedules the next probe; b.mu must be held.
func (b *breaker) backOff() {
	if b.cooldown == 0 {
		b.cooldown = b.base
	} else if b.cooldown *= 2; b.cooldown > b.max {
		b.cooldown = b.max
	}
	b.retryAt = time.Now().Add(jitter(b.cooldown))
}

// success records a message whose downstream answered (handled, or refused
// for what it is: a permanent error is the document's fault).
func (b *breaker) success() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.failures = 0
	if b.state == BreakerHalfOpen {
		b.close()
	}
}

// close ends a pause; b.mu must be held.
func (b *breaker) close() {
	b.log.Info("stage resumed", zap.Duration("paused_for", time.Since(b.pausedAt)), zap.Int("probes", b.probeRuns))
	b.failures, b.cooldown, b.lastErr, b.probeRuns = 0, 0, nil, 0
	b.setState(BreakerClosed)
}

// failure records a transient failure: the downstream did not take the work.
func (b *breaker) failure(err error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.lastErr = err
	switch b.state {
	case BreakerClosed:
		if b.failures++; b.failures < b.threshold {
			return
		}
		b.pausedAt = time.Now()
		b.log.Warn("stage paused: downstream failing; fetching stops until a probe passes",
			zap.Error(err), zap.Int("consecutive_failures", b.failures))
	case BreakerHalfOpen:
		b.log.Info("trial message failed, pausing again", zap.Error(err))
	case BreakerOpen:
		return // in-flight messages of the outage finishing
	}
	b.backOff()
	b.setState(BreakerOpen)
}

// undecided records an outcome that says nothing about the downstream (a
// panic): a half-open breaker lets another trial message through.
func (b *breaker) undecided() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.state == BreakerHalfOpen && b.trialOut {
		b.trialOut = false
		b.wake()
	}
}

// trialNotFetched records that the half-open fetch brought no message:
// when it failed (fetchErr != nil) the trial is fetched again; when nothing
// was waiting the breaker closes, since the probe passed.
func (b *breaker) trialNotFetched(fetchErr error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.state != BreakerHalfOpen {
		return
	}
	if fetchErr != nil {
		b.trialOut = false
		return
	}
	b.close()
}

// current returns the state and, when not closed, why.
func (b *breaker) current() (BreakerState, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.state == BreakerClosed {
		return BreakerClosed, nil
	}
	return b.state, fmt.Errorf("paused since %s (%s): %v", b.pausedAt.UTC().Format(time.RFC3339), b.state, b.lastErr)
}

// jitter spreads d over [d/2, d] so that replicas and messages retrying
// after the same outage do not come back in lock-step.
func jitter(d time.Duration) time.Duration {
	if d <= 1 {
		return d
	}
	half := d / 2
	return half + rand.N(d-half+1)
}
