package wire

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"time"

	"github.com/newsroom-pipeline/newsroom/pkg/article"
	"github.com/newsroom-pipeline/newsroom/pkg/format"
)

// NewsML 1 (format.NewsML1): IPTC NewsML 1.x (1.2 as sent by AFP, Business
// Wire and others), read leniently and without DTD validation.
//
// Containers. A NewsML document with several top-level NewsItems is split
// into one document per NewsItem, each keeping the NewsML root and the
// NewsEnvelope. Parse reads the first NewsItem.
//
// A NewsItem is one story made of nested NewsComponents. Metadata is taken
// from the outermost component that has it; components whose Role is a
// media or layout role (Photo, Video, Logo, Caption, StyleSheet, ...) do
// not give the story's NewsLines. The mapping:
//
//	uri              "urn:newsml:<ProviderId>:<DateId>:<NewsItemId>" from
//	                 Identification/NewsIdentifier (the same for every
//	                 revision); without those parts, PublicIdentifier minus
//	                 its ":<RevisionId>" suffix
//	version          NewsIdentifier/RevisionId
//	firstcreated     NewsManagement/FirstCreated
//	versioncreated   NewsManagement/ThisRevisionCreated
//	pubstatus        NewsManagement/Status @FormalName: Usable -> usable,
//	                 Withheld and Embargoed -> withheld, Canceled ->
//	                 canceled; absent means usable, another value is an error
//	embargoed        NewsManagement/StatusWillChange/DateAndTime, when the
//	                 status is Withheld or Embargoed
//	urgency          NewsManagement/Urgency @FormalName (1-9)
//	signals          NewsManagement/Instruction @FormalName: Rectify or
//	                 Correction -> "correction", Update -> "update"
//	headline         NewsLines/HeadLine; else the text of a component of
//	                 Role HeadLine; else the inline NITF hedline
//	byline           NewsLines/ByLine without "By"; else
//	                 AdministrativeMetadata/Creator/Party @FormalName
//	located          DescriptiveMetadata/Location Property "City"; else the
//	                 place of NewsLines/DateLine (see datelinePlace)
//	infosource       AdministrativeMetadata/Provider/Party @FormalName, else
//	                 Source/Party, else the agency in the dateline
//	copyrightnotice  NewsLines/CopyrightLine (year taken from it)
//	copyrightholder  RightsMetadata/Copyright/CopyrightHolder, else parsed
//	                 from the notice
//	slugline         NewsLines/SlugLine, else Identification/NameLabel
//	ednote           NewsLines/NewsLine of type AdvisoryLine, joined " / "
//	language         DescriptiveMetadata/Language @FormalName, else the
//	                 NewsItem's xml:lang, reduced to the primary subtag
//	subject          DescriptiveMetadata/SubjectCode/Subject, SubjectMatter
//	                 and SubjectDetail @FormalName: an 8-digit IPTC subject
//	                 code becomes Code "subj:<code>" with its cv.iptc.org URI
//	body_text        every text ContentItem (MediaType Text, a text or
//	                 XHTML MIME type, or an NITF/XHTML Format) outside
//	                 components of a non-body Role, in document order:
//	                 DataContent NITF (body.content), XHTML or bare
//	                 paragraphs, or plain text
//
// Rejected: a NewsItem whose only content is photos, graphics, video or
// audio (no text ContentItem), with a reason naming the item; a NewsItem with
// neither headline nor text; a NewsML document without a NewsItem.
func init() {
	register(format.NewsML1, parseNewsML1, splitNewsML1)
}

// splitNewsML1 cuts a NewsML document into one per top-level NewsItem.
func splitNewsML1(raw []byte) ([][]byte, error) {
	if !strings.EqualFold(rootName(raw), "NewsML") {
		return [][]byte{raw}, nil
	}
	ranges, err := elementRanges(raw, "NewsItem")
	if err != nil {
		return nil, fmt.Errorf("NewsML 1 document: %w", err)
	}
	if len(ranges) == 0 {
		return nil, errors.New("NewsML 1 document holds no NewsItem")
	}
	return spliceItems(raw, ranges), nil
}

// parseNewsML1 reads the root NewsItem, or a NewsML document's first one.
func parseNewsML1(_ string, raw []byte) (*article.Article, error) {
	d := newXMLDecoder(raw)
	root, err := rootElement(d)
	if err != nil {
		return nil, newsML1Error(err)
	}
	item := root
	switch localName(root) {
	case "newsml":
		item, err = firstNewsML1Item(d)
		if err != nil {
			return nil, newsML1Error(err)
		}
	case "newsitem":
	default:
		return nil, fmt.Errorf("NewsML 1 document has root element <%s>, not NewsML or NewsItem", root.Name.Local)
	}
	it := &n1Item{start: item, lineDepth: map[string]int{}}
	if err := it.read(d); err != nil {
		return nil, newsML1Error(err)
	}
	return it.story()
}

func newsML1Error(err error) error {
	switch {
	case errors.Is(err, ErrXMLLimit):
		return fmt.Errorf("NewsML 1: %w", err)
	case errors.Is(err, errNoNewsML1Items):
		return errors.New("NewsML 1 document holds no NewsItem")
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		return errors.New("malformed NewsML 1 XML: unexpected end of document")
	}
	return fmt.Errorf("malformed NewsML 1 XML: %v", err)
}

var errNoNewsML1Items = errors.New("no NewsItem")

// firstNewsML1Item finds the first NewsItem child of the NewsML root.
func firstNewsML1Item(d tokenReader) (xml.StartElement, error) {
	for {
		tok, err := d.Token()
		if err != nil {
			if err == io.EOF {
				return xml.StartElement{}, errNoNewsML1Items
			}
			return xml.StartElement{}, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if localName(t) == "newsitem" {
				return t.Copy(), nil
			}
			if err := skipElement(d); err != nil {
				return xml.StartElement{}, err
			}
		case xml.EndElement:
			return xml.StartElement{}, errNoNewsML1Items
		}
	}
}

// n1Item collects a NewsItem's parts before the article is assembled.
type n1Item struct {
	start xml.StartElement
	a     article.Article

	providerID, dateID, itemID, publicID string
	nameLabel, status, embargo           string

	// NewsLines and other per-component metadata, each from the outermost
	// component that has it: lines maps a field to its value and lineDepth
	// to the depth it was found at.
	lines     map[string]string
	lineDepth map[string]int
	advisory  []string

	providers, creators, sources []string
	holder, city, language       string

	bodies       []string
	roleHeadline string // text of a component of Role HeadLine
	nitfHeadline string
	nitfByline   string
	media        []string // kinds of non-text content: "photo", "video", ...
}

// nonBodyRoles are NewsComponent roles whose text is not the story body.
var nonBodyRoles = map[string]bool{
	"stylesheet": true, "headline": true, "subheadline": true, "contact": true,
	"logo": true, "caption": true, "photo": true, "picture": true, "graphic": true,
	"video": true, "audio": true, "thumbnail": true, "preview": true,
	"quicklook": true, "highdef": true, "image": true,
}

// mediaRoles are roles whose NewsLines describe a media object, not the story.
var mediaRoles = map[string]bool{
	"logo": true, "caption": true, "photo": true, "picture": true, "graphic": true,
	"video": true, "audio": true, "thumbnail": true, "preview": true,
	"quicklook": true, "highdef": true, "image": true,
}

func (it *n1Item) read(d tokenReader) error {
	it.language = primaryTag(attr(it.start, "lang"))
	return walkChildren(d, func(se xml.StartElement) error {
		switch localName(se) {
		case "identification":
			return it.readIdentification(d)
		case "newsmanagement":
			return it.readManagement(d)
		case "newscomponent":
			return it.readComponent(d, 1, "")
		}
		return skipElement(d)
	})
}

func (it *n1Item) readIdentification(d tokenReader) error {
	return walkChildren(d, func(se xml.StartElement) error {
		switch localName(se) {
		case "newsidentifier":
			return walkChildren(d, func(se xml.StartElement) error {
				s, err := elementText(d)
				switch localName(se) {
				case "providerid":
					it.providerID = s
				case "dateid":
					it.dateID = s
				case "newsitemid":
					it.itemID = s
				case "revisionid":
					it.a.Version = s
				case "publicidentifier":
					it.publicID = s
				}
				return err
			})
		case "namelabel":
			var err error
			it.nameLabel, err = elementText(d)
			return err
		}
		return skipElement(d)
	})
}

func (it *n1Item) readManagement(d tokenReader) error {
	return walkChildren(d, func(se xml.StartElement) error {
		formal := cleanLine(attr(se, "FormalName"))
		switch localName(se) {
		case "firstcreated", "thisrevisioncreated":
			s, err := elementText(d)
			if t, ok := newsML1Time(s); ok {
				if localName(se) == "firstcreated" {
					it.a.FirstCreated = &t
				} else {
					it.a.VersionCreated = &t
				}
			}
			return err
		case "status":
			it.status = formal
		case "urgency":
			it.a.Urgency = urgency(formal)
		case "instruction":
			switch strings.ToLower(formal) {
			case "rectify", "correction", "correct":
				it.a.Signals = appendUnique(it.a.Signals, article.SignalCorrection)
			case "update":
				it.a.Signals = appendUnique(it.a.Signals, article.SignalUpdate)
			}
		case "statuswillchange":
			return walkChildren(d, func(se xml.StartElement) error {
				if localName(se) == "dateandtime" {
					var err error
					it.embargo, err = elementText(d)
					return err
				}
				return skipElement(d)
			})
		}
		return skipElement(d)
	})
}

// readComponent reads a NewsComponent at the given nesting depth; role is
// the nearest enclosing Role, replaced by the component's own.
func (it *n1Item) readComponent(d tokenReader, depth int, role string) error {
	return walkChildren(d, func(se xml.StartElement) error {
		switch localName(se) {
		case "role":
			role = strings.ToLower(cleanLine(attr(se, "FormalName")))
		case "newslines":
			if !mediaRoles[role] {
				return it.readLines(d, depth)
			}
		case "administrativemetadata":
			return it.readAdministrative(d)
		case "rightsmetadata":
			return it.readRights(d)
		case "descriptivemetadata":
			return it.readDescriptive(d)
		case "newscomponent":
			return it.readComponent(d, depth+1, role)
		case "contentitem":
			return it.readContentItem(d, role)
		}
		return skipElement(d)
	})
}

// setLine records a NewsLines field unless an outer component gave it.
func (it *n1Item) setLine(field, value string, depth int) {
	if value == "" {
		return
	}
	if it.lines == nil {
		it.lines = map[string]string{}
	}
	if old, ok := it.lineDepth[field]; ok && old <= depth {
		return
	}
	it.lines[field] = value
	it.lineDepth[field] = depth
}

func (it *n1Item) readLines(d tokenReader, depth int) error {
	return walkChildren(d, func(se xml.StartElement) error {
		name := localName(se)
		switch name {
		case "headline", "byline", "dateline", "copyrightline", "slugline":
			s, err := elementText(d)
			it.setLine(name, s, depth)
			return err
		case "newsline":
			var typ, text string
			err := walkChildren(d, func(se xml.StartElement) error {
				switch localName(se) {
				case "newslinetype":
					typ = strings.ToLower(attr(se, "FormalName"))
				case "newslinetext":
					var err error
					text, err = elementText(d)
					return err
				}
				return skipElement(d)
			})
			if typ == "advisoryline" {
				it.advisory = appendUnique(it.advisory, text)
			}
			return err
		}
		return skipElement(d)
	})
}

// partyNames returns the FormalNames of the Party children of the element
// whose start tag was just read.
func partyNames(d tokenReader) ([]string, error) {
	var names []string
	err := walkChildren(d, func(se xml.StartElement) error {
		if localName(se) == "party" {
			names = appendUnique(names, cleanLine(attr(se, "FormalName")))
		}
		return skipElement(d)
	})
	return names, err
}

func (it *n1Item) readAdministrative(d tokenReader) error {
	return walkChildren(d, func(se xml.StartElement) error {
		var list *[]string
		switch localName(se) {
		case "provider":
			list = &it.providers
		case "creator":
			list = &it.creators
		case "source":
			list = &it.sources
		default:
			return skipElement(d)
		}
		names, err := partyNames(d)
		for _, n := range names {
			*list = appendUnique(*list, n)
		}
		return err
	})
}

func (it *n1Item) readRights(d tokenReader) error {
	return walkChildren(d, func(se xml.StartElement) error {
		if localName(se) != "copyright" {
			return skipElement(d)
		}
		return walkChildren(d, func(se xml.StartElement) error {
			if localName(se) == "copyrightholder" && it.holder == "" {
				var err error
				it.holder, err = elementText(d)
				return err
			}
			return skipElement(d)
		})
	})
}

func (it *n1Item) readDescriptive(d tokenReader) error {
	return walkChildren(d, func(se xml.StartElement) error {
		switch localName(se) {
		case "language":
			if tag := primaryTag(attr(se, "FormalName")); tag != "" && it.a.Language == "" {
				it.a.Language = tag
			}
		case "subjectcode":
			return walkChildren(d, func(se xml.StartElement) error {
				switch localName(se) {
				case "subject", "subjectmatter", "subjectdetail":
					it.a.Subject = addSubject(it.a.Subject, newsML1Subject(attr(se, "FormalName")))
				}
				return skipElement(d)
			})
		case "location":
			return walkChildren(d, func(se xml.StartElement) error {
				if localName(se) == "property" && strings.EqualFold(attr(se, "FormalName"), "City") && it.city == "" {
					it.city = cleanLine(attr(se, "Value"))
				}
				return skipElement(d)
			})
		}
		return skipElement(d)
	})
}

// iptcSubjectCode is an IPTC Subject Reference number.
var iptcSubjectCode = regexp.MustCompile(`^[0-9]{8}$`)

func newsML1Subject(formal string) article.Subject {
	formal = cleanLine(formal)
	if iptcSubjectCode.MatchString(formal) {
		return article.Subject{Code: "subj:" + formal, URI: "http://cv.iptc.org/newscodes/subjectcode/" + formal}
	}
	return article.Subject{Code: formal}
}

// readContentItem reads a ContentItem inside a component of the given
// role. A ContentItem without DataContent (a Href to the object) counts as
// media when its type says so.
func (it *n1Item) readContentItem(d tokenReader, role string) error {
	var mediaType, mimeType, formatName, encoding string
	sawData := false
	err := walkChildren(d, func(se xml.StartElement) error {
		switch localName(se) {
		case "mediatype":
			mediaType = strings.ToLower(cleanLine(attr(se, "FormalName")))
		case "mimetype":
			mimeType = strings.ToLower(cleanLine(attr(se, "FormalName")))
		case "format":
			formatName = strings.ToLower(cleanLine(attr(se, "FormalName")))
		case "encoding":
			encoding = cleanLine(attr(se, "FormalName"))
		case "datacontent":
			sawData = true
			if contentKind(mediaType, mimeType, formatName) == "text" {
				return it.readDataContent(d, role, mimeType, encoding)
			}
		}
		return skipElement(d)
	})
	if kind := contentKind(mediaType, mimeType, formatName); kind != "text" && kind != "style" && kind != "" {
		it.media = appendUnique(it.media, kind)
	} else if kind == "" && !sawData && (mediaType != "" || mimeType != "") {
		it.media = appendUnique(it.media, firstNonEmpty(mediaType, mimeType))
	}
	return err
}

// readDataContent reads the DataContent of a text ContentItem.
func (it *n1Item) readDataContent(d tokenReader, role, mimeType, encoding string) error {
	in, err := readInline(d)
	if err != nil {
		return err
	}
	text := in.body
	if text == "" && !in.known {
		text = inlineDataText(mimeType, encoding, in.loose)
	}
	if it.nitfHeadline == "" {
		it.nitfHeadline = in.headline
	}
	if it.nitfByline == "" {
		it.nitfByline = in.byline
	}
	switch {
	case text == "":
	case role == "headline":
		if it.roleHeadline == "" {
			it.roleHeadline = cleanLine(text)
		}
	case !nonBodyRoles[role]:
		it.bodies = append(it.bodies, text)
	}
	return nil
}

// contentKind classifies a ContentItem: "text", "style" (CSS), a media
// kind ("photo", "graphic", "video", "audio") or "" when nothing says.
func contentKind(mediaType, mimeType, formatName string) string {
	switch mediaType {
	case "text", "complexdata":
		if mimeType == "text/css" || formatName == "css" {
			return "style"
		}
		return "text"
	case "photo", "image", "picture":
		return "photo"
	case "graphic", "video", "audio", "animation":
		return mediaType
	}
	switch {
	case mimeType == "text/css":
		return "style"
	case strings.HasPrefix(mimeType, "text/") || strings.Contains(mimeType, "xml") || strings.Contains(mimeType, "html"):
		return "text"
	case strings.HasPrefix(mimeType, "image/"):
		return "photo"
	case strings.HasPrefix(mimeType, "video/"):
		return "video"
	case strings.HasPrefix(mimeType, "audio/"):
		return "audio"
	}
	switch {
	case formatName == "css":
		return "style"
	case strings.Contains(formatName, "nitf") || strings.Contains(formatName, "html") || strings.Contains(formatName, "text"):
		return "text"
	case strings.Contains(formatName, "jpeg") || strings.Contains(formatName, "gif") || strings.Contains(formatName, "png"):
		return "photo"
	case mediaType == "" && mimeType == "" && formatName == "":
		return "text" // bare DataContent: read it, markup or plain text
	}
	return ""
}

// label names the item for an error: `NewsItem "urn:..." version 2`.
func (it *n1Item) label() string {
	label := "NewsML 1 NewsItem"
	if it.a.URI != "" {
		label += fmt.Sprintf(" %q", it.a.URI)
	}
	if it.a.Version != "" {
		label += " version " + it.a.Version
	}
	return label
}

// story assembles the article, or says why the item is not a story.
func (it *n1Item) story() (*article.Article, error) {
	a := &it.a
	a.Format = format.NewsML1
	a.URI = it.uri()
	status, err := newsML1Status(it.status)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", it.label(), err)
	}
	a.PubStatus = status
	if t, ok := newsML1Time(it.embargo); ok && status == article.PubStatusWithheld {
		a.Embargoed = &t
	}
	a.BodyText = strings.Join(it.bodies, "\n\n")
	if a.BodyText == "" && len(it.media) > 0 {
		return nil, fmt.Errorf("%s has only %s components (no text)", it.label(), strings.Join(it.media, " and "))
	}

	a.Headline = firstNonEmpty(it.lines["headline"], it.roleHeadline, it.nitfHeadline)
	a.Byline = firstNonEmpty(stripBy(it.lines["byline"]), strings.Join(it.creators, ", "), it.nitfByline)
	a.Located = firstNonEmpty(it.city, datelinePlace(it.lines["dateline"]))
	a.InfoSource = firstNonEmpty(strings.Join(it.providers, ", "), strings.Join(it.sources, ", "), datelineAgency(it.lines["dateline"]))
	a.Slugline = firstNonEmpty(it.lines["slugline"], it.nameLabel)
	a.EdNote = strings.Join(it.advisory, " / ")
	a.CopyrightNotice = it.lines["copyrightline"]
	a.CopyrightHolder = it.holder
	if a.Language == "" {
		a.Language = it.language
	}
	setCopyright(a)
	if a.Headline == "" && a.BodyText == "" && !bareKill(a) {
		return nil, fmt.Errorf("%s has neither headline nor text", it.label())
	}
	return a, nil
}

// uri builds the revision-independent id; see the file comment.
func (it *n1Item) uri() string {
	if it.providerID != "" && it.itemID != "" {
		return "urn:newsml:" + it.providerID + ":" + it.dateID + ":" + it.itemID
	}
	if it.a.Version != "" {
		return strings.TrimSuffix(it.publicID, ":"+it.a.Version)
	}
	return it.publicID
}

// newsML1Status maps a NewsManagement Status FormalName.
func newsML1Status(s string) (string, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "usable":
		return article.PubStatusUsable, nil
	case "withheld", "embargoed":
		return article.PubStatusWithheld, nil
	case "canceled", "cancelled":
		return article.PubStatusCanceled, nil
	}
	return "", fmt.Errorf("unknown Status %q (want Usable, Withheld, Embargoed or Canceled)", s)
}

// newsML1Layouts are the ISO 8601 basic forms NewsML 1 uses
// ("20140829T134951+0000", "20140829T135002Z", "20010714").
var newsML1Layouts = []string{
	"20060102T150405Z0700",
	"20060102T150405Z07:00",
	"20060102T150405",
	"20060102",
}

// newsML1Time reads a NewsML 1 date-time (basic or extended ISO 8601) in
// UTC.
func newsML1Time(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	for _, layout := range newsML1Layouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), true
		}
	}
	return parseTime(s)
}
