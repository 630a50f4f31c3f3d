package stage

import (
	"context"
	"sync"
)

// slots counts the handler goroutines a runner may still start. The fetch
// loop takes slots before it asks JetStream for messages and handlers give
// them back, so the runner never holds a delivered message it cannot start.
type slots struct{ free chan struct{} }

func newSlots(n int) *slots {
	s := &slots{free: make(chan struct{}, n)}
	for range n {
		s.free <- struct{}{}
	}
	return s
}

// take waits for at least one free slot and takes up to max of them. It
// returns 0 when ctx ends first.
func (s *slots) take(ctx context.Context, max int) int {
	select {
	case <-s.free:
	case <-ctx.Done():
		return 0
	}
	n := 1
	for n < max {
		select {
		case <-s.free:
			n++
		default:
			return n
		}
	}
	return n
}

// give returns n slots.
func (s *slots) give(n int) {
	for range n {
		s.free <- struct{}{}
	}
}

// panicCounts remembers, per stored message, how often it made this
// replica's handler panic, so a poison message is dead-lettered after a
// bounded number of panics while a message that failed for a passing reason
// is not. Counts are per replica and kept in memory: a restart starts over,
// which only delays the dead letter.
type panicCounts struct {
	mu sync.Mutex
	n  map[panicKey]int
}

type panicKey struct {
	stream string
	seq    uint64
}

// maxPanicEntries bounds the memory: messages settled by another replica are
// never forgotten here, so the table is cleared when it grows this large.
const maxPanicEntries = 10000

func newPanicCounts() *panicCounts { return &panicCounts{n: map[panicKey]int{}} }

// add counts one more panic of the message and returns its count.
func (p *panicCounts) add(stream string, seq uint64) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.n) >= maxPanicEntries {
		clear(p.n)
	}
	k := panicKey{stream, seq}
	p.n[k]++
	return p.n[k]
}

// forget drops the count of a settled message.
func (p *panicCounts) forget(stream string, seq uint64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	delete(p.n, panicKey{stream, seq})
}
