package wire

import (
	"bytes"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// Helpers shared by the raw wire formats (IPTC 7901, ANPA-1312): control
// characters, legacy charsets, message boundaries, teleprinter dates.

// Transmission control characters of the raw wire formats.
const (
	syn = '\x16' // synchronous idle, before an ANPA message
	soh = '\x01' // start of header
	stx = '\x02' // start of text
	etx = '\x03' // end of text
	eot = '\x04' // end of transmission
)

// decodeLegacy returns raw as UTF-8 text for formats that predate UTF-8 and
// are still sent in 8-bit charsets. A charset named by the content type is
// honoured (see decode). Without one, valid UTF-8 is read as UTF-8 and
// anything else as windows-1252, the superset of ISO-8859-1 that such feeds
// use in practice (as browsers do for "iso-8859-1"). Control characters pass
// through unchanged, so the format's framing survives decoding.
func decodeLegacy(contentType string, raw []byte) (string, error) {
	if declaredCharset(contentType) != "" {
		return decode(contentType, raw)
	}
	if utf8.Valid(raw) {
		return strings.TrimPrefix(string(raw), "\uFEFF"), nil
	}
	return windows1252(raw), nil
}

// windows1252 decodes b as windows-1252. Every byte has a mapping (the five
// unassigned ones become C1 controls, which cleaning drops), so it cannot
// fail.
func windows1252(b []byte) string {
	out, err := charmap.Windows1252.NewDecoder().Bytes(b)
	if err != nil { // not reachable: the decoder maps every byte
		return string(bytes.ToValidUTF8(b, []byte("\uFFFD")))
	}
	return string(out)
}

// splitRawWire cuts a capture of a raw wire line into its messages. Every
// SOH starts a message, together with the SYN characters right before it
// (ANPA); a message runs to the next one, so what follows its ETX (the
// trailer line, EOT, fill characters) stays with it. Bytes before the first
// SOH are line noise and dropped. A capture that holds one message comes
// back as itself.
func splitRawWire(raw []byte) [][]byte {
	var starts []int
	for i := 0; i < len(raw); i++ {
		if raw[i] != soh {
			continue
		}
		s := i
		for s > 0 && raw[s-1] == syn { // cannot pass the previous SOH
			s--
		}
		starts = append(starts, s)
	}
	if len(starts) <= 1 {
		return [][]byte{raw}
	}
	docs := make([][]byte, 0, len(starts))
	for k, s := range starts {
		end := len(raw)
		if k+1 < len(starts) {
			end = starts[k+1]
		}
		docs = append(docs, raw[s:end])
	}
	return docs
}

// wireMessage is one raw wire message cut at its control characters. Line
// ends are LF.
type wireMessage struct {
	header  string // from SOH to STX (header line and keyword lines)
	text    string // from STX to ETX (or to EOT, or the end, when ETX is missing)
	trailer string // after ETX, up to EOT
}

// cutWireMessage finds the first message in text, after turning CRLF and CR
// into LF. hasSOH and hasSTX report whether the framing was found; the
// message is only filled when both are.
func cutWireMessage(text string) (m wireMessage, hasSOH, hasSTX bool) {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	i := strings.IndexByte(text, soh)
	if i < 0 {
		return m, false, false
	}
	rest := text[i+1:]
	j := strings.IndexByte(rest, stx)
	if j < 0 {
		return m, true, false
	}
	m.header, rest = rest[:j], rest[j+1:]
	if k := strings.IndexByte(rest, soh); k >= 0 { // a second message: not ours
		rest = rest[:k]
	}
	if k := strings.IndexByte(rest, etx); k >= 0 {
		m.text, m.trailer = rest[:k], rest[k+1:]
		if e := strings.IndexByte(m.trailer, eot); e >= 0 {
			m.trailer = m.trailer[:e]
		}
	} else if k := strings.IndexByte(rest, eot); k >= 0 {
		m.text = rest[:k]
	} else {
		m.text = rest
	}
	return m, true, true
}

// monthNumber reads an English or German month abbreviation or name
// ("Nov", "Okt", "Mär", "März", "Mrz", "Dez"); 0 when it is none.
func monthNumber(s string) time.Month {
	s = strings.ToLower(strings.TrimSuffix(strings.TrimSpace(s), "."))
	if len(s) < 3 {
		return 0
	}
	switch s {
	case "mrz", "mär", "märz", "maer", "maerz":
		return time.March
	case "okt", "oktober":
		return time.October
	case "dez", "dezember":
		return time.December
	case "mai":
		return time.May
	case "juni":
		return time.June
	case "juli":
		return time.July
	case "januar", "jänner", "jän":
		return time.January
	case "februar":
		return time.February
	}
	for m := time.January; m <= time.December; m++ {
		name := strings.ToLower(m.String())
		if strings.HasPrefix(name, s) && (len(s) == 3 || s == name || s == "sept") {
			return m
		}
	}
	return 0
}

// twoDigitYear expands a two-digit year: 70-99 are 19xx, 00-69 are 20xx.
func twoDigitYear(yy int) int {
	if yy >= 70 {
		return 1900 + yy
	}
	return 2000 + yy
}

// validDate builds a UTC time and reports false when the fields do not name
// a real date and time (time.Date would silently normalise "Feb 31").
func validDate(year int, month time.Month, day, hour, minute int) (time.Time, bool) {
	if month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || hour < 0 || minute < 0 {
		return time.Time{}, false
	}
	t := time.Date(year, month, day, hour, minute, 0, 0, time.UTC)
	if t.Day() != day || t.Month() != month {
		return time.Time{}, false
	}
	return t, true
}

// identityToken reduces a keyword or slug to a lower-case token for a URI:
// runs of white space become "-", characters other than letters, digits and
// "-./_" are dropped.
func identityToken(s string) string {
	s = strings.ToLower(cleanLine(s))
	var b strings.Builder
	dash := false
	for _, r := range s {
		switch {
		case r == ' ':
			dash = b.Len() > 0
		case r == '-' || r == '.' || r == '/' || r == '_' || isLetterOrDigit(r):
			if dash {
				b.WriteByte('-')
				dash = false
			}
			b.WriteRune(r)
		}
	}
	return b.String()
}

func isLetterOrDigit(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// unwrapLine joins a hard-wrapped line to the paragraph text before it. A
// line that ended in a hyphen after a letter was wrapped inside a
// hyphenated word ("Bavaria-" + "based"), so no space is put in.
func unwrapLine(para, line string) string {
	if para == "" {
		return line
	}
	if before, ok := strings.CutSuffix(para, "-"); ok {
		if r, _ := utf8.DecodeLastRuneInString(before); isLetterOrDigit(r) {
			return para + line
		}
	}
	return para + " " + line
}
