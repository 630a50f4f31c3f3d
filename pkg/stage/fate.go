package stage

import "time"

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
//   - success (err == nil)                         → ack
//   - shutting down while the message was in flight → abandon (redelivered, never acked)
//   - permanent error (invalid input, mapping)     → dead letter
//   - transient error with deliveries left          → retry with back-off
//   - transient error on the last allowed delivery  → dead letter
//
// numDelivered counts this delivery (1 on the first); maxDeliver is the
// consumer's MaxDeliver (<= 0 means unlimited).
func Decide(err error, shuttingDown bool, numDelivered uint64, maxDeliver int) Fate {
	switch {
	case err == nil:
		return FateAck
	case shuttingDown && !IsPermanent(err):
		return FateAbandon
	case IsPermanent(err):
		return FateDeadLetter
	case maxDeliver > 0 && numDelivered >= uint64(maxDeliver):
		return FateDeadLetter
	default:
		return FateRetry
	}
}

// Backoff is the delay before redelivery number numDelivered+1: base doubled
// for every earlier delivery, capped at max.
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
