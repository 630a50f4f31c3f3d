package topics

import (
	"fmt"
	"math"
	"strings"

	"github.com/newsroom-pipeline/newsroom/pkg/article"
)

// FallbackLang is the model used for languages without their own: English,
// the language most foreign-language wire stories are translated from, and
// whose names and numbers still carry some signal in other Latin-script
// text. Such results are weak; see the package README.
const FallbackLang = "en"

// SecondMin is the probability a runner-up topic needs for Assign to add it
// as a second inferred topic (a story that is close to two topics).
const SecondMin = 0.35

// Classifier picks a model by language. It is read-only after
// NewClassifier and safe for concurrent use.
type Classifier struct {
	models map[string]*Model
}

// NewClassifier builds a classifier from per-language models (keyed by
// Model.Lang); it needs the FallbackLang model.
func NewClassifier(models ...*Model) (*Classifier, error) {
	c := &Classifier{models: map[string]*Model{}}
	for _, m := range models {
		c.models[m.Lang] = m
	}
	if c.models[FallbackLang] == nil {
		return nil, fmt.Errorf("topic classifier needs a %q model (the fallback for other languages)", FallbackLang)
	}
	return c, nil
}

// Model returns the model used for lang: its own, else the fallback.
func (c *Classifier) Model(lang string) *Model {
	if m := c.models[strings.ToLower(lang)]; m != nil {
		return m
	}
	return c.models[FallbackLang]
}

// Classify returns the topics of a story ranked by probability, nil when
// headline and body hold no token.
func (c *Classifier) Classify(lang, headline, body string) []Prediction {
	return c.Model(lang).Classify(docText(headline, body))
}

// Assign sets the article's Media Topics. It is idempotent: it first drops
// the subjects an earlier Assign added (Origin source or inferred), keeps
// the wire's own codes, then appends FromSource of those codes and the
// inferred top level (Origin inferred, Confidence rounded to 3 decimals)
// unless that code is already among them; a runner-up with probability of
// at least SecondMin is added the same way. A story whose headline and body
// hold no word gets only the mapped source topics, possibly none. Stories in
// languages without a model use the FallbackLang model.
//
// The wire's own subjects stay as they came, without Origin, even a Media
// Topic the wire sent: its Origin-source copy is appended like any mapped
// code. Keeping the original is what makes Assign idempotent, and readers
// that want the Media Topics select the subjects that have an Origin.
func (c *Classifier) Assign(a *article.Article) {
	kept := a.Subject[:0:0]
	for _, s := range a.Subject {
		if s.Origin != article.SubjectFromSource && s.Origin != article.SubjectInferred {
			kept = append(kept, s)
		}
	}
	mapped := FromSource(kept)
	have := map[string]bool{}
	for _, s := range mapped {
		have[s.Code] = true
	}
	out := append(kept, mapped...)
	for i, p := range c.Classify(a.Language, a.Headline, a.BodyText) {
		if i > 1 || (i == 1 && p.Prob < SecondMin) {
			break
		}
		if have[p.Topic.Code()] {
			continue
		}
		s := p.Topic.Subject()
		s.Origin = article.SubjectInferred
		s.Confidence = math.Round(p.Prob*1000) / 1000
		out = append(out, s)
	}
	if len(out) == 0 {
		out = nil
	}
	a.Subject = out
}
