package ner

import (
	"fmt"
	"io"
	"slices"
	"text/tabwriter"
)

// PRF is precision, recall and F1 in percent with the counts behind them.
type PRF struct {
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
	Gold      int     `json:"gold"`
	Predicted int     `json:"predicted"`
	Correct   int     `json:"correct"`
}

func (p *PRF) finish() {
	if p.Predicted > 0 {
		p.Precision = 100 * float64(p.Correct) / float64(p.Predicted)
	}
	if p.Gold > 0 {
		p.Recall = 100 * float64(p.Correct) / float64(p.Gold)
	}
	if p.Precision+p.Recall > 0 {
		p.F1 = 2 * p.Precision * p.Recall / (p.Precision + p.Recall)
	}
}

// Score is a conlleval-style evaluation: exact-span matches (same start,
// end and type) counted per type and overall.
type Score struct {
	Overall PRF            `json:"overall"`
	Types   map[string]PRF `json:"types"`
	Tokens  int            `json:"tokens"`
	// TokensPerSecond is the tagging throughput, filled by the caller.
	TokensPerSecond float64 `json:"tokens_per_second,omitempty"`
}

// Scorer accumulates sentences.
type Scorer struct {
	s Score
}

// Add scores one sentence; gold and pred are BIO sequences of equal length.
func (sc *Scorer) Add(gold, pred []string) {
	if sc.s.Types == nil {
		sc.s.Types = map[string]PRF{}
	}
	sc.s.Tokens += len(gold)
	g, p := Spans(gold), Spans(pred)
	inGold := make(map[Span]bool, len(g))
	for _, s := range g {
		inGold[s] = true
		t := sc.s.Types[s.Type]
		t.Gold++
		sc.s.Types[s.Type] = t
		sc.s.Overall.Gold++
	}
	for _, s := range p {
		t := sc.s.Types[s.Type]
		t.Predicted++
		sc.s.Overall.Predicted++
		if inGold[s] {
			t.Correct++
			sc.s.Overall.Correct++
		}
		sc.s.Types[s.Type] = t
	}
}

// Score returns the totals so far.
func (sc *Scorer) Score() Score {
	out := sc.s
	out.Types = map[string]PRF{}
	for k, v := range sc.s.Types {
		v.finish()
		out.Types[k] = v
	}
	out.Overall.finish()
	return out
}

// WriteTable prints the score as a conlleval-style table.
func (s Score) WriteTable(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "type\tprecision\trecall\tF1\tgold\tpredicted\t\n")
	types := make([]string, 0, len(s.Types))
	for k := range s.Types {
		types = append(types, k)
	}
	slices.Sort(types)
	row := func(name string, p PRF) {
		fmt.Fprintf(tw, "%s\t%.2f\t%.2f\t%.2f\t%d\t%d\t\n", name, p.Precision, p.Recall, p.F1, p.Gold, p.Predicted)
	}
	for _, t := range types {
		row(t, s.Types[t])
	}
	row("overall", s.Overall)
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, "%d tokens", s.Tokens)
	if s.TokensPerSecond > 0 {
		_, err = fmt.Fprintf(w, ", %.0f tokens/s", s.TokensPerSecond)
	}
	fmt.Fprintln(w)
	return err
}
