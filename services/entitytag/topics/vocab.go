// Package topics assigns IPTC Media Topics (top level) to articles: it maps
// the classification codes wires send (IPTC Subject Codes, Media Topics,
// ANPA and IPTC 7901 categories, Reuters topic codes) to Media Topics
// (FromSource), and infers a top-level Media Topic from the text with a
// per-language naive Bayes model (Model, Classifier, Assign).
//
// Only the 17 top-level Media Topics are used. Subject Codes are mapped to
// the top level with the same number (the Media Topic top levels were made
// from the Subject Code top levels); finer mappings need IPTC's mapping file,
// which the build does not have (it is not reachable offline).
package topics

import (
	"strings"

	"github.com/newsroom-pipeline/newsroom/pkg/article"
)

// URIPrefix is the IPTC Media Topics NewsCodes scheme; a topic's URI is this
// prefix and its 8 digits.
const URIPrefix = "http://cv.iptc.org/newscodes/mediatopic/"

// CodePrefix is the qcode scheme alias of Media Topics ("medtop:04000000").
const CodePrefix = "medtop:"

// Topic is one top-level Media Topic.
type Topic struct {
	ID   string // 8 digits, "04000000"
	Name string // English preferred label
}

// Code is the topic's qcode, "medtop:04000000".
func (t Topic) Code() string { return CodePrefix + t.ID }

// URI is the topic's NewsCodes URI.
func (t Topic) URI() string { return URIPrefix + t.ID }

// Subject is the topic as an article subject (Name, URI, Code; no Origin).
func (t Topic) Subject() article.Subject {
	return article.Subject{Name: t.Name, URI: t.URI(), Code: t.Code()}
}

// TopLevel lists the 17 top-level Media Topics in code order. Labels are the
// English preferred labels; 11000000 uses its current label "politics and
// government" (it was "politics" before IPTC's 2023 relabelling).
var TopLevel = []Topic{
	{"01000000", "arts, culture, entertainment and media"},
	{"02000000", "crime, law and justice"},
	{"03000000", "disaster, accident and emergency incident"},
	{"04000000", "economy, business and finance"},
	{"05000000", "education"},
	{"06000000", "environment"},
	{"07000000", "health"},
	{"08000000", "human interest"},
	{"09000000", "labour"},
	{"10000000", "lifestyle and leisure"},
	{"11000000", "politics and government"},
	{"12000000", "religion"},
	{"13000000", "science and technology"},
	{"14000000", "society"},
	{"15000000", "sport"},
	{"16000000", "conflict, war and peace"},
	{"17000000", "weather"},
}

var byID = func() map[string]Topic {
	m := make(map[string]Topic, len(TopLevel))
	for _, t := range TopLevel {
		m[t.ID] = t
	}
	return m
}()

// Lookup returns the top-level topic with the given 8 digits or
// "medtop:"-prefixed code.
func Lookup(code string) (Topic, bool) {
	t, ok := byID[strings.TrimPrefix(code, CodePrefix)]
	return t, ok
}

// mustTopic is Lookup for the package's own tables; a typo there is a bug.
func mustTopic(id string) Topic {
	t, ok := byID[id]
	if !ok {
		panic("topics: unknown top-level Media Topic " + id)
	}
	return t
}
