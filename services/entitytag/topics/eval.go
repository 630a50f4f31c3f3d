package topics

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"time"
)

// TopicScore is the precision, recall and F1 (0..1) of one topic.
type TopicScore struct {
	Code      string  `json:"code"`
	Name      string  `json:"name"`
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
	Support   int     `json:"support"` // test documents of the topic
	Predicted int     `json:"predicted"`
}

// Confusion counts test documents of topic Gold classified as Predicted.
type Confusion struct {
	Gold      string `json:"gold"`
	Predicted string `json:"predicted"`
	Count     int    `json:"count"`
}

// Report is the evaluation of a model on labelled documents.
type Report struct {
	Lang            string       `json:"lang"`
	Docs            int          `json:"docs"`
	Tokens          int          `json:"tokens"`
	Accuracy        float64      `json:"accuracy"`
	MacroF1         float64      `json:"macro_f1"` // mean F1 over the topics with test documents
	Topics          []TopicScore `json:"topics"`
	Confusions      []Confusion  `json:"confusions"` // the most frequent errors, at most 8
	DocsPerSecond   float64      `json:"docs_per_second"`
	TokensPerSecond float64      `json:"tokens_per_second"`
}

// Evaluate classifies docs with m (top topic only) and scores the result.
// Documents without any token count as errors.
func Evaluate(m *Model, docs []Doc) Report {
	r := Report{Lang: m.Lang, Docs: len(docs)}
	gold := map[string]int{}
	pred := map[string]int{}
	correct := map[string]int{}
	conf := map[[2]string]int{}
	start := time.Now()
	for _, d := range docs {
		toks := Tokens(d.Text())
		r.Tokens += len(toks)
		got := ""
		if p, _ := m.classifyTokens(toks); p != nil {
			got = p[0].Topic.ID
		}
		gold[d.Topic]++
		pred[got]++
		if got == d.Topic {
			correct[got]++
		} else {
			conf[[2]string{d.Topic, got}]++
		}
	}
	secs := time.Since(start).Seconds()
	if secs > 0 {
		r.DocsPerSecond = float64(len(docs)) / secs
		r.TokensPerSecond = float64(r.Tokens) / secs
	}
	r.Topics, r.MacroF1 = topicScores(gold, pred, correct)
	total := 0
	for _, n := range correct {
		total += n
	}
	if len(docs) > 0 {
		r.Accuracy = float64(total) / float64(len(docs))
	}
	r.Confusions = topConfusions(conf, 8)
	return r
}

// topicScores scores every topic that has test documents or predictions,
// in code order, and averages F1 over those with test documents.
func topicScores(gold, pred, correct map[string]int) ([]TopicScore, float64) {
	var out []TopicScore
	var sum float64
	n := 0
	for _, t := range TopLevel {
		g, p, c := gold[t.ID], pred[t.ID], correct[t.ID]
		if g == 0 && p == 0 {
			continue
		}
		s := TopicScore{Code: t.Code(), Name: t.Name, Support: g, Predicted: p}
		if p > 0 {
			s.Precision = float64(c) / float64(p)
		}
		if g > 0 {
			s.Recall = float64(c) / float64(g)
		}
		if s.Precision+s.Recall > 0 {
			s.F1 = 2 * s.Precision * s.Recall / (s.Precision + s.Recall)
		}
		if g > 0 {
			sum += s.F1
			n++
		}
		out = append(out, s)
	}
	if n == 0 {
		return out, 0
	}
	return out, sum / float64(n)
}

func topConfusions(conf map[[2]string]int, limit int) []Confusion {
	out := make([]Confusion, 0, len(conf))
	for k, n := range conf {
		c := Confusion{Gold: CodePrefix + k[0], Predicted: "none", Count: n}
		if k[1] != "" {
			c.Predicted = CodePrefix + k[1]
		}
		out = append(out, c)
	}
	slices.SortFunc(out, func(a, b Confusion) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Gold, b.Gold), cmp.Compare(a.Predicted, b.Predicted))
	})
	return out[:min(len(out), limit)]
}

// WriteTable prints the report as a markdown table.
func (r Report) WriteTable(w io.Writer) {
	fmt.Fprintf(w, "%s: %d test documents, accuracy %.3f, macro-F1 %.3f, %.0f docs/s, %.0f tokens/s\n\n",
		r.Lang, r.Docs, r.Accuracy, r.MacroF1, r.DocsPerSecond, r.TokensPerSecond)
	fmt.Fprintf(w, "| topic | name | precision | recall | F1 | support |\n|---|---|---|---|---|---|\n")
	for _, s := range r.Topics {
		fmt.Fprintf(w, "| %s | %s | %.3f | %.3f | %.3f | %d |\n", s.Code, s.Name, s.Precision, s.Recall, s.F1, s.Support)
	}
	if len(r.Confusions) > 0 {
		fmt.Fprintf(w, "\n| gold | predicted | documents |\n|---|---|---|\n")
		for _, c := range r.Confusions {
			fmt.Fprintf(w, "| %s | %s | %d |\n", topicLabel(c.Gold), topicLabel(c.Predicted), c.Count)
		}
	}
}

func topicLabel(code string) string {
	if t, ok := Lookup(code); ok {
		return fmt.Sprintf("%s %s", code, t.Name)
	}
	return code
}
