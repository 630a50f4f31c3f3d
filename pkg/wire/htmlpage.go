package wire

// HTML article pages (format.HTML): a news site's page as a browser gets it.
// Nothing is specific to one site: the extractor relies on the metadata
// conventions of the web (Open Graph, schema.org JSON-LD and microdata,
// <link rel=canonical>) and on text density for the body. What is taken
// from the page:
//
//	headline        og:title, twitter:title, JSON-LD headline or <title>,
//	                whichever (whole, or cut before a " - ", " | ", " :: ",
//	                " : ", " – ", " — ", " « ", " » " or " · " separator)
//	                equals the text of a heading (h1-h3 or itemprop=headline)
//	                of the page; failing that, the first of them without a
//	                trailing segment that names the site (og:site_name, the
//	                JSON-LD publisher or the host's name, "kompas" of
//	                regional.kompas.com)
//	body_text       the main block: the element marked itemprop=articleBody
//	                if it holds running text, else the element whose subtree
//	                has the most running text less its boilerplate. Running
//	                text is an inline run (the text between block elements)
//	                of 60+ letters or a sentence of 6+ words, with at most
//	                35% of its letters in links; boilerplate is link text,
//	                shorter runs, photo captions and teasers. A main block
//	                that is a paragraph (p, blockquote, pre, li, dd, a
//	                heading, an inline element) is widened to its parent.
//	                Inside the main block these are left out: script, style,
//	                nav, header, footer, aside, form controls, hidden
//	                elements, the headline's heading, widgets named by class
//	                or id (share and social buttons, comments, related,
//	                popular, recommended and "lainnya" lists, breadcrumbs,
//	                ads, sidebars, tags), teasers (list items linking a
//	                story), photo captions (figure, figcaption, class
//	                "caption", a short block holding an <img>) and blocks
//	                with half or more of their letters in links (a link that
//	                shows its own URL or e-mail address counts as text). A
//	                page without running text outside captions (a photo
//	                gallery) has the captions as body. <br> starts a new
//	                line, two <br> or a block element a new paragraph.
//	                Removed afterwards: "Baca juga:/Lihat juga:/Simak
//	                juga:/Read also:" paragraphs anywhere, paragraphs that
//	                repeat a passage of another (pull quotes), and trailer
//	                lines at the end, taken into fields as for text stories
//	                (Editor, Pewarta/Reporter/Penulis -> byline, copyright
//	                notice, desk codes); trailer lines right after the main
//	                block (a "Penulis / Editor" box) are taken too. The
//	                dateline stays in the body as the page shows it; a first
//	                paragraph that is only a dateline ("Jakarta -") is
//	                joined to the next.
//	located,        from the dateline of the first paragraph ("Mataram, NTB
//	infosource      (ANTARA News) - ...": "Mataram, NTB", "ANTARA News"; a
//	                date after the place is dropped)
//	firstcreated    the publication time, the first of: meta
//	                article:published_time, JSON-LD datePublished, meta
//	                itemprop=datePublished, <time itemprop=datePublished
//	                datetime>, meta pubdate/publishdate/publish-date/date/
//	                dc.date.issued/dc.date/parsely-pub-date/sailthru.date,
//	                <time datetime> near the headline; else the date shown
//	                within 1500 characters of the headline (or of the main
//	                block), dates with a time of day first, nearest first:
//	                "Kamis, 5 November 2015 14:56 WIB", "05/11/2015 10:08
//	                WIB", "on 16 Feb 2016 at 09:10 WIB", "Rabu, 4 November
//	                2015 | 21:04 WIB" (Indonesian and English month names;
//	                WIB = UTC+7, WITA = UTC+8, WIT = UTC+9, GMT/UTC with an
//	                optional offset). A machine-readable time without a zone
//	                is read in the zone of that shown date (else as UTC); one
//	                marked UTC ("Z") is read in that zone too when one of the
//	                page's UTC times shows the same date, hour and minute as
//	                the shown date (the site writes local time with a false
//	                Z, as detik.com does)
//	versioncreated  meta article:modified_time, JSON-LD dateModified or meta
//	                itemprop=dateModified when later than firstcreated, else
//	                firstcreated
//	uri             <link rel=canonical>, og:url, JSON-LD url or
//	                mainEntityOfPage, itemprop=mainEntityOfPage itemid, the
//	                itemprop=url of the schema.org Article item: the first
//	                that is an absolute http(s) URL
//	language        <html lang>, meta content-language, JSON-LD inLanguage
//	                or og:locale, reduced to its primary subtag (withdrawn
//	                codes such as "in" become "id"); overruled when the
//	                language detector finds another language in headline and
//	                body with confidence 0.8 or more (CMS templates often
//	                say lang="en" on Indonesian pages)
//	byline          the trailer's reporter line, else JSON-LD author names,
//	                the name in an itemprop=author or rel=author element or
//	                in one whose class or id says author, byline, reporter,
//	                writer, penulis, pewarta or jurnalis (before the end of
//	                the main block, not in a caption), else meta author
//	                unless it is a URL or names the site
//	copyright       the trailer's notice, else meta copyright when it has a
//	                year or the © sign
//
// Charset: a BOM, the Content-Type charset, else <meta charset> or
// http-equiv Content-Type in the first 1024 bytes (WHATWG prescan). Without
// a BOM or Content-Type charset, bytes that are valid UTF-8 are read as
// UTF-8 whatever the meta says (mislabelled pages are far more common than
// Latin-1 text that happens to be valid UTF-8), and a page without any
// declaration that is not UTF-8 is read as windows-1252, as browsers do.
//
// Rejected: XML sent as HTML (`document labelled HTML is rss XML with root
// element <rss>, not an HTML page`), pages nested deeper than the HTML
// parser's limit of 512 open elements, index pages (`HTML page is an index
// page listing 117 article links, not an article`: 15 or more story links
// and a main block with less running text than 40 letters per link and
// than half the page's, or 5 or more story links and no running text) and
// pages without running text (`HTML page has no article text: ...`).

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"

	"github.com/newsroom-pipeline/newsroom/pkg/article"
	"github.com/newsroom-pipeline/newsroom/pkg/format"
	"github.com/newsroom-pipeline/newsroom/pkg/language"
)

func init() {
	register(format.HTML, parseHTMLPage, nil)
}

// maxTitleText bounds the text read from a heading or <title>.
const maxTitleText = 4 << 10

// minLanguageOverride is the detector confidence above which a page's
// declared language is taken to be a template default and ignored.
const minLanguageOverride = 0.8

// parseHTMLPage reads one article page; see the comment at the top.
func parseHTMLPage(contentType string, raw []byte) (*article.Article, error) {
	switch f := format.Sniff(raw); f {
	case format.RSS, format.Atom, format.NewsMLG2, format.NewsML1, format.NITF, format.Ritzau, format.XML:
		return nil, fmt.Errorf("document labelled HTML is %s XML with root element <%s>, not an HTML page", f, rootName(raw))
	}
	text, err := decodeHTMLPage(contentType, raw)
	if err != nil {
		return nil, err
	}
	doc, err := html.Parse(strings.NewReader(text))
	if err != nil {
		return nil, fmt.Errorf("HTML page cannot be parsed: %w", err)
	}
	p := readPage(doc)
	a := &article.Article{Format: format.HTML}
	a.Headline, p.titleNode = p.title()

	body, err := p.content()
	if err != nil {
		return nil, err
	}
	a.BodyText = body
	p.trailerAfter(a)
	paras := extractTrailer(a, strings.Split(a.BodyText, "\n\n"))
	a.BodyText = strings.Join(paras, "\n\n")
	if a.BodyText == "" {
		return nil, errors.New("HTML page has no article text: its main block holds only trailer lines")
	}
	if d, ok := parseDateline(paras[0]); ok {
		a.Located, a.InfoSource = datelineDate.ReplaceAllString(d.place, ""), d.agency
	}

	a.URI = p.canonicalURL()
	a.FirstCreated, a.VersionCreated = p.dates()
	a.Language = p.language(a.Headline + "\n\n" + a.BodyText)
	if a.Byline == "" {
		a.Byline = p.byline()
	}
	if a.CopyrightNotice == "" {
		if c := p.meta["copyright"]; strings.Contains(c, "©") || yearPattern.MatchString(c) {
			a.CopyrightNotice = c
			a.CopyrightHolder, a.CopyrightYear = parseCopyright(c)
		}
	}
	return a, nil
}

// decodeHTMLPage returns the page as UTF-8 text; see the charset rules at
// the top. Undecodable bytes become U+FFFD, as in a browser.
func decodeHTMLPage(contentType string, raw []byte) (string, error) {
	raw = bytes.TrimPrefix(raw, []byte("\xef\xbb\xbf"))
	enc, name, certain := charset.DetermineEncoding(raw, contentType)
	if (!certain && utf8.Valid(raw)) || enc == nil || enc == encoding.Nop || name == "utf-8" {
		return strings.ToValidUTF8(string(raw), "\uFFFD"), nil
	}
	b, err := enc.NewDecoder().Bytes(raw)
	if err != nil {
		return "", fmt.Errorf("HTML page: decode charset %s: %w", name, err)
	}
	return string(b), nil
}

// page is what readPage gathers from a document in one walk.
type page struct {
	doc         *html.Node
	meta        map[string]string // lower-cased name, property or itemprop -> content; first wins
	canonical   string
	titleText   string // the <title> element
	lang        string // <html lang>
	itemID      string // itemid of itemprop=mainEntityOfPage
	itemURL     string // itemprop=url of the schema.org Article item
	ld          ldArticle
	headings    []*html.Node // h1-h3 and itemprop=headline elements
	times       []*html.Node // <time datetime> and itemprop=datePublished elements
	titleNode   *html.Node   // the heading that holds the headline, if any
	contentNode *html.Node   // the main block, once content has found it

	letters    map[*html.Node]int  // letters of each element's text
	storyLinks map[*html.Node]bool // elements holding a link with a headline-like text
}

// readPage walks the document once and collects metadata and headings.
func readPage(doc *html.Node) *page {
	p := &page{doc: doc, meta: map[string]string{}}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			p.element(n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	p.index()
	return p
}

// element records what one element tells about the page.
func (p *page) element(n *html.Node) {
	switch n.DataAtom {
	case atom.Html:
		if p.lang == "" {
			p.lang = firstNonEmpty(htmlAttr(n, "lang"), htmlAttr(n, "xml:lang"))
		}
	case atom.Meta:
		content := cleanLine(htmlAttr(n, "content"))
		if content == "" {
			content = cleanLine(htmlAttr(n, "href")) // <meta itemprop="url" href=...>
		}
		for _, k := range []string{"name", "property", "itemprop", "http-equiv"} {
			if key := strings.ToLower(strings.TrimSpace(htmlAttr(n, k))); key != "" && content != "" {
				if _, dup := p.meta[key]; !dup {
					p.meta[key] = content
				}
			}
		}
		if strings.EqualFold(htmlAttr(n, "itemprop"), "mainEntityOfPage") && p.itemID == "" {
			p.itemID = cleanLine(htmlAttr(n, "itemid"))
		}
	case atom.Link:
		if hasToken(htmlAttr(n, "rel"), "canonical") && p.canonical == "" {
			p.canonical = cleanLine(htmlAttr(n, "href"))
		}
	case atom.Title:
		if p.titleText == "" {
			p.titleText = nodeTextMax(n, maxTitleText)
		}
	case atom.Script:
		if strings.EqualFold(strings.TrimSpace(htmlAttr(n, "type")), "application/ld+json") && p.ld.empty() {
			p.ld = parseLDArticle(scriptText(n))
		}
	case atom.H1, atom.H2, atom.H3:
		p.headings = append(p.headings, n)
	case atom.Time:
		if htmlAttr(n, "datetime") != "" {
			p.times = append(p.times, n)
		}
	}
	if hasToken(htmlAttr(n, "itemprop"), "url") && p.itemURL == "" && inArticleItem(n) {
		p.itemURL = cleanLine(firstNonEmpty(htmlAttr(n, "href"), htmlAttr(n, "content")))
	}
	if strings.EqualFold(htmlAttr(n, "itemprop"), "headline") && n.DataAtom != atom.Meta &&
		n.DataAtom != atom.H1 && n.DataAtom != atom.H2 && n.DataAtom != atom.H3 {
		p.headings = append(p.headings, n)
	}
}

// titleSeparators divide a page title from the site's name.
var titleSeparators = []string{" - ", " | ", " :: ", " : ", " – ", " — ", " « ", " » ", " · "}

// title picks the headline (see the comment at the top) and the heading
// element that shows it.
func (p *page) title() (string, *html.Node) {
	var cands []string
	for _, c := range []string{p.meta["og:title"], p.meta["twitter:title"], p.ld.headline, p.titleText} {
		if c = cleanLine(c); c != "" {
			cands = append(cands, c)
		}
	}
	heads := map[string]*html.Node{}
	for _, h := range p.headings {
		if t := nodeTextMax(h, maxTitleText); t != "" {
			if _, dup := heads[t]; !dup {
				heads[t] = h
			}
		}
	}
	for _, c := range cands {
		for _, v := range titleVariants(c) {
			if h, ok := heads[v]; ok {
				return v, h
			}
		}
	}
	if len(cands) == 0 {
		return "", nil
	}
	return stripSiteName(cands[0], p.siteKeys()), nil
}

// titleVariants returns c and every prefix of c that ends before a title
// separator, longest first.
func titleVariants(c string) []string {
	vs := []string{c}
	end := len(c)
	for {
		cut := -1
		for _, sep := range titleSeparators {
			if i := strings.LastIndex(c[:end], sep); i > cut {
				cut = i
			}
		}
		if cut <= 0 {
			return vs
		}
		vs = append(vs, strings.TrimSpace(c[:cut]))
		end = cut
	}
}

// stripSiteName cuts the title at the first separator after which the rest
// names the site.
func stripSiteName(title string, keys []string) string {
	vs := titleVariants(title)
	for i := len(vs) - 1; i >= 1; i-- { // shortest prefix first
		rest := squash(title[len(vs[i]):])
		for _, k := range keys {
			if strings.Contains(rest, k) {
				return vs[i]
			}
		}
	}
	return title
}

// siteKeys are squashed forms of the site's name: og:site_name, the JSON-LD
// publisher and the host's main label ("kompas" of regional.kompas.com).
func (p *page) siteKeys() []string {
	var keys []string
	for _, s := range []string{p.meta["og:site_name"], p.ld.publisher} {
		if k := squash(s); len(k) >= 3 && !strings.Contains(k, "/") {
			keys = append(keys, k)
		}
	}
	if u, err := url.Parse(p.canonicalURL()); err == nil && u.Host != "" {
		if k := hostLabel(u.Hostname()); len(k) >= 3 {
			keys = append(keys, k)
		}
	}
	return keys
}

// hostLabel returns the registered name of a host without its public
// suffix: "kompas" for regional.kompas.com, "detik" for news.detik.co.id.
func hostLabel(host string) string {
	labels := strings.Split(strings.TrimSuffix(strings.ToLower(host), "."), ".")
	if len(labels) < 2 {
		return labels[0]
	}
	tld := labels[len(labels)-1]
	labels = labels[:len(labels)-1]
	if len(labels) >= 2 && len(tld) == 2 && isGenericSLD(labels[len(labels)-1]) {
		labels = labels[:len(labels)-1]
	}
	return labels[len(labels)-1]
}

func isGenericSLD(s string) bool {
	switch s {
	case "co", "com", "net", "org", "or", "ac", "go", "gov", "edu", "web", "my", "sch", "mil", "ne":
		return true
	}
	return false
}

// squash lower-cases s and drops everything but letters and digits, so
// that "ANTARA News" and "antaranews" compare equal.
func squash(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if isWordRune(r) || r == '/' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// canonicalURL is the first absolute http(s) URL among the page's
// self-references.
func (p *page) canonicalURL() string {
	for _, u := range []string{p.canonical, p.meta["og:url"], p.ld.url, p.ld.mainEntity, p.itemID, p.itemURL} {
		if isAbsoluteHTTP(u) {
			return u
		}
	}
	return ""
}

func isAbsoluteHTTP(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// language is the declared language unless the text says otherwise.
func (p *page) language(text string) string {
	declared := ""
	for _, l := range []string{p.lang, p.meta["content-language"], p.ld.language, p.meta["og:locale"], p.meta["inlanguage"]} {
		if declared = primaryTag(l); declared != "" {
			break
		}
	}
	if current, ok := deprecatedLanguages[declared]; ok {
		declared = current
	}
	if detected, conf := language.Detect(text); detected != "" && detected != declared && conf >= minLanguageOverride {
		return detected
	}
	return declared
}

// deprecatedLanguages maps withdrawn ISO 639 codes that pages still
// declare (og:locale "in_ID") to the current ones.
var deprecatedLanguages = map[string]string{"in": "id", "iw": "he", "ji": "yi", "jw": "jv", "mo": "ro"}

// byline names the author from the page's markup: JSON-LD author names,
// the text of an itemprop=author or rel=author element, of an element whose
// class or id says author, byline, reporter, writer, penulis or pewarta
// (before the end of the main block), else meta author unless it names the
// site itself.
func (p *page) byline() string {
	if len(p.ld.authors) > 0 {
		return strings.Join(p.ld.authors, ", ")
	}
	if b := p.findByline(func(n *html.Node) bool {
		return hasToken(htmlAttr(n, "itemprop"), "author") || hasToken(htmlAttr(n, "rel"), "author")
	}); b != "" {
		return b
	}
	if b := p.findByline(func(n *html.Node) bool {
		names := squash(htmlAttr(n, "class") + " " + htmlAttr(n, "id"))
		for _, w := range bylineWords {
			if strings.Contains(names, w) {
				return true
			}
		}
		return false
	}); b != "" {
		return b
	}
	a := p.meta["author"]
	if strings.Contains(a, "://") {
		return ""
	}
	for _, k := range p.siteKeys() {
		if strings.Contains(squash(a), k) {
			return ""
		}
	}
	return a
}

// bylineWords name credit elements in class and id attributes.
var bylineWords = []string{"author", "byline", "reporter", "writer", "penulis", "pewarta", "jurnalis"}

// bylineLabel is the label before or after a name in a credit element.
var bylineLabel = regexp.MustCompile(`(?i)^(?:by|oleh|penulis|pewarta|reporter|jurnalis|wartawan|editor)\b\s*:?\s*`)

// findByline returns the credited name of the first element that match
// accepts, in document order, before the end of the main block: its first
// text that is not a label, without a " - site" or " | date" tail.
func (p *page) findByline(match func(*html.Node) bool) string {
	var found string
	done := false
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if done || n.Type != html.ElementNode && n.Type != html.DocumentNode {
			return
		}
		if n.Type == html.ElementNode {
			if dropped[n.DataAtom] || n.DataAtom == atom.Meta || n.DataAtom == atom.Link || p.isCaption(n) {
				return // a caption's "author" is the photographer
			}
			if match(n) {
				if name := creditedName(n); name != "" {
					found, done = name, true
					return
				}
			}
		}
		for c := n.FirstChild; c != nil && !done; c = c.NextSibling {
			walk(c)
		}
		if n == p.contentNode {
			done = true
		}
	}
	walk(p.doc)
	return found
}

// creditedName reads a name from a credit element (see findByline).
func creditedName(n *html.Node) string {
	if t := nodeTextMax(n, 512); t == "" || utf8.RuneCountInString(t) > 120 {
		return ""
	}
	var name string
	var walk func(m *html.Node)
	walk = func(m *html.Node) {
		for c := m.FirstChild; c != nil && name == ""; c = c.NextSibling {
			switch c.Type {
			case html.TextNode:
				t := strings.Trim(bylineLabel.ReplaceAllString(cleanLine(c.Data), ""), " -|:,")
				if letterCount(t) > 0 {
					name = t
				}
			case html.ElementNode:
				if !dropped[c.DataAtom] {
					walk(c)
				}
			}
		}
	}
	walk(n)
	for _, sep := range []string{" - ", " | ", " – ", " — "} {
		if i := strings.Index(name, sep); i > 0 {
			name = name[:i]
		}
	}
	if utf8.RuneCountInString(name) > 80 {
		return ""
	}
	return name
}

// maxTrailerAfter bounds the lines read after the main block for credits.
const maxTrailerAfter = 8

// trailerAfter takes the credit lines that pages put right after the main
// block (a "Penulis: ... / Editor: ..." box) into a's fields, as
// extractTrailer does for lines inside it. It reads the blocks that follow
// the main block and its two nearest ancestors, and stops at the first
// line that is not a trailer line.
func (p *page) trailerAfter(a *article.Article) {
	var codes []string
	read := 0
	n := p.contentNode
	for depth := 0; n != nil && depth < 3; depth, n = depth+1, n.Parent {
		for sib := n.NextSibling; sib != nil; sib = sib.NextSibling {
			if sib.Type != html.ElementNode && sib.Type != html.TextNode {
				continue
			}
			r := &renderer{p: p, root: sib}
			text := r.render()
			if sib.Type == html.TextNode {
				text = cleanLine(sib.Data)
			} else if excluded(sib) {
				continue
			}
			for _, line := range strings.FieldsFunc(text, func(r rune) bool { return r == '\n' }) {
				if read++; read > maxTrailerAfter || !takeTrailerLine(a, &codes, line) {
					a.DeskCodes = append(a.DeskCodes, codes...)
					return
				}
			}
		}
	}
	a.DeskCodes = append(a.DeskCodes, codes...)
}

// ldArticle is what is read from a JSON-LD article object.
type ldArticle struct {
	headline, published, modified, url, mainEntity, language, publisher string
	authors                                                             []string
}

func (l ldArticle) empty() bool { return l.headline == "" && l.published == "" }

// parseLDArticle reads the first object of an article type (NewsArticle,
// Article, ReportageNewsArticle, BlogPosting, ...) from a JSON-LD script,
// also inside a top-level array or @graph. Malformed JSON yields nothing.
func parseLDArticle(src string) ldArticle {
	var v any
	if len(src) > MaxFieldBytes || json.Unmarshal([]byte(src), &v) != nil {
		return ldArticle{}
	}
	var objs []map[string]any
	switch t := v.(type) {
	case map[string]any:
		objs = append(objs, t)
		if g, ok := t["@graph"].([]any); ok {
			objs = append(objs, ldObjects(g)...)
		}
	case []any:
		objs = ldObjects(t)
	}
	for _, o := range objs {
		if !isArticleType(o["@type"]) {
			continue
		}
		l := ldArticle{
			headline:  ldString(o["headline"]),
			published: ldString(o["datePublished"]),
			modified:  ldString(o["dateModified"]),
			url:       ldString(o["url"]),
			language:  ldString(o["inLanguage"]),
			authors:   ldNames(o["author"]),
		}
		if pub := ldNames(o["publisher"]); len(pub) > 0 {
			l.publisher = pub[0]
		}
		switch m := o["mainEntityOfPage"].(type) {
		case string:
			l.mainEntity = cleanLine(m)
		case map[string]any:
			l.mainEntity = ldString(m["@id"])
		}
		return l
	}
	return ldArticle{}
}

func ldObjects(items []any) []map[string]any {
	var objs []map[string]any
	for _, it := range items {
		if o, ok := it.(map[string]any); ok {
			objs = append(objs, o)
		}
	}
	return objs
}

// isArticleType accepts a schema.org type name, or a list of them, that
// ends in "Article" or is BlogPosting/Report.
func isArticleType(t any) bool {
	switch v := t.(type) {
	case string:
		return strings.HasSuffix(v, "Article") || v == "BlogPosting" || v == "Report"
	case []any:
		for _, x := range v {
			if isArticleType(x) {
				return true
			}
		}
	}
	return false
}

func ldString(v any) string {
	if s, ok := v.(string); ok {
		return cleanLine(s)
	}
	return ""
}

// ldNames reads the names of a Person/Organization value: a string, an
// object with "name", or a list of either.
func ldNames(v any) []string {
	var names []string
	switch t := v.(type) {
	case string:
		if s := cleanLine(t); s != "" {
			names = append(names, s)
		}
	case map[string]any:
		if s := ldString(t["name"]); s != "" {
			names = append(names, s)
		}
	case []any:
		for _, x := range t {
			names = append(names, ldNames(x)...)
		}
	}
	return names
}

// Helpers on the node tree.

// attr returns the value of the attribute key of n ("" when absent).
func htmlAttr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key && a.Namespace == "" {
			return a.Val
		}
	}
	return ""
}

// hasToken reports whether the white-space separated list s holds tok,
// case-insensitively.
func hasToken(s, tok string) bool {
	for _, f := range strings.Fields(s) {
		if strings.EqualFold(f, tok) {
			return true
		}
	}
	return false
}

// nodeText is the text of n and its descendants as one clean line, leaving
// out the elements that never carry text (script, style, ...) unless n is
// one of them.
func nodeText(n *html.Node) string { return nodeTextMax(n, MaxFieldBytes) }

// nodeTextMax is nodeText reading at most about max bytes of text, for
// fields that are short (a title, a link) however large the element.
func nodeTextMax(n *html.Node, max int) string {
	var b strings.Builder
	var walk func(m *html.Node)
	walk = func(m *html.Node) {
		switch m.Type {
		case html.TextNode:
			b.WriteString(m.Data)
		case html.ElementNode:
			if m != n && dropped[m.DataAtom] {
				return
			}
			if m != n && blocks[m.DataAtom] {
				b.WriteByte(' ')
			}
		}
		for c := m.FirstChild; c != nil && b.Len() <= max; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return cleanLine(b.String())
}

// scriptText is the text of n's child text nodes as written (for <script>).
func scriptText(n *html.Node) string {
	var b strings.Builder
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		}
	}
	return b.String()
}
