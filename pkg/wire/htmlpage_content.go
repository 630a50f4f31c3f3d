package wire

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Tuning of the main-block search. The numbers were set on the saved pages
// of five Indonesian news sites (see htmlpage_test.go) and are meant to be
// generic: they describe prose, not a site.
const (
	// minProseLetters: an inline run of this many letters outside links
	// is running text.
	minProseLetters = 60
	// minSentenceWords: a shorter run is running text when it is a sentence
	// of at least this many words (it ends in . ! ? or a closing quote).
	minSentenceWords = 6
	// maxProseLinkShare: a run with more of its letters in links is
	// navigation, however long.
	maxProseLinkShare = 0.35
	// junkWeight: how much one letter of boilerplate inside a candidate
	// block costs against one letter of running text.
	junkWeight = 1.0
	// maxBlockLinkShare: a block inside the main block with at least this
	// share of its letters in links is a link list and left out.
	maxBlockLinkShare = 0.5
	// minArticleLetters: a main block with less running text than this is
	// no article.
	minArticleLetters = 100
	// minIndexLinks: a page with at least this many article links is an
	// index page when its running text is short (see isIndexPage).
	minIndexLinks = 15
	// minTeaserLinks: a page without running text that links this many
	// stories is an index page too.
	minTeaserLinks = 5
	// maxLinkText bounds the text read from one link.
	maxLinkText = 1 << 10
	// maxDedupParagraphs, maxDedupBytes: pull quotes are looked for only in
	// bodies of up to this many paragraphs and bytes (the search is
	// quadratic); articles are far smaller.
	maxDedupParagraphs = 400
	maxDedupBytes      = 256 << 10
)

// textStats counts the letters and digits of a subtree.
type textStats struct {
	prose   int // in runs of running text, outside links
	junk    int // in links and in short fragments
	letters int // all
	links   int // inside <a>
}

func (s *textStats) add(o textStats) {
	s.prose += o.prose
	s.junk += o.junk
	s.letters += o.letters
	s.links += o.links
}

func (s textStats) score() float64 { return float64(s.prose) - junkWeight*float64(s.junk) }

// content finds the main block and returns its text as "\n\n"-separated
// paragraphs, with "see also" paragraphs removed. It records the block in
// p.contentNode. A page without running text, or an index page, is an
// error.
func (p *page) content() (string, error) {
	sc := &scanner{p: p, stats: map[*html.Node]*textStats{}}
	sc.scan(p.doc)
	best, total := sc.best(p.doc)
	gallery := false
	if best == nil || sc.stats[best].prose < minArticleLetters {
		// No prose outside captions: a photo gallery's captions are its text.
		gc := &scanner{p: p, stats: map[*html.Node]*textStats{}, captions: true}
		gc.scan(p.doc)
		if b, t := gc.best(p.doc); b != nil && gc.stats[b].prose >= minArticleLetters {
			sc, best, total, gallery = gc, b, t, true
		}
	}
	if body := p.articleBody(sc); body != nil {
		best = body
	}
	// The main block holds the paragraphs; one paragraph alone is too
	// tight (it leaves out a dateline or a paragraph beside it).
	for best != nil && paragraphLike[best.DataAtom] && best.Parent != nil && best.Parent.Type == html.ElementNode && best.Parent.DataAtom != atom.Body {
		best = best.Parent
	}
	if links := p.articleLinks(); best == nil || isIndexPage(total, sc.stats[best], links) {
		if links >= minIndexLinks || (links >= minTeaserLinks && (best == nil || sc.stats[best].prose < minArticleLetters)) {
			return "", fmt.Errorf("HTML page is an index page listing %d article links, not an article", links)
		}
		return "", fmt.Errorf("HTML page has no article text: no block of running text (%d letters of prose in the whole page)", total.prose)
	}
	p.contentNode = best

	r := &renderer{p: p, stats: sc.stats, root: best, captions: gallery, title: p.titleNode}
	var paras []string
	for _, para := range dropPullQuotes(strings.Split(r.render(), "\n\n")) {
		if para != "" && !seeAlso.MatchString(para) {
			paras = append(paras, para)
		}
	}
	if len(paras) == 0 {
		return "", errors.New("HTML page has no article text: its main block is empty once links and captions are left out")
	}
	if len(paras) > 1 && loneDateline.MatchString(paras[0]) { // "<b>Jakarta</b> - <p>Text..."
		paras = append([]string{paras[0] + " " + paras[1]}, paras[2:]...)
	}
	return strings.Join(paras, "\n\n"), nil
}

// paragraphLike elements hold text, not paragraphs. (A table cell is
// left alone: old layouts put whole articles in one.)
var paragraphLike = map[atom.Atom]bool{
	atom.P: true, atom.Blockquote: true, atom.Pre: true, atom.Li: true, atom.Dd: true, atom.H1: true, atom.H2: true, atom.H3: true,
	atom.H4: true, atom.H5: true, atom.H6: true, atom.Span: true, atom.Strong: true, atom.Font: true,
}

// articleBody returns the element marked itemprop=articleBody (schema.org
// microdata) when there is exactly one and it holds running text.
func (p *page) articleBody(sc *scanner) *html.Node {
	var found []*html.Node
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && hasToken(htmlAttr(n, "itemprop"), "articleBody") {
			found = append(found, n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(p.doc)
	if len(found) != 1 {
		return nil
	}
	if st := sc.stats[found[0]]; st == nil || st.prose < minArticleLetters {
		return nil
	}
	return found[0]
}

// dropPullQuotes removes paragraphs that repeat a passage of another
// paragraph: pull quotes, which pages show beside the text ("... remaja
// yang masih muda ..."), and the second copy of a repeated paragraph.
func dropPullQuotes(paras []string) []string {
	if len(paras) > maxDedupParagraphs || len(strings.Join(paras, "")) > maxDedupBytes {
		return paras
	}
	norm := make([]string, len(paras))
	for i, p := range paras {
		norm[i] = strings.Join(strings.FieldsFunc(strings.ToLower(p), func(r rune) bool { return !isWordRune(r) }), " ")
	}
	out := paras[:0:0]
	for i, p := range paras {
		dup := false
		if len(norm[i]) >= 30 && len(strings.Fields(p)) >= 5 {
			for j := range paras {
				if j != i && (len(norm[j]) > len(norm[i]) || (len(norm[j]) == len(norm[i]) && j < i)) && strings.Contains(norm[j], norm[i]) {
					dup = true
					break
				}
			}
		}
		if !dup {
			out = append(out, p)
		}
	}
	return out
}

// loneDateline is a paragraph that is only a dateline ("Jakarta -"), when
// the page puts the dateline before the first <p>.
var loneDateline = regexp.MustCompile(`^\p{Lu}[^\n]{0,60}\s(?:--|-|–|—)$`)

// seeAlso matches the related-story inserts of news sites: "Baca juga:
// ...", "Lihat juga: ...", "Simak juga: ...", "Read also: ...".
var seeAlso = regexp.MustCompile(`(?i)^(?:baca|lihat|simak|tonton|read|see)\s+(?:juga|pula|also|more)\b\s*[:.-]?`)

// isIndexPage: the best block holds less running text than the page has
// article links times a headline's length, or less than minArticleLetters.
func isIndexPage(total textStats, best *textStats, links int) bool {
	if best == nil || best.prose < minArticleLetters {
		return true
	}
	return links >= minIndexLinks && best.prose < 40*links && best.prose < total.prose/2
}

// scanner computes textStats for every element of a document.
type scanner struct {
	p        *page
	stats    map[*html.Node]*textStats // subtree totals, of the elements scanned
	captions bool                      // count captions as prose (a gallery)

	// The inline run being read: its owner is the nearest block ancestor.
	run   strings.Builder
	owner *html.Node
	own   textStats // counts of the current run
}

// scan walks the document and fills s.stats. Runs are attributed to their
// block owner; subtree totals are summed after.
func (s *scanner) scan(doc *html.Node) {
	own := map[*html.Node]*textStats{}
	s.owner = doc
	var visit func(n *html.Node, inLink bool)
	inCaption, inTeaser := 0, 0
	flush := func() {
		st := s.classify(s.run.String(), s.own, inTeaser > 0 || (inCaption > 0 && !s.captions))
		if st.letters > 0 {
			o := own[s.owner]
			if o == nil {
				o = &textStats{}
				own[s.owner] = o
			}
			o.add(st)
		}
		s.run.Reset()
		s.own = textStats{}
	}
	visit = func(n *html.Node, inLink bool) {
		switch n.Type {
		case html.TextNode:
			s.run.WriteString(n.Data)
			l := letterCount(n.Data)
			s.own.letters += l
			if inLink {
				s.own.links += l
			}
			return
		case html.ElementNode:
			if excluded(n) {
				return
			}
		case html.DocumentNode:
		default:
			return
		}
		if n.DataAtom == atom.A && !showsAddress(n) {
			inLink = true
		}
		if s.p.isCaption(n) {
			flush()
			inCaption++
			defer func() { flush(); inCaption-- }()
		}
		if s.p.isTeaser(n) {
			flush()
			inTeaser++
			defer func() { flush(); inTeaser-- }()
		}
		block := n.Type == html.DocumentNode || blocks[n.DataAtom] || n.DataAtom == atom.Td || n.DataAtom == atom.Th
		if block {
			flush()
			saved := s.owner
			s.owner = n
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				visit(c, inLink)
			}
			flush()
			s.owner = saved
			return
		}
		if n.DataAtom == atom.Br {
			s.run.WriteByte('\n')
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			visit(c, inLink)
		}
	}
	visit(doc, false)
	var sum func(n *html.Node) textStats
	sum = func(n *html.Node) textStats {
		var t textStats
		if o := own[n]; o != nil {
			t = *o
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.ElementNode && !excluded(c) {
				t.add(sum(c))
			}
		}
		tt := t
		s.stats[n] = &tt
		return t
	}
	sum(doc)
}

// classify splits a run's letters into prose and junk. A run is prose when
// it is long or a sentence, and not mostly links; its link letters are
// junk either way. Photo captions (unless the page is a gallery) and
// teasers are junk (boiler).
func (s *scanner) classify(text string, st textStats, boiler bool) textStats {
	if st.letters == 0 {
		return st
	}
	if boiler {
		st.junk = st.letters
		return st
	}
	linkShare := float64(st.links) / float64(st.letters)
	plain := st.letters - st.links
	prose := linkShare <= maxProseLinkShare && (plain >= minProseLetters || isSentence(text))
	if prose {
		st.prose, st.junk = plain, st.links
	} else {
		st.junk = st.letters
	}
	return st
}

// isSentence: at least minSentenceWords words ending in sentence
// punctuation, closing quotes and brackets aside.
func isSentence(text string) bool {
	t := strings.TrimRight(strings.TrimSpace(text), closers)
	if t == "" {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(t)
	return strings.ContainsRune(".!?", last) && len(strings.Fields(text)) >= minSentenceWords
}

// best returns the element whose subtree scores highest (the tightest one
// on a tie) and the document's totals.
func (s *scanner) best(doc *html.Node) (*html.Node, textStats) {
	var best *html.Node
	bestScore := 0.0
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.ElementNode && s.stats[c] != nil {
				walk(c)
			}
		}
		if n.Type != html.ElementNode {
			return
		}
		if st := s.stats[n]; st.prose > 0 && st.score() > bestScore {
			best, bestScore = n, st.score()
		}
	}
	walk(doc)
	return best, *s.stats[doc]
}

// articleLinks counts the distinct links of the page that look like links
// to stories: a headline-like text of four words or more and a path of two
// segments or more (or one long slug).
func (p *page) articleLinks() int {
	seen := map[string]bool{}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			if dropped[n.DataAtom] {
				return
			}
			if n.DataAtom == atom.A {
				href := strings.TrimSpace(htmlAttr(n, "href"))
				if !seen[href] && len(strings.Fields(nodeTextMax(n, maxLinkText))) >= 4 && storyPath(href) {
					seen[href] = true
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(p.doc)
	return len(seen)
}

// storyPath reports whether href's path looks like a story's: two or more
// segments, or one with a long hyphenated slug.
func storyPath(href string) bool {
	u, err := url.Parse(href)
	if err != nil || (u.Scheme != "" && u.Scheme != "http" && u.Scheme != "https") {
		return false
	}
	path := strings.Trim(u.Path, "/")
	if path == "" {
		return false
	}
	segs := strings.Split(path, "/")
	return len(segs) >= 2 || strings.Count(path, "-") >= 3
}

// showsAddress reports a link whose text is its own address (a URL or an
// e-mail address): it is part of the text ("Video: https://..."), not
// navigation.
func showsAddress(a *html.Node) bool {
	t := nodeTextMax(a, maxLinkText)
	return t != "" && !strings.ContainsAny(t, " ") &&
		(strings.Contains(t, "://") || strings.HasPrefix(strings.ToLower(t), "www.") || strings.Contains(t, "@"))
}

// renderer turns the main block into paragraphs.
type renderer struct {
	p        *page
	stats    map[*html.Node]*textStats
	root     *html.Node
	captions bool       // keep figures and their captions (a gallery)
	title    *html.Node // the headline's heading, not repeated in the body

	paras []string
	lines []string
	line  strings.Builder
	brs   int // <br> since the last text
}

func (r *renderer) render() string {
	r.visit(r.root)
	r.endPara()
	return strings.Join(r.paras, "\n\n")
}

func (r *renderer) visit(n *html.Node) {
	switch n.Type {
	case html.TextNode:
		r.line.WriteString(n.Data)
		if strings.TrimSpace(n.Data) != "" {
			r.brs = 0
		}
		return
	case html.ElementNode:
	default:
		return
	}
	if excluded(n) || n == r.title || (n != r.root && r.leftOut(n)) {
		return
	}
	switch {
	case n.DataAtom == atom.Br:
		r.endLine()
		r.brs++
		if r.brs >= 2 {
			r.endPara()
		}
		return
	case blocks[n.DataAtom]:
		r.endPara()
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			r.visit(c)
		}
		r.endPara()
		return
	case n.DataAtom == atom.Td || n.DataAtom == atom.Th:
		r.line.WriteByte(' ')
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		r.visit(c)
	}
}

// leftOut: figures (unless captions are wanted) and link lists inside the
// main block.
func (r *renderer) leftOut(n *html.Node) bool {
	if (!r.captions && r.p.isCaption(n)) || r.p.isTeaser(n) {
		return true
	}
	if !blocks[n.DataAtom] {
		return false
	}
	st := r.stats[n]
	return st != nil && st.letters > 0 && float64(st.links) >= maxBlockLinkShare*float64(st.letters)
}

func (r *renderer) endLine() {
	if l := cleanLine(r.line.String()); l != "" {
		r.lines = append(r.lines, l)
	}
	r.line.Reset()
}

func (r *renderer) endPara() {
	r.endLine()
	if len(r.lines) > 0 {
		r.paras = append(r.paras, strings.Join(r.lines, "\n"))
	}
	r.lines = nil
	r.brs = 0
}

// Boilerplate recognition.

// skipped elements never belong to an article's text, on top of those
// htmlToText drops.
var skipped = map[atom.Atom]bool{
	atom.Nav: true, atom.Footer: true, atom.Aside: true, atom.Header: true,
	atom.Head: true, atom.Input: true, atom.Label: true,
	atom.Ins: true, atom.Dialog: true, atom.Menu: true,
}

// widgetWords in a class or id (as a whole word, or glued into one as in
// "sharebox") mark widgets that are never article text: share buttons,
// comments, related, popular and recommended lists, breadcrumbs, ads.
var widgetWords = []string{
	"share", "social", "sosmed", "disqus", "komentar", "terkait", "bacajuga",
	"breadcrumb", "newsletter",
}

// widgetTokens are matched as whole words only, because they also occur
// inside innocent words ("commentary", "advertorial", "unrelated").
var widgetTokens = map[string]bool{
	"comment": true, "comments": true, "related": true, "popular": true, "populer": true,
	"terpopuler": true, "recommended": true, "recommendation": true, "rekomendasi": true,
	"lainnya": true, "advertisement": true, "advert": true, "iklan": true,
}

// weakNegative words (whole words of class or id) mark boilerplate unless
// a positive word says the element is the content ("content-sidebar").
var weakNegative = map[string]bool{
	"nav": true, "navbar": true, "navigation": true, "menu": true, "footer": true,
	"header": true, "masthead": true, "banner": true, "widget": true, "promo": true,
	"pagination": true, "pager": true, "tag": true, "tags": true, "topik": true,
	"ads": true, "ad": true, "adv": true, "rating": true, "vote": true, "login": true,
	"subscribe": true, "sidebar": true, "sponsor": true, "sponsored": true,
}

var positiveWords = map[string]bool{
	"content": true, "article": true, "artikel": true, "main": true, "body": true,
	"post": true, "entry": true, "story": true, "text": true, "detail": true, "isi": true,
}

// excluded reports whether element n and its subtree are no article text:
// non-content elements, hidden ones and widgets named by class or id.
func excluded(n *html.Node) bool {
	if n.Type != html.ElementNode {
		return false
	}
	if dropped[n.DataAtom] || skipped[n.DataAtom] || (n.DataAtom == 0 && strings.Contains(n.Data, ":")) { // fb:comments, g:plusone
		return true
	}
	if n.DataAtom == atom.Html || n.DataAtom == atom.Body {
		return false
	}
	if _, ok := attrOK(n, "hidden"); ok || strings.EqualFold(htmlAttr(n, "aria-hidden"), "true") {
		return true
	}
	if style := strings.ToLower(strings.ReplaceAll(htmlAttr(n, "style"), " ", "")); strings.Contains(style, "display:none") || strings.Contains(style, "visibility:hidden") {
		return true
	}
	names := strings.ToLower(htmlAttr(n, "class") + " " + htmlAttr(n, "id"))
	if strings.TrimSpace(names) == "" {
		return false
	}
	sq := squash(names)
	for _, w := range widgetWords {
		if strings.Contains(sq, w) {
			return true
		}
	}
	neg, pos := false, false
	for _, tok := range strings.FieldsFunc(names, func(r rune) bool { return !isWordRune(r) }) {
		if widgetTokens[tok] {
			return true
		}
		neg = neg || weakNegative[tok]
		pos = pos || positiveWords[tok]
	}
	return neg && !pos
}

// maxCaptionLetters: a block beside an image with more text than this is
// not the image's caption.
const maxCaptionLetters = 400

// isCaption reports a photo's caption or figure: <figure>, <figcaption>,
// elements whose class or id says "caption", and short blocks that hold an
// image as a child (<div><img>Caption text</div>).
func (p *page) isCaption(n *html.Node) bool {
	if n.DataAtom == atom.Figure || n.DataAtom == atom.Figcaption ||
		strings.Contains(strings.ToLower(htmlAttr(n, "class")+" "+htmlAttr(n, "id")), "caption") {
		return true
	}
	if !blocks[n.DataAtom] || n.DataAtom == atom.Body || n.DataAtom == atom.Html {
		return false
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.DataAtom == atom.Img || (c.DataAtom == atom.A && c.FirstChild != nil && c.FirstChild.DataAtom == atom.Img) {
			return p.letters[n] <= maxCaptionLetters
		}
	}
	return false
}

// isTeaser reports a list item that links to a story (an anchor with four
// words or more): an entry of a related, popular or latest-news list.
// Lists inside articles rarely link every item.
func (p *page) isTeaser(n *html.Node) bool {
	return n.DataAtom == atom.Li && p.storyLinks[n]
}

// index fills p.letters and p.storyLinks in one pass: the letters of each
// element's text and whether it holds a link with a headline-like text.
func (p *page) index() {
	p.letters = map[*html.Node]int{}
	p.storyLinks = map[*html.Node]bool{}
	var walk func(n *html.Node) (int, bool)
	walk = func(n *html.Node) (int, bool) {
		if n.Type == html.TextNode {
			return letterCount(n.Data), false
		}
		if n.Type == html.ElementNode && dropped[n.DataAtom] {
			return 0, false
		}
		letters, link := 0, false
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			l, k := walk(c)
			letters += l
			link = link || k
		}
		if n.DataAtom == atom.A && len(strings.Fields(nodeTextMax(n, maxLinkText))) >= 4 {
			link = true
		}
		if n.Type == html.ElementNode {
			p.letters[n] = letters
			if link {
				p.storyLinks[n] = true
			}
		}
		return letters, link
	}
	walk(p.doc)
}

func attrOK(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key && a.Namespace == "" {
			return a.Val, true
		}
	}
	return "", false
}

// letterCount counts the letters and digits of s.
func letterCount(s string) int {
	n := 0
	for _, r := range s {
		if isWordRune(r) {
			n++
		}
	}
	return n
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
