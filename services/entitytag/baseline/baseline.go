// Package baseline is a first, rule-based BASELINE named-entity tagger for
// Indonesian ("id") and English ("en") news. It is meant to be replaced by a
// learned model behind the same tagger.Tagger interface; until then it gives
// the pipeline honest, explainable people/organisation/place/event facets.
//
// How it works, per article (headline and body text):
//
//  1. Tokenise, keeping byte offsets and sentence starts.
//  2. Find runs of capitalised words, allowing inner connectors ("bin",
//     "van", "de", "al-", English "of") and, inside organisation names,
//     "dan"/"and"/"for". A function word at the start of a run ("Namun",
//     "The") is skipped.
//  3. Classify each run: a known name in the embedded gazetteer wins; person
//     titles ("Wakil Menteri Luar Negeri", "Ms") are cut off and mark what
//     follows as a person; head words mark organisations ("Kementerian",
//     "Party"), events ("KTT", "Summit") and places ("Kabupaten", "River");
//     known names inside a run are split out ("Rusia-Amerika Serikat"); an
//     unknown all-capital word is an organisation (OANA); an unknown run of
//     two or more name-like words is a person ("Dmitry Rogozin").
//  4. Single unknown words need evidence: a person cue around them ("kata
//     Rogozin", "Hewitt said"), a place preposition ("di Bekasi"), or a
//     longer name in the same story that contains them. A lone surname links
//     to that full name ("Rogozin" -> "Dmitry Rogozin"). A capitalised common
//     word at the start of a sentence ("Keputusan", "Other") has none of
//     these and is dropped.
//  5. A Title Case or ALL CAPS headline, where capitals mean nothing, only
//     gets the names already found in the body or the gazetteer.
//  6. Mentions of one entity are merged; salience combines mention count,
//     headline and first-paragraph presence, and how early the entity
//     appears.
//
// Stories in other languages are tagged with the English rules and the
// gazetteer only. Known weaknesses: no nested entities except places and
// organisations inside events; a gazetteer place inside an unknown name is
// split out ("Paris Hilton"); organisation names without a head word and
// titles that are not listed are missed or mistyped; no coreference beyond
// surnames. See the tests for what it is measured against.
package baseline

import (
	"strings"

	"github.com/newsroom-pipeline/newsroom/pkg/article"
)

// Version is stamped on tagged articles as tagger_version. Bump it whenever
// the rules or the embedded data change what the tagger finds.
const Version = "baseline-1"

// Tagger is the baseline tagger. The zero value is ready to use. It holds no
// mutable state, so it is safe for concurrent use.
type Tagger struct{}

// New returns a baseline Tagger, parsing the embedded word lists on the first
// call in the process.
func New() *Tagger {
	loadRules()
	return &Tagger{}
}

// Version returns Version.
func (*Tagger) Version() string { return Version }

// Tag returns the named entities of a, sorted by salience (highest first) and
// then name. It reads only a.Language, a.Headline and a.BodyText, never
// modifies a, and returns nil for a nil article or one with no entities.
func (*Tagger) Tag(a *article.Article) []article.Entity {
	if a == nil {
		return nil
	}
	d := newDoc(rulesFor(a.Language), a.Headline, a.BodyText)
	d.findCandidates()
	return d.resolve()
}

// Field names of mentions, as in article.Mention.Field.
const (
	fieldHeadline = "headline"
	fieldBody     = "body_text"
)

// doc is the working state for tagging one article.
type doc struct {
	r      *rules
	fields [2]field
	// lowerVocab holds the words that occur in lower case somewhere in the
	// story; in Indonesian a capitalised word that is also used in lower case
	// ("Keamanan" / "keamanan") is a common noun, not part of a person name.
	lowerVocab map[string]bool
	cands      []cand
}

type field struct {
	name string // fieldHeadline or fieldBody
	text string
	toks []token
	// evidenceOnly is set for a Title Case or ALL CAPS headline, where
	// capitalisation says nothing: only names known from the body or the
	// gazetteer are tagged there.
	evidenceOnly bool
}

func newDoc(r *rules, headline, body string) *doc {
	d := &doc{r: r, lowerVocab: map[string]bool{}}
	d.fields[0] = field{name: fieldHeadline, text: headline, toks: tokenize(headline, r.isAbbr)}
	d.fields[1] = field{name: fieldBody, text: body, toks: tokenize(body, r.isAbbr)}
	d.fields[0].evidenceOnly = d.isTitleCase(d.fields[0].toks)
	if r.lang == langID {
		for _, f := range d.fields {
			for _, t := range f.toks {
				if isLowerWord(t) {
					d.lowerVocab[t.low] = true
				}
			}
		}
	}
	return d
}

// isTitleCase reports whether a headline capitalises (nearly) every longer
// word, or is in capitals.
func (d *doc) isTitleCase(toks []token) bool {
	long, capped, letters, upper := 0, 0, 0, 0
	for _, t := range toks {
		if !t.word {
			continue
		}
		n, up := capsLetters(t.s)
		letters += n
		if up {
			upper += n
		}
		if n >= 4 {
			long++
			if isCapWord(t) {
				capped++
			}
		}
	}
	if letters >= 12 && upper == letters {
		return true
	}
	return long >= 3 && capped*10 >= long*8
}

// morphCommon reports Indonesian words whose shape marks them as common
// words: pe-/ke-...-an nouns (perundingan, keamanan, pengawasan), di-/me-
// ...-kan verbs (disampaikan, menambahkan) and words with the -nya suffix.
// Personal names almost never have these shapes.
func morphCommon(n string) bool {
	switch {
	case len(n) >= 6 && strings.HasSuffix(n, "nya"):
		return true
	case len(n) >= 7 && strings.HasSuffix(n, "an") && (strings.HasPrefix(n, "pe") || strings.HasPrefix(n, "ke")):
		return true
	case len(n) >= 8 && strings.HasSuffix(n, "kan") && (strings.HasPrefix(n, "di") || strings.HasPrefix(n, "me")):
		return true
	}
	return false
}
