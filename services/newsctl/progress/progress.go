// Package progress reports a long job's progress: on a terminal, one line
// redrawn in place with the count, rate and ETA; elsewhere (logs, CI), a
// plain line at most every few seconds.
package progress

import (
	"fmt"
	"io"
	"os"
	"time"
)

// Meter reports progress toward a total (0: unknown).
type Meter struct {
	w       io.Writer
	label   string
	total   int
	tty     bool
	every   time.Duration
	start   time.Time
	last    time.Time
	now     func() time.Time
	printed bool
}

// New returns a Meter writing to w; tty says whether w is a terminal
// (IsTerminal).
func New(w io.Writer, label string, total int, tty bool) *Meter {
	every := 5 * time.Second
	if tty {
		every = 200 * time.Millisecond
	}
	return &Meter{w: w, label: label, total: total, tty: tty, every: every, now: time.Now}
}

// For returns a Meter on w, redrawn in place when w is a terminal; its
// total is set by the first UpdateOf.
func For(w io.Writer, label string) *Meter {
	f, ok := w.(*os.File)
	return New(w, label, 0, ok && IsTerminal(f))
}

// UpdateOf is Update with the total, for jobs that learn it as they go.
func (m *Meter) UpdateOf(done, total int) {
	if m.total == 0 {
		m.total = total
	}
	m.Update(done)
}

// IsTerminal reports whether f is a character device (a terminal).
func IsTerminal(f *os.File) bool {
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// Update reports done of total; it writes only when the last report is old
// enough, or done reached total.
func (m *Meter) Update(done int) {
	now := m.now()
	if m.start.IsZero() {
		m.start = now
	}
	if now.Sub(m.last) < m.every && (m.total == 0 || done < m.total) {
		return
	}
	m.last = now
	line := m.Line(done, now)
	if m.tty {
		fmt.Fprintf(m.w, "\r\033[K%s", line)
		m.printed = true
	} else {
		fmt.Fprintln(m.w, line)
	}
}

// Done ends a terminal's redrawn line.
func (m *Meter) Done() {
	if m.tty && m.printed {
		fmt.Fprintln(m.w)
	}
}

// Line is the progress text: "label: done/total (pct) rate/s ETA d".
func (m *Meter) Line(done int, now time.Time) string {
	elapsed := now.Sub(m.start).Seconds()
	rate := 0.0
	if elapsed > 0 {
		rate = float64(done) / elapsed
	}
	if m.total <= 0 {
		return fmt.Sprintf("%s: %d, %.0f/s", m.label, done, rate)
	}
	eta := "?"
	if rate > 0 {
		eta = (time.Duration(float64(m.total-done)/rate) * time.Second).Round(time.Second).String()
	}
	return fmt.Sprintf("%s: %d/%d (%.0f%%), %.0f/s, ETA %s", m.label, done, m.total, 100*float64(done)/float64(m.total), rate, eta)
}
