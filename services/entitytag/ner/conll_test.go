package ner

import (
	"slices"
	"strings"
	"testing"
)

func TestReadCoNLL(t *testing.T) {
	// IOB1 with a DOCSTART, CRLF line ends, a one-column line, a dropped
	// type and a renamed one.
	in := "-DOCSTART- -X- O O\r\n\r\n" +
		"EU NNP I-NP I-ORG\r\nrejects VBZ I-VP O\r\nGerman JJ I-NP I-MISC\r\n" +
		"Peter NNP I-NP I-PERSON\r\nBlackburn NNP I-NP I-PERSON\r\nB B B-PERSON\r\n.\r\n\r\n" +
		"-DOCSTART- -X- O O\r\n\r\n" +
		"1996 CD I-NP I-DATE\r\n"
	got, err := ReadCoNLL(strings.NewReader(in), Mapping{"PERSON": "PER", "DATE": "O"})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("got %d sentences, want 2", len(got))
	}
	wantTok := []string{"EU", "rejects", "German", "Peter", "Blackburn", "B", "."}
	wantTag := []string{"B-ORG", "O", "B-MISC", "B-PER", "I-PER", "B-PER", "O"}
	if !slices.Equal(got[0].Tokens, wantTok) || !slices.Equal(got[0].Tags, wantTag) {
		t.Errorf("sentence 0 = %q %q, want %q %q", got[0].Tokens, got[0].Tags, wantTok, wantTag)
	}
	if !slices.Equal(got[1].Tags, []string{"O"}) {
		t.Errorf("dropped type: tags %q, want [O]", got[1].Tags)
	}
	if got[0].Doc == got[1].Doc {
		t.Errorf("sentences of two documents share Doc %d", got[0].Doc)
	}
	if _, err := ReadCoNLL(strings.NewReader("x X-FOO\n"), nil); err == nil {
		t.Error("bad tag accepted")
	}
}

func TestScorer(t *testing.T) {
	var sc Scorer
	gold := []string{"B-PER", "I-PER", "O", "B-LOC", "O", "B-ORG"}
	pred := []string{"B-PER", "I-PER", "O", "B-LOC", "I-LOC", "B-PER"}
	sc.Add(gold, pred)
	s := sc.Score()
	// Correct: PER 0-2. Wrong: LOC 3-5 (too long), PER 5 (wrong type).
	if s.Overall.Correct != 1 || s.Overall.Gold != 3 || s.Overall.Predicted != 3 {
		t.Fatalf("overall = %+v", s.Overall)
	}
	if p := s.Types["PER"]; p.Precision != 50 || p.Recall != 100 {
		t.Errorf("PER = %+v, want P 50 R 100", p)
	}
	if got := s.Overall.F1; got < 33.3 || got > 33.4 {
		t.Errorf("F1 = %.2f, want 33.33", got)
	}
	var b strings.Builder
	if err := s.WriteTable(&b); err != nil || !strings.Contains(b.String(), "overall") {
		t.Errorf("table = %q, %v", b.String(), err)
	}
}

func TestTokenize(t *testing.T) {
	text := `Mr. Rogozin told RIA Novosti's reporter: "The U.S. plan (2011) is fine," he said.`
	var got []string
	for _, tk := range Tokenize(text) {
		if text[tk.Start:tk.End] != tk.Text {
			t.Errorf("token %q has offsets of %q", tk.Text, text[tk.Start:tk.End])
		}
		got = append(got, tk.Text)
	}
	want := []string{"Mr.", "Rogozin", "told", "RIA", "Novosti", "'s", "reporter", ":", `"`, "The", "U.S.", "plan", "(", "2011", ")", "is", "fine", ",", `"`, "he", "said", "."}
	if !slices.Equal(got, want) {
		t.Errorf("Tokenize = %q\nwant %q", got, want)
	}
	toks := Tokenize("Satu dua. Tiga empat.\n\nlima enam")
	if s := SplitSentences("Satu dua. Tiga empat.\n\nlima enam", toks); len(s) != 3 {
		t.Errorf("SplitSentences = %v, want 3 sentences", s)
	}
}

// Every token must get exactly featsPerToken features: decode and training
// slice the feature rows by that stride. Without the organisation cues a
// model extracts the features of version 9 only.
func TestFeatureCount(t *testing.T) {
	m := NewModel("en", []string{"PER"}, 12, nil, nil, nil)
	var s scratch
	toks := []string{"Dmitry", "Rogozin", "said", "."}
	for _, cues := range []bool{false, true} {
		m.OrgCues = cues
		m.extract(toks, nil, &s)
		if len(s.rows) != m.featsPerToken()*len(toks) {
			t.Fatalf("cues %v: %d feature rows for %d tokens, want %d per token", cues, len(s.rows), len(toks), m.featsPerToken())
		}
	}
	if m.OrgCues = false; m.featsPerToken() != 62 {
		t.Errorf("without cues %d features per token, want version 9's 62", m.featsPerToken())
	}
}

func TestPartialAnnotation(t *testing.T) {
	m := NewModel("id", []string{"PER", "EVT"}, 12, nil, nil, nil)
	s := Sentence{Tokens: []string{"Joko", "di", "KTT"}, Tags: []string{"B-PER", "O", "O"}, Unannotated: []string{"EVT"}}
	mask := m.partialMask(s)
	nt := len(m.Tags()) // O B-PER I-PER B-EVT I-EVT
	allowed := func(i int) (out []string) {
		for k, tag := range m.Tags() {
			if mask[i*nt+k] {
				out = append(out, tag)
			}
		}
		return out
	}
	if got := allowed(0); !slices.Equal(got, []string{"B-PER"}) {
		t.Errorf("gold entity token allows %v", got)
	}
	if got := allowed(2); !slices.Equal(got, []string{"O", "B-EVT", "I-EVT"}) {
		t.Errorf("gold O token allows %v", got)
	}
	if m.partialMask(Sentence{Tags: []string{"O"}}) != nil {
		t.Error("fully annotated sentence got a mask")
	}
	if got := dropTypes([]string{"B-EVT", "I-EVT", "B-PER"}, []string{"EVT"}); !slices.Equal(got, []string{"O", "O", "B-PER"}) {
		t.Errorf("dropTypes = %v", got)
	}
}

func TestCaseInfoMatchesInfo(t *testing.T) {
	for _, w := range []string{"Rogozin", "NATO", "keamanan", "McDonald", "1996", "U.S.", "", "Ärger", "iPhone", "-"} {
		a, _ := info(w, nil, nil)
		b, _ := caseInfo(w, nil)
		if a.lower != b.lower || a.caps != b.caps || a.length != b.length {
			t.Errorf("%q: info %v/%v/%v, caseInfo %v/%v/%v", w, a.lower, a.caps, a.length, b.lower, b.caps, b.length)
		}
	}
}

// A damaged model file is an error, never a panic.
func TestLoadDamaged(t *testing.T) {
	m := NewModel("en", []string{"PER"}, 10, []GazEntry{{"LOC", "Jakarta"}}, nil, nil)
	m.quantise()
	var b strings.Builder
	if err := m.Save(&writerFunc{&b}); err != nil {
		t.Fatal(err)
	}
	full := b.String()
	if _, err := Load(strings.NewReader(full)); err != nil {
		t.Fatalf("round trip: %v", err)
	}
	for _, n := range []int{0, 10, len(full) / 2, len(full) - 5} {
		if _, err := Load(strings.NewReader(full[:n])); err == nil {
			t.Errorf("model truncated to %d bytes loaded", n)
		}
	}
}

type writerFunc struct{ b *strings.Builder }

func (w *writerFunc) Write(p []byte) (int, error) { return w.b.Write(p) }
