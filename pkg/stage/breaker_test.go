package stage

import (
	"context"
	"errors"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"go.uber.org/zap"
	"go.uber.org/zap/zaptest"
	"go.uber.org/zap/zaptest/observer"
)

// admitWithin calls admit with a deadline and returns what it gave (0 when
// it was still blocked at the deadline).
func admitWithin(b *breaker, d time.Duration) (int, bool) {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	return b.admit(ctx, 8)
}

func TestBreakerOpensAtThresholdAndResumesAfterProbe(t *testing.T) {
	var probeErr atomic.Pointer[error]
	down := errors.New("connection refused")
	probeErr.Store(&down)
	var probes atomic.Int32
	probe := func(context.Context) error { probes.Add(1); return *probeErr.Load() }
	core, logs := observer.New(zap.InfoLevel)
	var states []BreakerState
	b := newBreaker(3, 20*time.Millisecond, 80*time.Millisecond, probe, zap.New(core), func(s BreakerState) { states = append(states, s) })

	if n, trial := admitWithin(b, time.Second); n != 8 || trial {
		t.Fatalf("closed breaker admitted %d (trial %v), want 8", n, trial)
	}
	b.failure(down)
	b.success() // a success in between resets the count
	b.failure(down)
	b.failure(down)
	if s, _ := b.current(); s != BreakerClosed {
		t.Fatalf("state after 2 consecutive failures = %v, want closed", s)
	}
	b.failure(down)
	s, why := b.current()
	if s != BreakerOpen || why == nil {
		t.Fatalf("state after 3 consecutive failures = %v (%v), want open with a reason", s, why)
	}
	// Open: nothing is admitted while the probe fails.
	if n, _ := admitWithin(b, 300*time.Millisecond); n != 0 {
		t.Fatalf("open breaker with a failing probe admitted %d", n)
	}
	if probes.Load() < 2 {
		t.Errorf("probed %d times in 300ms, want the probe repeated", probes.Load())
	}
	// The downstream is back: the next probe half-opens, one trial goes through.
	var ok error
	probeErr.Store(&ok)
	n, trial := admitWithin(b, time.Second)
	if n != 1 || !trial {
		t.Fatalf("after a passing probe admitted %d (trial %v), want the single trial", n, trial)
	}
	if n, _ := admitWithin(b, 100*time.Millisecond); n != 0 {
		t.Fatalf("a second message was admitted while the trial is out (%d)", n)
	}
	b.success()
	if n, trial := admitWithin(b, time.Second); n != 8 || trial {
		t.Fatalf("after the trial succeeded admitted %d (trial %v), want 8", n, trial)
	}
	if want := []BreakerState{BreakerClosed, BreakerOpen, BreakerHalfOpen, BreakerClosed}; !slices.Equal(states, want) {
		t.Errorf("states %v, want %v", states, want)
	}
	// One line per state change, not one per failure or probe.
	var msgs []string
	for _, e := range logs.All() {
		msgs = append(msgs, e.Message)
	}
	if len(msgs) != 3 {
		t.Errorf("logged %d lines at info and above, want 3 (paused, trying, resumed): %q", len(msgs), msgs)
	}
}

func TestBreakerTrialFailureReopens(t *testing.T) {
	b := newBreaker(1, 10*time.Millisecond, 10*time.Millisecond, nil, zaptest.NewLogger(t), nil)
	b.failure(errors.New("503"))
	if n, trial := admitWithin(b, time.Second); n != 1 || !trial {
		t.Fatalf("admitted %d (trial %v), want the trial once the cool-down ends (no probe)", n, trial)
	}
	b.failure(errors.New("503 again"))
	if s, _ := b.current(); s != BreakerOpen {
		t.Fatalf("state after a failed trial = %v, want open", s)
	}
	// A trial fetch that failed is fetched again; one that found nothing closes.
	if n, trial := admitWithin(b, time.Second); n != 1 || !trial {
		t.Fatalf("admitted %d (trial %v), want a new trial", n, trial)
	}
	b.trialNotFetched(errors.New("fetch timeout"))
	if n, trial := admitWithin(b, time.Second); n != 1 || !trial {
		t.Fatalf("after a failed trial fetch admitted %d (trial %v), want the trial again", n, trial)
	}
	b.trialNotFetched(nil)
	if s, _ := b.current(); s != BreakerClosed {
		t.Errorf("state after an empty trial fetch = %v, want closed", s)
	}
}

// TestBreakerTrialThatPanicsLetsAnotherThrough: a trial message whose
// outcome says nothing about the downstream (a panic) must not leave the
// stage waiting for a verdict for ever.
func TestBreakerTrialThatPanicsLetsAnotherThrough(t *testing.T) {
	b := newBreaker(1, 10*time.Millisecond, 10*time.Millisecond, nil, zaptest.NewLogger(t), nil)
	b.failure(errors.New("503"))
	if n, trial := admitWithin(b, time.Second); n != 1 || !trial {
		t.Fatalf("admitted %d (trial %v), want the trial", n, trial)
	}
	b.undecided()
	if n, trial := admitWithin(b, time.Second); n != 1 || !trial {
		t.Fatalf("after an undecided trial admitted %d (trial %v), want another trial", n, trial)
	}
}

func TestBreakerIgnoresFailuresWhileOpen(t *testing.T) {
	b := newBreaker(2, time.Hour, time.Hour, nil, zaptest.NewLogger(t), nil)
	b.failure(errors.New("a"))
	b.failure(errors.New("b"))
	retryAt := b.retryAt
	for range 100 { // the rest of the outage's in-flight messages
		b.failure(errors.New("c"))
	}
	if b.retryAt != retryAt {
		t.Error("failures of in-flight messages pushed the probe back")
	}
	if n, _ := admitWithin(b, 50*time.Millisecond); n != 0 {
		t.Errorf("admitted %d during the cool-down", n)
	}
}
