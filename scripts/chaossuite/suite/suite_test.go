package suite

import (
	"fmt"
	"strings"
	"testing"

	"github.com/newsroom-pipeline/newsroom/scripts/chaossuite/corpus"
)

func TestInterleave(t *testing.T) {
	tests := []struct{ good, hostile int }{{2000, 1000}, {300, 100}, {5, 0}, {0, 3}, {10, 1}}
	for _, tt := range tests {
		var good, hostile []corpus.Story
		for i := range tt.good {
			good = append(good, corpus.Story{Key: fmt.Sprint("g", i)})
		}
		for i := range tt.hostile {
			hostile = append(hostile, corpus.Story{Key: fmt.Sprint("h", i), Hostile: "x"})
		}
		out := interleave(good, hostile)
		if len(out) != tt.good+tt.hostile {
			t.Fatalf("%v: %d stories out", tt, len(out))
		}
		g, h, run := 0, 0, 0
		for _, s := range out {
			if s.Hostile == "" {
				if s.Key != fmt.Sprint("g", g) {
					t.Fatalf("%v: good out of order at %s", tt, s.Key)
				}
				g++
				run = 0
				continue
			}
			if s.Key != fmt.Sprint("h", h) {
				t.Fatalf("%v: hostile out of order at %s", tt, s.Key)
			}
			h++
			if run++; run > 1 && tt.good > 0 {
				t.Errorf("%v: two hostile inputs in a row", tt)
			}
		}
	}
}

func TestResultLine(t *testing.T) {
	r := Result{Name: "es-down"}
	r.Published, r.Indexed = 2000, 2000
	r.Recovered = 12345e6
	if got, want := r.Line(), "chaos es-down: published 2000, indexed 2000, lost 0, duplicated 0, dead-lettered 0, recovered in 12.3 s"; got != want {
		t.Errorf("Line() = %q\nwant      %q", got, want)
	}
	if f := r.Failures(); len(f) != 0 {
		t.Errorf("a clean result fails: %v", f)
	}
	r.Lost = 1
	r.Hostile = 3
	if f := r.Failures(); len(f) != 2 {
		t.Errorf("failures %v, want the loss and the hostile inputs not dead-lettered", f)
	}
}

func TestAckCount(t *testing.T) {
	metrics := `# HELP newsroom_stage_messages_total Messages handled by a pipeline stage, by fate (ack, retry, dead_letter, abandon).
# TYPE newsroom_stage_messages_total counter
newsroom_stage_messages_total{fate="ack",stage="index"} 1042
newsroom_stage_messages_total{fate="retry",stage="index"} 7
newsroom_stage_messages_total{fate="ack",stage="other"} 3
newsroom_stage_handle_seconds_count{stage="index"} 1049
`
	if got := ackCount(metrics); got != 1045 {
		t.Errorf("ackCount = %d, want 1045 (acks of every stage, no retries)", got)
	}
	r := ComposeResult{Acks: map[string]int{"newsroom-index-1": 0, "newsroom-index-2": 12}}
	if f := r.Failures(); len(f) != 1 || !strings.Contains(f[0], "newsroom-index-1") {
		t.Errorf("Failures = %q, want one naming the idle replica", f)
	}
}
