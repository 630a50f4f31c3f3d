package wire

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// htmlToText converts an HTML (or XHTML) fragment to plain-text paragraphs
// separated by "\n\n". Block elements and <br> end a paragraph; script,
// style and other non-content elements are dropped with everything inside
// them; entities are decoded; white space collapses as a browser would.
//
// It streams tokens and keeps no tree, so neither deep nesting nor broken
// markup can make it recurse or fail: bad markup yields the text it holds.
func htmlToText(src string) string {
	z := html.NewTokenizer(strings.NewReader(src))
	var paras []string
	var cur strings.Builder
	flush := func() {
		if p := cleanLine(cur.String()); p != "" {
			paras = append(paras, p)
		}
		cur.Reset()
	}
	skip := 0 // depth inside dropped elements
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken: // io.EOF or a tokenizer error: either way, done
			flush()
			return strings.Join(paras, "\n\n")
		case html.TextToken:
			if skip == 0 {
				cur.Write(z.Text())
			}
		case html.StartTagToken, html.SelfClosingTagToken, html.EndTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			if dropped[a] {
				switch {
				case tt == html.StartTagToken:
					skip++
				case tt == html.EndTagToken && skip > 0:
					skip--
				}
				continue
			}
			if skip == 0 && blocks[a] {
				flush()
			} else if skip == 0 && (a == atom.Td || a == atom.Th) {
				cur.WriteByte(' ') // keep table cells apart
			}
		}
	}
}

// dropped elements contribute no text.
var dropped = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true,
	atom.Title: true, atom.Iframe: true, atom.Object: true,
	atom.Embed: true, atom.Svg: true, atom.Math: true, atom.Canvas: true,
	atom.Select: true, atom.Button: true, atom.Textarea: true,
}

// blocks start or end a paragraph.
var blocks = map[atom.Atom]bool{
	atom.P: true, atom.Br: true, atom.Div: true, atom.Section: true, atom.Article: true,
	atom.Header: true, atom.Footer: true, atom.Aside: true, atom.Nav: true, atom.Main: true,
	atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Ul: true, atom.Ol: true, atom.Li: true, atom.Dl: true, atom.Dt: true, atom.Dd: true,
	atom.Blockquote: true, atom.Pre: true, atom.Hr: true, atom.Table: true, atom.Tr: true,
	atom.Figure: true, atom.Figcaption: true, atom.Address: true, atom.Body: true, atom.Html: true,
	atom.Caption: true, atom.Hgroup: true, atom.Details: true, atom.Summary: true,
}
