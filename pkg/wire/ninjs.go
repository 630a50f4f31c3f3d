package wire

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/newsroom-pipeline/newsroom/pkg/article"
	"github.com/newsroom-pipeline/newsroom/pkg/format"
)

// splitNINJS cuts the JSON lists that carry ninjs items into one document
// per item: a top-level "item" array (BBC's feed: {"total", "item": [...]})
// and an AP Media API feed page ({"data": {"items": [{"item": {...}}]}}).
// Anything else, malformed JSON included, is one document (parseNINJS
// reports what is wrong with it).
func splitNINJS(raw []byte) ([][]byte, error) {
	var top struct {
		Item json.RawMessage `json:"item"`
		Data struct {
			Items []struct {
				Item json.RawMessage `json:"item"`
			} `json:"items"`
		} `json:"data"`
	}
	if err := json.Unmarshal(raw, &top); err != nil {
		return [][]byte{raw}, nil
	}
	var docs [][]byte
	var items []json.RawMessage
	if json.Unmarshal(top.Item, &items) == nil {
		for _, it := range items {
			docs = append(docs, it)
		}
	}
	for _, it := range top.Data.Items {
		if len(it.Item) > 0 {
			docs = append(docs, it.Item)
		}
	}
	if len(docs) == 0 {
		return [][]byte{raw}, nil
	}
	return docs, nil
}

// parseNINJS maps one ninjs item, any version, to an article:
//
//	uri                 uri (Superdesk's guid when uri is absent)
//	version             version, as given (a number is kept as written)
//	versioncreated      versioncreated
//	firstcreated        firstcreated
//	embargoed           embargoed (1.x, 2.x), embargoedUntil (3.x)
//	pubstatus           pubstatus, normalised to usable|withheld|canceled
//	language            language, reduced to its primary subtag ("en-GB" -> "en")
//	headline            headline (1.x; also headline_main or another
//	                    headline_*), headlines[] (2.x, 3.x: role "main",
//	                    else the first)
//	body_text           the first plain-text body: bodies[] with a
//	                    text/plain (or no, and no markup) content type
//	                    (2.x, 3.x), body_text (1.x); failing that, the first
//	                    HTML body (bodies[] of an HTML type, body_html,
//	                    body_xhtml, body_richtext) converted to text; failing
//	                    that, other XML such as NITF, converted likewise
//	body_html           the first HTML body, as given
//	byline              byline (1.x), by (2.x, 3.x)
//	infosource          names of infosource[] / infosources[], joined by ", "
//	copyrightholder     copyrightholder; else parsed from the notice
//	copyrightnotice     copyrightnotice; else rightsinfo's linkedrights URL
//	located, slugline, urgency (1-9), ednote: same name
//	subject             subject[] (1.x), subjects[] (2.x, 3.x)
//	people, organisations, places, events: names of person[], organisation[],
//	                    place[], event[] (1.x) or people[], organisations[],
//	                    places[], events[] (2.x, 3.x)
func parseNINJS(text string) (*article.Article, error) {
	var top json.RawMessage
	if err := json.Unmarshal([]byte(text), &top); err != nil {
		var syn *json.SyntaxError
		if errors.As(err, &syn) {
			return nil, fmt.Errorf("malformed JSON: %v (at byte offset %d)", syn, syn.Offset)
		}
		return nil, fmt.Errorf("malformed JSON: %w", err)
	}
	o, ok := parseObject(top)
	if !ok {
		return nil, fmt.Errorf("ninjs item must be a JSON object, got %s", jsonKind(top))
	}
	if data, ok := parseObject(o["data"]); ok {
		// The AP Media API wraps its ninjs item: {"api_version", "data": {"item": {...}}}.
		if item, ok := parseObject(data["item"]); ok {
			o = item
		}
	}

	pubstatus, err := pubStatus(o.str("pubstatus"))
	if err != nil {
		return nil, err
	}
	a := &article.Article{
		Format:          format.NINJS,
		URI:             cleanLine(o.str("uri")),
		Version:         cleanLine(o.str("version")),
		VersionCreated:  o.time("versioncreated"),
		FirstCreated:    o.time("firstcreated"),
		Embargoed:       o.time("embargoed", "embargoeduntil"),
		PubStatus:       pubstatus,
		Language:        primaryTag(o.str("language")),
		Headline:        headline(o),
		Byline:          cleanLine(o.str("byline", "by")),
		Located:         cleanLine(o.str("located")),
		InfoSource:      strings.Join(names(o.list("infosource", "infosources")), ", "),
		CopyrightHolder: cleanLine(o.str("copyrightholder")),
		CopyrightNotice: cleanLine(o.str("copyrightnotice")),
		Slugline:        cleanLine(o.str("slugline")),
		Urgency:         urgency(o.str("urgency")),
		EdNote:          cleanLine(o.str("ednote")),
		Subject:         subjects(o.list("subject", "subjects")),
		People:          names(o.list("person", "people")),
		Organisations:   names(o.list("organisation", "organisations")),
		Places:          names(o.list("place", "places")),
		Events:          names(o.list("event", "events")),
	}
	if a.URI == "" {
		a.URI = cleanLine(o.str("guid"))
	}
	a.BodyText, a.BodyHTML = body(o)
	if a.BodyText == "" && !bareKill(a) {
		if t := strings.ToLower(o.str("type")); t != "" && t != "text" && t != "composite" {
			return nil, fmt.Errorf("ninjs item %q is of type %s and has no text", a.URI, t)
		}
		if r, ok := parseObject(o["renditions"]); ok && len(r) > 0 {
			return nil, fmt.Errorf("ninjs item %q carries no text of its own: its content is in the linked renditions (%s), which the publisher must fetch and send", a.URI, strings.Join(sortedKeys(r, ""), ", "))
		}
	}
	if a.Headline == "" && a.BodyText == "" && !bareKill(a) {
		return nil, errors.New("ninjs item has neither headline nor body")
	}
	if rights, ok := parseObject(o["rightsinfo"]); ok {
		if a.CopyrightHolder == "" {
			a.CopyrightHolder = cleanLine(rights.str("copyrightholder"))
		}
		if a.CopyrightNotice == "" {
			a.CopyrightNotice = cleanLine(rights.str("copyrightnotice", "linkedrights"))
		}
	}
	if a.CopyrightNotice != "" {
		holder, year := parseCopyright(a.CopyrightNotice)
		a.CopyrightYear = year
		if a.CopyrightHolder == "" && !strings.Contains(a.CopyrightNotice, "://") {
			a.CopyrightHolder = holder
		}
	}
	return a, nil
}

// obj is a JSON object whose property names are lower-cased, so that 3.x
// camelCase ("versionCreated") and 1.x/2.x lower case ("versioncreated")
// read the same. Of two names differing only in case, the first one wins.
type obj map[string]json.RawMessage

// parseObject returns raw as an obj when it is a JSON object.
func parseObject(raw json.RawMessage) (obj, bool) {
	var m map[string]json.RawMessage
	if len(raw) == 0 || raw[0] != '{' || json.Unmarshal(raw, &m) != nil {
		return nil, false
	}
	o := make(obj, len(m))
	for k, v := range m {
		lk := strings.ToLower(k)
		if _, dup := o[lk]; !dup || k == lk {
			o[lk] = v
		}
	}
	return o, true
}

// str returns the first of keys that holds a string or a number, as text.
func (o obj) str(keys ...string) string {
	for _, k := range keys {
		if s, ok := scalar(o[k]); ok && s != "" {
			return s
		}
	}
	return ""
}

// scalar returns a JSON string's value or a number's literal text.
func scalar(raw json.RawMessage) (string, bool) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return "", false
	}
	switch c := raw[0]; {
	case c == '"':
		var s string
		if json.Unmarshal(raw, &s) != nil {
			return "", false
		}
		return s, true
	case c == '-' || ('0' <= c && c <= '9'):
		return string(raw), true
	}
	return "", false
}

// list returns the elements of the first of keys present: the items of an
// array, or a lone object or string taken as a one-element list.
func (o obj) list(keys ...string) []json.RawMessage {
	for _, k := range keys {
		raw := bytes.TrimSpace(o[k])
		if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
			continue
		}
		if raw[0] != '[' {
			return []json.RawMessage{raw}
		}
		var items []json.RawMessage
		if json.Unmarshal(raw, &items) == nil {
			return items
		}
	}
	return nil
}

// time parses the first of keys that holds a date-time; see parseTime.
func (o obj) time(keys ...string) *time.Time {
	for _, k := range keys {
		if t, ok := parseTime(o.str(k)); ok {
			return &t
		}
	}
	return nil
}

// timeLayouts are the date-time forms seen from publishers: RFC 3339, a
// zone without colon ("+0000", Superdesk), no zone (read as UTC), a date
// alone. Fractional seconds are accepted by all of them.
var timeLayouts = []string{
	time.RFC3339,
	"2006-01-02T15:04:05Z0700",
	"2006-01-02T15:04:05",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05",
	"2006-01-02",
}

// parseTime reads a ninjs date-time, leniently, and returns it in UTC.
func parseTime(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, false
	}
	for _, layout := range timeLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

// pubStatus normalises a ninjs pubstatus. Absent means usable. An unknown
// value is an error rather than "usable": guessing could publish a story the
// publisher meant to hold back.
func pubStatus(s string) (string, error) {
	v := strings.ToLower(strings.TrimSpace(s))
	v = strings.TrimPrefix(v, "stat:") // NewsML-G2 QCode form
	switch v {
	case "", "usable":
		return article.PubStatusUsable, nil
	case "withheld":
		return article.PubStatusWithheld, nil
	case "canceled", "cancelled":
		return article.PubStatusCanceled, nil
	}
	return "", fmt.Errorf("unknown pubstatus %q (want usable, withheld or canceled)", s)
}

// primaryTag reduces a BCP 47 tag to its lower-case primary language subtag
// ("en-GB" -> "en", "nb_NO" -> "nb"). It returns "" for what is not a
// language (empty, malformed, "und", "mul", "zxx"), so the text is detected.
func primaryTag(tag string) string {
	p, _, _ := strings.Cut(strings.TrimSpace(tag), "-")
	p, _, _ = strings.Cut(p, "_")
	p = strings.ToLower(p)
	if len(p) < 2 || len(p) > 3 || strings.Trim(p, "abcdefghijklmnopqrstuvwxyz") != "" {
		return ""
	}
	switch p {
	case "und", "mul", "zxx", "mis":
		return ""
	}
	return p
}

// urgency reads a ninjs urgency; values outside 1..9 are dropped.
func urgency(s string) int {
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || f < 1 || f > 9 {
		return 0
	}
	return int(f)
}

// headline picks the item's headline; see parseNINJS.
func headline(o obj) string {
	if h := cleanLine(o.str("headline")); h != "" {
		return h
	}
	if h := cleanLine(o.str("headline_main")); h != "" {
		return h
	}
	for _, k := range sortedKeys(o, "headline_") {
		if h := cleanLine(o.str(k)); h != "" {
			return h
		}
	}
	var first string
	for _, raw := range o.list("headline", "headlines") {
		h, ok := parseObject(raw)
		if !ok {
			continue
		}
		v := h.str("value")
		if bodyKind(h.str("contenttype"), v) != plainKind {
			v = htmlToText(v)
		}
		v = cleanLine(v)
		if v == "" {
			continue
		}
		if strings.EqualFold(h.str("role"), "main") {
			return v
		}
		if first == "" {
			first = v
		}
	}
	return first
}

// Kinds of body content.
const (
	plainKind  = iota
	htmlKind   // HTML or XHTML: converted to text, and kept as BodyHTML
	markupKind // other XML, such as NITF: converted to text only
)

// candidate is one body of an item.
type candidate struct {
	value string
	kind  int
}

// body returns the item's text and, when it has one, its HTML body; see
// parseNINJS for the choice.
func body(o obj) (text, htmlBody string) {
	var cands []candidate
	for _, raw := range o.list("bodies") {
		if b, ok := parseObject(raw); ok {
			v := b.str("value")
			cands = append(cands, candidate{v, bodyKind(b.str("contenttype"), v)})
		}
	}
	cands = append(cands, candidate{o.str("body_text"), plainKind})
	for _, k := range []string{"body_html", "body_xhtml", "body_richtext"} {
		cands = append(cands, candidate{o.str(k), htmlKind})
	}
	for _, k := range sortedKeys(o, "body_") {
		switch k {
		case "body_text", "body_html", "body_xhtml", "body_richtext":
			continue
		}
		v := o.str(k)
		cands = append(cands, candidate{v, bodyKind("", v)})
	}

	markup := ""
	for _, c := range cands {
		v := strings.TrimSpace(c.value)
		switch {
		case v == "":
		case c.kind == plainKind && text == "":
			text = plainBody(v)
		case c.kind == htmlKind && htmlBody == "":
			htmlBody = v
		case c.kind == markupKind && markup == "":
			markup = v
		}
	}
	switch {
	case text != "":
	case htmlBody != "":
		text = htmlToText(htmlBody)
	case markup != "":
		text = htmlToText(markup)
	}
	return text, htmlBody
}

// bodyKind classifies a body (or headline) by its content type; without one
// the value is sniffed for markup.
func bodyKind(contentType, value string) int {
	ct := strings.ToLower(contentType)
	switch {
	case strings.Contains(ct, "html"):
		return htmlKind
	case strings.Contains(ct, "xml") || strings.Contains(ct, "nitf"):
		return markupKind
	case ct != "":
		return plainKind
	case strings.HasPrefix(strings.TrimSpace(value), "<?xml"):
		return markupKind
	case htmlTag.MatchString(value):
		return htmlKind
	}
	return plainKind
}

// plainBody cleans a plain-text body. Blank lines separate paragraphs; a
// body without any uses single line breaks as paragraph breaks, as some
// agencies do.
func plainBody(s string) string {
	s = cleanText(s)
	if !strings.Contains(s, "\n\n") {
		s = strings.ReplaceAll(s, "\n", "\n\n")
	}
	return s
}

// htmlTag finds common HTML tags or entities, to sniff markup that comes
// without a content type.
var htmlTag = regexp.MustCompile(`(?i)<(?:p|br|div|span|a|b|i|em|strong|h[1-6]|ul|ol|li|section|article|body|html|table|blockquote|figure|img)[\s/>]|</[a-z][a-z0-9]*\s*>|&(?:[a-z]+|#[0-9]+|#x[0-9a-f]+);`)

// names returns the distinct names of ninjs entities (objects with a "name",
// or plain strings), in order.
func names(items []json.RawMessage) []string {
	var out []string
	for _, raw := range items {
		n, ok := scalar(raw)
		if !ok {
			if e, isObj := parseObject(raw); isObj {
				n = e.str("name")
			}
		}
		if n = cleanLine(n); n != "" && !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	return out
}

// subjects maps ninjs subject objects; the code is "code" (1.x), "qcode"
// (Superdesk) or "literal" (2.x, 3.x).
func subjects(items []json.RawMessage) []article.Subject {
	var out []article.Subject
	for _, raw := range items {
		if n, ok := scalar(raw); ok {
			if n = cleanLine(n); n != "" {
				out = append(out, article.Subject{Name: n})
			}
			continue
		}
		s, ok := parseObject(raw)
		if !ok {
			continue
		}
		sub := article.Subject{
			Name: cleanLine(s.str("name")),
			URI:  cleanLine(s.str("uri")),
			Code: cleanLine(s.str("code", "qcode", "literal")),
		}
		if sub != (article.Subject{}) {
			out = append(out, sub)
		}
	}
	return out
}

// sortedKeys returns o's keys with the given prefix, sorted.
func sortedKeys(o obj, prefix string) []string {
	var keys []string
	for k := range o {
		if strings.HasPrefix(k, prefix) {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	return keys
}

// jsonKind names the type of a JSON value for an error message.
func jsonKind(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return "nothing"
	}
	switch raw[0] {
	case '[':
		return "an array"
	case '"':
		return "a string"
	case 'n':
		return "null"
	case 't', 'f':
		return "a boolean"
	}
	return "a number"
}
