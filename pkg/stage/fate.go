package stage

import (
	"errors"
	"time"
)

// Fate is what happens to one input message.
type Fate int

const (
	// FateAck acknowledges the input: it was handled (and its output, if
	// any, was stored by JetStream).
	FateAck Fate = iota
	// FateRetry naks the input with a back-off delay; JetStream redelivers it.
	FateRetry
	// FateDeadLetter publishes the input to the stage's dead-letter subject
	// and terminates it.
	FateDeadLetter
	// FateAbandon naks the input without delay because the worker is
	// shutting down in the middle of it: another replica (or this one,
	// restarted) takes it. It is never acknowledged.
	FateAbandon
)

func (f Fate) String() string {
	switch f {
	case FateAck:
		return "ack"
	case FateRetry:
		return "retry"
	case FateDeadLetter:
		return "dead_letter"
	case FateAbandon:
		return "abandon"
	}
	return "unknown"
}

// Decide is the single place that maps the outcome of handling one message
// to its fate. It is the ack policy of ARCHITECTURE.md:
//
//   - success (err == nil)                          → ack
//   - permanent error (the document's fault)        → dead letter
//   - handler panic, maxPanics reached              → dead letter (poison)
//   - shutting down while the message was in flight → abandon (redelivered, never acked)
//   - handler panic below maxPanics                 → retry
//   - any other error (the system's fault)          → retry, without limit
//
// A transient error never dead-letters, however often it recurs: the
// consumer has no MaxDeliver, so every message ends handled or
// dead-lettered, never stranded. maxPanics < 1 counts as 1.
func Decide(err error, shuttingDown bool, maxPanics int) Fate {
	var p *PanicError
	switch {
	case err == nil:
		return FateAck
	case IsPermanent(err):
		return FateDeadLetter
	case errors.As(err, &p) && p.Count >= max(maxPanics, 1):
		return FateDeadLetter
	case shuttingDown:
		return FateAbandon
	default:
		return FateRetry
	}
}

// Backoff is the delay before redelivery number numDelivered+1: base doubled
// for every earlier delivery, capped at max. The runner spreads it with
// jitter.
func Backoff(numDelivered uint64, base, max time.Duration) time.Duration {
	d := base
	for i := uint64(1); i < numDelivered && d < max; i++ {
		d *= 2
	}
	if d > max {
		d = max
	}
	return d
}
