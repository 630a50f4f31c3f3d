package wire

import (
	"bytes"
	"errors"
	"fmt"
	"html"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"github.com/newsroom-pipeline/newsroom/pkg/article"
	"github.com/newsroom-pipeline/newsroom/pkg/format"
)

// parseReuters maps one <REUTERS> story of the Reuters-21578 collection
// (Distribution 1.0, SGML per lewis.dtd) to an article:
//
//	URI             "reuters21578:" + the NEWID attribute
//	VersionCreated  DATE ("26-FEB-1987 15:01:01.79", hundredths kept; the
//	                zone is not given and is read as UTC; text after the
//	                time is ignored)
//	Headline        TEXT/TITLE; for a TEXT without TITLE and BODY markup
//	                (TYPE="UNPROC") the first line of the text
//	Byline          TEXT/AUTHOR without "By " and a closing ", Reuters"
//	Located         TEXT/DATELINE up to the date ("    SALVADOR, Feb 26 - "
//	                -> "SALVADOR"); empty when it holds only a date
//	BodyText        TEXT/BODY: a line that starts indented, or follows a
//	                blank line, starts a paragraph; the other lines are joined
//	                to it. The "Reuter" sign-off line and control characters
//	                (&#2; &#3; ...) are dropped. For a TEXT without TITLE and
//	                BODY (TYPE="UNPROC") the text after the first line, its
//	                line breaks kept (tables).
//	                TYPE="BRIEF" stories have a title only (their "Blah blah
//	                blah." placeholder is not a BODY) and get no body.
//	Subject         Code "topic:<x>", "place:<x>", "person:<x>", "org:<x>",
//	                "exchange:<x>", "company:<x>" and Name <x> for each D of
//	                TOPICS, PLACES, PEOPLE, ORGS, EXCHANGES, COMPANIES
//	Slugline        the keyword of the wire header in UNKNOWN
//	                ("u f BC-BAHIA-COCOA-REVIEW 02-26 0105" ->
//	                "BC-BAHIA-COCOA-REVIEW"), flash asterisks removed
//	InfoSource      "Reuters"; Language "en"
//
// Not used: the LEWISSPLIT, CGISPLIT, TOPICS and OLDID attributes (they
// describe the research collection, not the story).
//
// The collection is SGML, not XML: there is no root element, and the
// files are ASCII with character references except for a few bytes in
// another charset. The bytes are read as UTF-8 when they are valid UTF-8,
// else as windows-1252 (a charset in contentType wins). The markup is flat
// and fixed, so the fields are found by their tags, not with an XML parser;
// the first <REUTERS> element is read when there are several.
//
// A story with neither title nor body text is rejected.
func parseReuters(contentType string, raw []byte) (*article.Article, error) {
	text, err := reutersText(contentType, raw)
	if err != nil {
		return nil, err
	}
	m := reutersOpen.FindStringSubmatchIndex(text)
	if m == nil {
		return nil, errors.New("Reuters-21578 SGML has no <REUTERS> element")
	}
	attrs := text[m[2]:m[3]]
	story := text[m[1]:]
	if end := reutersClose.FindStringIndex(story); end != nil {
		story = story[:end[0]]
	}
	newID := sgmlAttr(attrs, "NEWID")
	a := &article.Article{
		Language:   "en",
		InfoSource: "Reuters",
		Subject:    reutersSubjects(story),
		Slugline:   reutersSlug(sgmlElement(story, "UNKNOWN")),
	}
	if newID != "" {
		a.URI = "reuters21578:" + newID
	}
	if t, ok := reutersDate(sgmlElement(story, "DATE")); ok {
		a.VersionCreated = &t
	}
	_, body, hasText := sgmlElementAttrs(story, "TEXT")
	if hasText {
		readReutersText(a, body)
	}
	if a.Headline == "" && a.BodyText == "" {
		who := "Reuters-21578 story"
		if newID != "" {
			who += " NEWID " + newID
		}
		if !hasText {
			return nil, fmt.Errorf("%s has no <TEXT> element", who)
		}
		return nil, fmt.Errorf("%s has neither <TITLE> nor <BODY> text", who)
	}
	return a, nil
}

func init() {
	register(format.ReutersSGML, parseReuters, splitReuters)
}

// readReutersText fills the fields taken from the TEXT element.
func readReutersText(a *article.Article, text string) {
	a.Headline = cleanLine(sgmlText(sgmlElement(text, "TITLE")))
	a.Byline = reutersByline(sgmlText(sgmlElement(text, "AUTHOR")))
	a.Located = datelineTextPlace(sgmlText(sgmlElement(text, "DATELINE")))
	if _, body, ok := sgmlElementAttrs(text, "BODY"); ok {
		a.BodyText = reutersBody(sgmlText(body))
		return
	}
	if a.Headline != "" {
		return // a BRIEF: a title, then a placeholder that is no BODY
	}
	lines := strings.Split(strings.TrimSpace(cleanText(sgmlText(sgmlTags.ReplaceAllString(text, "")))), "\n")
	lines = dropReuterLine(lines)
	if len(lines) == 0 {
		return
	}
	a.Headline = cleanLine(lines[0])
	a.BodyText = cleanText(strings.Join(lines[1:], "\n"))
}

// splitReuters cuts a Reuters-21578 file into one document per <REUTERS>
// element, each from its start tag through its end tag (or, when that is
// missing, up to the next start tag). The DOCTYPE is not kept: a story
// needs nothing from it.
func splitReuters(raw []byte) ([][]byte, error) {
	starts := reutersOpenBytes.FindAllIndex(raw, MaxItems+1)
	if len(starts) == 0 {
		return nil, errors.New("Reuters-21578 SGML has no <REUTERS> element")
	}
	docs := make([][]byte, 0, len(starts))
	for i, s := range starts {
		limit := len(raw)
		if i+1 < len(starts) {
			limit = starts[i+1][0]
		}
		chunk := raw[s[0]:limit]
		if end := reutersCloseBytes.FindIndex(chunk); end != nil {
			chunk = chunk[:end[1]]
		}
		docs = append(docs, chunk)
	}
	return docs, nil
}

var (
	reutersOpen       = regexp.MustCompile(`(?i)<REUTERS\b([^>]*)>`)
	reutersClose      = regexp.MustCompile(`(?i)</REUTERS\s*>`)
	reutersOpenBytes  = regexp.MustCompile(`(?i)<REUTERS\b[^>]*>`)
	reutersCloseBytes = regexp.MustCompile(`(?i)</REUTERS\s*>`)
	sgmlTags          = regexp.MustCompile(`<[/!?]?[A-Za-z][^<>]*>`)
)

// reutersText returns raw as UTF-8: in the charset of contentType when it
// names one, else as UTF-8 when valid, else as windows-1252.
func reutersText(contentType string, raw []byte) (string, error) {
	raw = bytes.TrimPrefix(raw, []byte("\xef\xbb\xbf"))
	if strings.Contains(strings.ToLower(contentType), "charset") || utf8.Valid(raw) {
		return decode(contentType, raw)
	}
	b, err := charmap.Windows1252.NewDecoder().Bytes(raw)
	if err != nil {
		return "", fmt.Errorf("decode Reuters-21578 SGML as windows-1252: %w", err)
	}
	return string(b), nil
}

// sgmlAttr returns the value of attribute name (NEWID) in the
// attribute text of a start tag; values may be quoted or not.
func sgmlAttr(attrs, name string) string {
	m := sgmlAttrRE[name].FindStringSubmatch(attrs)
	if m == nil {
		return ""
	}
	return strings.TrimSpace(m[1] + m[2] + m[3])
}

// sgmlElementAttrs finds the first element named name (one of
// reutersElements) in s and returns its attribute text and its content. An
// element without an end tag runs to the end of s.
func sgmlElementAttrs(s, name string) (attrs, content string, ok bool) {
	re := sgmlElementRE[name]
	m := re[0].FindStringSubmatchIndex(s)
	if m == nil {
		return "", "", false
	}
	rest := s[m[1]:]
	if end := re[1].FindStringIndex(rest); end != nil {
		rest = rest[:end[0]]
	}
	return s[m[2]:m[3]], rest, true
}

// reutersElements are the elements of lewis.dtd that are read.
var reutersElements = []string{"DATE", "TOPICS", "PLACES", "PEOPLE", "ORGS", "EXCHANGES", "COMPANIES",
	"UNKNOWN", "TEXT", "TITLE", "AUTHOR", "DATELINE", "BODY"}

// sgmlElementRE holds the start- and end-tag patterns of reutersElements,
// and sgmlAttrRE the patterns of the attributes read; both are built once
// and only read.
var (
	sgmlElementRE = func() map[string][2]*regexp.Regexp {
		m := map[string][2]*regexp.Regexp{}
		for _, n := range reutersElements {
			m[n] = [2]*regexp.Regexp{
				regexp.MustCompile(`(?i)<` + n + `\b([^>]*)>`),
				regexp.MustCompile(`(?i)</` + n + `\s*>`),
			}
		}
		return m
	}()
	sgmlAttrRE = func() map[string]*regexp.Regexp {
		m := map[string]*regexp.Regexp{}
		for _, n := range []string{"NEWID"} {
			m[n] = regexp.MustCompile(`(?i)(?:^|\s)` + n + `\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))`)
		}
		return m
	}()
)

// sgmlElement returns the content of the first element named name.
func sgmlElement(s, name string) string {
	_, c, _ := sgmlElementAttrs(s, name)
	return c
}

// sgmlText resolves the character references of SGML text (&lt; &amp; &#3;
// ...) and drops the control characters other than line feed and tab that
// the wire framing leaves (STX, ETX, SYN, ...).
func sgmlText(s string) string {
	s = html.UnescapeString(s)
	return strings.Map(func(r rune) rune {
		if r != '\n' && r != '\t' && unicode.IsControl(r) {
			return -1
		}
		return r
	}, s)
}

// reutersSubjects returns the category codes of the story.
func reutersSubjects(story string) []article.Subject {
	var out []article.Subject
	for _, c := range []struct{ element, prefix string }{
		{"TOPICS", "topic"}, {"PLACES", "place"}, {"PEOPLE", "person"},
		{"ORGS", "org"}, {"EXCHANGES", "exchange"}, {"COMPANIES", "company"},
	} {
		for _, m := range sgmlD.FindAllStringSubmatch(sgmlElement(story, c.element), -1) {
			if v := cleanLine(sgmlText(m[1])); v != "" {
				out = append(out, article.Subject{Name: v, Code: c.prefix + ":" + v})
			}
		}
	}
	return out
}

var sgmlD = regexp.MustCompile(`(?is)<D>(.*?)</D>`)

// reutersDateRE reads "26-FEB-1987 15:01:01.79"; some dates carry trailing
// notes or control references, which are ignored.
var reutersDateRE = regexp.MustCompile(`^\s*([0-9]{1,2})-([A-Za-z]{3})-([0-9]{4})\s+([0-9]{1,2}):([0-9]{2}):([0-9]{2})(\.[0-9]+)?`)

func reutersDate(s string) (time.Time, bool) {
	m := reutersDateRE.FindStringSubmatch(s)
	if m == nil {
		return time.Time{}, false
	}
	t, err := time.Parse("2-Jan-2006 15:04:05", fmt.Sprintf("%s-%s-%s %s:%s:%s%s", m[1], m[2], m[3], m[4], m[5], m[6], m[7]))
	if err != nil {
		return time.Time{}, false
	}
	return t.UTC(), true
}

var (
	reutersByReuters = regexp.MustCompile(`(?i),?\s*reuters?\s*$`)
	// reutersSlugRE is the last header line: priority, category, keyword,
	// date and word count ("u f BC-BAHIA-COCOA-REVIEW   02-26 0105").
	reutersSlugRE = regexp.MustCompile(`(?m)^\s*[a-z] [a-z] (\S+)\s+[0-9]{2}-[0-9]{2}\s+[0-9]+`)
	reuterLine    = regexp.MustCompile(`(?i)^\s*reuter\s*$`)
	reuterWord    = regexp.MustCompile(`(?i)([.!?"'])\s+reuter\s*$`)
)

func reutersByline(s string) string {
	s = byPrefix.ReplaceAllString(cleanLine(s), "")
	return strings.Trim(reutersByReuters.ReplaceAllString(s, ""), " ,")
}

func reutersSlug(unknown string) string {
	m := reutersSlugRE.FindStringSubmatch(sgmlText(unknown))
	if m == nil {
		return ""
	}
	return strings.ReplaceAll(m[1], "*", "")
}

// reutersBody turns BODY text into paragraphs; see parseReuters.
func reutersBody(s string) string {
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	lines := dropReuterLine(strings.Split(s, "\n"))
	var paras []string
	var cur []string
	flush := func() {
		if p := cleanLine(strings.Join(cur, " ")); p != "" {
			paras = append(paras, p)
		}
		cur = cur[:0]
	}
	for i, l := range lines {
		switch {
		case strings.TrimSpace(l) == "":
			flush()
			continue
		case i > 0 && (l[0] == ' ' || l[0] == '\t'):
			flush()
		}
		cur = append(cur, l)
	}
	flush()
	return strings.Join(paras, "\n\n")
}

// dropReuterLine removes the trailing blank lines and the "Reuter" sign-off
// that ends almost every story: a line of its own, and also a last word
// after the final full stop ("... Noranda said. Reuter").
func dropReuterLine(lines []string) []string {
	lines = dropBlankTail(lines)
	if n := len(lines); n > 0 && reuterLine.MatchString(lines[n-1]) {
		lines = dropBlankTail(lines[:n-1])
	}
	if n := len(lines); n > 0 {
		lines[n-1] = reuterWord.ReplaceAllString(lines[n-1], "$1")
	}
	return lines
}

func dropBlankTail(lines []string) []string {
	for len(lines) > 0 && strings.TrimSpace(lines[len(lines)-1]) == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}
