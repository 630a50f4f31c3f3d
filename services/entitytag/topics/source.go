package topics

import (
	"strings"

	"github.com/newsroom-pipeline/newsroom/pkg/article"
)

// subjectCodeURI is the IPTC Subject NewsCodes scheme (the predecessor of
// Media Topics).
const subjectCodeURI = "http://cv.iptc.org/newscodes/subjectcode/"

// anpaCategories maps ANPA-1312 category letters ("anpa-category:x") to top
// levels. Category letters belong to each agency's own vocabulary; these are
// AP's, the dialect pkg/wire reads, and only the letters whose meaning is a
// single topic are mapped:
//
//	e entertainment → 01   f financial → 04   l lifestyle → 10
//	o weather → 17         p national politics → 11
//	q sports results, s sports → 15           t travel → 10
//
// Unmapped on purpose: a (domestic), i (international), n (state/regional),
// w (Washington), b, c, d, j, k, r, v, x, y, z (general, advisory or
// agency-specific desks that say nothing about the topic; AP files sports
// stories under z too, but those carry a sports desk Subject Code).
var anpaCategories = map[string]string{
	"e": "01000000",
	"f": "04000000",
	"l": "10000000",
	"o": "17000000",
	"p": "11000000",
	"q": "15000000",
	"s": "15000000",
	"t": "10000000",
}

// iptc7901Categories maps IPTC 7901 header categories
// ("iptc7901-category:x") to top levels. The field is an agency vocabulary
// too; mapped are dpa's English service letters seen in pkg/wire's test data
// (s sport, w economy — "Wirtschaft"), dpa's German desk ("Ressort") codes
// (pl Politik, wi Wirtschaft, ku Kultur, sp Sport) and AFP's three-letter
// categories (pol, eco, spo, clt). Unmapped: i (international), vm
// (miscellany), rs and the other general or service codes.
var iptc7901Categories = map[string]string{
	"s":   "15000000",
	"sp":  "15000000",
	"spo": "15000000",
	"w":   "04000000",
	"wi":  "04000000",
	"eco": "04000000",
	"pl":  "11000000",
	"pol": "11000000",
	"ku":  "01000000",
	"clt": "01000000",
}

// reutersNonEconomic lists Reuters-21578 TOPICS categories that are not
// economic. The 135 categories (all-topics-strings.lc.txt) are commodities,
// currencies, economic indicators and corporate events (acq, earn), so every
// one maps to 04 and this list is empty; "jobs" (unemployment figures) is an
// economic indicator there, not a labour story.
var reutersNonEconomic = map[string]bool{}

// rcv1Topics maps Reuters topic codes, RCV1 style ("GSPO", also with an
// "N2:" or "rcv1:" scheme prefix), to top levels. The C/E/M category roots
// (corporate, economics, markets) are economic.
var rcv1Topics = map[string]string{
	"CCAT": "04000000", "ECAT": "04000000", "MCAT": "04000000",
	"GCRIM": "02000000", "GDIS": "03000000", "GEDU": "05000000",
	"GENT": "01000000", "GENV": "06000000", "GFAS": "01000000",
	"GHEA": "07000000", "GJOB": "09000000", "GODD": "08000000",
	"GPRO": "08000000", "GPOL": "11000000", "GVOTE": "11000000",
	"GDIP": "11000000", "GREL": "12000000", "GSCI": "13000000",
	"GWELF": "14000000", "GSPO": "15000000", "GVIO": "16000000",
	"GTOUR": "10000000", "GWEA": "17000000",
}

// n2Topics maps the short Reuters NewsML "N2:" topic codes found in
// Reuters' NewsML-G2 items (../shared/data/wire/superdesk-fixtures) whose
// meaning is one topic. Region, country, market and ambiguous codes (IND,
// CIV, VIO, SECUR, NEWS1, ...) are not mapped.
var n2Topics = map[string]string{
	"POL": "11000000", "VOTE": "11000000", "VOTP": "11000000", "DIP": "11000000",
	"SPO": "15000000", "SOC": "15000000", "SOCC": "15000000",
	"WAR": "16000000", "INSURG": "16000000",
	"CRIM": "02000000", "REL": "12000000",
}

// FromSource returns the Media Topics a wire's own codes stand for, each with
// Origin SubjectFromSource:
//
//   - a Media Topic the wire sent (Code "medtop:…" or a URI under URIPrefix)
//     is kept as sent, its missing Code or URI filled in, its Name too when
//     it is a top level; MappedFrom stays empty;
//   - an IPTC Subject Code ("subj:NNNNNNNN", bare 8 digits, or a URI under
//     the subjectcode scheme) becomes the top level with the same first two
//     digits, MappedFrom the code as sent. Only the top level: the full IPTC
//     Subject Code → Media Topic mapping file is not available offline;
//   - ANPA ("anpa-category:x") and IPTC 7901 ("iptc7901-category:x")
//     categories, Reuters-21578 topics ("topic:earn") and Reuters topic codes
//     ("GSPO", "N2:POL", "MCC:SPO") map through the tables above.
//
// Codes it does not know are skipped. The result keeps the order of first
// appearance and holds each Media Topic code once (the first occurrence
// wins); it is nil when nothing maps. The input is not modified.
func FromSource(subjects []article.Subject) []article.Subject {
	var out []article.Subject
	seen := map[string]bool{}
	for _, s := range subjects {
		m, ok := mapSubject(s)
		if !ok || seen[m.Code] {
			continue
		}
		seen[m.Code] = true
		m.Origin = article.SubjectFromSource
		out = append(out, m)
	}
	return out
}

// mapSubject maps one wire subject to a Media Topic subject (no Origin).
func mapSubject(s article.Subject) (article.Subject, bool) {
	if id, ok := mediaTopicID(s); ok {
		return keepMediaTopic(s, id), true
	}
	id, ok := mappedTopID(s)
	if !ok {
		return article.Subject{}, false
	}
	m := mustTopic(id).Subject()
	m.MappedFrom = s.Code
	if m.MappedFrom == "" {
		m.MappedFrom = s.URI
	}
	return m, true
}

// mediaTopicID returns the 8 digits of a subject that is a Media Topic.
func mediaTopicID(s article.Subject) (string, bool) {
	if id, ok := strings.CutPrefix(s.Code, CodePrefix); ok && isEightDigits(id) {
		return id, true
	}
	if id, ok := cutScheme(s.URI, URIPrefix); ok && isEightDigits(id) {
		return id, true
	}
	return "", false
}

// keepMediaTopic returns a Media Topic the wire sent, with Code and URI both
// set and, for a top level without a name, our name.
func keepMediaTopic(s article.Subject, id string) article.Subject {
	m := article.Subject{Name: s.Name, Code: CodePrefix + id, URI: URIPrefix + id}
	if t, ok := byID[id]; ok && m.Name == "" {
		m.Name = t.Name
	}
	return m
}

// mappedTopID returns the top level a non-Media-Topic code maps to.
func mappedTopID(s article.Subject) (string, bool) {
	code := strings.TrimSpace(s.Code)
	if id, ok := subjectCodeTop(code, s.URI); ok {
		return id, true
	}
	scheme, value, hasScheme := strings.Cut(code, ":")
	if !hasScheme {
		scheme, value = "", code
	}
	var id string
	switch strings.ToLower(scheme) {
	case "anpa-category":
		id = anpaCategories[strings.ToLower(value)]
	case "iptc7901-category":
		id = iptc7901Categories[strings.ToLower(value)]
	case "topic":
		if v := strings.ToLower(value); reutersTopics[v] && !reutersNonEconomic[v] {
			id = "04000000"
		}
	case "", "rcv1":
		id = rcv1Topics[strings.ToUpper(value)]
	case "n2":
		v := strings.ToUpper(value)
		if id = rcv1Topics[v]; id == "" {
			id = n2Topics[v]
		}
	case "mcc":
		if strings.EqualFold(value, "SPO") {
			id = "15000000"
		}
	}
	return id, id != ""
}

// subjectCodeTop returns the top level of an IPTC Subject Code given as
// "subj:NNNNNNNN", as bare 8 digits (unless its URI names another scheme),
// or by its subjectcode URI.
func subjectCodeTop(code, uri string) (string, bool) {
	var digits string
	switch {
	case strings.HasPrefix(code, "subj:"):
		digits = code[len("subj:"):]
	case isEightDigits(code) && (uri == "" || strings.Contains(uri, "/newscodes/subjectcode/")):
		digits = code
	default:
		d, ok := cutScheme(uri, subjectCodeURI)
		if !ok {
			return "", false
		}
		digits = d
	}
	if !isEightDigits(digits) {
		return "", false
	}
	id := digits[:2] + "000000"
	_, ok := byID[id]
	return id, ok
}

// cutScheme returns what follows prefix in uri, accepting https as well as
// http and a trailing slash.
func cutScheme(uri, prefix string) (string, bool) {
	uri = strings.TrimSuffix(strings.TrimSpace(uri), "/")
	if rest, ok := strings.CutPrefix(uri, "https://"); ok {
		uri = "http://" + rest
	}
	return strings.CutPrefix(uri, prefix)
}

func isEightDigits(s string) bool {
	if len(s) != 8 {
		return false
	}
	for i := range len(s) {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
