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
		delivered    uint64
		maxDeliver   int
		want         Fate
	}{
		{"success", nil, false, 1, 5, FateAck},
		{"success while stopping still acks", nil, true, 1, 5, FateAck},
		{"transient first delivery", transient, false, 1, 5, FateRetry},
		{"transient before last", transient, false, 4, 5, FateRetry},
		{"transient on last delivery", transient, false, 5, 5, FateDeadLetter},
		{"transient unlimited deliveries", transient, false, 100, 0, FateRetry},
		{"permanent", permanent, false, 1, 5, FateDeadLetter},
		{"permanent wrapped", wrapped, false, 1, 5, FateDeadLetter},
		{"transient while stopping", transient, true, 1, 5, FateAbandon},
		{"permanent while stopping", permanent, true, 1, 5, FateDeadLetter},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Decide(tt.err, tt.shuttingDown, tt.delivered, tt.maxDeliver); got != tt.want {
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
