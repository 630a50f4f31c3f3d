// Package wire reads the formats newsroom systems send (see pkg/format) and
// turns the raw bytes of one story into the canonical article
// (pkg/article). It is the pure logic shared by the ingest stage (which
// splits feeds into stories and takes each story's identity from Parse) and
// the normalize stage: no I/O, no NATS, no clock. The normalize stage sets
// Source, ReceivedAt and ContentHash, and dead-letters whatever Parse
// rejects.
//
// Each format has its own file (text.go, ninjs.go, g2.go, nitf.go, ...)
// whose comment states what is taken from it; this comment states the rules
// that apply to all of them.
//
// # Input text
//
// Bytes must be UTF-8 unless the Content-Type names a charset: any label of
// the WHATWG Encoding Standard is understood (utf-8, iso-8859-1, latin1,
// windows-1252, ...; as browsers do, iso-8859-1 and us-ascii are read as
// windows-1252). Text is put in Unicode NFC, CRLF and CR become LF, every
// run of horizontal white space (tabs, no-break spaces, ...) becomes one
// space, lines are trimmed, control characters are dropped and blank-line
// runs collapse to one blank line. Line breaks inside a paragraph are kept.
// The raw wire formats (IPTC 7901, ANPA-1312) read bytes that are not UTF-8
// as windows-1252 when no charset is declared, and e-mail takes the charset
// of each MIME part from its own header; see their files.
//
// # Plain-text wire stories (format.Text)
//
// Paragraphs are separated by blank lines. From the end of the story,
// trailer lines are taken out of the body into fields: desk codes such as
// "(UU.SDP-12/C003)" or "(D011)" (DeskCodes; also when one ends the last
// sentence), "Editor: X" (Editor), "Pewarta:/Reporter:/Penulis: X" (Byline;
// also as a one-line first paragraph) and "Copyright © ANTARA 2011" /
// "(c) ..." (CopyrightNotice, with CopyrightHolder and CopyrightYear parsed
// from it). Other trailers such as "Baca juga: ..." stay in the body.
//
// Headline rule. The first paragraph is the title, and is removed from the
// body, when all of these hold: another paragraph follows it, it is a
// single line of at most 200 characters, it does not begin with a dateline,
// and it does not end in ".", ",", ";", ":", "?" or "!" (closing quotes and
// brackets ignored; an ellipsis "..." is allowed). That is the BBC layout:
// title line, blank line, body. Question and exclamation lines are not
// taken as titles because leads ask too ("Siapa yang tak suka dengan
// donat?"): taking a lead for a title would drop it from the body, while
// leaving a question title in the body only repeats it, and the derived
// headline is then that same line anyway. Otherwise the story has no title
// and the headline is derived from the lead: the first sentence of the
// first body paragraph (dateline removed), without its final full stop, cut
// at a word boundary to at most 120 characters with "…" appended when cut.
// Every normalized text story therefore has a headline.
//
// Dateline. The first body paragraph may begin with a dateline, which is
// removed from the body:
//
//	"Moskow (ANTARA News) - "       Located "Moskow", InfoSource "ANTARA News"
//	"GROSSETO, Italy (AP) -- "      Located "GROSSETO, Italy", InfoSource "AP"
//	"Jakarta, CNN Indonesia -- "    Located "Jakarta", InfoSource "CNN Indonesia"
//	"ASSEN, JUARA.net - "           Located "ASSEN", InfoSource "JUARA.net"
//	"Kuala Lumpur, Malaysia - "     Located "Kuala Lumpur, Malaysia"
//	"JAKARTA - "                    Located "JAKARTA"
//	"Merdeka.com - ", "Rimanews - " InfoSource only
//
// The dash may be "-", "--", "- -", "–" or "—". In the "A, B" form a side
// that looks like a web domain is the agency; otherwise B is the agency
// after a double dash, and after a single hyphen all of "A, B" is the place.
//
// Text stories are rejected when the bytes are not valid text in the
// declared or default charset, when they hold too many control characters
// (binary data), when fewer than 40% of their visible characters are
// letters, and when nothing but white space, a dateline or trailer lines is
// left.
//
// # ninjs (format.NINJS)
//
// ninjs 1.x, 2.x and 3.x are read without schema validation and leniently:
// property names match case-insensitively (3.x camelCase "versionCreated" is
// 2.x "versioncreated"), numbers are accepted where strings are expected and
// the other way round, and unparseable dates are dropped. See ninjs.go for
// the property mapping.
//
// Every article gets Format, a PubStatus (usable unless the source says
// otherwise), a Language (from the source, reduced to its primary subtag,
// else detected from headline and body by package language, which leaves it
// empty when the text gives too little evidence), a Headline whenever it has
// a body (derived from the lead as above when the source has none) and
// WordCount (the white-space separated tokens of BodyText that hold a letter
// or digit; unsegmented scripts such as Chinese count low).
package wire

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/newsroom-pipeline/newsroom/pkg/article"
	"github.com/newsroom-pipeline/newsroom/pkg/language"
)

// Parse turns the raw bytes of one story in the named format (see
// pkg/format; contentType is the publisher's Content-Type header, may be
// empty, may carry a charset param) into the canonical article, and records
// the format on it. A container (a feed, a news message) must be split
// first: Parse reads the first story of one. Every error it returns means
// the input can never be normalized (the caller dead-letters it); the error
// text is the reason an operator will read.
//
// Parse does not set ReceivedAt, Source or ContentHash.
func Parse(formatName, contentType string, raw []byte) (*article.Article, error) {
	p, ok := parsers[formatName]
	if !ok {
		return nil, unsupported(formatName, raw)
	}
	if len(raw) > MaxStoryBytes {
		return nil, fmt.Errorf("%s story of %d bytes exceeds the %d-byte limit", formatName, len(raw), MaxStoryBytes)
	}
	a, err := p(contentType, raw)
	if err != nil {
		return nil, err
	}
	a.Format = formatName
	finish(a)
	if a.BodyText == "" && a.Headline == "" && !bareKill(a) {
		return nil, fmt.Errorf("%s item has neither headline nor text", formatName)
	}
	return a, nil
}

// finish fills the fields every format derives the same way.
func finish(a *article.Article) {
	if a.PubStatus == "" {
		a.PubStatus = article.PubStatusUsable
	}
	if a.Headline == "" && a.BodyText != "" {
		a.Headline = leadHeadline(firstParagraph(a.BodyText))
	}
	if a.Located == "" && a.InfoSource == "" {
		// A format without dateline fields (RSS, Atom, e-mail, many G2
		// and NITF feeds) still opens its lead with one: "Karawang
		// (ANTARA) - ". The body keeps it, as the source wrote it.
		if d, ok := parseDateline(firstParagraph(a.BodyText)); ok {
			a.Located, a.InfoSource = d.place, d.agency
		}
	}
	if a.Language == "" {
		a.Language, _ = language.Detect(a.Headline + "\n\n" + a.BodyText)
	}
	a.WordCount = countWords(a.BodyText)
}

func firstParagraph(body string) string {
	p, _, _ := strings.Cut(body, "\n\n")
	return p
}

// countWords counts the white-space separated tokens of s that hold at least
// one letter or digit, so stray dashes and bullets are not words.
func countWords(s string) int {
	n := 0
	for _, f := range strings.Fields(s) {
		if strings.IndexFunc(f, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0 {
			n++
		}
	}
	return n
}
