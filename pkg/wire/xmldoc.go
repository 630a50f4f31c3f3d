package wire

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/htmlindex"
)

// XML safety. encoding/xml never reads a DTD: it fetches no external
// entity and expands no entity declared in a document, so entity-expansion
// bombs and XXE cannot happen. A document that declares entities in its
// DOCTYPE is refused all the same (ErrXMLEntities): news XML never does,
// so such a document is an attack or a broken export, and an operator
// should see it in the dead-letter stream rather than find it indexed with
// its references as literal text. Undeclared entity references are left
// as text (Strict is off, as real wire XML is often sloppy), except the
// HTML named entities, which are understood. What remains is bounded by
// newXMLDecoder's limits: nesting depth, token count and, in text, the
// field size.

// newXMLDecoder returns a lenient decoder over raw that understands any
// charset label of the WHATWG Encoding Standard in the XML declaration
// (ISO-8859-1, windows-1252, ...) and enforces MaxXMLDepth and
// MaxXMLTokens. Read tokens with Token; the returned decoder fails with
// an error naming the limit when one is passed.
//
// A document whose bytes are valid UTF-8 is read as UTF-8 whatever its
// declaration says: agencies send UTF-8 labelled encoding="iso-8859-1"
// (AFP), and reading it as Latin-1 would turn "Décès" into "DÃ©cÃ¨s". Text
// that really is in a single-byte or East Asian legacy charset is, beyond a
// few words, never valid UTF-8, so the label is still honoured for it.
func newXMLDecoder(raw []byte) *xml.Decoder {
	raw = bytes.TrimPrefix(raw, []byte("\xef\xbb\xbf"))
	base := baseDecoder(raw)
	if utf8.Valid(raw) {
		base.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }
	}
	d := xml.NewTokenDecoder(&limitedTokens{d: base})
	return d
}

func baseDecoder(raw []byte) *xml.Decoder {
	d := xml.NewDecoder(bytes.NewReader(raw))
	d.Strict = false
	// No AutoClose: HTML's void elements are not void in news XML. With
	// xml.HTMLAutoClose a NewsML-G2 <link> or <area> with children, or an
	// RSS <link>URL</link>, would be closed at its start tag and its real
	// end tag would then close the parent.
	d.Entity = xml.HTMLEntity
	d.CharsetReader = charsetReader
	return d
}

// charsetReader decodes the charset named by an XML declaration.
func charsetReader(label string, r io.Reader) (io.Reader, error) {
	enc, err := htmlindex.Get(strings.TrimSpace(label))
	if err != nil {
		return nil, fmt.Errorf("unsupported XML encoding %q", label)
	}
	return enc.NewDecoder().Reader(r), nil
}

// limitedTokens enforces the depth and token limits on a token stream.
type limitedTokens struct {
	d      *xml.Decoder
	depth  int
	tokens int
}

// ErrXMLLimit is wrapped by every error for a document past a limit.
var ErrXMLLimit = errors.New("XML limit exceeded")

// ErrXMLEntities is wrapped by the error for a document whose DOCTYPE
// declares entities (billion laughs, XXE).
var ErrXMLEntities = errors.New("XML declares entities in its DOCTYPE (entity-expansion or XXE attempt); refused")

// declaresEntities reports whether a directive (<!DOCTYPE ...>) holds an
// entity declaration in its internal subset.
func declaresEntities(d xml.Directive) bool {
	return bytes.Contains(d, []byte("<!ENTITY"))
}

func (l *limitedTokens) Token() (xml.Token, error) {
	tok, err := l.d.Token()
	if err != nil {
		return tok, err
	}
	l.tokens++
	if l.tokens > MaxXMLTokens {
		return nil, fmt.Errorf("%w: more than %d tokens", ErrXMLLimit, MaxXMLTokens)
	}
	switch t := tok.(type) {
	case xml.StartElement:
		l.depth++
		if l.depth > MaxXMLDepth {
			return nil, fmt.Errorf("%w: elements nested deeper than %d", ErrXMLLimit, MaxXMLDepth)
		}
	case xml.EndElement:
		l.depth--
	case xml.CharData:
		if len(t) > MaxFieldBytes {
			return nil, fmt.Errorf("%w: a text node of %d bytes, more than %d", ErrXMLLimit, len(t), MaxFieldBytes)
		}
	case xml.Directive:
		if declaresEntities(t) {
			return nil, ErrXMLEntities
		}
	}
	return tok, nil
}

// decodeXML unmarshals raw into v with the limits and charsets of
// newXMLDecoder. Errors are prefixed with what, e.g. "NITF".
func decodeXML(what string, raw []byte, v any) error {
	if err := newXMLDecoder(raw).Decode(v); err != nil {
		if errors.Is(err, ErrXMLLimit) || errors.Is(err, ErrXMLEntities) {
			return fmt.Errorf("%s: %w", what, err)
		}
		return fmt.Errorf("malformed %s XML: %v", what, err)
	}
	return nil
}

// rootName returns the local name of raw's root element, or "?".
func rootName(raw []byte) string {
	d := baseDecoder(raw)
	for i := 0; i < 1000; i++ {
		tok, err := d.RawToken()
		if err != nil {
			return "?"
		}
		if se, ok := tok.(xml.StartElement); ok {
			return se.Name.Local
		}
	}
	return "?"
}

// spliceItems builds one self-contained document per item: the bytes
// before the first item, the item, and the bytes after the last item.
// items are [start, end) byte ranges of whole elements in raw, in order.
// Prolog, namespace declarations and container metadata thus stay with
// every item.
func spliceItems(raw []byte, items [][2]int64) [][]byte {
	if len(items) <= 1 {
		return [][]byte{raw}
	}
	head := raw[:items[0][0]]
	tail := raw[items[len(items)-1][1]:]
	docs := make([][]byte, 0, len(items))
	for _, it := range items {
		doc := make([]byte, 0, len(head)+int(it[1]-it[0])+len(tail))
		doc = append(doc, head...)
		doc = append(doc, raw[it[0]:it[1]]...)
		doc = append(doc, tail...)
		docs = append(docs, doc)
	}
	return docs
}

// elementRanges returns the byte ranges in raw of the elements whose local
// name is in names (case-insensitive) and that are not nested in another
// such element. The decoder reads raw directly (no charset conversion is
// needed to find tags, and offsets stay those of raw); it expands nothing.
func elementRanges(raw []byte, names ...string) ([][2]int64, error) {
	want := map[string]bool{}
	for _, n := range names {
		want[strings.ToLower(n)] = true
	}
	d := xml.NewDecoder(bytes.NewReader(asciiMasked(raw)))
	d.Strict = false
	d.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }
	var ranges [][2]int64
	depth, tokens := 0, 0
	for {
		before := d.InputOffset()
		tok, err := d.RawToken()
		if err == io.EOF {
			return ranges, nil
		}
		if err != nil {
			return nil, fmt.Errorf("malformed XML: %v", err)
		}
		tokens++
		if tokens > MaxXMLTokens {
			return nil, fmt.Errorf("%w: more than %d tokens", ErrXMLLimit, MaxXMLTokens)
		}
		if d, ok := tok.(xml.Directive); ok && declaresEntities(d) {
			return nil, ErrXMLEntities
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			if depth > MaxXMLDepth {
				return nil, fmt.Errorf("%w: elements nested deeper than %d", ErrXMLLimit, MaxXMLDepth)
			}
			if want[strings.ToLower(t.Name.Local)] {
				if err := rawSkip(d); err != nil {
					return nil, fmt.Errorf("malformed XML: %v", err)
				}
				depth--
				ranges = append(ranges, [2]int64{before, d.InputOffset()})
			}
		case xml.EndElement:
			depth--
		}
	}
}

// asciiMasked returns raw itself when it is valid UTF-8, else a copy of the
// same length with every byte above 0x7F replaced by 'x'. encoding/xml
// rejects text that is not UTF-8, and a document in a legacy charset
// (ISO-8859-1, windows-1252) read without conversion is not; markup is ASCII
// in every charset a news document declares, so masking keeps each tag and
// each byte offset where it was.
func asciiMasked(raw []byte) []byte {
	if utf8.Valid(raw) {
		return raw
	}
	masked := make([]byte, len(raw))
	for i, c := range raw {
		if c > 0x7F {
			c = 'x'
		}
		masked[i] = c
	}
	return masked
}

// rawTokens reads a decoder's raw tokens (no namespace translation, no
// end-tag matching), so that skipElement can serve RawToken streams.
type rawTokens struct{ d *xml.Decoder }

func (r rawTokens) Token() (xml.Token, error) { return r.d.RawToken() }

// rawSkip is Decoder.Skip for RawToken streams.
func rawSkip(d *xml.Decoder) error { return skipElement(rawTokens{d}) }

// tokenReader is what newXMLDecoder returns, narrowed to what the readers
// below need.
type tokenReader interface {
	Token() (xml.Token, error)
}

// xmlBlocks are the element names (XHTML and NITF, compared by local name
// in lower case) that start or end a paragraph in markedText.
var xmlBlocks = map[string]bool{
	"p": true, "br": true, "div": true, "section": true, "article": true,
	"h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true,
	"hl1": true, "hl2": true, "block": true, "bq": true, "note": true, "fn": true,
	"ul": true, "ol": true, "li": true, "dl": true, "dt": true, "dd": true,
	"blockquote": true, "pre": true, "hr": true, "table": true, "tr": true,
	"figure": true, "figcaption": true, "caption": true, "media-caption": true,
	"body": true, "body.content": true, "body.end": true, "tagline": true,
}

// xmlDropped elements contribute no text to markedText.
var xmlDropped = map[string]bool{
	"script": true, "style": true, "noscript": true, "title": true, "head": true,
	"media-reference": true, "media-metadata": true, "media-producer": true, "media-object": true,
	"object": true, "embed": true, "iframe": true, "svg": true, "math": true,
}

// markedText reads the content of the element whose start tag was just
// read from d, through its end tag, and returns its text as paragraphs
// separated by "\n\n": block elements (XHTML and NITF) end a paragraph,
// table cells are kept apart by a space, media and script elements are
// dropped. It is for bodies given as inline XHTML or NITF markup.
func markedText(d tokenReader) (string, error) {
	var paras []string
	var cur strings.Builder
	flush := func() {
		if p := cleanLine(cur.String()); p != "" {
			paras = append(paras, p)
		}
		cur.Reset()
	}
	depth, skip := 1, 0
	for depth > 0 {
		tok, err := d.Token()
		if err != nil {
			return "", err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			name := strings.ToLower(t.Name.Local)
			switch {
			case skip > 0 || xmlDropped[name]:
				skip++
			case xmlBlocks[name]:
				flush()
			case name == "td" || name == "th":
				cur.WriteByte(' ')
			}
		case xml.EndElement:
			depth--
			name := strings.ToLower(t.Name.Local)
			switch {
			case skip > 0:
				skip--
			case xmlBlocks[name]:
				flush()
			}
		case xml.CharData:
			if skip == 0 {
				cur.Write(t)
			}
		}
	}
	flush()
	return strings.Join(paras, "\n\n"), nil
}

// elementText reads the text content of the element whose start tag was
// just read, through its end tag, as one cleaned line.
func elementText(d tokenReader) (string, error) {
	s, err := rawText(d)
	return cleanLine(s), err
}

// rootElement returns the first start element of the document.
func rootElement(d tokenReader) (xml.StartElement, error) {
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return xml.StartElement{}, errors.New("no root element")
		}
		if err != nil {
			return xml.StartElement{}, err
		}
		if se, ok := tok.(xml.StartElement); ok {
			return se.Copy(), nil
		}
	}
}
