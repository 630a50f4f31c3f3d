// Package stage runs one pipeline stage: it pulls messages from the stage's
// durable JetStream consumer, calls the stage's Handler, publishes the
// output and decides each message's fate in one place (Decide).
//
// A Handler never sees a NATS message. It returns an Output to publish, nil
// to publish nothing ("filtered": the input is acknowledged), or an error.
// Errors are transient (retried with back-off) unless marked Permanent.
package stage

import "errors"

// PermanentError marks an input that can never be handled: undecodable,
// invalid, or refused by a downstream system for what it is (an
// Elasticsearch mapping error). The runner dead-letters it at once.
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
