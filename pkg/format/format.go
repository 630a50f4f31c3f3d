// Package format names the wire formats the pipeline understands and detects
// them from a Content-Type header or by sniffing the bytes.
//
// The names are a public contract: they appear in envelopes, on articles
// ("format") and in dead-letter reasons.
package format

import (
	"bytes"
	"encoding/xml"
	"io"
	"mime"
	"regexp"
	"strings"
	"unicode/utf8"
)

// Format names.
const (
	Text        = "text"         // plain-text wire story: headline/dateline paragraphs, trailer lines
	NINJS       = "ninjs"        // IPTC ninjs JSON, any version
	NewsMLG2    = "newsml-g2"    // IPTC NewsML-G2 newsItem, newsMessage (and other G2 items, rejected by normalize)
	NewsML1     = "newsml-1"     // IPTC NewsML 1.x (1.2)
	NITF        = "nitf"         // IPTC NITF 3.x
	IPTC7901    = "iptc7901"     // IPTC 7901 raw wire (SOH ... ETX), incl. the dpa dialect
	ANPA        = "anpa1312"     // ANPA-1312 raw wire (SYN SYN SOH ...), incl. the AP dialect
	RSS         = "rss"          // RSS 0.9x/1.0/2.0 feed, incl. WordPress WXR exports
	Atom        = "atom"         // Atom 1.0 feed
	HTML        = "html"         // an HTML article page
	ReutersSGML = "reuters-sgml" // Reuters-21578 SGML (<REUTERS> stories)
	Ritzau      = "ritzau"       // Ritzau RBNews XML and XMLNewsQueuedResponse lists
	Email       = "email"        // RFC 822 / MIME e-mail
	JSON        = "json"         // JSON that is not recognisably ninjs
	XML         = "xml"          // XML of a vocabulary not recognised
	Unknown     = "unknown"
)

// All lists every format name Detect can return, for --help texts and
// validation of a --format flag.
var All = []string{Text, NINJS, NewsMLG2, NewsML1, NITF, IPTC7901, ANPA, RSS, Atom, HTML, ReutersSGML, Ritzau, Email, JSON, XML, Unknown}

// Known reports whether name is one of All.
func Known(name string) bool {
	for _, f := range All {
		if f == name {
			return true
		}
	}
	return false
}

// Detect returns the format of data. A recognised Content-Type wins;
// otherwise the bytes are sniffed. Detect never fails: bytes it cannot place
// are Unknown, and the caller decides whether that is an error.
//
// One exception: raw wire transmissions (IPTC 7901, ANPA-1312) are often
// delivered as text/plain, and their control-character framing is
// unmistakable, so text/plain bytes framed so are read as raw wire.
func Detect(contentType string, data []byte) string {
	f := fromContentType(contentType)
	if f == Text {
		if s := Sniff(data); s == IPTC7901 || s == ANPA {
			return s
		}
	}
	if f != "" {
		return f
	}
	return Sniff(data)
}

// fromContentType maps the media types that name one format. Generic types
// (application/json, application/xml, text/xml) say nothing about the
// vocabulary, so the bytes are sniffed for those.
func fromContentType(ct string) string {
	if ct == "" {
		return ""
	}
	mt, params, err := mime.ParseMediaType(ct)
	if err != nil {
		return ""
	}
	switch {
	case mt == "application/ninjs+json" || strings.Contains(params["profile"], "ninjs"):
		return NINJS
	case mt == "application/vnd.iptc.g2.newsitem+xml" || mt == "application/vnd.iptc.g2.newsmessage+xml":
		return NewsMLG2
	case mt == "application/nitf+xml":
		return NITF
	case mt == "application/rss+xml" || mt == "application/rdf+xml":
		return RSS
	case mt == "application/atom+xml":
		return Atom
	case mt == "text/html" || mt == "application/xhtml+xml":
		return HTML
	case mt == "message/rfc822":
		return Email
	case mt == "text/plain":
		return Text
	}
	return ""
}

// Sniff detects the format from the bytes alone.
func Sniff(data []byte) string {
	trimmed := bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	trimmed = bytes.TrimLeft(trimmed, " \t\r\n")
	switch {
	case len(trimmed) == 0:
		return Unknown
	case (bytes.HasPrefix(trimmed, []byte("\x16\x16\x01")) || bytes.HasPrefix(trimmed, []byte("\x16\x01"))) && hasTextAfterSOH(trimmed):
		return ANPA
	case trimmed[0] == '\x01' && hasTextAfterSOH(trimmed):
		return IPTC7901
	case trimmed[0] == '{':
		if looksLikeNINJS(trimmed) {
			return NINJS
		}
		return JSON
	case trimmed[0] == '<':
		return sniffMarkup(trimmed)
	case looksLikeEmail(trimmed):
		return Email
	}
	if looksLikeText(data) {
		return Text
	}
	return Unknown
}

// hasTextAfterSOH wants the start-of-header byte to be followed by a
// printable header (at least four bytes) and a start-of-text byte in the
// first 4 KiB, as in every IPTC 7901 and ANPA-1312 transmission.
func hasTextAfterSOH(b []byte) bool {
	i := bytes.IndexByte(b, '\x01')
	if i < 0 || len(b) < i+5 {
		return false
	}
	for _, c := range b[i+1 : i+5] {
		if c < 0x20 || c > 0x7e {
			return false
		}
	}
	head := b
	if len(head) > 4<<10 {
		head = head[:4<<10]
	}
	return bytes.IndexByte(head[i:], '\x02') > 0
}

// rootFormats maps the local name of an XML document's root element to its
// format.
var rootFormats = map[string]string{
	"newsitem":              NewsMLG2,
	"newsmessage":           NewsMLG2,
	"packageitem":           NewsMLG2,
	"conceptitem":           NewsMLG2,
	"knowledgeitem":         NewsMLG2,
	"planningitem":          NewsMLG2,
	"catalogitem":           NewsMLG2,
	"nitf":                  NITF,
	"newsml":                NewsML1,
	"rss":                   RSS,
	"rdf":                   RSS,
	"feed":                  Atom,
	"html":                  HTML,
	"reuters":               ReutersSGML,
	"rbnews":                Ritzau,
	"xmlnewsqueuedresponse": Ritzau,
}

// sniffMarkup finds the root element of an XML, SGML or HTML document,
// skipping the prolog, comments and the doctype, and maps it to a format.
// It reads at most the first 64 KiB and never expands entities or fetches
// anything.
func sniffMarkup(b []byte) string {
	head := b
	if len(head) > 64<<10 {
		head = head[:64<<10]
	}
	if m := doctypeHTML.Find(head); m != nil {
		return HTML
	}
	d := xml.NewDecoder(bytes.NewReader(head))
	d.Strict = false
	d.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) {
		return r, nil // only element names are read here, and they are ASCII
	}
	for {
		tok, err := d.RawToken()
		if err != nil {
			break
		}
		if se, ok := tok.(xml.StartElement); ok {
			if f, ok := rootFormats[strings.ToLower(se.Name.Local)]; ok {
				return f
			}
			return XML
		}
	}
	return XML
}

var doctypeHTML = regexp.MustCompile(`(?i)^\s*(<!--.*?-->\s*)*<!doctype\s+html`)

// looksLikeNINJS checks for keys every ninjs version uses. It is a sniff, not
// a validation: normalize validates.
func looksLikeNINJS(b []byte) bool {
	head := b
	if len(head) > 64<<10 {
		head = head[:64<<10]
	}
	return bytes.Contains(head, []byte(`"uri"`)) ||
		bytes.Contains(head, []byte(`"headline"`)) ||
		bytes.Contains(head, []byte(`"headlines"`)) ||
		bytes.Contains(head, []byte(`"body_text"`)) ||
		bytes.Contains(head, []byte(`"bodies"`))
}

// emailHeader matches the first header line of an RFC 822 message as mail
// systems store it.
var emailHeader = regexp.MustCompile(`^(?i)(Delivered-To|Received|Return-Path|From|To|Subject|Date|Message-ID|MIME-Version|X-[A-Za-z0-9-]+|DKIM-Signature|ARC-[A-Za-z-]+|Authentication-Results):[ \t]`)

// looksLikeEmail wants a header line first and a second header line among
// the next ones, so a story that begins "From: ..." is not taken for mail.
func looksLikeEmail(b []byte) bool {
	lines := bytes.SplitN(b, []byte("\n"), 6)
	if len(lines) < 3 || !emailHeader.Match(lines[0]) {
		return false
	}
	n := 0
	for _, l := range lines[1:] {
		if emailHeader.Match(bytes.TrimRight(l, "\r")) {
			n++
		}
	}
	return n >= 2
}

// looksLikeText accepts valid UTF-8 with few control characters. Raw wire
// formats with control characters (IPTC 7901, ANPA) are recognised by their
// own sniffers before this one.
func looksLikeText(b []byte) bool {
	if !utf8.Valid(b) {
		return false
	}
	ctrl := 0
	for _, c := range b {
		if c < 0x20 && c != '\n' && c != '\r' && c != '\t' {
			ctrl++
		}
	}
	return ctrl*100 <= len(b) // at most 1% control bytes
}
