// Package learned is the entity tagger the entity-tag worker runs: the
// learned models of package ner for Indonesian and English, with the
// rule-based baseline as a labelled fallback for every other language.
//
// Per article: the headline and the body are tokenised and split into
// sentences and tagged as one document (so how a word is written elsewhere
// in the story is a feature); the mentions then go through the baseline's
// resolver (baseline.Resolve), which cuts person titles off names
// ("Presiden", "Menteri Luar Negeri", "Mr"), gives gazetteer names their
// canonical form, links lone surnames to full names ("Rogozin" -> "Dmitry
// Rogozin"), merges the mentions of each entity and scores salience.
//
// A Title Case or ALL CAPS headline, where capitals say nothing about names,
// keeps only the mentions whose text the body also tags.
package learned

import (
	"slices"
	"strings"
	"unicode"

	"github.com/newsroom-pipeline/newsroom/pkg/article"
	"github.com/newsroom-pipeline/newsroom/services/entitytag/baseline"
	"github.com/newsroom-pipeline/newsroom/services/entitytag/ner"
	"github.com/newsroom-pipeline/newsroom/services/entitytag/ner/models"
)

// Version is stamped on articles tagged by a learned model. Bump it when the
// models or the resolution change.
const Version = "ner-5"

// Languages with a learned model.
var languages = []string{"en", "id"}

// Tagger routes by language. It is safe for concurrent use.
type Tagger struct {
	models   map[string]*ner.Model
	fallback *baseline.Tagger
	// Acronyms, when set, gives the entity type of an acronym the newsroom
	// knows in stories of a language ("" when unknown): see
	// markKnownAcronyms. Set before use.
	Acronyms func(lang, word string) string
}

// New loads the committed models.
func New() (*Tagger, error) {
	t := &Tagger{models: map[string]*ner.Model{}, fallback: baseline.New()}
	for _, l := range languages {
		m, err := models.Load(l)
		if err != nil {
			return nil, err
		}
		t.models[l] = m
	}
	return t, nil
}

// Version names the learned tagger; see VersionFor.
func (*Tagger) Version() string { return Version }

// VersionFor is Version for Indonesian and English stories and
// "baseline-1 (fallback: no ner model for <lang>)" for the others, so that
// fallback tags can be told apart and re-tagged when a model arrives.
func (t *Tagger) VersionFor(a *article.Article) string {
	if a != nil && t.models[primary(a.Language)] == nil {
		lang := primary(a.Language)
		if lang == "" {
			lang = "unknown language"
		}
		return baseline.Version + " (fallback: no ner model for " + lang + ")"
	}
	return Version
}

// primary returns the lower-case primary subtag ("in" is "id").
func primary(lang string) string {
	p, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(lang)), "-")
	p, _, _ = strings.Cut(p, "_")
	if p == "in" {
		return "id"
	}
	return p
}

// Tag returns the entities of a; it never modifies a.
func (t *Tagger) Tag(a *article.Article) []article.Entity {
	if a == nil {
		return nil
	}
	lang := primary(a.Language)
	m := t.models[lang]
	if m == nil {
		return t.fallback.Tag(a)
	}
	type part struct {
		field string
		text  string
		toks  []ner.Token
		sents [][2]int
	}
	parts := []part{{field: "headline", text: a.Headline}, {field: "body_text", text: a.BodyText}}
	var words [][]string
	for i := range parts {
		p := &parts[i]
		p.toks = m.Tokenize(p.text)
		p.sents = ner.SplitSentences(p.text, p.toks)
		for _, s := range p.sents {
			w := make([]string, 0, s[1]-s[0])
			for _, tk := range p.toks[s[0]:s[1]] {
				w = append(w, tk.Text)
			}
			words = append(words, w)
		}
	}
	tags := m.TagDoc(words)
	if t.Acronyms != nil {
		markKnownAcronyms(words, tags, m.Types, func(w string) string { return t.Acronyms(lang, w) })
	}
	var spans []baseline.Span
	k := 0
	headSpans := 0
	for pi, p := range parts {
		for _, s := range p.sents {
			for _, sp := range ner.Spans(tags[k]) {
				first, last := p.toks[s[0]+sp.Start], p.toks[s[0]+sp.End-1]
				spans = append(spans, baseline.Span{Field: p.field, Start: first.Start, End: last.End, Type: sp.Type})
				if pi == 0 {
					headSpans++
				}
			}
			k++
		}
	}
	if headSpans > 0 && titleCase(parts[0].toks) {
		spans = keepConfirmedHeadline(spans, headSpans, a.Headline, a.BodyText)
	}
	return baseline.Resolve(a, spans)
}

// markKnownAcronyms tags as single-word entities the known acronyms the
// model left O: the Indonesian training corpora disagree about institutions
// (IndoLEM UGM writes "Mahkamah Konstitusi (MK)" as O, NERGrit as ORG), so
// the model misses "MK" in "putusan MK" although the alias table has seen it
// introduced as "Mahkamah Konstitusi (MK)" in 14 stories. Only words of 2
// to 6 capitals, not in a sentence without lower case (a headline in
// capitals), not before "$" ("US$"), and only types the model has.
func markKnownAcronyms(words, tags [][]string, types []string, known func(string) string) {
	for k, ws := range words {
		if !hasLower(ws) {
			continue
		}
		for i, w := range ws {
			if tags[k][i] != "O" || !acronym(w) || (i+1 < len(ws) && ws[i+1] == "$") {
				continue
			}
			if typ := known(w); typ != "" && slices.Contains(types, typ) {
				tags[k][i] = "B-" + typ
			}
		}
	}
}

// acronym reports a word of 2 to 6 capital letters.
func acronym(w string) bool {
	if len(w) < 2 || len(w) > 6 {
		return false
	}
	for _, r := range w {
		if r < 'A' || r > 'Z' {
			return false
		}
	}
	return true
}

func hasLower(ws []string) bool {
	for _, w := range ws {
		for _, r := range w {
			if unicode.IsLower(r) {
				return true
			}
		}
	}
	return false
}

// titleCase reports a headline that capitalises (nearly) every longer word.
func titleCase(toks []ner.Token) bool {
	long, capped := 0, 0
	for _, tk := range toks {
		r := []rune(tk.Text)
		if len(r) < 4 || !unicode.IsLetter(r[0]) {
			continue
		}
		long++
		if unicode.IsUpper(r[0]) {
			capped++
		}
	}
	return long >= 3 && capped*10 >= long*8
}

// keepConfirmedHeadline drops headline spans (the first n) whose text the
// body does not also tag.
func keepConfirmedHeadline(spans []baseline.Span, n int, head, body string) []baseline.Span {
	inBody := map[string]bool{}
	for _, s := range spans[n:] {
		inBody[strings.ToLower(body[s.Start:s.End])] = true
	}
	out := spans[:0:0]
	for i, s := range spans {
		if i >= n || inBody[strings.ToLower(head[s.Start:s.End])] {
			out = append(out, s)
		}
	}
	return out
}
