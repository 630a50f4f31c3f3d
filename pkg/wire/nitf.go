package wire

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/newsroom-pipeline/newsroom/pkg/article"
	"github.com/newsroom-pipeline/newsroom/pkg/format"
)

// parseNITF maps one IPTC NITF 3.x document (any 3.x version; AP, AAP, PA,
// EFE, NTB/Ritzau and Canadian Press dialects) to an article. The charset
// of the XML declaration is honoured (ISO-8859-1 NTB and PA files).
//
//	URI              head/docdata/doc-id@id-string, else doc-id@id
//	Version          docdata/du-key@version when it is an integer ("04" -> "4")
//	VersionCreated   docdata/date.issue@norm, else date.release@norm
//	FirstCreated     the earliest revision-history@norm, else date.release@norm
//	                 unless it is later than date.issue (then it is an embargo)
//	PubStatus        docdata@management-status: usable (or absent) -> usable,
//	                 withheld -> withheld, canceled/cancelled -> canceled,
//	                 embargoed -> usable with Embargoed = date.release (withheld
//	                 when there is no date.release: held without an end);
//	                 any other value rejects the document
//	Embargoed        date.release@norm when management-status is embargoed or
//	                 when date.release is later than date.issue
//	Signals          "update" when docdata@management-doc-idref names an
//	                 earlier document this one replaces
//	Urgency          docdata/urgency@ed-urg (also head/urgency), 1..9
//	EdNote           docdata/ed-msg@info, then the text of body.head notes
//	                 with noteclass="editorsnote", joined by a space
//	CopyrightHolder  docdata/doc.copyright@holder without an "All rights
//	                 reserved" tail; CopyrightYear its @year; CopyrightNotice
//	                 "Copyright <year> <holder>"
//	Subject          tobject/tobject.subject: Code = @tobject.subject.refnum,
//	                 Name = the most specific of @tobject.subject.detail,
//	                 .matter, .type; URI = the IPTC subject-code URI for an
//	                 8-digit refnum whose @tobject.subject.ipr is IPTC or
//	                 absent. Then docdata/key-list/keyword (@key or text) as
//	                 Subject{Name} (free keywords have no code).
//	Slugline         head/meta name="anpa-keyword" (AAP), else du-key@key
//	Headline         body.head/hedline/hl1, else head/title. hedline/hl2 is
//	                 ignored: agencies use it for a duplicate of hl1 (AP), a
//	                 keyword (EFE) or a short headline (CP), never for copy.
//	Byline           body.head/byline without byttl (the writer's title),
//	                 "By " removed; several bylines joined by ", "
//	Located          body.head/dateline/location: its child elements (city,
//	                 state, region, country, ...) joined by ", ", or its text;
//	                 a dateline without location gives its own text, without
//	                 story.date, cut before the date ("SYDNEY March 22 AAP -"
//	                 -> "SYDNEY")
//	InfoSource       body.head/distributor, else doc-id@regsrc, else the first
//	                 docdata/del-list/from-src@src-name
//	Language         nitf@xml:lang, else nitf@baselang, else head/meta
//	                 name="language", reduced to the primary subtag
//	BodyText         body/body.content (all of them), paragraphs by markedText:
//	                 p, hl2 (sub-headings), block, li, table rows and
//	                 media-caption are paragraphs; each line of a pre is one;
//	                 br is a line wrap (AAP wraps every line), not a break;
//	                 media references are dropped. A last paragraph that is a
//	                 sign-off ("ends", "AAP gfr", "/ritzau/") is removed, and
//	                 so is a first paragraph that repeats the headline.
//
// Not used: head/title when hl1 is present, abstract (a teaser that repeats
// the lead), date.expire, doc.rights, fixture, series, evloc, pubdata,
// body.end (tagline, bibliography), other head/meta.
//
// Some agencies declare ISO-8859-1 and send UTF-8 (the NTB/Ritzau
// mapping_test.xml); such a document is read as UTF-8, see newXMLDecoder.
//
// A document whose root is not <nitf> is rejected, and so is one with no
// headline (hl1 or title) and no body text.
func parseNITF(raw []byte) (*article.Article, error) {
	d := newXMLDecoder(raw)
	root, err := rootElement(d)
	if err != nil {
		return nil, nitfXMLError(err)
	}
	if !strings.EqualFold(root.Name.Local, "nitf") {
		return nil, fmt.Errorf("NITF document has root element <%s>, want <nitf>", root.Name.Local)
	}
	r := &nitfReader{}
	r.readRoot(root)
	if err := r.walk(d); err != nil {
		return nil, nitfXMLError(err)
	}
	return r.article()
}

func init() {
	register(format.NITF, func(_ string, raw []byte) (*article.Article, error) {
		return parseNITF(raw)
	}, nil)
}

// nitfXMLError words a decoder error for an operator.
func nitfXMLError(err error) error {
	if errors.Is(err, ErrXMLLimit) {
		return fmt.Errorf("NITF: %w", err)
	}
	return fmt.Errorf("malformed NITF XML: %v", err)
}

// nitfReader collects what parseNITF takes from a document, in one pass.
type nitfReader struct {
	lang, baseLang, metaLang string
	title, hl1               string
	anpaKeyword              string

	status, replaces string
	docID            string
	regsrc           string
	fromSrc          string
	urgency          int
	issue, release   *time.Time
	revisions        []time.Time
	edMsg            string
	editorsNotes     []string
	duVersion, duKey string
	copyHolder       string
	copyYear         int

	subjects  []article.Subject
	keywords  []string
	seen      map[string]bool // subjects and keywords taken, against repeats
	bylines   []string
	located   string
	dist      string
	bodyParas []string
}

// xmlLangSpaces are how encoding/xml reports the xml: prefix.
var xmlLangSpaces = []string{"xml", "http://www.w3.org/XML/1998/namespace"}

func (r *nitfReader) readRoot(se xml.StartElement) {
	for _, a := range se.Attr {
		switch {
		case a.Name.Local == "lang" && slices.Contains(xmlLangSpaces, a.Name.Space):
			r.lang = a.Value
		case strings.EqualFold(a.Name.Local, "baselang"):
			r.baseLang = a.Value
		}
	}
}

// walk reads the document after the root start tag. stack holds the lower-
// case local names of the open elements below the root; an element whose
// subtree a reader consumes (title, hl1, body.content, ...) is never pushed.
func (r *nitfReader) walk(d *xml.Decoder) error {
	var stack []string
	heads := 0 // open head elements in stack
	parent := func() string {
		if len(stack) == 0 {
			return "nitf"
		}
		return stack[len(stack)-1]
	}
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.EndElement:
			if len(stack) == 0 {
				return nil // </nitf>: what follows the root is not read
			}
			if stack[len(stack)-1] == "head" {
				heads--
			}
			stack = stack[:len(stack)-1]
		case xml.StartElement:
			name := strings.ToLower(t.Name.Local)
			consumed, err := r.element(d, t, name, parent(), heads > 0)
			if err != nil {
				return err
			}
			if !consumed {
				stack = append(stack, name)
				if name == "head" {
					heads++
				}
			}
		}
	}
}

// element handles one start tag; it reports whether it read the element's
// subtree through its end tag.
func (r *nitfReader) element(d *xml.Decoder, se xml.StartElement, name, parent string, inHead bool) (bool, error) {
	var err error
	switch {
	case inHead:
		return r.headElement(d, se, name, parent)
	case name == "hl1" && parent == "hedline":
		var h string
		if h, err = elementText(d); r.hl1 == "" {
			r.hl1 = h
		}
	case name == "byline" && parent == "body.head":
		var b string
		if b, err = textWithout(d, "byttl"); b != "" {
			r.bylines = append(r.bylines, b)
		}
	case name == "distributor" && parent == "body.head":
		var s string
		if s, err = elementText(d); r.dist == "" {
			r.dist = s
		}
	case name == "dateline" && parent == "body.head":
		var s string
		if s, err = datelineLocation(d); r.located == "" {
			r.located = s
		}
	case name == "note" && parent == "body.head":
		if !strings.EqualFold(attr(se, "noteclass"), "editorsnote") {
			return true, d.Skip()
		}
		var s string
		if s, err = markedText(d); s != "" {
			r.editorsNotes = append(r.editorsNotes, cleanLine(s))
		}
	case name == "abstract" || name == "body.end":
		err = d.Skip()
	case name == "body.content" && parent == "body":
		var s string
		if s, err = markedText(&nitfBodyTokens{d: d}); s != "" {
			r.bodyParas = append(r.bodyParas, strings.Split(s, "\n\n")...)
		}
	default:
		return false, nil
	}
	return true, err
}

// headElement handles one start tag inside head; see element.
func (r *nitfReader) headElement(d *xml.Decoder, se xml.StartElement, name, parent string) (bool, error) {
	switch name {
	case "title":
		s, err := elementText(d)
		r.title = s
		return true, err
	case "meta":
		switch strings.ToLower(attr(se, "name")) {
		case "anpa-keyword":
			r.anpaKeyword = cleanLine(attr(se, "content"))
		case "language", "lang":
			r.metaLang = attr(se, "content")
		}
	case "tobject.subject":
		r.addSubject(se)
	case "docdata":
		r.status = cleanLine(attr(se, "management-status"))
		r.replaces = cleanLine(attr(se, "management-doc-idref"))
	case "doc-id":
		r.regsrc = cleanLine(attr(se, "regsrc"))
		r.docID = cleanLine(attr(se, "id-string"))
		if r.docID == "" {
			r.docID = cleanLine(attr(se, "id"))
		}
	case "urgency":
		if u := urgency(attr(se, "ed-urg")); u != 0 {
			r.urgency = u
		}
	case "date.issue":
		r.issue = nitfTime(attr(se, "norm"))
	case "date.release":
		r.release = nitfTime(attr(se, "norm"))
	case "revision-history":
		if t := nitfTime(attr(se, "norm")); t != nil {
			r.revisions = append(r.revisions, *t)
		}
	case "ed-msg":
		r.edMsg = cleanLine(attr(se, "info"))
	case "du-key":
		r.duKey = cleanLine(attr(se, "key"))
		if n, err := strconv.Atoi(strings.TrimSpace(attr(se, "version"))); err == nil && n >= 0 {
			r.duVersion = strconv.Itoa(n)
		}
	case "doc.copyright":
		r.copyHolder = cleanLine(attr(se, "holder"))
		r.copyYear, _ = strconv.Atoi(strings.TrimSpace(attr(se, "year")))
	case "from-src":
		if r.fromSrc == "" {
			r.fromSrc = cleanLine(attr(se, "src-name"))
		}
	case "keyword":
		if parent != "key-list" {
			break
		}
		k := cleanLine(attr(se, "key"))
		if k == "" {
			s, err := elementText(d)
			r.addKeyword(s)
			return true, err
		}
		r.addKeyword(k)
	}
	return false, nil
}

// iptcSubjectURI is the IPTC Subject NewsCodes scheme.
const iptcSubjectURI = "http://cv.iptc.org/newscodes/subjectcode/"

var eightDigits = regexp.MustCompile(`^[0-9]{8}$`)

func (r *nitfReader) addSubject(se xml.StartElement) {
	code := cleanLine(attr(se, "tobject.subject.refnum"))
	name := ""
	for _, a := range []string{"tobject.subject.detail", "tobject.subject.matter", "tobject.subject.type"} {
		if name = cleanLine(attr(se, a)); name != "" {
			break
		}
	}
	if code == "" && name == "" {
		return
	}
	s := article.Subject{Code: code, Name: name}
	if ipr := strings.TrimSpace(attr(se, "tobject.subject.ipr")); eightDigits.MatchString(code) && (ipr == "" || strings.EqualFold(ipr, "IPTC")) {
		s.URI = iptcSubjectURI + code
	}
	if r.once("s\x00" + s.Code + "\x00" + s.Name + "\x00" + s.URI) {
		r.subjects = append(r.subjects, s)
	}
}

func (r *nitfReader) addKeyword(k string) {
	if k = cleanLine(k); k != "" && r.once("k\x00"+k) {
		r.keywords = append(r.keywords, k)
	}
}

// once reports whether key is seen for the first time. A map, not a scan
// of the list: a hostile document may repeat an element 100,000 times.
func (r *nitfReader) once(key string) bool {
	if r.seen == nil {
		r.seen = map[string]bool{}
	}
	if r.seen[key] {
		return false
	}
	r.seen[key] = true
	return true
}

// article builds the article from what was read; see parseNITF.
func (r *nitfReader) article() (*article.Article, error) {
	a := &article.Article{
		URI:             r.docID,
		Version:         r.duVersion,
		Urgency:         r.urgency,
		Headline:        r.hl1,
		Byline:          strings.Join(r.bylines, ", "),
		Located:         r.located,
		Slugline:        r.anpaKeyword,
		Subject:         r.subjects,
		CopyrightHolder: copyrightHolder(r.copyHolder),
		CopyrightYear:   r.copyYear,
	}
	if a.Headline == "" {
		a.Headline = cleanLine(r.title)
	}
	if a.Slugline == "" {
		a.Slugline = r.duKey
	}
	for _, k := range r.keywords {
		a.Subject = append(a.Subject, article.Subject{Name: k})
	}
	a.Language = primaryTag(firstNonEmpty(r.lang, r.baseLang, r.metaLang))
	a.InfoSource = firstNonEmpty(r.dist, r.regsrc, r.fromSrc)
	a.EdNote = cleanLine(strings.Join(append([]string{r.edMsg}, r.editorsNotes...), " "))
	if r.copyHolder != "" {
		a.CopyrightNotice = cleanLine("Copyright " + yearText(r.copyYear) + " " + r.copyHolder)
	}
	if r.replaces != "" {
		a.Signals = append(a.Signals, article.SignalUpdate)
	}
	if err := r.dates(a); err != nil {
		return nil, err
	}
	paras := dropSignOff(r.bodyParas)
	if len(paras) > 0 && strings.EqualFold(paras[0], a.Headline) {
		paras = paras[1:] // AP repeats its slug headline as a body hl2
	}
	a.BodyText = strings.Join(paras, "\n\n")
	if a.Headline == "" && a.BodyText == "" && !bareKill(a) {
		return nil, errors.New("NITF document has no headline (hedline/hl1 or head/title) and no body text (body.content)")
	}
	return a, nil
}

// dates sets the times and the publication status; see parseNITF.
func (r *nitfReader) dates(a *article.Article) error {
	a.VersionCreated = r.issue
	if a.VersionCreated == nil {
		a.VersionCreated = r.release
	}
	embargo := r.release != nil && r.issue != nil && r.release.After(*r.issue)
	if len(r.revisions) > 0 {
		first := slices.MinFunc(r.revisions, func(x, y time.Time) int { return x.Compare(y) })
		a.FirstCreated = &first
	} else if !embargo {
		a.FirstCreated = r.release
	}
	switch strings.ToLower(r.status) {
	case "", "usable":
		a.PubStatus = article.PubStatusUsable
	case "withheld":
		a.PubStatus = article.PubStatusWithheld
	case "canceled", "cancelled":
		a.PubStatus = article.PubStatusCanceled
	case "embargoed":
		a.PubStatus = article.PubStatusUsable
		if r.release == nil {
			a.PubStatus = article.PubStatusWithheld // embargoed, and no end is given
		}
		embargo = r.release != nil
	default:
		return fmt.Errorf("NITF docdata management-status %q is not usable, embargoed, withheld or canceled", r.status)
	}
	if embargo {
		a.Embargoed = r.release
	}
	return nil
}

// nitfTimeLayouts are the forms of NITF norm attributes seen from agencies:
// the ISO 8601 basic form the DTD asks for, with or without zone, and the
// extended forms of parseTime. A time without zone is read as UTC.
var nitfTimeLayouts = []string{
	"20060102T150405Z0700",
	"20060102T150405Z07:00",
	"20060102T150405",
	"20060102T1504Z0700",
	"20060102T1504",
	"20060102",
}

// nitfTime parses a norm attribute; a value that is no date (such as the
// template text "YYYYMMDD000000-HHMM") gives nil.
func nitfTime(s string) *time.Time {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil
	}
	for _, layout := range nitfTimeLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			t = t.UTC()
			return &t
		}
	}
	if t, ok := parseTime(s); ok {
		return &t
	}
	return nil
}

var allRightsReserved = regexp.MustCompile(`(?i)[\s.,;:-]*all rights reserved[\s.]*$`)

// copyrightHolder removes an "All rights reserved." tail from a holder
// attribute ("The Canadian Press. All rights reserved.").
func copyrightHolder(h string) string {
	return strings.TrimSpace(allRightsReserved.ReplaceAllString(h, ""))
}

func yearText(y int) string {
	if y <= 0 {
		return ""
	}
	return strconv.Itoa(y)
}

// firstNonEmpty returns the first of s that is not blank, trimmed.
func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v = strings.TrimSpace(v); v != "" {
			return v
		}
	}
	return ""
}

// signOff matches a last paragraph that only signs the story off: PA's
// "ends", AAP's "AAP" with desk and operator codes ("AAP RTV ar", "AAP
// gfr"), Ritzau's "/ritzau/".
var signOff = regexp.MustCompile(`(?i)^(?:ends?|-?30-|/ritzau/|AAP(?: [a-z]{1,5}){1,2})$`)

func dropSignOff(paras []string) []string {
	for len(paras) > 0 && signOff.MatchString(paras[len(paras)-1]) {
		paras = paras[:len(paras)-1]
	}
	return paras
}

var byPrefix = regexp.MustCompile(`(?i)^by\b[:\s]*`)

// textWithout reads the element whose start tag was just read, through its
// end tag, as one cleaned line without the text of the named descendants,
// and with a leading "By " removed.
func textWithout(d *xml.Decoder, skip string) (string, error) {
	s, err := spacedText(d, skip)
	if err != nil {
		return "", err
	}
	s = byPrefix.ReplaceAllString(s, "")
	return strings.Trim(s, " ,;"), nil
}

// datelineLocation reads a dateline element (its start tag just read)
// through its end tag and returns the place; see parseNITF.
func datelineLocation(d *xml.Decoder) (string, error) {
	var text strings.Builder
	location := ""
	for depth := 1; depth > 0; {
		tok, err := d.Token()
		if err != nil {
			return "", err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch name := strings.ToLower(t.Name.Local); {
			case name == "location":
				l, err := locationText(d)
				if err != nil {
					return "", err
				}
				if location == "" {
					location = l
				}
			case name == "story.date":
				if err := d.Skip(); err != nil {
					return "", err
				}
			default:
				depth++
			}
		case xml.EndElement:
			depth--
		case xml.CharData:
			text.Write(t)
		}
	}
	if location != "" {
		return location, nil
	}
	return datelineTextPlace(text.String()), nil
}

// locationText reads a location element: its child elements joined by ", "
// (city, state, country), or its own text when it has no child element.
func locationText(d *xml.Decoder) (string, error) {
	var own strings.Builder
	var parts []string
	seen := map[string]bool{}
	for {
		tok, err := d.Token()
		if err != nil {
			return "", err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			s, err := elementText(d)
			if err != nil {
				return "", err
			}
			if s != "" && !seen[s] {
				seen[s] = true
				parts = append(parts, s)
			}
		case xml.EndElement:
			if len(parts) > 0 {
				return strings.Join(parts, ", "), nil
			}
			return strings.Trim(cleanLine(own.String()), " ,-"), nil
		case xml.CharData:
			own.Write(t)
		}
	}
}

// datelineTextPlace takes the place from a dateline given as text in the
// NITF and Reuters forms (G2 and NewsML 1 datelines use datelinePlace): what comes
// before the date ("SALVADOR, Feb 26 - " -> "SALVADOR", "SYDNEY March 22
// AAP -" -> "SYDNEY"), else what comes before the dash when it looks like a
// place name (letters, spaces, dots; no digits; not a month name). It
// returns "" when the dateline holds only a date ("APRIL 7 - ").
func datelineTextPlace(s string) string {
	s = cleanLine(s)
	if m := placeBeforeDate.FindStringSubmatch(s); m != nil {
		return strings.TrimRight(m[1], " ,-")
	}
	place, _, _ := strings.Cut(s, " -")
	place = strings.Trim(place, " ,-")
	if !placeName.MatchString(place) || monthName.MatchString(place) {
		return ""
	}
	return place
}

const months = `(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?`

var (
	placeBeforeDate = regexp.MustCompile(`(?i)^(\p{L}[^0-9]*?)[ ,]+` + months + ` ?[0-9]{1,3}\b`)
	placeName       = regexp.MustCompile(`^\p{L}[\p{L} .'&/()-]{0,60}$`)
	monthName       = regexp.MustCompile(`(?i)^` + months + `$`)
)

// nitfBodyTokens adapts a body.content token stream for markedText: a br
// becomes a space (a line wrap inside the paragraph, as AAP uses it), and
// each line of a pre becomes its own paragraph (a pre is a table or a list
// of lines: PA's team sheets).
type nitfBodyTokens struct {
	d       *xml.Decoder
	pre     int         // depth inside pre elements
	pending []xml.Token // tokens to return before reading on
}

var (
	paraStart = xml.StartElement{Name: xml.Name{Local: "p"}}
	paraEnd   = xml.EndElement{Name: xml.Name{Local: "p"}}
)

func (b *nitfBodyTokens) Token() (xml.Token, error) {
	if len(b.pending) > 0 {
		tok := b.pending[0]
		b.pending = b.pending[1:]
		return tok, nil
	}
	tok, err := b.d.Token()
	if err != nil {
		return tok, err
	}
	switch t := tok.(type) {
	case xml.StartElement:
		switch strings.ToLower(t.Name.Local) {
		case "br":
			return xml.CharData(" "), nil
		case "pre":
			b.pre++
		}
	case xml.EndElement:
		switch strings.ToLower(t.Name.Local) {
		case "br":
			return xml.CharData(" "), nil
		case "pre":
			b.pre--
		}
	case xml.CharData:
		if b.pre > 0 && strings.Contains(string(t), "\n") {
			// Each line break closes a paragraph: an empty <p></p> pair
			// makes markedText flush, and keeps its depth count whole.
			lines := strings.Split(string(t), "\n")
			for i, l := range lines {
				if i > 0 {
					b.pending = append(b.pending, paraStart, paraEnd)
				}
				b.pending = append(b.pending, xml.CharData(l))
			}
			return b.Token()
		}
	}
	return tok, nil
}
