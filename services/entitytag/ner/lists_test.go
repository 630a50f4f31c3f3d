package ner

import (
	"slices"
	"testing"
)

func infosOf(m *Model, toks []string) []tokInfo {
	infos, _ := m.sentenceInfo(toks, nil, nil)
	return infos
}

// Lists overlap: each list marks its own longest match, B=1, I=2 in its two
// bits, case-insensitively.
func TestNameListsOverlap(t *testing.T) {
	m := NewModel("en", []string{"PER", "LOC"}, 10, nil, []NameList{
		{Name: "first", Names: []string{"George"}},
		{Name: "last", Names: []string{"Washington"}},
		{Name: "city", Names: []string{"Washington", "New York", "New York City"}},
	}, nil)
	infos := infosOf(m, []string{"George", "Washington", "left", "new", "york", "city", "NEW", "YORK"})
	want := []uint16{
		1,                      // George: first B
		1<<2 | 1<<4,            // Washington: last B, city B
		0,                      // left
		1 << 4, 2 << 4, 2 << 4, // new york city: the longest city match
		1 << 4, 2 << 4, // NEW YORK
	}
	for i, w := range want {
		if infos[i].lists != w {
			t.Errorf("token %d: lists %b, want %b", i, infos[i].lists, w)
		}
	}
}

func TestTableBucket(t *testing.T) {
	for _, tc := range []struct {
		toks []string
		want uint8
	}{
		{[]string{"Rogozin", "said", "."}, 0},
		{[]string{"In", "2011", "Rogozin", "said", "it", "again", "."}, 1},
		{[]string{"Portsmouth", "22", "7", "5", "10"}, 2},
	} {
		if got := tableBucket(tc.toks); got != tc.want {
			t.Errorf("tableBucket(%v) = %d, want %d", tc.toks, got, tc.want)
		}
	}
}

// The second pass sees what the first predicted for each word anywhere in
// the document, the longest entity over it and the document's main type;
// only sentences that disagree with that are decoded again.
func TestDocContextSecondPass(t *testing.T) {
	m := NewModel("en", []string{"PER", "ORG", "LOC"}, 10, nil, nil, nil)
	sents := [][]string{
		{"Santa", "Fe", "Pacific", "Gold", "Corp", "rose", "."},
		{"Shares", "of", "Santa", "Fe", "fell", "."},
	}
	doc := m.DocContext(sents)
	s := &scratch{}
	org, loc := m.tagIndex("B-ORG"), m.tagIndex("B-LOC")
	iorg, iloc := m.tagIndex("I-ORG"), m.tagIndex("I-LOC")
	first := [][]int{
		{org, iorg, iorg, iorg, iorg, 0, 0},
		{0, 0, loc, iloc, 0, 0},
	}
	for k, toks := range sents {
		s.infos, s.buf = m.sentenceInfo(toks, s.infos, s.buf)
		doc.remember(s.infos, first[k])
	}
	doc.secondPass()
	if doc.major != 2 { // ORG is type index 1: major is 1 + index
		t.Errorf("major = %d, want 2 (ORG)", doc.major)
	}
	santa := infosOf(m, []string{"santa"})[0].lower
	if got := doc.seen[santa]; got != seenKnown|doc.seenBit(org)|doc.seenBit(loc) {
		t.Errorf("seen[santa] = %b, want known|ORG|LOC", got)
	}
	if got := doc.long[santa]; got != 2|5<<8 {
		t.Errorf("long[santa] = %x, want ORG over 5 words", got)
	}
	if len(doc.hist) != 0 {
		t.Error("the history was not restarted for the second pass")
	}
	words := func(toks []string) (out []wordCase) {
		for _, t := range infosOf(m, toks) {
			out = append(out, wordCase{t.lower, t.caps})
		}
		return out
	}
	if !doc.disagrees(words(sents[1]), first[1]) {
		t.Error("sentence 2 (LOC where the document says ORG) does not disagree")
	}
	if doc.disagrees(words([]string{"Shares", "fell", "."}), []int{0, 0, 0}) {
		t.Error("a sentence without names disagrees")
	}
	if doc.disagrees(words([]string{"the", "santa", "claus"}), []int{0, 0, 0}) {
		t.Error("lower-case words predicted O disagree")
	}
}

func TestModelTokenizeHyphens(t *testing.T) {
	text := "Perundingan Rusia-Amerika Serikat, teman-teman di Mercedes-Benz dan Mohajer-4."
	texts := func(toks []Token) (out []string) {
		for _, tk := range toks {
			if text[tk.Start:tk.End] != tk.Text {
				t.Errorf("token %q has offsets of %q", tk.Text, text[tk.Start:tk.End])
			}
			out = append(out, tk.Text)
		}
		return out
	}
	id := NewModel("id", []string{"PER"}, 10, nil, nil, nil)
	en := NewModel("en", []string{"PER"}, 10, nil, nil, nil)
	want := []string{"Perundingan", "Rusia", "-", "Amerika", "Serikat", ",", "teman-teman", "di", "Mercedes", "-", "Benz", "dan", "Mohajer-4", "."}
	if got := texts(id.Tokenize(text)); !slices.Equal(got, want) {
		t.Errorf("id: %q\nwant %q", got, want)
	}
	if got := texts(en.Tokenize(text)); !slices.Contains(got, "Rusia-Amerika") || !slices.Contains(got, "Mercedes-Benz") {
		t.Errorf("en split capitalised compounds: %q", got)
	}
}
