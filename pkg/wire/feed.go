package wire

// Helpers shared by the feed formats (RSS, Atom; see feed_rss.go and
// feed_atom.go) and by Ritzau: reading a feed document into a small element
// tree that keeps only its first story, charset repair, feed dates, and the
// choice and cleaning of titles and bodies.

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"html"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/newsroom-pipeline/newsroom/pkg/article"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/htmlindex"
)

// feedNode is one element of a feed document. The tree keeps the text and
// child elements of each element in document order, so that inline markup
// (an RSS description with raw XHTML, an Atom xhtml content) can be
// rebuilt as HTML.
type feedNode struct {
	name  xml.Name
	attr  []xml.Attr
	parts []feedPart
}

// feedPart is either text or a child element.
type feedPart struct {
	text string
	el   *feedNode
}

// readFeedDoc reads raw (already UTF-8 or with its encoding declared, see
// feedUTF8) into a tree of its root element. Of the elements whose local
// name is story (case-insensitive: "item", "entry", "RBNews"), only the
// first is kept and later ones are skipped unread, so an unsplit feed costs
// no more memory than its first story. what names the format in errors.
func readFeedDoc(what string, raw []byte, story string) (*feedNode, error) {
	d := newXMLDecoder(raw)
	var root *feedNode
	var stack []*feedNode
	seenStory := false
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, feedXMLError(what, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if root != nil && len(stack) == 0 {
				return root, nil // content after the root element is ignored
			}
			if strings.EqualFold(t.Name.Local, story) {
				if seenStory {
					if err := d.Skip(); err != nil {
						return nil, feedXMLError(what, err)
					}
					continue
				}
				seenStory = true
			}
			n := &feedNode{name: t.Name, attr: append([]xml.Attr(nil), t.Attr...)}
			if len(stack) == 0 {
				root = n
			} else {
				top := stack[len(stack)-1]
				top.parts = append(top.parts, feedPart{el: n})
			}
			stack = append(stack, n)
		case xml.EndElement:
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		case xml.CharData:
			if len(stack) > 0 {
				top := stack[len(stack)-1]
				top.parts = append(top.parts, feedPart{text: string(t)})
			}
		}
	}
	if root == nil {
		return nil, fmt.Errorf("%s document has no root element", what)
	}
	if len(stack) > 0 {
		return nil, fmt.Errorf("malformed %s XML: document ends inside <%s>", what, stack[len(stack)-1].name.Local)
	}
	return root, nil
}

// feedXMLError words a decoder error as a rejection reason.
func feedXMLError(what string, err error) error {
	if errors.Is(err, ErrXMLLimit) {
		return fmt.Errorf("%s: %w", what, err)
	}
	return fmt.Errorf("malformed %s XML: %v", what, err)
}

// Namespace keys. feedNS maps a namespace (its URI, or its prefix when a
// sloppy feed leaves the prefix undeclared) to one of these, so elements
// are matched by (key, local name) whatever prefix a feed chose.
const (
	nsNone    = ""        // no namespace, RSS 0.9x/1.0/2.0 core elements
	nsAtom    = "atom"    // Atom 1.0 and 0.3
	nsContent = "content" // RSS content module (content:encoded)
	nsDC      = "dc"      // Dublin Core elements and terms
	nsWP      = "wp"      // WordPress WXR export
	nsExcerpt = "excerpt" // WordPress WXR excerpt
	nsWennCM  = "wenn_cm" // WENN content metadata
	nsWennNM  = "wenn_nm" // WENN news management
)

func feedNS(space string) string {
	s := strings.ToLower(strings.TrimSpace(space))
	switch {
	case s == "", s == "http://purl.org/rss/1.0/", s == "http://my.netscape.com/rdf/simple/0.9/",
		s == "http://channel.netscape.com/rdf/simple/0.9/", s == "http://backend.userland.com/rss2":
		return nsNone
	case s == "http://www.w3.org/2005/atom", s == "http://purl.org/atom/ns#", s == "atom":
		return nsAtom
	case s == "http://purl.org/rss/1.0/modules/content/", s == "content":
		return nsContent
	case strings.HasPrefix(s, "http://purl.org/dc/"), s == "dc", s == "dcterms":
		return nsDC
	case strings.HasPrefix(s, "http://wordpress.org/export/") && strings.HasSuffix(s, "/excerpt/"), s == "excerpt":
		return nsExcerpt
	case strings.HasPrefix(s, "http://wordpress.org/export/"), s == "wp":
		return nsWP
	case strings.Contains(s, "feed.wenn.com") || strings.HasPrefix(s, "wenn_"):
		return s[strings.LastIndexByte(s, '/')+1:] // wenn_cm, wenn_nm, wenn_mm
	}
	return s
}

// is reports whether n is the element local (case-insensitive) in the
// namespace with key ns.
func (n *feedNode) is(ns, local string) bool {
	return n != nil && strings.EqualFold(n.name.Local, local) && feedNS(n.name.Space) == ns
}

// first returns n's first child element ns:local, or nil.
func (n *feedNode) first(ns, local string) *feedNode {
	if n == nil {
		return nil
	}
	for _, p := range n.parts {
		if p.el.is(ns, local) {
			return p.el
		}
	}
	return nil
}

// all returns n's child elements ns:local.
func (n *feedNode) all(ns, local string) []*feedNode {
	if n == nil {
		return nil
	}
	var out []*feedNode
	for _, p := range n.parts {
		if p.el.is(ns, local) {
			out = append(out, p.el)
		}
	}
	return out
}

// attrValue returns the value of n's attribute with the given local name,
// whatever its namespace ("lang" finds xml:lang), or "".
func (n *feedNode) attrValue(local string) string {
	if n == nil {
		return ""
	}
	for _, a := range n.attr {
		if strings.EqualFold(a.Name.Local, local) {
			return a.Value
		}
	}
	return ""
}

// text returns all character data inside n, as written.
func (n *feedNode) text() string {
	if n == nil {
		return ""
	}
	var b strings.Builder
	n.writeText(&b)
	return b.String()
}

func (n *feedNode) writeText(b *strings.Builder) {
	for _, p := range n.parts {
		if p.el != nil {
			p.el.writeText(b)
		} else {
			b.WriteString(p.text)
		}
	}
}

// line returns n's text as one cleaned line.
func (n *feedNode) line() string {
	return cleanLine(n.text())
}

// markup rebuilds n's content as HTML: child elements become tags (by
// local name, without attributes, which carry no text) and text is written
// escaped when escapeText is set (inline XHTML, whose text is text) or as
// is (RSS fields whose text is itself escaped HTML, mixed with stray raw
// tags).
func (n *feedNode) markup(escapeText bool) string {
	if n == nil {
		return ""
	}
	var b strings.Builder
	n.writeMarkup(&b, escapeText)
	return b.String()
}

func (n *feedNode) writeMarkup(b *strings.Builder, escapeText bool) {
	for _, p := range n.parts {
		switch {
		case p.el == nil && escapeText:
			b.WriteString(html.EscapeString(p.text))
		case p.el == nil:
			b.WriteString(p.text)
		default:
			name := strings.ToLower(p.el.name.Local)
			b.WriteString("<" + name + ">")
			p.el.writeMarkup(b, escapeText)
			b.WriteString("</" + name + ">")
		}
	}
}

// html returns n's content as HTML source: its text, which in RSS is
// escaped HTML, or, when a feed put raw tags inside it, the rebuilt markup.
func (n *feedNode) html() string {
	if n.hasElements() {
		return n.markup(false)
	}
	return n.text()
}

// hasElements reports whether n has child elements.
func (n *feedNode) hasElements() bool {
	if n == nil {
		return false
	}
	for _, p := range n.parts {
		if p.el != nil {
			return true
		}
	}
	return false
}

// xmlDeclEncoding finds the encoding named by an XML declaration.
var xmlDeclEncoding = regexp.MustCompile(`^\s*<\?xml[^>]*?encoding\s*=\s*["']([^"']*)["']`)

// feedUTF8 returns raw in a form newXMLDecoder reads correctly. Bytes that
// are valid UTF-8 are UTF-8, whatever the XML declaration or the
// Content-Type say (as newXMLDecoder reads them). Other bytes are in the charset the XML
// declaration names (the decoder converts it), else in the Content-Type
// charset (converted here), else, when nothing declares a charset, in
// windows-1252 (a superset of ISO-8859-1), as browsers and feed readers
// read undeclared 8-bit text; in a document that declares UTF-8 they
// become U+FFFD.
func feedUTF8(contentType string, raw []byte) ([]byte, error) {
	raw = bytes.TrimPrefix(raw, []byte("\xef\xbb\xbf"))
	if utf8.Valid(raw) {
		return raw, nil
	}
	head := raw[:min(len(raw), 1024)]
	declared := ""
	if m := xmlDeclEncoding.FindSubmatch(head); m != nil {
		declared = strings.TrimSpace(string(m[1]))
	}
	if declared != "" && !isUTF8Label(declared) {
		return raw, nil
	}
	charset := declaredCharset(contentType)
	if charset != "" && !isUTF8Label(charset) {
		text, err := decode(contentType, raw)
		if err != nil {
			return nil, err
		}
		return []byte(text), nil
	}
	if declared == "" && charset == "" {
		b, err := charmap.Windows1252.NewDecoder().Bytes(raw)
		if err != nil {
			return nil, fmt.Errorf("decode undeclared 8-bit text as windows-1252: %w", err)
		}
		return b, nil
	}
	return bytes.ToValidUTF8(raw, []byte("\uFFFD")), nil
}

// isUTF8Label reports whether a charset label names UTF-8. An unknown label
// is not UTF-8 (the decoder then reports it).
func isUTF8Label(label string) bool {
	enc, err := htmlindex.Get(strings.TrimSpace(label))
	if err != nil {
		return false
	}
	name, _ := htmlindex.Name(enc)
	return name == "utf-8"
}

// splitFeed cuts raw into one document per story element (local name
// story, e.g. "item"); what words the error for a feed without any, e.g.
// "RSS feed has no <item> elements". Elements named in dropFromHead that
// lie before the first story are left out of every document: they are
// container data no parser reads (a WordPress export's category and tag
// lists), and each document would otherwise repeat them.
func splitFeed(raw []byte, what, story string, dropFromHead ...string) ([][]byte, error) {
	ranges, err := elementRanges(raw, story)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	if len(ranges) == 0 {
		return nil, fmt.Errorf("%s has no <%s> elements", what, story)
	}
	if len(ranges) == 1 || len(dropFromHead) == 0 {
		return spliceItems(raw, ranges), nil
	}
	drops, err := elementRanges(raw, dropFromHead...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	var kept []byte
	last, removed := int64(0), int64(0)
	for _, d := range drops {
		if d[1] > ranges[0][0] {
			break
		}
		kept = append(kept, raw[last:d[0]]...)
		removed += d[1] - d[0]
		last = d[1]
	}
	if removed == 0 {
		return spliceItems(raw, ranges), nil
	}
	kept = append(kept, raw[last:]...)
	for i := range ranges {
		ranges[i][0] -= removed
		ranges[i][1] -= removed
	}
	return spliceItems(kept, ranges), nil
}

// feedLine cleans a title or other one-line field that may hold HTML
// markup or entities (double-escaped ones too).
func feedLine(s string) string {
	s = repairMojibake(s)
	if htmlTag.MatchString(s) {
		return cleanLine(feedHTMLText(s))
	}
	return cleanLine(unescapeLeftover(s))
}

// selfClosedRaw finds XHTML-style self-closed elements whose content HTML
// reads as raw text ("<iframe src=x/>"): an HTML tokenizer would take
// everything after one, to the end, for the element's content.
var selfClosedRaw = regexp.MustCompile(`(?i)<(iframe|script|style|noscript|noembed|noframes|textarea|title|xmp)(\s[^>]*?)?/>`)

// feedHTMLText is htmlToText for feed HTML, which is often XHTML: a
// self-closed raw-text element is closed first (see selfClosedRaw), and
// entities left by double escaping are decoded.
func feedHTMLText(s string) string {
	s = repairMojibake(s)
	s = selfClosedRaw.ReplaceAllString(s, "<$1$2></$1>")
	return unescapeLeftover(htmlToText(s))
}

// feedBody turns a body that may or may not be HTML into paragraphs: HTML
// (sniffed by its tags and entities) through htmlToText, plain text through
// plainBody, which keeps its line structure.
func feedBody(s string) string {
	s = repairMojibake(s)
	if htmlTag.MatchString(s) {
		return feedHTMLText(s)
	}
	return plainBody(s)
}

// leftoverEntity finds an HTML entity still in text after one round of
// decoding, the mark of double escaping ("&amp;#8217;", "&amp;quot;").
var leftoverEntity = regexp.MustCompile(`&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,30});`)

// unescapeLeftover decodes entities left in s by double escaping.
func unescapeLeftover(s string) string {
	if !strings.Contains(s, "&") || !leftoverEntity.MatchString(s) {
		return s
	}
	return html.UnescapeString(s)
}

// pickBody returns the fullest of the candidate texts: the longest in
// characters, the earliest of equally long ones, so candidates are passed
// in order of preference (full content before summaries). A teaser is
// never longer than the story it teases, and a stub content element ("This
// is body content1.") loses to the real text beside it.
func pickBody(cands ...string) string {
	best, bestLen := "", 0
	for _, c := range cands {
		if n := utf8.RuneCountInString(c); n > bestLen {
			best, bestLen = c, n
		}
	}
	return best
}

// feedAddSubject is addSubject with names compared case-insensitively: a
// WordPress post often has a category and a tag of the same name
// ("Companies", "companies").
func feedAddSubject(list []article.Subject, s article.Subject) []article.Subject {
	for _, x := range list {
		if strings.EqualFold(x.Name, s.Name) && x.Code == s.Code && x.URI == s.URI {
			return list
		}
	}
	return addSubject(list, s)
}

// joinNames joins distinct non-empty names with ", ", at most
// maxListItems of them.
func joinNames(names []string) string {
	var out []string
	for _, n := range names {
		if len(out) == maxListItems {
			break
		}
		n = cleanLine(n)
		dup := false
		for _, o := range out {
			dup = dup || strings.EqualFold(o, n)
		}
		if n != "" && !dup {
			out = append(out, n)
		}
	}
	return strings.Join(out, ", ")
}

// Feed dates.

// feedTimeLayouts are ISO 8601 forms parseTime (ninjs) does not read.
var feedTimeLayouts = []string{
	"2006-01-02 15:04:05 -0700",
	"2006-01-02 15:04:05 -07:00",
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04",
	"2006-01-02 15:04",
}

// feedTime parses a feed date leniently and returns it in UTC, or nil:
// ISO 8601 / RFC 3339 (with or without zone; none means UTC) and RFC 822 /
// RFC 1123 dates as feeds write them, see rfc822Time.
func feedTime(s string) *time.Time {
	s = cleanLine(s)
	if s == "" {
		return nil
	}
	if t, ok := parseTime(s); ok {
		return &t
	}
	for _, layout := range feedTimeLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			t = t.UTC()
			return &t
		}
	}
	if t, ok := rfc822Time(s); ok {
		return &t
	}
	return nil
}

// rfc822Date matches "[weekday,] day month year hh:mm[:ss] [zone]" with
// month and weekday names in any language (the UOL feed writes "Seg, 24
// Set 2018 19:42:40 -0300") and "-" or "." between the date parts;
// rfc822DateMDY matches "[weekday,] month day, year hh:mm[:ss] [zone]".
var (
	rfc822Date    = regexp.MustCompile(`^(?:\p{L}+\.?,?\s+)?(\d{1,2})\.?[\s-]+(\p{L}+)\.?[\s-]+(\d{2,4}),?\s+(\d{1,2})[:.](\d{2})(?:[:.](\d{2})(?:[.,]\d+)?)?\s*(.*)$`)
	rfc822DateMDY = regexp.MustCompile(`^(?:\p{L}+\.?,?\s+)?(\p{L}+)\.?\s+(\d{1,2}),?\s+(\d{4}),?\s+(\d{1,2})[:.](\d{2})(?:[:.](\d{2})(?:[.,]\d+)?)?\s*(.*)$`)
)

// rfc822Time parses the RFC 822 family of dates leniently: weekday
// optional and ignored, month names and abbreviations in English and the
// main European and Indonesian languages (feedMonth), two-digit years
// (before 50 are 20xx), seconds optional, AM/PM, and a zone that is
// numeric ("+0700", "-03:00", "GMT+7"), a name (feedZones) or absent. An
// absent or unknown zone name is read as UTC.
func rfc822Time(s string) (time.Time, bool) {
	var day, mon, year, hh, mm, ss, rest string
	if m := rfc822Date.FindStringSubmatch(s); m != nil {
		day, mon, year, hh, mm, ss, rest = m[1], m[2], m[3], m[4], m[5], m[6], m[7]
	} else if m := rfc822DateMDY.FindStringSubmatch(s); m != nil {
		mon, day, year, hh, mm, ss, rest = m[1], m[2], m[3], m[4], m[5], m[6], m[7]
	} else {
		return time.Time{}, false
	}
	month := feedMonth(mon)
	if month == 0 {
		return time.Time{}, false
	}
	d, _ := strconv.Atoi(day)
	y, _ := strconv.Atoi(year)
	switch {
	case len(year) == 2 && y < 50:
		y += 2000
	case len(year) == 2:
		y += 1900
	case y < 1800: // WordPress writes "30 Nov -0001" for "no date"
		return time.Time{}, false
	}
	h, _ := strconv.Atoi(hh)
	mi, _ := strconv.Atoi(mm)
	sec, _ := strconv.Atoi(ss) // "" is 0
	rest = strings.TrimSpace(rest)
	if r := strings.ToUpper(rest); strings.HasPrefix(r, "AM") || strings.HasPrefix(r, "PM") {
		if h == 12 {
			h = 0
		}
		if strings.HasPrefix(r, "PM") {
			h += 12
		}
		rest = strings.TrimSpace(rest[2:])
	}
	if h > 23 || mi > 59 || sec > 60 {
		return time.Time{}, false
	}
	loc, ok := feedZone(rest)
	if !ok {
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(month), d, h, mi, sec, 0, loc)
	if t.Day() != d { // 31 Feb
		return time.Time{}, false
	}
	return t.UTC(), true
}

// feedMonthPrefixes maps the start of a month name, lower case, to its
// number: English, Portuguese, Spanish, French, Italian, German, Dutch,
// Danish/Norwegian/Swedish and Indonesian names and abbreviations. French
// "juin"/"juillet" need four letters; the rest three.
var feedMonthPrefixes = map[string]int{
	"juin": 6, "juil": 7,
	"jan": 1, "ene": 1, "gen": 1,
	"feb": 2, "fev": 2, "fév": 2,
	"mar": 3, "mär": 3, "mrz": 3, "mrt": 3,
	"apr": 4, "abr": 4, "avr": 4,
	"may": 5, "mai": 5, "mei": 5, "maj": 5, "mag": 5,
	"jun": 6, "giu": 6,
	"jul": 7, "lug": 7,
	"aug": 8, "ago": 8, "aoû": 8, "aou": 8, "agu": 8, "agt": 8,
	"sep": 9, "set": 9,
	"oct": 10, "okt": 10, "out": 10, "ott": 10,
	"nov": 11,
	"dec": 12, "dez": 12, "dic": 12, "déc": 12, "des": 12,
}

// feedMonth returns the number of a month name, or 0.
func feedMonth(name string) int {
	r := []rune(strings.ToLower(name))
	if len(r) >= 4 {
		if m, ok := feedMonthPrefixes[string(r[:4])]; ok {
			return m
		}
	}
	if len(r) >= 3 {
		return feedMonthPrefixes[string(r[:3])]
	}
	return 0
}

// feedZones are the zone names seen in feeds, with their UTC offsets in
// minutes: RFC 822's own and common European, Asian (WIB, the Indonesian
// western time, among them), Australian and American ones. Ambiguous names
// such as IST are left out (read as UTC).
var feedZones = map[string]int{
	"Z": 0, "UT": 0, "UTC": 0, "GMT": 0, "WET": 0,
	"EST": -300, "EDT": -240, "CST": -360, "CDT": -300,
	"MST": -420, "MDT": -360, "PST": -480, "PDT": -420,
	"AKST": -540, "AKDT": -480, "HST": -600, "BRT": -180, "ART": -180,
	"BST": 60, "WEST": 60, "CET": 60, "MET": 60, "MEZ": 60,
	"CEST": 120, "MEST": 120, "MESZ": 120, "EET": 120, "EEST": 180, "MSK": 180,
	"WIB": 420, "ICT": 420, "WITA": 480, "SGT": 480, "HKT": 480, "AWST": 480, "PHT": 480, "MYT": 480,
	"WIT": 540, "JST": 540, "KST": 540, "ACST": 570, "AEST": 600, "AEDT": 660, "NZST": 720, "NZDT": 780,
}

// zoneOffset matches a numeric zone: "+0700", "-03:00", "+07", "+7".
var zoneOffset = regexp.MustCompile(`^([+-])(\d{1,2}):?(\d{2})?$`)

// feedZone reads the zone part of an RFC 822 date: only its first word
// counts ("+0700 (WIB)"). ok is false for a zone that is neither a number
// nor a word, such as "+99".
func feedZone(s string) (*time.Location, bool) {
	f := strings.Fields(strings.Trim(s, "()"))
	if len(f) == 0 {
		return time.UTC, true
	}
	z := strings.ToUpper(strings.Trim(f[0], "()"))
	for _, p := range []string{"GMT", "UTC", "UT"} {
		if len(z) > len(p) && strings.HasPrefix(z, p) && (z[len(p)] == '+' || z[len(p)] == '-') {
			z = z[len(p):]
			break
		}
	}
	if m := zoneOffset.FindStringSubmatch(z); m != nil {
		h, _ := strconv.Atoi(m[2])
		mi, _ := strconv.Atoi(m[3])
		if h > 14 || mi > 59 {
			return nil, false
		}
		off := (h*60 + mi) * 60
		if m[1] == "-" {
			off = -off
		}
		return time.FixedZone("", off), true
	}
	if off, ok := feedZones[z]; ok {
		return time.FixedZone(z, off*60), true
	}
	if strings.Trim(z, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") == "" {
		return time.UTC, true // an unknown zone name
	}
	return nil, false
}

// repairMojibake undoes UTF-8 text that was decoded as windows-1252 or
// ISO-8859-1 once too often, as feeds and agencies often send it ("Â£4
// million", "itâ€™s"): a character that is a UTF-8 lead byte in those
// charsets (U+00C2..U+00F4), followed by as many characters that are
// continuation bytes (0x80..0xBF) as it announces, is replaced by the one
// character those bytes encode. Real text hardly ever has such runs (an
// "Ã" followed by "©"), so other text is left alone.
func repairMojibake(s string) string {
	if !strings.ContainsFunc(s, func(r rune) bool { return r >= 0xC2 && r <= 0xF4 }) {
		return s
	}
	rs := []rune(s)
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(rs); i++ {
		if n := utf8Continuations(rs[i]); n > 0 && i+n < len(rs) {
			seq := []byte{byte(rs[i])}
			for _, r := range rs[i+1 : i+1+n] {
				c, ok := cp1252Byte(r)
				if !ok || c < 0x80 || c > 0xBF {
					break
				}
				seq = append(seq, c)
			}
			if r, size := utf8.DecodeRune(seq); len(seq) == n+1 && size == n+1 && r != utf8.RuneError {
				b.WriteRune(r)
				i += n
				continue
			}
		}
		b.WriteRune(rs[i])
	}
	return b.String()
}

// utf8Continuations is the number of continuation bytes the UTF-8 lead
// byte with r's Latin-1 value announces, or 0 when r is no lead byte.
func utf8Continuations(r rune) int {
	switch {
	case r >= 0xC2 && r <= 0xDF:
		return 1
	case r >= 0xE0 && r <= 0xEF:
		return 2
	case r >= 0xF0 && r <= 0xF4:
		return 3
	}
	return 0
}

// cp1252Byte is the byte that stands for r in windows-1252; the C1
// controls U+0080..U+009F stand for themselves (ISO-8859-1).
func cp1252Byte(r rune) (byte, bool) {
	if r >= 0x80 && r <= 0xFF {
		return byte(r), true
	}
	b, ok := charmap.Windows1252.EncodeRune(r)
	return b, ok
}
