package stage

import (
	"errors"
	"fmt"
	"testing"
	"time"
)

func TestDecide(t *testing.T) {
	transient := errors.New("es: 503")
	permanent := Permanent(errors.New("mapping rejected"))
	wrapped := fmt.Errorf("index a1: %w", permanent)
	tests := []struct {
		name         string
		err          error
		shuttingDown bool
		want         Fate
	}{
		{"success", nil, false, FateAck},
		{"success while stopping still acks", nil, true, FateAck},
		{"transient", transient, false, FateRetry},
		{"transient is never dead-lettered", fmt.Errorf("delivery 1000: %w", transient), false, FateRetry},
		{"permanent", permanent, false, FateDeadLetter},
		{"permanent wrapped", wrapped, false, FateDeadLetter},
		{"transient while stopping", transient, true, FateAbandon},
		{"permanent while stopping", permanent, true, FateDeadLetter},
		{"first panic", &PanicError{Value: "nil map", Count: 1}, false, FateRetry},
		{"panic below the cap", &PanicError{Value: "nil map", Count: 2}, false, FateRetry},
		{"panic at the cap is poison", &PanicError{Value: "nil map", Count: 3}, false, FateDeadLetter},
		{"poison while stopping", fmt.Errorf("x: %w", &PanicError{Value: "nil map", Count: 3}), true, FateDeadLetter},
		{"panic while stopping", &PanicError{Value: "nil map", Count: 1}, true, FateAbandon},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Decide(tt.err, tt.shuttingDown, 3); got != tt.want {
				t.Errorf("Decide = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestBackoff(t *testing.T) {
	tests := []struct {
		delivered uint64
		want      time.Duration
	}{
		{1, time.Second},
		{2, 2 * time.Second},
		{3, 4 * time.Second},
		{7, 30 * time.Second},
		{60, 30 * time.Second},
	}
	for _, tt := range tests {
		if got := Backoff(tt.delivered, time.Second, 30*time.Second); got != tt.want {
			t.Errorf("Backoff(%d) = %v, want %v", tt.delivered, got, tt.want)
		}
	}
}

func TestJitter(t *testing.T) {
	for range 1000 {
		if got := jitter(time.Second); got < 500*time.Millisecond || got > time.Second {
			t.Fatalf("jitter(1s) = %v, want within [500ms, 1s]", got)
		}
	}
	seen := map[time.Duration]bool{}
	for range 100 {
		seen[jitter(time.Second)] = true
	}
	if len(seen) < 50 {
		t.Errorf("jitter gave only %d distinct delays in 100 draws", len(seen))
	}
}

func TestPermanent(t *testing.T) {
	if Permanent(nil) != nil {
		t.Error("Permanent(nil) != nil")
	}
	if IsPermanent(errors.New("x")) {
		t.Error("plain error reported permanent")
	}
	if !IsPermanent(fmt.Errorf("ctx: %w", Permanent(errors.New("x")))) {
		t.Error("wrapped permanent error not detected")
	}
}
