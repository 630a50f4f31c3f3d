// Package format names the wire formats the pipeline understands and detects
// them from a Content-Type header or by sniffing the bytes.
//
// The names are a public contract: they appear in envelopes, on articles
// ("format") and in dead-letter reasons.
package format

import (
	"bytes"
	"mime"
	"strings"
	"unicode/utf8"
)

// Format names.
const (
	Text    = "text"  // plain-text wire story: headline/dateline paragraphs, trailer lines
	NINJS   = "ninjs" // IPTC ninjs JSON, any version
	JSON    = "json"  // JSON that is not recognisably ninjs
	XML     = "xml"   // XML of a vocabulary not (yet) recognised
	Unknown = "unknown"
)

// Detect returns the format of data. A recognised Content-Type wins;
// otherwise the bytes are sniffed. Detect never fails: bytes it cannot place
// are Unknown, and the caller decides whether that is an error.
func Detect(contentType string, data []byte) string {
	if f := fromContentType(contentType); f != "" {
		return f
	}
	return Sniff(data)
}

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
	case mt == "text/plain":
		return Text
	}
	return "" // application/json, XML and the rest: sniff to find the vocabulary
}

// Sniff detects the format from the bytes alone.
func Sniff(data []byte) string {
	trimmed := bytes.TrimLeft(data, "\ufeff \t\r\n")
	trimmed = bytes.TrimPrefix(trimmed, []byte("\xef\xbb\xbf"))
	switch {
	case len(trimmed) == 0:
		return Unknown
	case trimmed[0] == '{':
		if looksLikeNINJS(trimmed) {
			return NINJS
		}
		return JSON
	case trimmed[0] == '<':
		return XML
	}
	if looksLikeText(data) {
		return Text
	}
	return Unknown
}

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
