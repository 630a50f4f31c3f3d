package baseline

import (
	_ "embed"
	"fmt"
	"strings"
	"sync"

	"github.com/newsroom-pipeline/newsroom/pkg/article"
)

// The word lists and the gazetteer are hand-written TSV files compiled into the
// binary, so the tagger needs no files at run time and its behaviour is fixed
// by the version that was built.
var (
	//go:embed data/lexicon.tsv
	lexiconTSV string
	//go:embed data/gazetteer.tsv
	gazetteerTSV string
)

// Languages with their own rules. Every other language uses langEN.
const (
	langID = "id"
	langEN = "en"
)

// loadRules parses the embedded data once. The result is read-only and shared
// by all taggers and goroutines.
var loadRules = sync.OnceValue(func() map[string]*rules {
	return map[string]*rules{
		langID: mustParseRules(langID, lexiconTSV, gazetteerTSV),
		langEN: mustParseRules(langEN, lexiconTSV, gazetteerTSV),
	}
})

// rulesFor returns the rules for a BCP 47 language tag: Indonesian ("id",
// "id-ID", and the withdrawn code "in") or else English.
func rulesFor(lang string) *rules {
	primary, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(lang)), "-")
	primary, _, _ = strings.Cut(primary, "_")
	if primary == "in" {
		primary = langID
	}
	all := loadRules()
	if r, ok := all[primary]; ok {
		return r
	}
	return all[langEN]
}

// rules are the word lists and gazetteer for one language; see
// data/lexicon.tsv for what each list means.
type rules struct {
	lang string

	stop, common, calendar, title       *phraseSet
	pbefore, pafter                     *phraseSet
	orgcue, evtcue, loccue, misccue     *phraseSet
	locstrip, headsplit                 *phraseSet
	locprep, locprep1, connector, orgco *phraseSet
	noacr, abbr                         *phraseSet

	gaz *gazetteer
}

func (r *rules) isAbbr(s string) bool { return r.abbr.has(s) }

// isHeadWordClass reports the lexicon classes shared by all languages.
func isHeadWordClass(class string) bool {
	switch class {
	case "orgcue", "evtcue", "loccue", "misccue":
		return true
	}
	return false
}

// mustParseRules builds the rules for lang. The data is embedded and covered
// by tests, so a malformed line is a programming error and panics.
func mustParseRules(lang, lexicon, gaz string) *rules {
	r := &rules{lang: lang}
	classes := map[string]**phraseSet{
		"stop": &r.stop, "common": &r.common, "calendar": &r.calendar, "title": &r.title,
		"pbefore": &r.pbefore, "pafter": &r.pafter,
		"orgcue": &r.orgcue, "evtcue": &r.evtcue, "loccue": &r.loccue, "misccue": &r.misccue,
		"locstrip": &r.locstrip, "headsplit": &r.headsplit,
		"locprep": &r.locprep, "locprep1": &r.locprep1, "connector": &r.connector, "orgconn": &r.orgco,
		"noacr": &r.noacr, "abbr": &r.abbr,
	}
	for _, p := range classes {
		*p = &phraseSet{m: map[string]bool{}}
	}
	type entry struct{ class, phrase string }
	var entries []entry
	for n, line := range strings.Split(lexicon, "\n") {
		if line = strings.TrimRight(line, "\r"); line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 3 || f[2] == "" {
			panic(fmt.Sprintf("baseline: lexicon.tsv line %d: want 3 tab-separated fields: %q", n+1, line))
		}
		if _, ok := classes[f[1]]; !ok {
			panic(fmt.Sprintf("baseline: lexicon.tsv line %d: unknown class %q", n+1, f[1]))
		}
		if f[0] == "*" || f[0] == lang || isHeadWordClass(f[1]) {
			entries = append(entries, entry{f[1], f[2]})
		}
	}
	// Abbreviations first: tokenising the other phrases depends on them.
	for _, e := range entries {
		if e.class == "abbr" {
			r.abbr.add(tokenize(e.phrase, nil))
		}
	}
	for _, e := range entries {
		if e.class != "abbr" {
			(*classes[e.class]).add(tokenize(e.phrase, r.isAbbr))
		}
	}
	r.gaz = mustParseGazetteer(lang, gaz, r.isAbbr)
	return r
}

// phraseSet is a set of word sequences matched case-insensitively.
type phraseSet struct {
	m      map[string]bool
	first  map[string]bool // first words of the phrases, for a quick miss
	maxLen int
}

func (p *phraseSet) add(toks []token) {
	if len(toks) == 0 {
		return
	}
	if p.first == nil {
		p.first = map[string]bool{}
	}
	p.m[phraseKey(toks)] = true
	p.first[toks[0].low] = true
	p.maxLen = max(p.maxLen, len(toks))
}

func phraseKey(toks []token) string {
	if len(toks) == 1 {
		return toks[0].low
	}
	parts := make([]string, len(toks))
	for i, t := range toks {
		parts[i] = t.low
	}
	return strings.Join(parts, " ")
}

// has reports whether the single word s is in the set.
func (p *phraseSet) has(s string) bool { return p.m[norm(s)] }

// hasTok reports whether the single token t is in the set.
func (p *phraseSet) hasTok(t token) bool { return p.m[t.low] }

// matchAt returns the length of the longest phrase that starts at toks[i] and
// ends before toks[hi], or 0. A phrase never spans a line break.
func (p *phraseSet) matchAt(toks []token, i, hi int) int {
	if i >= hi || !p.first[toks[i].low] {
		return 0
	}
	for n := min(p.maxLen, hi-i); n > 0; n-- {
		if !crossesLine(toks[i:i+n]) && p.m[phraseKey(toks[i:i+n])] {
			return n
		}
	}
	return 0
}

// endsAt returns the length of the longest phrase that ends right before
// toks[i] (and starts at or after toks[lo]), or 0.
func (p *phraseSet) endsAt(toks []token, lo, i int) int {
	for n := min(p.maxLen, i-lo); n > 0; n-- {
		if p.first[toks[i-n].low] && !crossesLine(toks[i-n:i]) && p.m[phraseKey(toks[i-n:i])] {
			return n
		}
	}
	return 0
}

// crossesLine reports whether a line break falls inside toks.
func crossesLine(toks []token) bool {
	for _, t := range toks[1:] {
		if t.newline {
			return true
		}
	}
	return false
}

// gazetteer maps exact surface forms (token texts joined by spaces) to the
// entity they name, with the canonical name for one language.
type gazetteer struct {
	m      map[string]gazEntry
	first  map[string]bool // first tokens of the surface forms, for a quick miss
	maxLen int
}

type gazEntry struct{ typ, name string }

func isEntityType(typ string) bool {
	switch typ {
	case article.TypePerson, article.TypeOrganisation, article.TypePlace, article.TypeEvent, article.TypeMisc:
		return true
	}
	return false
}

func mustParseGazetteer(lang, data string, isAbbr func(string) bool) *gazetteer {
	g := &gazetteer{m: map[string]gazEntry{}, first: map[string]bool{}}
	for n, line := range strings.Split(data, "\n") {
		if line = strings.TrimRight(line, "\r"); line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) < 3 || len(f) > 4 || !isEntityType(f[0]) || f[1] == "" || f[2] == "" {
			panic(fmt.Sprintf("baseline: gazetteer.tsv line %d: want TYPE, en, id[, aliases]: %q", n+1, line))
		}
		e := gazEntry{typ: f[0], name: f[1]}
		surfaces := []string{f[1]}
		if f[2] != "-" {
			surfaces = append(surfaces, f[2])
			if lang == langID {
				e.name = f[2]
			}
		}
		if len(f) == 4 && f[3] != "" {
			for _, a := range strings.Split(f[3], "|") {
				if rest, ok := strings.CutPrefix(a, "id:"); ok {
					if lang != langID {
						continue
					}
					a = rest
				} else if rest, ok := strings.CutPrefix(a, "en:"); ok {
					if lang == langID {
						continue
					}
					a = rest
				}
				surfaces = append(surfaces, a)
			}
		}
		for _, s := range surfaces {
			toks := tokenize(s, isAbbr)
			if len(toks) == 0 {
				panic(fmt.Sprintf("baseline: gazetteer.tsv line %d: empty surface form", n+1))
			}
			key := surfaceKey(toks)
			if _, dup := g.m[key]; !dup { // first row wins
				g.m[key] = e
				g.first[toks[0].s] = true
				g.maxLen = max(g.maxLen, len(toks))
			}
		}
	}
	return g
}

// surfaceKey is the case-sensitive key of a token sequence.
func surfaceKey(toks []token) string {
	if len(toks) == 1 {
		return toks[0].s
	}
	parts := make([]string, len(toks))
	for i, t := range toks {
		parts[i] = t.s
	}
	return strings.Join(parts, " ")
}

// matchAt returns the longest gazetteer entry that starts at toks[i], ends
// before toks[hi] and satisfies keep (nil keeps all), with its length in
// tokens; n is 0 when there is none.
func (g *gazetteer) matchAt(toks []token, i, hi int, keep func(gazEntry) bool) (n int, e gazEntry) {
	if i >= hi || !toks[i].word || !g.first[toks[i].s] {
		return 0, gazEntry{}
	}
	for n := min(g.maxLen, hi-i); n > 0; n-- {
		if !toks[i+n-1].word || crossesLine(toks[i:i+n]) {
			continue
		}
		if e, ok := g.m[surfaceKey(toks[i:i+n])]; ok && (keep == nil || keep(e)) {
			return n, e
		}
	}
	return 0, gazEntry{}
}

// GazetteerTSV returns the embedded gazetteer (data/gazetteer.tsv), so that
// the learned tagger in package ner can use the same names as features.
func GazetteerTSV() string { return gazetteerTSV }
