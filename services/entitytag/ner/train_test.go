package ner

import (
	"bytes"
	"fmt"
	"slices"
	"testing"
)

// synthetic builds documents where people follow "Mr" and places follow
// "in", with names drawn from small lists, so a model can learn the cues.
func synthetic(docs int, offset int) []Sentence {
	people := []string{"Smith", "Jones", "Rogozin", "Tauscher", "Burhani", "Widodo"}
	places := []string{"Moskow", "Chicago", "Lisabon", "Jakarta", "Paris", "Bandung"}
	var out []Sentence
	for d := range docs {
		for k := range 3 {
			p := people[(d+k+offset)%len(people)]
			l := places[(d*2+k+offset)%len(places)]
			out = append(out, Sentence{
				Doc:    d,
				Tokens: []string{"Mr", p, "spoke", "in", l, "on", fmt.Sprint(d), "."},
				Tags:   []string{"O", "B-PER", "O", "O", "B-LOC", "O", "O", "O"},
			})
		}
	}
	return out
}

// roundTrip saves m and loads it back.
func roundTrip(t *testing.T, m *Model) *Model {
	t.Helper()
	var buf bytes.Buffer
	if err := m.Save(&buf); err != nil {
		t.Fatal(err)
	}
	m2, err := Load(&buf)
	if err != nil {
		t.Fatal(err)
	}
	return m2
}

func TestTrainEnsembleAndRoundTrip(t *testing.T) {
	train, dev := synthetic(40, 0), synthetic(10, 3)
	m := NewModel("en", []string{"PER", "LOC"}, 14, nil, nil, nil)
	results, best := Train(m, train, dev, TrainConfig{Epochs: 3, Seed: 7, Runs: 2})
	if len(best) != 2 {
		t.Fatalf("best epochs %v, want one per run", best)
	}
	last := results[len(results)-1]
	if last.Run != 0 || last.DevF1 < 99 {
		t.Errorf("last result %+v, want the ensemble's (Run 0) dev F1 of 100", last)
	}
	runs := map[int]bool{}
	for _, r := range results[:len(results)-1] {
		runs[r.Run] = true
	}
	if !runs[1] || !runs[2] {
		t.Errorf("results cover runs %v, want 1 and 2", runs)
	}
	want := []string{"O", "B-PER", "O", "O", "B-LOC", "O", "O", "O"}
	toks := []string{"Mr", "Widodo", "spoke", "in", "Bandung", "on", "9", "."}
	if got := m.Tag(toks); !slices.Equal(got, want) {
		t.Errorf("Tag = %v, want %v", got, want)
	}
	m2 := roundTrip(t, m)
	if got := m2.TagDoc([][]string{toks, toks}); !slices.Equal(got[0], want) || !slices.Equal(got[1], want) {
		t.Errorf("loaded model TagDoc = %v, want %v twice", got, want)
	}
}

// A final fit retrains each run on train + dev for exactly the epoch count
// its selection run chose on dev.
func TestTrainFinalFit(t *testing.T) {
	train, dev := synthetic(40, 0), synthetic(10, 3)
	fin := append(slices.Clone(train), dev...)
	m := NewModel("en", []string{"PER", "LOC"}, 14, nil, nil, nil)
	results, best := Train(m, train, dev, TrainConfig{Epochs: 4, Seed: 7, Runs: 2, FinalFit: fin})
	if len(best) != 2 {
		t.Fatalf("best epochs %v, want one per run", best)
	}
	final := map[int]int{}
	for _, r := range results {
		if r.Final {
			final[r.Run] = max(final[r.Run], r.Epoch)
			if r.DevF1 != -1 {
				t.Errorf("final-fit epoch %+v scored on dev", r)
			}
		}
	}
	for run, b := range best {
		if final[run+1] != b {
			t.Errorf("run %d: final fit ran %d epochs, selection chose %d", run+1, final[run+1], b)
		}
	}
	if last := results[len(results)-1]; last.Run != 0 || last.Final || last.DevF1 < 99 {
		t.Errorf("last result %+v, want the selection runs' average (Run 0) on dev", last)
	}
	want := []string{"O", "B-PER", "O", "O", "B-LOC", "O", "O", "O"}
	toks := []string{"Mr", "Widodo", "spoke", "in", "Bandung", "on", "9", "."}
	if got := m.Tag(toks); !slices.Equal(got, want) {
		t.Errorf("Tag = %v, want %v", got, want)
	}
}
