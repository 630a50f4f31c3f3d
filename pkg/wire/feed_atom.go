package wire

// Atom (format.Atom): Atom 1.0 (and 0.3) feeds and single-entry documents,
// including the WENN entertainment feed's extensions.
//
// Split: one self-contained document per <entry>: the feed's prolog and
// metadata (title, xml:lang, author), the entry, and the closing tag. A
// feed without entries is rejected.
//
// Parse reads the first <entry> of a document (or the <entry> root):
//
//	uri             id, else the href of link rel="alternate"
//	versioncreated  updated (0.3: modified), else dc:date, else published
//	firstcreated    published (0.3: issued, created)
//	headline        title (text, html or xhtml), markup and entities removed
//	body_text       the fullest (longest) of content and summary: type
//	                "html" and "text/html" through htmlToText, "xhtml"
//	                rebuilt from the inline elements and converted alike,
//	                "text" (or none) and other text/* kept as plain
//	                paragraphs (or converted when they plainly hold HTML);
//	                content with src= (out of line) or a non-text media
//	                type is not text
//	byline          the entry's author names (and dc:creator), else the
//	                feed's, joined by ", "
//	subject         category label, else term; dc:subject
//	language        xml:lang of the entry, else dc:language, else the
//	                feed's xml:lang; primary subtag; else detected
//
// WENN entries (wenn_nm:NewsManagement, wenn_cm:ContentMetadata): the
// Atom content is a stub and the story is wenn_cm:first_line (the lead)
// followed by wenn_cm:body, which competes as the fullest body; uri is
// "urn:feed-wenn-com:article:" + wenn_nm:original_article_id (the Atom id
// also names the feed instance, so a revision sent in a later instance
// would otherwise get a new id); firstcreated and versioncreated are
// wenn_nm:published and wenn_nm:updated; slugline is wenn_cm:slug without
// its parentheses; subject adds wenn_cm:categories values; language is
// ContentMetadata's lang. Tags (people, places) are left to the entity
// stage.
//
// Characters, mis-encoded text and dates are read as for RSS (feed_rss.go).
//
// Rejected: a root other than <feed> or <entry>; a feed without entries;
// an entry with neither title nor text.

import (
	"errors"
	"fmt"
	"strings"

	"github.com/newsroom-pipeline/newsroom/pkg/article"
	"github.com/newsroom-pipeline/newsroom/pkg/format"
)

func init() {
	register(format.Atom, parseAtom, splitAtom)
}

func splitAtom(raw []byte) ([][]byte, error) {
	return splitFeed(raw, "Atom feed", "entry")
}

func parseAtom(contentType string, raw []byte) (*article.Article, error) {
	b, err := feedUTF8(contentType, raw)
	if err != nil {
		return nil, fmt.Errorf("Atom: %w", err)
	}
	root, err := readFeedDoc("Atom", b, "entry")
	if err != nil {
		return nil, err
	}
	var feed, entry *feedNode
	switch {
	case atomIs(root, "feed"):
		feed, entry = root, atomFirst(root, "entry")
	case atomIs(root, "entry"):
		entry = root
	default:
		return nil, fmt.Errorf("Atom document's root element is <%s>, not <feed> or <entry>", root.name.Local)
	}
	if entry == nil {
		return nil, errors.New("Atom feed has no <entry>")
	}

	a := &article.Article{
		URI:      atomID(entry),
		Headline: cleanLine(atomText(atomFirst(entry, "title"))),
		Byline:   atomAuthors(entry),
		Language: atomLanguage(feed, entry),
	}
	if a.Byline == "" {
		a.Byline = atomAuthors(feed)
	}
	for _, n := range []*feedNode{atomFirst(entry, "updated"), atomFirst(entry, "modified"), entry.first(nsDC, "date")} {
		if t := feedTime(n.text()); t != nil {
			a.VersionCreated = t
			break
		}
	}
	for _, n := range []*feedNode{atomFirst(entry, "published"), atomFirst(entry, "issued"), atomFirst(entry, "created")} {
		if t := feedTime(n.text()); t != nil {
			a.FirstCreated = t
			break
		}
	}
	if a.VersionCreated == nil {
		a.VersionCreated = a.FirstCreated
	}
	for _, c := range atomAll(entry, "category") {
		name := c.attrValue("label")
		if cleanLine(name) == "" {
			name = c.attrValue("term")
		}
		a.Subject = feedAddSubject(a.Subject, article.Subject{Name: feedLine(name)})
	}
	for _, s := range entry.all(nsDC, "subject") {
		a.Subject = feedAddSubject(a.Subject, article.Subject{Name: feedLine(s.html())})
	}
	wennText := wennEntry(a, entry)
	a.BodyText = pickBody(
		wennText,
		atomText(atomFirst(entry, "content")),
		atomText(atomFirst(entry, "summary")),
	)
	if a.Headline == "" && a.BodyText == "" {
		return nil, fmt.Errorf("Atom entry %s has neither a title nor text", feedItemName(a.URI))
	}
	return a, nil
}

// atomIs reports whether n is the Atom element local; elements without a
// namespace count, as some feeds forget to declare it.
func atomIs(n *feedNode, local string) bool {
	return n.is(nsAtom, local) || n.is(nsNone, local)
}

func atomFirst(n *feedNode, local string) *feedNode {
	if c := n.first(nsAtom, local); c != nil {
		return c
	}
	return n.first(nsNone, local)
}

func atomAll(n *feedNode, local string) []*feedNode {
	return append(n.all(nsAtom, local), n.all(nsNone, local)...)
}

// atomText returns the text of an Atom text construct or content element
// by its type (see the file comment), or "" when it holds no text.
func atomText(n *feedNode) string {
	if n == nil || n.attrValue("src") != "" {
		return ""
	}
	typ := strings.ToLower(strings.TrimSpace(n.attrValue("type")))
	switch {
	case typ == "" || typ == "text" || typ == "text/plain":
		return feedBody(n.html())
	case typ == "html" || typ == "text/html":
		return feedHTMLText(n.html())
	case typ == "xhtml" || strings.HasSuffix(typ, "xhtml+xml"):
		return feedHTMLText(n.markup(true))
	case strings.HasPrefix(typ, "text/"):
		return plainBody(n.text())
	}
	return ""
}

// atomID is the entry's id, else its alternate link.
func atomID(entry *feedNode) string {
	if id := atomFirst(entry, "id").line(); id != "" {
		return id
	}
	for _, l := range atomAll(entry, "link") {
		if rel := strings.ToLower(l.attrValue("rel")); rel == "" || rel == "alternate" {
			if href := cleanLine(l.attrValue("href")); href != "" {
				return href
			}
		}
	}
	return ""
}

// atomAuthors joins the names of n's authors and dc:creators.
func atomAuthors(n *feedNode) string {
	var names []string
	for _, au := range atomAll(n, "author") {
		if name := atomFirst(au, "name"); name != nil {
			names = append(names, name.line())
		} else if !au.hasElements() {
			names = append(names, au.line())
		}
	}
	for _, c := range n.all(nsDC, "creator") {
		names = append(names, c.line())
	}
	return joinNames(names)
}

// atomLanguage finds the first language tag from the entry outwards.
func atomLanguage(feed, entry *feedNode) string {
	tags := []string{
		entry.first(nsWennCM, "ContentMetadata").attrValue("lang"),
		entry.attrValue("lang"),
		entry.first(nsDC, "language").text(),
		atomFirst(entry, "content").attrValue("lang"),
		feed.attrValue("lang"),
		feed.first(nsDC, "language").text(),
	}
	for _, tag := range tags {
		if l := primaryTag(tag); l != "" {
			return l
		}
	}
	return ""
}

// wennEntry applies the WENN extensions of an entry to a (see the file
// comment) and returns the WENN story text, or "" for a plain Atom entry.
func wennEntry(a *article.Article, entry *feedNode) string {
	if nm := entry.first(nsWennNM, "NewsManagement"); nm != nil {
		if id := nm.first(nsWennNM, "original_article_id").line(); id != "" {
			a.URI = "urn:feed-wenn-com:article:" + id
		}
		if t := feedTime(nm.first(nsWennNM, "published").text()); t != nil {
			a.FirstCreated = t
		}
		if t := feedTime(nm.first(nsWennNM, "updated").text()); t != nil {
			a.VersionCreated = t
		}
	}
	cm := entry.first(nsWennCM, "ContentMetadata")
	if cm == nil {
		return ""
	}
	if a.Headline == "" {
		a.Headline = feedLine(cm.first(nsWennCM, "title").text())
	}
	a.Slugline = cleanLine(strings.Trim(cm.first(nsWennCM, "slug").line(), "()"))
	cats := cm.first(nsWennCM, "categories")
	// WENN spells the element "catagory"; the correct spelling is read too.
	for _, c := range append(cats.all(nsWennCM, "catagory"), cats.all(nsWennCM, "category")...) {
		a.Subject = feedAddSubject(a.Subject, article.Subject{Name: feedLine(c.attrValue("value"))})
	}
	var paras []string
	for _, local := range []string{"first_line", "body"} {
		if p := feedBody(cm.first(nsWennCM, local).text()); p != "" {
			paras = append(paras, p)
		}
	}
	return strings.Join(paras, "\n\n")
}
