package wire

import (
	"fmt"
	"mime"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/unicode/norm"
)

// decode returns raw as UTF-8 text, without a leading byte-order mark. A
// charset parameter in contentType is honoured; without one the bytes must
// be valid UTF-8. A malformed Content-Type is ignored, as if absent: it is
// advisory, and the bytes are checked either way.
func decode(contentType string, raw []byte) (string, error) {
	charset := declaredCharset(contentType)
	if charset == "" || charset == "utf-8" || charset == "utf8" {
		if off := invalidUTF8At(raw); off >= 0 {
			if charset == "" {
				return "", fmt.Errorf("invalid UTF-8 at byte offset %d and no charset declared in the content type", off)
			}
			return "", fmt.Errorf("invalid UTF-8 at byte offset %d although the content type declares charset %s", off, charset)
		}
		return strings.TrimPrefix(string(raw), "\uFEFF"), nil
	}
	enc, err := htmlindex.Get(charset)
	if err != nil {
		return "", fmt.Errorf("unsupported charset %q in content type", charset)
	}
	if name, _ := htmlindex.Name(enc); name == "utf-8" { // an alias such as "unicode-1-1-utf-8"
		return decode("", raw)
	}
	b, err := enc.NewDecoder().Bytes(raw)
	if err != nil {
		return "", fmt.Errorf("decode charset %s: %w", charset, err)
	}
	return strings.TrimPrefix(string(b), "\uFEFF"), nil
}

// declaredCharset returns the lower-cased charset parameter of a content
// type, or "".
func declaredCharset(contentType string) string {
	if contentType == "" {
		return ""
	}
	_, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		return ""
	}
	return strings.ToLower(strings.TrimSpace(params["charset"]))
}

// invalidUTF8At returns the offset of the first byte that is not part of a
// valid UTF-8 sequence, or -1.
func invalidUTF8At(b []byte) int {
	for i := 0; i < len(b); {
		if b[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return -1
}

// cleanText applies the text rules of the package comment: NFC, LF line
// ends, one space for each run of horizontal white space, trimmed lines, no
// control characters, at most one blank line in a row, no blank lines at
// either end.
func cleanText(s string) string {
	s = norm.NFC.String(s)
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")

	var b strings.Builder
	b.Grow(len(s))
	blank := 0 // blank lines seen since the last text line
	wrote := false
	for line := range strings.SplitSeq(s, "\n") {
		line = cleanLine(line)
		if line == "" {
			blank++
			continue
		}
		if wrote {
			if blank > 0 {
				b.WriteString("\n\n")
			} else {
				b.WriteByte('\n')
			}
		}
		b.WriteString(line)
		wrote = true
		blank = 0
	}
	return b.String()
}

// cleanLine puts one line (or a single-line field such as a headline) in
// shape: NFC, every run of white space (line breaks included) becomes one
// space, control and invisible characters are dropped, ends are trimmed.
func cleanLine(s string) string {
	if !norm.NFC.IsNormalString(s) {
		s = norm.NFC.String(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
			space = true
			continue
		case unicode.IsControl(r), invisible(r):
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

// invisible reports characters that carry nothing for a news text but break
// word matching: zero-width space, word joiner and stray byte-order marks.
// Joiners that scripts and emoji need (ZWJ, ZWNJ) are kept.
func invisible(r rune) bool {
	return r == '\u200B' || r == '\u2060' || r == '\uFEFF'
}

// controlShare is the fraction of the runes of s that are control characters
// other than tab, line feed, carriage return and form feed.
func controlShare(s string) float64 {
	n, ctrl := 0, 0
	for _, r := range s {
		n++
		if unicode.IsControl(r) && r != '\t' && r != '\n' && r != '\r' && r != '\f' {
			ctrl++
		}
	}
	if n == 0 {
		return 0
	}
	return float64(ctrl) / float64(n)
}

// letterShare is the fraction of the non-space runes of s that are letters
// (or combining marks, which belong to letters).
func letterShare(s string) float64 {
	n, letters := 0, 0
	for _, r := range s {
		if unicode.IsSpace(r) {
			continue
		}
		n++
		if unicode.IsLetter(r) || unicode.IsMark(r) {
			letters++
		}
	}
	if n == 0 {
		return 0
	}
	return float64(letters) / float64(n)
}
