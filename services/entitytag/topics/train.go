package topics

import (
	"cmp"
	"fmt"
	"slices"
)

// LabelCount is one row of a corpus's label table: how many documents of a
// corpus label became a topic.
type LabelCount struct {
	Corpus, Label, Topic string
	Train, Test          int
}

// LabelTable counts the documents per corpus, label and topic, split into
// training and test parts, sorted by corpus, topic and label.
func LabelTable(docs []Doc) []LabelCount {
	idx := map[[3]string]*LabelCount{}
	var out []*LabelCount
	for _, d := range docs {
		k := [3]string{d.Corpus, d.Label, d.Topic}
		r := idx[k]
		if r == nil {
			r = &LabelCount{Corpus: d.Corpus, Label: d.Label, Topic: d.Topic}
			idx[k] = r
			out = append(out, r)
		}
		if IsTest(d.Corpus, d.ID) {
			r.Test++
		} else {
			r.Train++
		}
	}
	rows := make([]LabelCount, len(out))
	for i, r := range out {
		rows[i] = *r
	}
	slices.SortFunc(rows, func(a, b LabelCount) int {
		return cmp.Or(cmp.Compare(a.Corpus, b.Corpus), cmp.Compare(a.Topic, b.Topic), cmp.Compare(a.Label, b.Label))
	})
	return rows
}

// Examples turns documents into training examples.
func Examples(docs []Doc) []Example {
	out := make([]Example, len(docs))
	for i, d := range docs {
		out[i] = Example{Text: d.Text(), Topic: d.Topic}
	}
	return out
}

// TrainResult describes a TrainDocs run.
type TrainResult struct {
	Train, Dev int     // documents: all training ones, and the part that fitted the temperature
	DevLogLoss float64 // per document, at the fitted temperature
}

// TrainDocs trains the model of lang on the training part of docs (never
// the IsTest part): it first trains without the dev part (isDev) to fit the
// softmax temperature on it, then trains on the whole training part and
// keeps that temperature. Deterministic for the same docs.
func TrainDocs(lang string, docs []Doc, cfg TrainConfig) (*Model, TrainResult, error) {
	train, _ := Split(docs)
	var fit, dev []Doc
	for _, d := range train {
		if isDev(d.Corpus, d.ID) {
			dev = append(dev, d)
		} else {
			fit = append(fit, d)
		}
	}
	res := TrainResult{Train: len(train), Dev: len(dev)}
	probe, err := Train(lang, Examples(fit), cfg)
	if err != nil {
		return nil, res, fmt.Errorf("%s: temperature model: %w", lang, err)
	}
	res.DevLogLoss = probe.FitTemperature(Examples(dev))
	m, err := Train(lang, Examples(train), cfg)
	if err != nil {
		return nil, res, fmt.Errorf("%s: %w", lang, err)
	}
	m.Temp = probe.Temp
	return m, res, nil
}
