package wire

// RSS (format.RSS): RSS 0.9x and 2.0 (<rss>), RSS 1.0 and 0.90 (RDF,
// <rdf:RDF>), and WordPress WXR exports (RSS 2.0 with the wp: namespace).
//
// Split: one self-contained document per <item>: the feed's prolog and
// channel elements (title, link, language, WXR authors), the item, and the
// closing tags. The channel's own category elements and a WordPress
// export's category, tag and term lists are left out of the documents
// (nothing reads them, and a large export would repeat them per item). A
// feed without items is rejected.
//
// Parse reads the first <item> of a document:
//
//	uri             guid; else (WXR) the channel link + "/?p=" + wp:post_id;
//	                else link (or atom:link rel="alternate")
//	versioncreated  pubDate, else dc:date, else dcterms:modified, else
//	                (WXR) wp:post_date_gmt
//	firstcreated    dcterms:created / dcterms:issued; (WXR) wp:post_date_gmt
//	headline        title, HTML markup and entities (double-escaped ones
//	                too) removed
//	body_text       the fullest (longest) of content:encoded, description
//	                and (WXR) excerpt:encoded, HTML converted to paragraphs;
//	                a plain-text description keeps its paragraphs. WXR
//	                content is raw WordPress post text: blank lines are
//	                paragraph breaks, single line breaks line breaks, and
//	                [shortcodes] are removed (paired ones and ones standing
//	                alone on a line; the text between a pair is kept)
//	byline          dc:creator (all, joined by ", "), else author (the name
//	                in "mail@host (Name)"); in WXR the login is replaced by
//	                the author's first and last name, else display name,
//	                from the channel's wp:author list
//	subject         category and dc:subject, as names (WXR category and
//	                post_tag terms alike), without duplicates
//	language        the item's xml:lang or dc:language, else the channel's
//	                language or dc:language, else the root's xml:lang,
//	                reduced to the primary subtag; else detected
//	pubstatus       usable; in WXR from wp:status: publish, inherit and none
//	                are usable; future (scheduled) is usable with embargoed
//	                set to wp:post_date_gmt (withheld when that date is
//	                unreadable); draft, pending, private, auto-draft and
//	                unknown values are withheld, as is a password-protected
//	                post; trash is canceled
//
// body_html is not kept: feed HTML carries tracking images, ads and
// WordPress markup that no consumer should republish as is.
//
// Characters: valid UTF-8 is read as UTF-8 whatever the labels say; other
// bytes in the XML declaration's encoding, else the Content-Type charset,
// else, when nothing declares one, windows-1252 (see feedUTF8). Text that
// was UTF-8 decoded as Latin-1 once too often ("itâ€™s") is repaired (see
// repairMojibake). Dates: see feedTime; Atom and Ritzau read text the same
// way.
//
// Rejected: a root other than <rss> or <rdf:RDF>; a document without an
// item; an item with neither title nor text; WXR attachments ("WordPress
// attachment ... is a media file, not a story"), menu items, revisions,
// blocks, templates and other non-content post types; and WXR posts whose
// content has no text (image or embed posts): a WXR item is the post
// itself, not a link to it, so a title alone is not a story. A plain RSS
// item with a title and no text is kept (headline only): news feeds often
// announce a story by its title and link.

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/newsroom-pipeline/newsroom/pkg/article"
	"github.com/newsroom-pipeline/newsroom/pkg/format"
)

func init() {
	register(format.RSS, parseRSS, splitRSS)
}

func splitRSS(raw []byte) ([][]byte, error) {
	// A WordPress export lists all its categories, tags and terms before
	// the items; items name their own, so the lists are dropped.
	return splitFeed(raw, "RSS feed", "item", "category", "tag", "term")
}

func parseRSS(contentType string, raw []byte) (*article.Article, error) {
	b, err := feedUTF8(contentType, raw)
	if err != nil {
		return nil, fmt.Errorf("RSS: %w", err)
	}
	root, err := readFeedDoc("RSS", b, "item")
	if err != nil {
		return nil, err
	}
	switch strings.ToLower(root.name.Local) {
	case "rss", "rdf":
	default:
		return nil, fmt.Errorf("RSS document's root element is <%s>, not <rss> or <rdf:RDF>", root.name.Local)
	}
	channel := root.first(nsNone, "channel")
	item := channel.first(nsNone, "item")
	if item == nil {
		item = root.first(nsNone, "item") // RSS 1.0: items are the channel's siblings
	}
	if item == nil {
		return nil, errors.New("RSS feed has no <item>")
	}
	if isWXR(item) {
		return wxrArticle(root, channel, item)
	}
	a := rssArticle(root, channel, item)
	a.BodyText = pickBody(
		feedBody(item.first(nsContent, "encoded").html()),
		feedBody(item.first(nsNone, "description").html()),
	)
	if a.Headline == "" && a.BodyText == "" {
		return nil, fmt.Errorf("RSS item %s has neither a title nor text", feedItemName(a.URI))
	}
	return a, nil
}

// rssArticle maps the fields RSS and WXR items share; the body is left to
// the caller.
func rssArticle(root, channel, item *feedNode) *article.Article {
	a := &article.Article{
		URI:      rssID(item),
		Headline: feedLine(item.first(nsNone, "title").html()),
		Byline:   rssByline(item),
		Language: rssLanguage(root, channel, item),
	}
	for _, n := range []*feedNode{item.first(nsNone, "pubDate"), item.first(nsDC, "date"), item.first(nsDC, "modified")} {
		if t := feedTime(n.text()); t != nil {
			a.VersionCreated = t
			break
		}
	}
	for _, n := range []*feedNode{item.first(nsDC, "created"), item.first(nsDC, "issued")} {
		if t := feedTime(n.text()); t != nil {
			a.FirstCreated = t
			break
		}
	}
	for _, n := range append(item.all(nsNone, "category"), item.all(nsDC, "subject")...) {
		a.Subject = feedAddSubject(a.Subject, article.Subject{Name: feedLine(n.html())})
	}
	return a
}

// rssID is the item's guid, else its link.
func rssID(item *feedNode) string {
	if id := item.first(nsNone, "guid").line(); id != "" {
		return id
	}
	return rssLink(item)
}

// rssLink is the item's link, else its atom:link to the alternate page.
func rssLink(item *feedNode) string {
	if l := item.first(nsNone, "link").line(); l != "" {
		return l
	}
	for _, l := range item.all(nsAtom, "link") {
		if rel := strings.ToLower(l.attrValue("rel")); rel == "" || rel == "alternate" {
			if href := cleanLine(l.attrValue("href")); href != "" {
				return href
			}
		}
	}
	return ""
}

// rssByline joins the dc:creator names, else reads author ("mail (Name)").
func rssByline(item *feedNode) string {
	var names []string
	for _, n := range item.all(nsDC, "creator") {
		names = append(names, feedLine(n.text()))
	}
	if by := joinNames(names); by != "" {
		return by
	}
	author := item.first(nsNone, "author").line()
	if i, j := strings.IndexByte(author, '('), strings.LastIndexByte(author, ')'); i >= 0 && j > i+1 {
		if name := cleanLine(author[i+1 : j]); name != "" {
			return name
		}
	}
	return author
}

// rssLanguage finds the first language tag from the item outwards.
func rssLanguage(root, channel, item *feedNode) string {
	for _, tag := range []string{
		item.attrValue("lang"),
		item.first(nsDC, "language").text(),
		channel.first(nsNone, "language").text(),
		channel.first(nsDC, "language").text(),
		channel.attrValue("lang"),
		root.attrValue("lang"),
	} {
		if l := primaryTag(tag); l != "" {
			return l
		}
	}
	return ""
}

// feedItemName names an item in an error by its id, if it has one.
func feedItemName(id string) string {
	if id == "" {
		return "(no id or link)"
	}
	return fmt.Sprintf("%q", id)
}

// WordPress WXR.

// isWXR reports whether an item is a WordPress export item.
func isWXR(item *feedNode) bool {
	return item.first(nsWP, "post_type") != nil || item.first(nsWP, "post_id") != nil
}

// wxrNotStory are the WordPress post types that are site machinery, not
// content. Posts, pages and custom content types are read.
var wxrNotStory = map[string]bool{
	"nav_menu_item": true, "revision": true, "custom_css": true, "customize_changeset": true,
	"oembed_cache": true, "user_request": true, "wp_block": true, "wp_template": true,
	"wp_template_part": true, "wp_global_styles": true, "wp_navigation": true,
	"wp_font_family": true, "wp_font_face": true, "scheduled-action": true,
}

func wxrArticle(root, channel, item *feedNode) (*article.Article, error) {
	postType := strings.ToLower(item.first(nsWP, "post_type").line())
	postID := item.first(nsWP, "post_id").line()
	title := feedLine(item.first(nsNone, "title").html())
	switch {
	case postType == "attachment":
		return nil, fmt.Errorf("WordPress attachment %q (post %s, %s) is a media file, not a story",
			title, postID, item.first(nsWP, "attachment_url").line())
	case wxrNotStory[postType]:
		return nil, fmt.Errorf("WordPress %s item (post %s) is site machinery, not a story", postType, postID)
	}

	a := rssArticle(root, channel, item)
	if item.first(nsNone, "guid").line() == "" && postID != "" {
		if base := strings.TrimRight(channel.first(nsNone, "link").line(), "/"); base != "" {
			a.URI = base + "/?p=" + postID
		}
	}
	if login := a.Byline; login != "" {
		if name := wxrAuthors(channel)[login]; name != "" {
			a.Byline = name
		}
	}
	postDate := feedTime(item.first(nsWP, "post_date_gmt").text())
	if postDate != nil {
		a.FirstCreated = postDate
		if a.VersionCreated == nil {
			a.VersionCreated = postDate
		}
	}
	a.PubStatus, a.Embargoed = wxrStatus(item.first(nsWP, "status").line(), item.first(nsWP, "post_password").line(), postDate)
	a.BodyText = pickBody(
		feedBody(wxrHTML(item.first(nsContent, "encoded").html())),
		feedBody(item.first(nsExcerpt, "encoded").html()),
		feedBody(item.first(nsNone, "description").html()),
	)
	if a.BodyText == "" {
		if postType == "" {
			postType = "post"
		}
		return nil, fmt.Errorf("WordPress %s %s %q has no text: its content is empty or only media", postType, postID, title)
	}
	return a, nil
}

// wxrAuthors maps each author login of the channel's wp:author list to a
// name: first and last name, else the display name.
func wxrAuthors(channel *feedNode) map[string]string {
	m := map[string]string{}
	for _, au := range channel.all(nsWP, "author") {
		login := au.first(nsWP, "author_login").line()
		name := cleanLine(au.first(nsWP, "author_first_name").line() + " " + au.first(nsWP, "author_last_name").line())
		if name == "" {
			name = au.first(nsWP, "author_display_name").line()
		}
		if login != "" && name != "" {
			m[login] = name
		}
	}
	return m
}

// wxrStatus maps wp:status (see the file comment).
func wxrStatus(status, password string, postDate *time.Time) (string, *time.Time) {
	if password != "" {
		return article.PubStatusWithheld, nil
	}
	switch strings.ToLower(status) {
	case "", "publish", "inherit":
		return article.PubStatusUsable, nil
	case "future":
		if postDate != nil {
			return article.PubStatusUsable, postDate
		}
	case "trash":
		return article.PubStatusCanceled, nil
	}
	return article.PubStatusWithheld, nil
}

// wxrBlankLines separates the paragraphs of a WordPress post.
var wxrBlankLines = regexp.MustCompile(`\n[ \t]*\n\s*`)

// wxrHTML turns raw WordPress post content into HTML the way WordPress
// displays it (its wpautop filter): blank lines end paragraphs, single
// line breaks are <br>. Shortcodes are removed first.
func wxrHTML(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	s = strings.TrimSpace(stripShortcodes(s))
	if s == "" {
		return ""
	}
	var b strings.Builder
	for _, p := range wxrBlankLines.Split(s, -1) {
		b.WriteString("<p>")
		b.WriteString(strings.ReplaceAll(p, "\n", "<br>\n"))
		b.WriteString("</p>\n")
	}
	return b.String()
}

var (
	shortcodeTag   = regexp.MustCompile(`\[/?([a-zA-Z][\w-]*)(?:\s[^\]]*)?\]`)
	shortcodeClose = regexp.MustCompile(`\[/([a-zA-Z][\w-]*)\]`)
	shortcodeAlone = regexp.MustCompile(`(?m)^[ \t]*\[[a-zA-Z][\w-]*(?:\s[^\]\n]*)?\][ \t]*$`)
)

// stripShortcodes removes WordPress shortcodes: both tags of a pair
// ("[dropcap]M[/dropcap]" keeps "M") and a tag alone on its line
// ("[contact_form]"). Other bracketed text ("[sic]" inside a sentence)
// stays.
func stripShortcodes(s string) string {
	if !strings.Contains(s, "[") {
		return s
	}
	paired := map[string]bool{}
	for _, m := range shortcodeClose.FindAllStringSubmatch(s, -1) {
		paired[strings.ToLower(m[1])] = true
	}
	if len(paired) > 0 {
		s = shortcodeTag.ReplaceAllStringFunc(s, func(tag string) string {
			if m := shortcodeTag.FindStringSubmatch(tag); m != nil && paired[strings.ToLower(m[1])] {
				return ""
			}
			return tag
		})
	}
	return shortcodeAlone.ReplaceAllString(s, "")
}
