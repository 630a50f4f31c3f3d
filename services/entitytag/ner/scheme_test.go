package ner

import (
	"slices"
	"strings"
	"testing"
)

func TestSchemeBILOUConversion(t *testing.T) {
	m := NewModel("en", []string{"PER", "LOC"}, 10, nil, nil, nil)
	m.SetScheme(SchemeBILOU)
	if want := []string{"O", "B-PER", "I-PER", "L-PER", "U-PER", "B-LOC", "I-LOC", "L-LOC", "U-LOC"}; !slices.Equal(m.Tags(), want) {
		t.Fatalf("tags %v, want %v", m.Tags(), want)
	}
	bio := []string{"B-PER", "I-PER", "I-PER", "O", "B-LOC", "B-LOC", "I-LOC", "B-PER"}
	got := m.goldIndexes(bio)
	names := make([]string, len(got))
	for i, k := range got {
		names[i] = m.tags[k]
	}
	if want := []string{"B-PER", "I-PER", "L-PER", "O", "U-LOC", "B-LOC", "L-LOC", "U-PER"}; !slices.Equal(names, want) {
		t.Errorf("BILOU of %v = %v, want %v", bio, names, want)
	}
	if back := m.tagNames(got); !slices.Equal(back, bio) {
		t.Errorf("back to BIO: %v, want %v", back, bio)
	}
	// Entity lengths as the document context records them.
	for i, want := range map[int]int{0: 3, 4: 1, 5: 2, 7: 1} {
		if n := m.sch.entityLen(got, i); n != want {
			t.Errorf("entity at %d: length %d, want %d", i, n, want)
		}
	}
	// BIO models keep their indexes: B-X at 1+2k, I-X at 2+2k.
	b := NewModel("en", []string{"PER", "LOC"}, 10, nil, nil, nil)
	if got := b.goldIndexes(bio); !slices.Equal(got, []int{1, 2, 2, 0, 3, 3, 4, 1}) {
		t.Errorf("BIO indexes %v", got)
	}
}

func TestSchemeBILOUTransitions(t *testing.T) {
	s := schemeOf(SchemeBILOU)
	nt := 9 // O + 4 tags of PER (1-4) and LOC (5-8)
	cases := []struct {
		p, c int
		ok   bool
	}{
		{nt, 1, true},  // start → B-PER
		{nt, 2, false}, // start → I-PER
		{nt, 4, true},  // start → U-PER
		{1, 2, true},   // B-PER → I-PER
		{1, 3, true},   // B-PER → L-PER
		{1, 0, false},  // B-PER → O: the entity must end with L
		{1, 7, false},  // B-PER → L-LOC
		{2, 3, true},   // I-PER → L-PER
		{3, 3, false},  // L-PER → L-PER
		{3, 5, true},   // L-PER → B-LOC
		{4, 0, true},   // U-PER → O
		{4, 2, false},  // U-PER → I-PER
	}
	for _, c := range cases {
		if got := s.allowed(c.p, c.c, nt); got != c.ok {
			t.Errorf("allowed(%d → %d) = %v, want %v", c.p, c.c, got, c.ok)
		}
	}
}

// A BILOU model trains, tags in BIO, ends no sentence inside an entity,
// and keeps its scheme through Save and Load.
func TestTrainBILOURoundTrip(t *testing.T) {
	train, dev := synthetic(40, 0), synthetic(10, 3)
	for i := range train {
		// Two-word people, so I/L tags are learned too.
		if i%2 == 0 {
			train[i].Tokens = slices.Insert(slices.Clone(train[i].Tokens), 2, "Jr")
			train[i].Tags = slices.Insert(slices.Clone(train[i].Tags), 2, "I-PER")
		}
	}
	m := NewModel("en", []string{"PER", "LOC"}, 14, nil, nil, nil)
	m.SetScheme(SchemeBILOU)
	Train(m, train, dev, TrainConfig{Epochs: 4, Seed: 7, Runs: 2})
	toks := []string{"Mr", "Widodo", "Jr", "spoke", "in", "Bandung", "on", "9", "."}
	want := []string{"O", "B-PER", "I-PER", "O", "O", "B-LOC", "O", "O", "O"}
	if got := m.Tag(toks); !slices.Equal(got, want) {
		t.Errorf("Tag = %v, want %v", got, want)
	}
	// A sentence cut after a name's first word must not end on B.
	if got := m.TagIndexes([]string{"Mr", "Widodo"}); m.sch.open(got[len(got)-1]) {
		t.Errorf("sentence ends on the open tag %s", m.tags[got[len(got)-1]])
	}
	m2 := roundTrip(t, m)
	if m2.Scheme != SchemeBILOU || len(m2.Tags()) != 9 {
		t.Fatalf("loaded scheme %q with %d tags, want bilou with 9", m2.Scheme, len(m2.Tags()))
	}
	if got := m2.Tag(toks); !slices.Equal(got, want) {
		t.Errorf("loaded model Tag = %v, want %v", got, want)
	}
	if d := m2.Describe(); !strings.Contains(d, "BILOU") {
		t.Errorf("Describe %q does not name the scheme", d)
	}
}
