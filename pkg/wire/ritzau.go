package wire

// Ritzau (format.Ritzau): the RBNews XML of the Danish agency Ritzau, one
// story per <RBNews>, and the XMLNewsQueuedResponse its queue service
// returns, a list of RBNews under XMLNewsQueuedResult/ListOfRBNews.
//
// Split: one self-contained document per <RBNews>; a response whose
// <error> is not 0 is rejected with its code and message, as is one
// without items.
//
// Parse reads the first <RBNews> of a document (element names are matched
// case-insensitively, whatever their namespace):
//
//	uri             NewsID
//	version         version
//	versioncreated  PublishDate, Danish local time (Europe/Copenhagen)
//	                unless it carries a zone
//	firstcreated    PublishDate too when version is 1 or absent
//	headline        headline (empty in flashes: derived from the lead)
//	body_text       subtitle (the sub-headline, which the article has no
//	                field for) as the first paragraph, then content (HTML)
//	                converted to paragraphs; ContentShort (a truncated lead)
//	                only when content is empty
//	byline          byLine
//	located         town
//	infosource      origin without its slashes ("/ritzau/" -> "ritzau",
//	                "Via Ritzau")
//	slugline        strapline ("NU/FLASH-U", "PRINT/NOTE/SPORT-3")
//	urgency         Priority, when 1..9
//	ednote          TilRedaktionen ("to the editors", HTML) as text
//	subject         section as a name; each IPTCList int as an IPTC subject
//	                code ("subj:15000000", its NewsCodes URI, and the name of
//	                the 17 top-level codes)
//	pubstatus       canceled when Annuleret is true, else usable
//	signals         correction when Korrektion is true, update when
//	                NyVersion is true
//	language        "da", unless the text is detected, with confidence of
//	                at least 0.5, as a language other than Danish, Norwegian
//	                or Swedish: Ritzau relays international press releases
//	                in English
//
// Characters and mis-encoded text are read as for RSS (feed_rss.go): the
// queue service sends "Â£" for "£" and double-escaped entities ("&amp;apos;"),
// both repaired.
//
// Rejected: a root other than RBNews or XMLNewsQueuedResponse, a response
// reporting an error or holding no RBNews, an item with neither headline
// nor text.

import (
	"fmt"
	"strings"
	"sync"
	"time"
	_ "time/tzdata" // Ritzau dates are Copenhagen local time; hosts may lack a zone database

	"github.com/newsroom-pipeline/newsroom/pkg/article"
	"github.com/newsroom-pipeline/newsroom/pkg/format"
	"github.com/newsroom-pipeline/newsroom/pkg/language"
)

func init() {
	register(format.Ritzau, parseRitzau, splitRitzau)
}

func splitRitzau(raw []byte) ([][]byte, error) {
	b, err := feedUTF8("", raw)
	if err != nil {
		return nil, fmt.Errorf("Ritzau: %w", err)
	}
	root, err := readFeedDoc("Ritzau", b, "RBNews")
	if err != nil {
		return nil, err
	}
	if _, err := ritzauItem(root); err != nil {
		return nil, err
	}
	return splitFeed(raw, "Ritzau document", "RBNews")
}

func parseRitzau(contentType string, raw []byte) (*article.Article, error) {
	b, err := feedUTF8(contentType, raw)
	if err != nil {
		return nil, fmt.Errorf("Ritzau: %w", err)
	}
	root, err := readFeedDoc("Ritzau", b, "RBNews")
	if err != nil {
		return nil, err
	}
	n, err := ritzauItem(root)
	if err != nil {
		return nil, err
	}
	return ritzauArticle(n)
}

// ritzauItem returns the first RBNews of a document, or the reason there
// is none.
func ritzauItem(root *feedNode) (*feedNode, error) {
	switch strings.ToLower(root.name.Local) {
	case "rbnews":
		return root, nil
	case "xmlnewsqueuedresponse":
	default:
		return nil, fmt.Errorf("Ritzau document's root element is <%s>, not <RBNews> or <XMLNewsQueuedResponse>", root.name.Local)
	}
	if result := root.find("XMLNewsQueuedResult"); result != nil {
		code := ritzauField(result, "error")
		if code != "" && code != "0" {
			return nil, fmt.Errorf("Ritzau XMLNewsQueuedResponse reports error %s: %q", code, ritzauField(result, "errormsg"))
		}
	}
	n := root.find("RBNews")
	if n == nil {
		return nil, fmt.Errorf("Ritzau XMLNewsQueuedResponse holds no RBNews items")
	}
	return n, nil
}

// find returns the first element named local (case-insensitive, any
// namespace) in n's subtree, n included, depth first.
func (n *feedNode) find(local string) *feedNode {
	if n == nil {
		return nil
	}
	if strings.EqualFold(n.name.Local, local) {
		return n
	}
	for _, p := range n.parts {
		if f := p.el.find(local); f != nil {
			return f
		}
	}
	return nil
}

// ritzauChild returns n's first child element named local (any case, any
// namespace), or nil.
func ritzauChild(n *feedNode, local string) *feedNode {
	if n == nil {
		return nil
	}
	for _, p := range n.parts {
		if p.el != nil && strings.EqualFold(p.el.name.Local, local) {
			return p.el
		}
	}
	return nil
}

// ritzauField is the cleaned text of n's child element local.
func ritzauField(n *feedNode, local string) string {
	return ritzauChild(n, local).line()
}

func ritzauArticle(n *feedNode) (*article.Article, error) {
	a := &article.Article{
		URI:        ritzauField(n, "NewsID"),
		Version:    ritzauField(n, "version"),
		Headline:   feedLine(ritzauField(n, "headline")),
		Byline:     ritzauField(n, "byLine"),
		Located:    ritzauField(n, "town"),
		InfoSource: cleanLine(strings.Trim(ritzauField(n, "origin"), "/")),
		Slugline:   ritzauField(n, "strapline"),
		Urgency:    urgency(ritzauField(n, "Priority")),
		EdNote:     feedHTMLText(ritzauChild(n, "TilRedaktionen").text()),
	}
	if t := ritzauTime(ritzauField(n, "PublishDate")); t != nil {
		a.VersionCreated = t
		if a.Version == "" || a.Version == "1" {
			a.FirstCreated = t
		}
	}
	if ritzauTrue(n, "Annuleret") {
		a.PubStatus = article.PubStatusCanceled
	}
	if ritzauTrue(n, "Korrektion") {
		a.Signals = append(a.Signals, article.SignalCorrection)
	}
	if ritzauTrue(n, "NyVersion") {
		a.Signals = append(a.Signals, article.SignalUpdate)
	}
	a.Subject = feedAddSubject(a.Subject, article.Subject{Name: ritzauField(n, "section")})
	if list := ritzauChild(n, "IPTCList"); list != nil {
		for _, c := range list.parts {
			if c.el != nil {
				a.Subject = feedAddSubject(a.Subject, iptcSubject(c.el.line()))
			}
		}
	}

	body := feedHTMLText(ritzauChild(n, "content").text())
	if body == "" {
		body = feedBody(ritzauChild(n, "ContentShort").text())
	}
	if sub := feedLine(ritzauField(n, "subtitle")); sub != "" {
		body = strings.TrimSpace(sub + "\n\n" + body)
	}
	a.BodyText = body
	if a.Headline == "" && a.BodyText == "" {
		return nil, fmt.Errorf("Ritzau RBNews %s has neither a headline nor text", feedItemName(a.URI))
	}
	a.Language = ritzauLanguage(a.Headline + "\n\n" + a.BodyText)
	return a, nil
}

// ritzauTrue reports whether n's child local says "true".
func ritzauTrue(n *feedNode, local string) bool {
	return strings.EqualFold(ritzauField(n, local), "true")
}

// ritzauLanguage is "da" unless the text is clearly in another language
// than the Scandinavian ones the baseline detector confuses with Danish.
func ritzauLanguage(text string) string {
	lang, conf := language.Detect(text)
	switch {
	case lang == "" || conf < 0.5:
		return "da"
	case lang == "da" || lang == "no" || lang == "nb" || lang == "sv":
		return "da"
	}
	return lang
}

// copenhagen is Ritzau's time zone, loaded once (from the embedded zone
// database when the host has none).
var copenhagen = sync.OnceValue(func() *time.Location {
	loc, err := time.LoadLocation("Europe/Copenhagen")
	if err != nil {
		return time.FixedZone("CET", 3600)
	}
	return loc
})

// ritzauTime reads a PublishDate: ISO 8601 without a zone is Copenhagen
// time; with a zone, or in another form, it is read as feedTime reads it.
func ritzauTime(s string) *time.Time {
	for _, layout := range []string{"2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02T15:04"} {
		if t, err := time.ParseInLocation(layout, s, copenhagen()); err == nil {
			t = t.UTC()
			return &t
		}
	}
	return feedTime(s)
}

// iptcTopics names the 17 top-level IPTC subject codes.
var iptcTopics = map[string]string{
	"01000000": "arts, culture and entertainment", "02000000": "crime, law and justice",
	"03000000": "disaster and accident", "04000000": "economy, business and finance",
	"05000000": "education", "06000000": "environmental issue", "07000000": "health",
	"08000000": "human interest", "09000000": "labour", "10000000": "lifestyle and leisure",
	"11000000": "politics", "12000000": "religion and belief", "13000000": "science and technology",
	"14000000": "social issue", "15000000": "sport", "16000000": "unrest, conflicts and war",
	"17000000": "weather",
}

// iptcSubject makes the subject of an eight-digit IPTC subject code; any
// other value is kept as a bare code.
func iptcSubject(code string) article.Subject {
	code = strings.TrimSpace(code)
	if code == "" {
		return article.Subject{}
	}
	if len(code) == 7 && strings.Trim(code, "0123456789") == "" {
		code = "0" + code // an int list drops the leading zero of 01000000..09999999
	}
	if len(code) != 8 || strings.Trim(code, "0123456789") != "" {
		return article.Subject{Code: code}
	}
	return article.Subject{
		Name: iptcTopics[code],
		Code: "subj:" + code,
		URI:  "http://cv.iptc.org/newscodes/subjectcode/" + code,
	}
}
