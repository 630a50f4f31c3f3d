package baseline

import (
	"github.com/newsroom-pipeline/newsroom/pkg/article"
)

// Span is an entity mention found by another tagger (the learned one in
// package ner): byte offsets [Start, End) into the headline (Field
// "headline") or the body ("body_text"), and an entity type (PER, ORG, LOC,
// EVT or MISC).
type Span struct {
	Field      string
	Start, End int
	Type       string
}

// Resolve turns mentions found by another tagger into entities the way the
// baseline does its own: a person title at the start of a person mention is
// cut off ("Presiden", "Menteri Luar Negeri", "Mr"), a mention that is
// exactly a gazetteer name takes its canonical name ("AS" -> "Amerika
// Serikat"), lone surnames link to the full name in the story ("Rogozin" ->
// "Dmitry Rogozin"), and mentions of one entity are merged and scored for
// salience. Spans that do not fall on token boundaries are widened to the
// tokens they touch; spans outside the text are ignored.
func Resolve(a *article.Article, spans []Span) []article.Entity {
	if a == nil {
		return nil
	}
	d := newDoc(rulesFor(a.Language), a.Headline, a.BodyText)
	for _, s := range spans {
		f := 1
		if s.Field == fieldHeadline {
			f = 0
		}
		toks := d.fields[f].toks
		lo, hi := -1, -1
		for i, t := range toks {
			if t.end > s.Start && t.start < s.End {
				if lo < 0 {
					lo = i
				}
				hi = i + 1
			}
		}
		if lo < 0 || !isEntityType(s.Type) {
			continue
		}
		if s.Type == article.TypePerson {
			for {
				n := d.r.title.matchAt(toks, lo, hi)
				if n == 0 || lo+n >= hi {
					break
				}
				lo += n
			}
		}
		// Edge punctuation the other tagger may have included.
		for lo < hi && !toks[lo].word {
			lo++
		}
		for hi > lo && !toks[hi-1].word {
			hi--
		}
		if lo >= hi {
			continue
		}
		if s.Type != article.TypePerson && d.splitHyphenGaz(f, lo, hi) {
			continue
		}
		name, gaz := "", false
		if n, e := d.r.gaz.matchAt(toks, lo, hi, nil); n == hi-lo && e.typ == s.Type {
			name, gaz = e.name, true
		}
		d.add(f, lo, hi, s.Type, name, gaz)
	}
	d.linkPeople()
	return d.entities()
}

// splitHyphenGaz adds the parts of a hyphenated mention that are all
// gazetteer names ("Rusia-Amerika Serikat") as separate entities, and
// reports whether it did.
func (d *doc) splitHyphenGaz(f, lo, hi int) bool {
	toks := d.fields[f].toks
	type part struct {
		lo, hi int
		e      gazEntry
	}
	var parts []part
	start := lo
	for i := lo; i <= hi; i++ {
		if i < hi && !isHyphenTok(toks[i]) {
			continue
		}
		if i == start {
			return false
		}
		n, e := d.r.gaz.matchAt(toks, start, i, nil)
		if n != i-start {
			return false
		}
		parts = append(parts, part{start, i, e})
		start = i + 1
	}
	if len(parts) < 2 {
		return false
	}
	for _, p := range parts {
		d.add(f, p.lo, p.hi, p.e.typ, p.e.name, true)
	}
	return true
}
