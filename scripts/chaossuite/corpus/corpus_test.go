package corpus

import (
	"strings"
	"testing"

	"github.com/newsroom-pipeline/newsroom/pkg/sharedtest"
)

// TestHostileInputsAreRefused: every hostile kind but the panic story is
// refused by ingest or normalize (so the chaos suite can expect each one
// in the dead-letter stream); the panic story is a good story until the
// fault-injection marker meets a stage that has it set.
func TestHostileInputsAreRefused(t *testing.T) {
	good := []Story{{Key: "g", Data: []byte("Jakarta (ANTARA News) - Presiden meresmikan jembatan baru di Jakarta pada Senin, disaksikan ribuan warga yang datang sejak pagi.\n\nEditor: Ruslan")}}
	if !Accepted(good[0].Data) {
		t.Fatal("the good story is refused")
	}
	stories := Hostile(200, good, "CHAOS-PANIC", 1)
	kinds := map[string]int{}
	for _, s := range stories {
		kinds[s.Hostile]++
		accepted := Accepted(s.Data)
		if s.Hostile == KindPanic {
			if !accepted || !strings.Contains(string(s.Data), "CHAOS-PANIC") {
				t.Errorf("%s: want an accepted story carrying the marker", s.Key)
			}
			continue
		}
		if accepted {
			t.Errorf("%s (%d bytes) is accepted by ingest and normalize; a hostile input must be refused", s.Key, len(s.Data))
		}
	}
	for _, k := range append(cycle, KindOversize) {
		if kinds[k] == 0 {
			t.Errorf("no %s input among 200", k)
		}
	}
	if kinds[KindOversize] != 2 {
		t.Errorf("%d oversize inputs in 200, want 2", kinds[KindOversize])
	}
	if small := Hostile(10, good, "X", 1); countKind(small, KindOversize) != 1 {
		t.Error("a short run has no oversize input")
	}
}

func countKind(s []Story, kind string) (n int) {
	for _, x := range s {
		if x.Hostile == kind {
			n++
		}
	}
	return n
}

func TestGoodCorpus(t *testing.T) {
	shared := sharedtest.Path(t, "")
	stories, err := Good(shared)
	if err != nil {
		t.Fatal(err)
	}
	if len(stories) < 5000 {
		t.Errorf("%d usable stories, want the corpora's ~5,600", len(stories))
	}
	keys := map[string]bool{}
	for _, s := range stories[:20] {
		keys[strings.SplitN(s.Key, "/", 2)[0]] = true
	}
	if !keys["indosum"] || !keys["bbc"] {
		t.Errorf("the first stories are not from both corpora: %v", keys)
	}
}
