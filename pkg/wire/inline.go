package wire

import (
	"encoding/base64"
	"encoding/xml"
	"strings"
	"unicode/utf8"

	"github.com/newsroom-pipeline/newsroom/pkg/article"
)

// Helpers shared by the XML formats that carry a story body as inline
// markup inside an envelope (NewsML-G2 inlineXML/inlineData, NewsML 1
// DataContent). They read from a tokenReader positioned just after a start
// tag and always consume through the matching end tag, so a caller can walk
// an envelope element by element.

// walkChildren calls fn for each child element of the element whose start
// tag was just read, then returns after that element's end tag. fn must
// consume the child through its end tag (skipElement does). Text between
// children is ignored.
func walkChildren(d tokenReader, fn func(se xml.StartElement) error) error {
	for {
		tok, err := d.Token()
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if err := fn(t.Copy()); err != nil {
				return err
			}
		case xml.EndElement:
			return nil
		}
	}
}

// skipElement consumes the rest of the element whose start tag was just
// read, through its end tag.
func skipElement(d tokenReader) error {
	for depth := 1; depth > 0; {
		tok, err := d.Token()
		if err != nil {
			return err
		}
		switch tok.(type) {
		case xml.StartElement:
			depth++
		case xml.EndElement:
			depth--
		}
	}
	return nil
}

// rawText returns the character data of the element whose start tag was
// just read, through its end tag, as written (line breaks kept); the text
// of nested elements is included.
func rawText(d tokenReader) (string, error) {
	var b strings.Builder
	for depth := 1; depth > 0; {
		tok, err := d.Token()
		if err != nil {
			return "", err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
		case xml.EndElement:
			depth--
		case xml.CharData:
			b.Write(t)
		}
	}
	return b.String(), nil
}

// spacedText is elementText with a space at every element boundary, for
// fields whose parts are marked up without white space between them, such
// as the NITF byline "By<person>A. Writer</person><byttl>Agency</byttl>".
// The text of descendants named skip (case-insensitively; "" for none) is
// left out.
func spacedText(d tokenReader, skip string) (string, error) {
	var b strings.Builder
	for depth, skipping := 1, 0; depth > 0; {
		tok, err := d.Token()
		if err != nil {
			return "", err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			if skipping > 0 || (skip != "" && strings.EqualFold(t.Name.Local, skip)) {
				skipping++
			}
			b.WriteByte(' ')
		case xml.EndElement:
			depth--
			if skipping > 0 {
				skipping--
			}
			b.WriteByte(' ')
		case xml.CharData:
			if skipping == 0 {
				b.Write(t)
			}
		}
	}
	return cleanLine(b.String()), nil
}

// attr returns the value of se's attribute with the given local name
// (compared case-insensitively, whatever its namespace), or "".
func attr(se xml.StartElement, local string) string {
	for _, a := range se.Attr {
		if strings.EqualFold(a.Name.Local, local) {
			return a.Value
		}
	}
	return ""
}

// localName is se's local name in lower case.
func localName(se xml.StartElement) string {
	return strings.ToLower(se.Name.Local)
}

// inlineText is what an inline body yields.
type inlineText struct {
	body     string // paragraphs separated by "\n\n"
	headline string // NITF body.head hedline/hl1, else NITF head/title
	byline   string // NITF body.head byline, without a leading "By"
	abstract string // NITF body.head abstract
	loose    string // text directly inside the container, outside any element
	known    bool   // the container held XHTML or NITF markup
}

// textRoots are the elements that start a body in XHTML (a whole document,
// its body, or bare block and inline elements) or in the NITF body parts.
var textRoots = map[string]bool{
	"html": true, "body": true, "p": true, "div": true, "section": true, "article": true,
	"h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true,
	"ul": true, "ol": true, "dl": true, "table": true, "blockquote": true, "pre": true,
	"span": true, "b": true, "i": true, "em": true, "strong": true, "a": true, "br": true,
	"hl1": true, "hl2": true, "block": true, "body.content": true,
}

// readInline reads the container element whose start tag was just read
// (inlineXML, DataContent) through its end tag. An NITF document gives its
// body.content as body and its head fields separately (body.end, with
// taglines, is dropped); XHTML, or bare XHTML paragraphs, give their text.
// Elements of other vocabularies (SportsML, event lists, ...) are skipped:
// their text is data, not prose.
func readInline(d tokenReader) (inlineText, error) {
	var res inlineText
	var paras []string
	var loose strings.Builder
	for {
		tok, err := d.Token()
		if err != nil {
			return res, err
		}
		switch t := tok.(type) {
		case xml.EndElement:
			res.body = strings.Join(paras, "\n\n")
			res.loose = cleanText(loose.String())
			return res, nil
		case xml.CharData:
			loose.Write(t)
		case xml.StartElement:
			name := localName(t)
			switch {
			case name == "nitf":
				res.known = true
				if err := readNITF(d, &res, &paras); err != nil {
					return res, err
				}
			case textRoots[name]:
				res.known = true
				text, err := markedText(d)
				if err != nil {
					return res, err
				}
				if text != "" {
					paras = append(paras, text)
				}
			default:
				if err := skipElement(d); err != nil {
					return res, err
				}
			}
		}
	}
}

// readNITF reads an inline <nitf> element: body.content paragraphs are
// appended to paras, head fields go to res.
func readNITF(d tokenReader, res *inlineText, paras *[]string) error {
	title := ""
	err := walkChildren(d, func(se xml.StartElement) error {
		switch localName(se) {
		case "head":
			return walkChildren(d, func(se xml.StartElement) error {
				if localName(se) == "title" && title == "" {
					var err error
					title, err = elementText(d)
					return err
				}
				return skipElement(d)
			})
		case "body":
			return walkChildren(d, func(se xml.StartElement) error {
				switch localName(se) {
				case "body.head":
					return readNITFHead(d, res)
				case "body.content":
					text, err := markedText(d)
					if err == nil && text != "" {
						*paras = append(*paras, text)
					}
					return err
				}
				return skipElement(d)
			})
		}
		return skipElement(d)
	})
	if res.headline == "" {
		res.headline = title
	}
	return err
}

// readNITFHead reads an NITF body.head: hedline/hl1, byline, abstract.
func readNITFHead(d tokenReader, res *inlineText) error {
	return walkChildren(d, func(se xml.StartElement) error {
		var err error
		switch localName(se) {
		case "hedline":
			return walkChildren(d, func(se xml.StartElement) error {
				if localName(se) == "hl1" && res.headline == "" {
					res.headline, err = elementText(d)
					return err
				}
				return skipElement(d)
			})
		case "byline":
			var by string
			by, err = spacedText(d, "")
			if res.byline == "" {
				res.byline = stripBy(by)
			}
		case "abstract":
			var text string
			text, err = markedText(d)
			if res.abstract == "" {
				res.abstract = text
			}
		default:
			err = skipElement(d)
		}
		return err
	})
}

// stripBy removes a leading "By" (or French "Par") from a byline: "By
// Meredith Jameson" -> "Meredith Jameson".
func stripBy(s string) string {
	s = cleanLine(s)
	for _, p := range []string{"by ", "par "} {
		if len(s) > len(p) && strings.EqualFold(s[:len(p)], p) {
			s = s[len(p):]
			break
		}
	}
	return strings.Trim(s, " ,;:")
}

// inlineDataText turns the content of an inline data element into body
// paragraphs: base64 content (encoding="base64") is decoded, HTML (by its
// content type, or sniffed, as some agencies send HTML labelled text/plain)
// and other markup are converted to text, and plain text keeps its
// paragraphs (single line breaks become paragraph breaks when the text has
// no blank lines). Content types other than text and XML give "".
func inlineDataText(contentType, encoding, value string) string {
	ct := strings.ToLower(strings.TrimSpace(contentType))
	if ct != "" && !strings.HasPrefix(ct, "text/") && !strings.Contains(ct, "xml") && !strings.Contains(ct, "html") {
		return "" // an image or other binary rendition
	}
	if ct == "text/css" {
		return ""
	}
	if strings.Contains(strings.ToLower(encoding), "base64") {
		b, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(value), ""))
		if err != nil {
			return ""
		}
		value = string(b)
	}
	if !utf8.ValidString(value) {
		value = strings.ToValidUTF8(value, "\uFFFD")
	}
	value = strings.TrimSpace(value)
	if value == "" {
		return ""
	}
	kind := bodyKind(ct, value)
	if kind == plainKind && htmlTag.MatchString(value) {
		kind = htmlKind
	}
	if kind != plainKind {
		return htmlToText(value)
	}
	return plainBody(value)
}

// datelinePlace returns the place named by a dateline such as "STOCKHOLM,
// Aug 29, 2014 (AFP) -" ("STOCKHOLM"), "Gaza City, Palestinian Territories,
// May 16, 2021 (AFP) -" ("Gaza City, Palestinian Territories") or "ROUND
// ROCK, Texas": parenthesised parts (the agency) and trailing dashes go, and
// the comma-separated parts are kept up to the first one that holds a digit
// or is a weekday (the date). It returns "" when no place is left, as for a
// dateline that is only a time stamp, and for anything longer than a place
// name plausibly is.
func datelinePlace(s string) string {
	var b strings.Builder
	depth := 0
	for _, r := range s {
		switch {
		case r == '(':
			depth++
		case r == ')' && depth > 0:
			depth--
		case depth == 0:
			b.WriteRune(r)
		}
	}
	var kept []string
	for part := range strings.SplitSeq(b.String(), ",") {
		part = strings.Trim(cleanLine(part), " -–—:")
		if part == "" || strings.ContainsAny(part, "0123456789") || weekdays[strings.ToLower(part)] {
			break
		}
		kept = append(kept, part)
	}
	place := strings.Join(kept, ", ")
	if len(strings.Fields(place)) > 6 || utf8.RuneCountInString(place) > 80 {
		return ""
	}
	return place
}

var weekdays = map[string]bool{
	"monday": true, "tuesday": true, "wednesday": true, "thursday": true,
	"friday": true, "saturday": true, "sunday": true,
}

// datelineAgency returns the agency a dateline names in parentheses, as in
// "STOCKHOLM, Aug 29, 2014 (AFP) -", or "".
func datelineAgency(s string) string {
	open := strings.IndexByte(s, '(')
	if open < 0 {
		return ""
	}
	end := strings.IndexByte(s[open:], ')')
	if end < 0 {
		return ""
	}
	agency := cleanLine(s[open+1 : open+end])
	if agency == "" || len(strings.Fields(agency)) > 4 || strings.ContainsAny(agency, "0123456789") {
		return ""
	}
	return agency
}

// maxListItems bounds the repeated metadata kept from one item (names,
// notes, subjects): real items have a few dozen at most, and the bound keeps
// de-duplication linear for a hostile document with millions of them.
const maxListItems = 200

// appendUnique appends s to list unless it is empty, already there, or the
// list is full (maxListItems).
func appendUnique(list []string, s string) []string {
	if s == "" || len(list) >= maxListItems {
		return list
	}
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

// addSubject appends sub to list unless it is empty, already there, or the
// list is full (maxListItems).
func addSubject(list []article.Subject, sub article.Subject) []article.Subject {
	if sub == (article.Subject{}) || len(list) >= maxListItems {
		return list
	}
	for _, x := range list {
		if x == sub {
			return list
		}
	}
	return append(list, sub)
}
