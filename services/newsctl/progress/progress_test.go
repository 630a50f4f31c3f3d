package progress

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func TestMeter(t *testing.T) {
	var b bytes.Buffer
	m := New(&b, "reprocess", 1000, false)
	clock := time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC)
	m.now = func() time.Time { return clock }
	m.Update(0)
	clock = clock.Add(time.Second)
	m.Update(100) // too soon after the first line: nothing
	clock = clock.Add(4 * time.Second)
	m.Update(500)
	m.Update(1000) // the end is always reported
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	if len(lines) != 3 {
		t.Fatalf("lines %q", lines)
	}
	if lines[1] != "reprocess: 500/1000 (50%), 100/s, ETA 5s" {
		t.Errorf("line %q", lines[1])
	}
	if !strings.HasPrefix(lines[2], "reprocess: 1000/1000 (100%)") {
		t.Errorf("last line %q", lines[2])
	}

	b.Reset()
	tty := New(&b, "x", 0, true)
	tty.now = m.now
	tty.Update(3)
	tty.Done()
	if got := b.String(); got != "\r\033[Kx: 3, 0/s\n" {
		t.Errorf("terminal output %q", got)
	}
}
