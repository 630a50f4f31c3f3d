package wire

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/newsroom-pipeline/newsroom/pkg/article"
	"github.com/newsroom-pipeline/newsroom/pkg/format"
)

// NewsML-G2 (format.NewsMLG2): IPTC NewsML-G2 2.x, any profile (IPTC, AP,
// Reuters, ANSA, STT, Scoop, ...), read leniently and without schema
// validation. Element names are matched by local name, so the namespace
// (or its absence) does not matter.
//
// Containers. A newsMessage is split into one document per item of its
// itemSet (newsItem, packageItem, conceptItem, knowledgeItem, planningItem,
// catalogItem), each keeping the message's prolog, namespaces and header.
// Parse reads the root item, or the first item of a newsMessage.
//
// A newsItem is mapped to an article as follows:
//
//	uri              @guid
//	version          @version, as written
//	versioncreated   itemMeta/versionCreated
//	firstcreated     itemMeta/firstCreated
//	embargoed        itemMeta/embargoed
//	pubstatus        itemMeta/pubStatus @qcode, @literal or @uri
//	                 (stat:usable|withheld|canceled; absent means usable;
//	                 another value is an error)
//	signals          itemMeta/signal in the IPTC "sig:" scheme (or its
//	                 cv.iptc.org URI), by code: "update", "correction",
//	                 "cwarn", "delete"; other codes and providers' own
//	                 signal schemes are ignored
//	ednote           itemMeta/edNote, several joined by " / "
//	language         contentMeta/language @tag, else the item's xml:lang,
//	                 reduced to the primary subtag
//	headline         contentMeta/headline: the one without a role or with
//	                 role "main", else the first that is not a sub-headline,
//	                 else the first; failing that, the inline NITF's
//	                 hedline/hl1 (or head/title). Never derived from a
//	                 description or itemMeta/title.
//	slugline, urgency (1-9): contentMeta/slugline, contentMeta/urgency
//	byline           contentMeta/by, else the <name>s of contentMeta/creator
//	                 (a creator given only as a code or literal is a source,
//	                 not a person), else the inline NITF byline without "By"
//	located          contentMeta/located <name> (or @literal), else the
//	                 place of contentMeta/dateline (see datelinePlace)
//	infosource       contentMeta/infoSource names (or @literal), distinct,
//	                 joined by ", "; else itemMeta/provider's; else the
//	                 agency in parentheses in the dateline
//	copyrightholder  rightsInfo/copyrightHolder <name> or @literal, else
//	                 parsed from the notice
//	copyrightnotice  rightsInfo/copyrightNotice (year taken from it)
//	subject          contentMeta/subject: Code from @qcode (else @literal),
//	                 URI from @uri, Name from its <name> (the English one
//	                 when there are several languages); a subject made of a
//	                 mainConcept takes that concept's code and name
//	body_text        contentSet: the first XHTML or NITF inlineXML rendition
//	                 that has text (XHTML: the document's text; NITF:
//	                 body.content), else the first inlineData of a text or
//	                 XML type (base64 decoded when so encoded; HTML converted
//	                 to text, also when labelled text/plain); failing both,
//	                 and for text items only, a contentMeta/description of
//	                 role summary or abstract (or the inline NITF abstract);
//	                 captions are never read
//
// Rejected, each with a reason naming the item's guid: packageItem (a
// package of references to other items), conceptItem, knowledgeItem,
// planningItem and catalogItem (not stories); a newsItem whose itemClass is
// picture, graphic, video, audio or another non-text class and that has no
// text content (captions do not make a story); a newsItem with neither
// headline nor text; a newsMessage without items; a document whose root is
// a fragment of an item (contentSet, contentMeta, groupSet ...).
func init() {
	register(format.NewsMLG2, parseG2, splitG2)
}

// g2Items are the NewsML-G2 item elements, in lower case.
var g2Items = []string{"newsitem", "packageitem", "conceptitem", "knowledgeitem", "planningitem", "catalogitem"}

// g2NotStory says why each non-news item is rejected.
var g2NotStory = map[string]string{
	"packageitem":   "is a package of references to other items, not a story",
	"conceptitem":   "describes a concept (a person, organisation, place, event, ...), not a story",
	"knowledgeitem": "is a set of concept descriptions (knowledge), not a story",
	"planningitem":  "is planning information (news coverage), not a story",
	"catalogitem":   "is a catalog of controlled vocabularies, not a story",
}

// splitG2 cuts a newsMessage into one document per item; an item alone is
// returned as itself.
func splitG2(raw []byte) ([][]byte, error) {
	if !strings.EqualFold(rootName(raw), "newsMessage") {
		return [][]byte{raw}, nil
	}
	ranges, err := elementRanges(raw, g2Items...)
	if err != nil {
		return nil, fmt.Errorf("NewsML-G2 newsMessage: %w", err)
	}
	if len(ranges) == 0 {
		return nil, errors.New("NewsML-G2 newsMessage holds no items")
	}
	return spliceItems(raw, ranges), nil
}

// parseG2 reads the root item, or a newsMessage's first item.
func parseG2(_ string, raw []byte) (*article.Article, error) {
	d := newXMLDecoder(raw)
	root, err := rootElement(d)
	if err != nil {
		return nil, g2Error(err)
	}
	item := root
	if localName(root) == "newsmessage" {
		item, err = firstG2Item(d)
		if err != nil {
			return nil, g2Error(err)
		}
	}
	name := localName(item)
	if why, ok := g2NotStory[name]; ok {
		return nil, fmt.Errorf("NewsML-G2 %s %s", g2Label(item), why)
	}
	if name != "newsitem" {
		return nil, fmt.Errorf("NewsML-G2 document has root element <%s>, a fragment or another vocabulary, not a newsItem or newsMessage", item.Name.Local)
	}
	it, err := readG2Item(d, item)
	if err != nil {
		return nil, g2Error(err)
	}
	return it.story()
}

// g2Error wraps a decoding error for the operator.
func g2Error(err error) error {
	switch {
	case errors.Is(err, errNoG2Items):
		return errors.New("NewsML-G2 newsMessage holds no items")
	case errors.Is(err, ErrXMLLimit):
		return fmt.Errorf("NewsML-G2: %w", err)
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		return errors.New("malformed NewsML-G2 XML: unexpected end of document")
	}
	return fmt.Errorf("malformed NewsML-G2 XML: %v", err)
}

// g2Label names an item for an error: `newsItem "guid" version 3`.
func g2Label(se xml.StartElement) string {
	label := se.Name.Local
	if guid := cleanLine(attr(se, "guid")); guid != "" {
		label += fmt.Sprintf(" %q", guid)
	}
	if v := cleanLine(attr(se, "version")); v != "" {
		label += " version " + v
	}
	return label
}

// firstG2Item finds the first item of a newsMessage's itemSet, skipping
// the header.
func firstG2Item(d tokenReader) (xml.StartElement, error) {
	for depth := 1; depth > 0; {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return xml.StartElement{}, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			name := localName(t)
			for _, it := range g2Items {
				if name == it {
					return t.Copy(), nil
				}
			}
			if name == "itemset" {
				depth++
				continue
			}
			if err := skipElement(d); err != nil {
				return xml.StartElement{}, err
			}
		case xml.EndElement:
			depth--
		}
	}
	return xml.StartElement{}, errNoG2Items
}

var errNoG2Items = errors.New("newsMessage holds no items")

// g2Item is what readG2Item collects from a newsItem before the article is
// assembled.
type g2Item struct {
	start       xml.StartElement
	a           article.Article
	itemClass   string
	pubStatus   string // as given
	contentLang bool   // a contentMeta/language was read
	edNotes     []string
	headlines   []g2Headline
	by          string
	creators    []string
	located     string
	dateline    string
	sources     []string // infoSource names
	providers   []string // provider names
	summary     string   // description of role summary/abstract
	inline      inlineText
	data        string // body from inlineData
}

type g2Headline struct{ role, text string }

// readG2Item reads a newsItem whose start tag was just read.
func readG2Item(d tokenReader, start xml.StartElement) (*g2Item, error) {
	it := &g2Item{start: start}
	it.a.URI = cleanLine(attr(start, "guid"))
	it.a.Version = cleanLine(attr(start, "version"))
	it.a.Language = primaryTag(attr(start, "lang"))
	err := walkChildren(d, func(se xml.StartElement) error {
		switch localName(se) {
		case "rightsinfo":
			return it.readRights(d)
		case "itemmeta":
			return it.readItemMeta(d)
		case "contentmeta":
			return it.readContentMeta(d)
		case "contentset":
			return it.readContentSet(d)
		}
		return skipElement(d)
	})
	return it, err
}

func (it *g2Item) readRights(d tokenReader) error {
	return walkChildren(d, func(se xml.StartElement) error {
		switch localName(se) {
		case "copyrightholder":
			c, err := readConcept(d, se)
			if it.a.CopyrightHolder == "" {
				it.a.CopyrightHolder = c.label()
			}
			return err
		case "copyrightnotice":
			s, err := elementText(d)
			if it.a.CopyrightNotice == "" {
				it.a.CopyrightNotice = s
			}
			return err
		}
		return skipElement(d)
	})
}

func (it *g2Item) readItemMeta(d tokenReader) error {
	return walkChildren(d, func(se xml.StartElement) error {
		var err error
		switch localName(se) {
		case "itemclass":
			it.itemClass = cleanLine(firstNonEmpty(attr(se, "qcode"), attr(se, "uri"), attr(se, "literal")))
			err = skipElement(d)
		case "pubstatus":
			it.pubStatus = g2Code(se)
			err = skipElement(d)
		case "signal":
			if sig := g2Signal(se); sig != "" {
				it.a.Signals = appendUnique(it.a.Signals, sig)
			}
			err = skipElement(d)
		case "provider":
			var c concept
			c, err = readConcept(d, se)
			it.providers = appendUnique(it.providers, c.label())
		case "versioncreated", "firstcreated", "embargoed":
			var s string
			s, err = elementText(d)
			if t, ok := parseTime(s); ok {
				switch localName(se) {
				case "versioncreated":
					it.a.VersionCreated = &t
				case "firstcreated":
					it.a.FirstCreated = &t
				default:
					it.a.Embargoed = &t
				}
			}
		case "ednote":
			var s string
			s, err = elementText(d)
			it.edNotes = appendUnique(it.edNotes, s)
		default:
			err = skipElement(d)
		}
		return err
	})
}

func (it *g2Item) readContentMeta(d tokenReader) error {
	return walkChildren(d, func(se xml.StartElement) error {
		var err error
		var s string
		switch localName(se) {
		case "headline":
			s, err = elementText(d)
			if s != "" {
				it.headlines = append(it.headlines, g2Headline{strings.ToLower(attr(se, "role")), s})
			}
		case "slugline":
			s, err = elementText(d)
			if it.a.Slugline == "" {
				it.a.Slugline = s
			}
		case "urgency":
			s, err = elementText(d)
			if it.a.Urgency == 0 {
				it.a.Urgency = urgency(s)
			}
		case "language":
			if tag := primaryTag(attr(se, "tag")); tag != "" && !it.contentLang {
				it.a.Language, it.contentLang = tag, true // overrides the item's xml:lang
			}
			err = skipElement(d)
		case "by":
			s, err = elementText(d)
			if it.by == "" {
				it.by = stripBy(s)
			}
		case "dateline":
			s, err = elementText(d)
			if it.dateline == "" {
				it.dateline = s
			}
		case "description":
			s, err = markedText(d)
			if role := codeOf(attr(se, "role")); it.summary == "" && (role == "summary" || role == "abstract") {
				it.summary = s
			}
		case "creator", "located", "infosource", "subject":
			err = it.readContentConcept(d, se)
		default:
			err = skipElement(d)
		}
		return err
	})
}

// readContentConcept reads the contentMeta elements that are concepts.
func (it *g2Item) readContentConcept(d tokenReader, se xml.StartElement) error {
	c, err := readConcept(d, se)
	switch localName(se) {
	case "creator":
		it.creators = appendUnique(it.creators, c.name())
	case "located":
		if it.located == "" && !placeholder(c.label()) {
			it.located = c.label()
		}
	case "infosource":
		it.sources = appendUnique(it.sources, c.label())
	case "subject":
		it.a.Subject = addSubject(it.a.Subject, c.subject())
	}
	return err
}

func (it *g2Item) readContentSet(d tokenReader) error {
	return walkChildren(d, func(se xml.StartElement) error {
		switch localName(se) {
		case "inlinexml":
			in, err := readInline(d)
			if err != nil {
				return err
			}
			if in.known && (it.inline.body == "" || !it.inline.known) {
				it.inline = in
			}
			return nil
		case "inlinedata":
			s, err := rawText(d)
			if err != nil {
				return err
			}
			if it.data == "" {
				it.data = inlineDataText(attr(se, "contenttype"), attr(se, "encoding"), s)
			}
			return nil
		}
		return skipElement(d)
	})
}

// story assembles the article, or says why the item is not a story.
func (it *g2Item) story() (*article.Article, error) {
	a := &it.a
	a.Format = format.NewsMLG2
	label := "NewsML-G2 " + g2Label(it.start)
	status, err := pubStatus(it.pubStatus)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", label, err)
	}
	a.PubStatus = status
	a.EdNote = strings.Join(it.edNotes, " / ")

	a.BodyText = firstNonEmpty(it.inline.body, it.data)
	// A summary does not make a picture (or video, ...) a story; a caption
	// is never read at all.
	if class := codeOf(it.itemClass); a.BodyText == "" && class != "" && class != "text" {
		return nil, fmt.Errorf("%s is %s item (itemClass %s) with no text content", label, withArticle(class), it.itemClass)
	}
	a.BodyText = firstNonEmpty(a.BodyText, it.summary, it.inline.abstract)

	a.Headline = it.headline()
	a.Byline = it.by
	if a.Byline == "" {
		a.Byline = strings.Join(it.creators, ", ")
	}
	if a.Byline == "" {
		a.Byline = it.inline.byline
	}
	a.Located = it.located
	if a.Located == "" {
		a.Located = datelinePlace(it.dateline)
	}
	a.InfoSource = strings.Join(it.sources, ", ")
	if a.InfoSource == "" {
		a.InfoSource = strings.Join(it.providers, ", ")
	}
	if a.InfoSource == "" {
		a.InfoSource = datelineAgency(it.dateline)
	}
	setCopyright(a)
	if a.Headline == "" && a.BodyText == "" && !bareKill(a) {
		return nil, fmt.Errorf("%s (itemClass %s) has neither headline nor text", label, orNone(it.itemClass))
	}
	return a, nil
}

// headline picks the main headline; see the file comment.
func (it *g2Item) headline() string {
	for _, h := range it.headlines {
		if h.role == "" || codeOf(h.role) == "main" {
			return h.text
		}
	}
	for _, h := range it.headlines {
		if !strings.Contains(h.role, "sub") {
			return h.text
		}
	}
	if len(it.headlines) > 0 {
		return it.headlines[0].text
	}
	return it.inline.headline
}

// setCopyright fills the holder (when absent) and the year from the notice.
func setCopyright(a *article.Article) {
	if a.CopyrightNotice == "" {
		return
	}
	holder, year := parseCopyright(a.CopyrightNotice)
	a.CopyrightYear = year
	if a.CopyrightHolder == "" && !strings.Contains(a.CopyrightNotice, "://") {
		a.CopyrightHolder = holder
	}
}

// withArticle puts "a" or "an" before a word: "a picture", "an audio".
func withArticle(word string) string {
	if word != "" && strings.ContainsRune("aeiou", rune(word[0])) {
		return "an " + word
	}
	return "a " + word
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

// concept is a G2 concept reference: codes and names.
type concept struct {
	qcode, uri, literal string
	names               []langName
}

type langName struct{ lang, text string }

// readConcept reads a concept element (subject, located, creator,
// infoSource, provider, copyrightHolder, ...) whose start tag was just read:
// its code attributes and its direct <name> children. A subject built of a
// mainConcept (the facet form) takes the main concept's codes and names.
func readConcept(d tokenReader, se xml.StartElement) (concept, error) {
	c := concept{
		qcode:   cleanLine(attr(se, "qcode")),
		uri:     cleanLine(attr(se, "uri")),
		literal: cleanLine(attr(se, "literal")),
	}
	err := walkChildren(d, func(child xml.StartElement) error {
		switch localName(child) {
		case "name":
			s, err := elementText(d)
			if s != "" {
				c.names = append(c.names, langName{primaryTag(attr(child, "lang")), s})
			}
			return err
		case "mainconcept":
			main, err := readConcept(d, child)
			if c.qcode == "" && c.uri == "" && c.literal == "" && len(c.names) == 0 {
				c = main
			}
			return err
		}
		return skipElement(d)
	})
	return c, err
}

// name is the concept's English name when it has names in several
// languages, else its first name; "" when it has none.
func (c concept) name() string {
	for _, n := range c.names {
		if n.lang == "en" {
			return n.text
		}
	}
	for _, n := range c.names {
		if n.lang == "" {
			return n.text
		}
	}
	if len(c.names) > 0 {
		return c.names[0].text
	}
	return ""
}

// label is the concept's name, else its literal.
func (c concept) label() string {
	if n := c.name(); n != "" {
		return n
	}
	return c.literal
}

func (c concept) subject() article.Subject {
	code := c.qcode
	if code == "" {
		code = c.literal
	}
	return article.Subject{Name: c.name(), URI: c.uri, Code: code}
}

// placeholder reports the values providers put where they have no place.
func placeholder(s string) bool {
	switch strings.ToLower(s) {
	case "no-data-available", "n/a", "none", "unknown":
		return true
	}
	return false
}

// g2Code returns the code of a qcode/literal/uri attribute set, in that
// order of preference.
func g2Code(se xml.StartElement) string {
	for _, name := range []string{"qcode", "literal", "uri"} {
		if v := cleanLine(attr(se, name)); v != "" {
			if name == "uri" {
				if i := strings.LastIndexByte(strings.TrimRight(v, "/"), '/'); i >= 0 {
					v = strings.TrimRight(v, "/")[i+1:]
				}
			}
			return v
		}
	}
	return ""
}

// codeOf returns the code part of a QCode ("ninat:picture" -> "picture",
// "drol:summary" -> "summary") or the last segment of a URI, lower case.
func codeOf(s string) string {
	s = strings.ToLower(strings.TrimRight(strings.TrimSpace(s), "/"))
	if i := strings.LastIndexAny(s, ":/"); i >= 0 {
		s = s[i+1:]
	}
	return s
}

// g2Signal maps an IPTC signal ("sig:update", or the cv.iptc.org/newscodes/
// signal/ URI) to its code; providers' schemes give "".
func g2Signal(se xml.StartElement) string {
	q := strings.ToLower(cleanLine(attr(se, "qcode")))
	u := strings.ToLower(cleanLine(attr(se, "uri")))
	var code string
	switch {
	case strings.HasPrefix(q, "sig:"):
		code = q[len("sig:"):]
	case strings.Contains(u, "cv.iptc.org/newscodes/signal/"):
		code = codeOf(u)
	default:
		return ""
	}
	switch code {
	case "correction":
		return article.SignalCorrection
	case "update":
		return article.SignalUpdate
	case "cwarn", "delete":
		return code
	}
	return "" // e.g. ANSA's "sig:routing", which is not an IPTC signal
}
