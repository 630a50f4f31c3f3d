// Package stage runs one pipeline stage: it pulls messages from the stage's
// durable JetStream consumer, calls the stage's Handler, publishes the
// output and decides each message's fate in one place (Decide).
//
// A Handler never sees a NATS message. It returns an Output to publish, nil
// to publish nothing ("filtered": the input is acknowledged), or an error.
// Errors are transient (retried without limit, with back-off) unless marked
// Permanent; while transient errors keep coming the runner's circuit
// breaker pauses fetching until the downstream answers again.
package stage

import (
	"errors"
	"fmt"
)

// PermanentError marks an input that can never be handled: undecodable,
// invalid, too large, or refused by a downstream system for what it is (an
// Elasticsearch mapping error). The runner dead-letters it at once. Only the
// document's own faults are permanent; a failing system never is.
type PermanentError struct{ Err error }

func (e *PermanentError) Error() string { return e.Err.Error() }
func (e *PermanentError) Unwrap() error { return e.Err }

// Permanent marks err as permanent. Permanent(nil) is nil.
func Permanent(err error) error {
	if err == nil {
		return nil
	}
	return &PermanentError{Err: err}
}

// IsPermanent reports whether err, or an error it wraps, is permanent.
func IsPermanent(err error) bool {
	var p *PermanentError
	return errors.As(err, &p)
}

// PanicError is a handler panic recovered by the runner. A panic is retried
// (it may have been caused by something passing) a bounded number of times,
// then the message is dead-lettered as poison. It never pauses the stage.
type PanicError struct {
	Value any
	Count int // panics of this message seen by this replica, this one included
}

func (e *PanicError) Error() string {
	return fmt.Sprintf("handler panicked (%d times): %v", e.Count, e.Value)
}

// IsPanic reports whether err is a recovered handler panic.
func IsPanic(err error) bool {
	var p *PanicError
	return errors.As(err, &p)
}
