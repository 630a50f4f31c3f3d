package baseline

import (
	"cmp"
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/newsroom-pipeline/newsroom/pkg/article"
)

// resolve settles the unresolved candidates, links short person names to
// full ones, and merges candidates into entities with counts and salience.
func (d *doc) resolve() []article.Entity {
	d.aliasParentheses()
	d.resolveSingles()
	d.linkPeople()
	d.matchEvidenceOnly()
	return d.entities()
}

// aliasParentheses gives "Long Name (ACR)" one entity: an unknown acronym in
// brackets takes the type and name of the name before it, and so do its
// later bare mentions; an unknown name takes the canonical name of a known
// acronym after it.
func (d *doc) aliasParentheses() {
	defined := map[string]gazEntry{} // acronym -> what it was defined as
	byEnd := map[[2]int]int{}        // (field, hi) -> index of the candidate ending there
	for i, c := range d.cands {
		if c.typ != "" {
			byEnd[[2]int{c.f, c.hi}] = i
		}
	}
	for i := range d.cands {
		c := &d.cands[i]
		toks := d.fields[c.f].toks
		if c.typ == "" || c.hi-c.lo != 1 || !isAcronym(toks[c.lo]) ||
			c.lo < 2 || c.hi >= len(toks) || toks[c.lo-1].s != "(" || toks[c.hi].s != ")" {
			continue
		}
		j, ok := byEnd[[2]int{c.f, c.lo - 1}]
		if !ok {
			continue
		}
		p := &d.cands[j]
		if !sameInitial(d.text(*p), toks[c.lo].s) {
			continue // "Perpustakaan Nasional Republik Indonesia (PNRI)": not Indonesia
		}
		switch {
		case c.gaz && !p.gaz && p.typ == c.typ:
			p.name = c.name
		case !c.gaz && p.typ != article.TypePerson:
			c.typ, c.name = p.typ, p.name
			defined[toks[c.lo].s] = gazEntry{p.typ, p.name}
		}
	}
	for i := range d.cands {
		c := &d.cands[i]
		if e, ok := defined[d.fields[c.f].toks[c.lo].s]; ok && !c.gaz && c.hi-c.lo == 1 {
			c.typ, c.name = e.typ, e.name
		}
	}
}

// resolveSingles decides the single unknown words, one decision per word
// for the whole story (a word keeps one sense within a story). In order: a
// word of a longer person name in the story links to it; a person cue at
// any occurrence makes a person, a place preposition a place (the more
// frequent cue wins); a word of a longer organisation or place name links
// to it; anything else (a capitalised common word at a sentence start,
// say) is dropped.
func (d *doc) resolveSingles() {
	type votes struct{ per, loc int }
	words := map[string]*votes{}
	for _, c := range d.cands {
		if c.typ != "" {
			continue
		}
		v := words[d.text(c)]
		if v == nil {
			v = &votes{}
			words[d.text(c)] = v
		}
		if c.per {
			v.per++
		}
		if c.loc {
			v.loc++
		}
	}
	// Cued people first: they are names that other single words may link to.
	people := newNameIndex(d.names(article.TypePerson))
	var cued []string
	for w, v := range words {
		if v.per > 0 && v.per >= v.loc {
			cued = append(cued, w)
		}
	}
	slices.Sort(cued) // map order must not leak into the result
	for _, w := range cued {
		people.add(w)
	}
	others := newNameIndex(nil)
	typeOf := map[string]string{}
	for _, typ := range []string{article.TypeOrganisation, article.TypePlace, article.TypeEvent, article.TypeMisc} {
		for _, n := range d.names(typ) {
			if _, dup := typeOf[n]; !dup {
				typeOf[n] = typ
				others.add(n)
			}
		}
	}
	for i := range d.cands {
		c := &d.cands[i]
		if c.typ != "" {
			continue
		}
		w := d.text(*c)
		switch {
		case people.has(w):
			c.typ, c.name = article.TypePerson, w // linkPeople picks the full name
		case words[w].loc > 0:
			c.typ, c.name = article.TypePlace, w
		default:
			c.typ = "-" // dropped unless it is part of a longer name
			if full := others.container([]string{w}); full != "" {
				c.typ, c.name = typeOf[full], full
			}
		}
	}
}

// sameInitial reports whether two names start with the same letter, ignoring
// case.
func sameInitial(a, b string) bool {
	ra, _ := utf8.DecodeRuneInString(a)
	rb, _ := utf8.DecodeRuneInString(b)
	return unicode.ToUpper(ra) == unicode.ToUpper(rb)
}

// linkPeople renames every person mention to the longest person name in the
// story that contains it ("Rogozin" -> "Dmitry Rogozin"), when that name is
// unique; with two candidates ("Gordon Brown", "Sarah Brown") it keeps the
// short form rather than guess.
func (d *doc) linkPeople() {
	people := newNameIndex(d.names(article.TypePerson))
	for i := range d.cands {
		c := &d.cands[i]
		if c.typ != article.TypePerson {
			continue
		}
		if full := people.container(nameWords(c.name)); full != "" {
			c.name = full
		}
	}
}

// matchEvidenceOnly tags a Title Case headline with the names found in the
// body and the gazetteer, longest match first.
func (d *doc) matchEvidenceOnly() {
	for f := range d.fields {
		if !d.fields[f].evidenceOnly {
			continue
		}
		known := map[string]gazEntry{}
		maxLen := 0
		for _, c := range d.cands {
			if c.typ == "" || c.typ == "-" || c.f == f {
				continue
			}
			known[surfaceKey(d.fields[c.f].toks[c.lo:c.hi])] = gazEntry{c.typ, c.name}
			maxLen = max(maxLen, c.hi-c.lo)
		}
		toks := d.fields[f].toks
		for i := 0; i < len(toks); {
			n, e := d.r.gaz.matchAt(toks, i, len(toks), nil)
			for m := min(maxLen, len(toks)-i); m > n; m-- {
				if k, ok := known[surfaceKey(toks[i:i+m])]; ok && toks[i].word && toks[i+m-1].word {
					n, e = m, k
					break
				}
			}
			if n == 0 {
				i++
				continue
			}
			d.add(f, i, i+n, e.typ, e.name, true)
			i += n
		}
	}
}

// entities merges the resolved candidates by (type, name) and scores them.
func (d *doc) entities() []article.Entity {
	type key struct{ typ, name string }
	type group struct {
		mentions       []article.Mention
		inHead, inLead bool
		firstBody      int
		seen           map[[3]int]bool
		typ, name      string
	}
	body := d.fields[1].text
	leadEnd := len(body)
	if i := strings.Index(body, "\n\n"); i >= 0 {
		leadEnd = i
	}
	groups := map[key]*group{}
	var order []key
	for _, c := range d.cands {
		if c.typ == "" || c.typ == "-" {
			continue
		}
		k := key{c.typ, c.name}
		g := groups[k]
		if g == nil {
			g = &group{firstBody: -1, seen: map[[3]int]bool{}, typ: c.typ, name: c.name}
			groups[k] = g
			order = append(order, k)
		}
		fd := d.fields[c.f]
		start, end := fd.toks[c.lo].start, fd.toks[c.hi-1].end
		if g.seen[[3]int{c.f, start, end}] {
			continue
		}
		g.seen[[3]int{c.f, start, end}] = true
		g.mentions = append(g.mentions, article.Mention{Field: fd.name, Start: start, End: end, Text: fd.text[start:end]})
		if c.f == 0 {
			g.inHead = true
		} else {
			g.inLead = g.inLead || start < leadEnd
			if g.firstBody < 0 || start < g.firstBody {
				g.firstBody = start
			}
		}
	}
	if len(order) == 0 {
		return nil
	}
	maxCount := 0
	for _, g := range groups {
		maxCount = max(maxCount, len(g.mentions))
	}
	out := make([]article.Entity, 0, len(order))
	for _, k := range order {
		g := groups[k]
		slices.SortFunc(g.mentions, func(a, b article.Mention) int {
			if a.Field != b.Field {
				if a.Field == fieldHeadline {
					return -1
				}
				return 1
			}
			return cmp.Compare(a.Start, b.Start)
		})
		out = append(out, article.Entity{
			Name:     g.name,
			Type:     g.typ,
			Count:    len(g.mentions),
			Salience: salience(len(g.mentions), maxCount, g.inHead, g.inLead, g.firstBody, len(body)),
			Mentions: g.mentions,
		})
	}
	slices.SortFunc(out, func(a, b article.Entity) int {
		return cmp.Or(cmp.Compare(b.Salience, a.Salience), cmp.Compare(a.Name, b.Name), cmp.Compare(a.Type, b.Type))
	})
	return out
}

// salience scores how central an entity is, in 0..1: mostly how often it is
// mentioned relative to the most-mentioned entity, then whether the headline
// and the first paragraph name it, then how early the body first names it.
// The weights are a guess, to be fitted once there are labelled stories.
func salience(count, maxCount int, inHead, inLead bool, firstBody, bodyLen int) float64 {
	s := 0.45 * float64(count) / float64(max(maxCount, 1))
	if inHead {
		s += 0.25
	}
	if inLead {
		s += 0.15
	}
	switch {
	case firstBody >= 0 && bodyLen > 0:
		s += 0.15 * (1 - float64(firstBody)/float64(bodyLen))
	case inHead:
		s += 0.15
	}
	return math.Round(min(max(s, 0), 1)*1000) / 1000
}

// text is the candidate's text with white space collapsed.
func (d *doc) text(c cand) string {
	fd := d.fields[c.f]
	return strings.Join(strings.Fields(fd.text[fd.toks[c.lo].start:fd.toks[c.hi-1].end]), " ")
}

// names returns the distinct names of the resolved candidates of type typ,
// in order of first appearance.
func (d *doc) names(typ string) []string {
	var out []string
	seen := map[string]bool{}
	for _, c := range d.cands {
		if c.typ == typ && !seen[c.name] {
			seen[c.name] = true
			out = append(out, c.name)
		}
	}
	return out
}

// nameWords splits a name into the words that may stand for it alone.
func nameWords(name string) []string {
	return strings.FieldsFunc(name, func(r rune) bool { return r == ' ' || r == '-' })
}

// maxContainers bounds how many names one word may link to. A word in more
// names than this is ambiguous anyway, and the bound keeps linking linear in
// the size of the story.
const maxContainers = 16

// nameIndex finds the names that contain a word.
type nameIndex struct {
	byWord map[string][]string
	seen   map[string]bool
}

func newNameIndex(names []string) *nameIndex {
	x := &nameIndex{byWord: map[string][]string{}, seen: map[string]bool{}}
	for _, n := range names {
		x.add(n)
	}
	return x
}

func (x *nameIndex) add(name string) {
	if x.seen[name] {
		return
	}
	x.seen[name] = true
	for _, w := range nameWords(name) {
		if l := x.byWord[w]; len(l) <= maxContainers && !slices.Contains(l, name) {
			x.byWord[w] = append(l, name)
		}
	}
}

// has reports whether a name in the index has the word w.
func (x *nameIndex) has(w string) bool { return len(x.byWord[w]) > 0 }

// container returns the longest name (in words) that contains words as a
// contiguous sequence and is longer than it, or "" if there is none or the
// longest is not unique.
func (x *nameIndex) container(words []string) string {
	if len(words) == 0 {
		return ""
	}
	names := x.byWord[words[0]]
	if len(names) > maxContainers {
		return ""
	}
	best, bestLen, tie := "", 0, false
	for _, n := range names {
		nw := nameWords(n)
		if len(nw) <= len(words) || !containsSeq(nw, words) {
			continue
		}
		switch {
		case len(nw) > bestLen:
			best, bestLen, tie = n, len(nw), false
		case len(nw) == bestLen:
			tie = true
		}
	}
	if tie {
		return ""
	}
	return best
}

func containsSeq(hay, needle []string) bool {
	for i := 0; i+len(needle) <= len(hay); i++ {
		if slices.Equal(hay[i:i+len(needle)], needle) {
			return true
		}
	}
	return false
}
