package wire

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/mail"
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/htmlindex"

	"github.com/newsroom-pipeline/newsroom/pkg/article"
	"github.com/newsroom-pipeline/newsroom/pkg/format"
)

// RFC 822 / MIME e-mail (format.Email): a story mailed to the newsroom.
//
//	Subject        -> Headline; RFC 2047 encoded words in any WHATWG charset
//	               are decoded (leniently: an encoded word holding raw UTF-8,
//	               as some mailers write, keeps that text); a leading "Re:",
//	               "Fwd:", "Fw:", "AW:", "WG:" (repeated) is removed. Raw
//	               8-bit header bytes that are not UTF-8 are read as
//	               windows-1252.
//	Message-ID     -> URI "mid:<id>" (RFC 2392, angle brackets removed)
//	Date           -> VersionCreated (UTC); an unparseable date is dropped
//	From           -> Byline: the display name only (an address alone gives
//	               none)
//	body           the first text/plain part that is not an attachment,
//	               else the first text/html part converted to text
//	               (htmlToText); parts of multipart/* are searched in order,
//	               nested up to 16 deep. Each part's charset parameter is
//	               honoured (WHATWG labels; none, us-ascii or utf-8 with
//	               non-UTF-8 bytes is read as windows-1252);
//	               quoted-printable and base64 are decoded leniently (a
//	               malformed escape is kept as written, stray characters in
//	               base64 are skipped); format=flowed (RFC 3676, with delsp)
//	               is unwrapped. In plain text the signature, from a "-- "
//	               (or "--") line on, is removed, and blank lines separate
//	               paragraphs (a text without blank lines has one paragraph
//	               per line). Attachments, message/rfc822 parts and other
//	               media are ignored.
//
// Mail that wraps structured data (Google Forms, JSON) is read as ordinary
// mail: the JSON is the body text. A leading line of white space or an mbox
// "From " line before the header is skipped.
//
// Rejected: a header that does not parse, and mail without a text body
// (only attachments, or empty), whether or not it has a subject: a story
// needs text.
func parseEmail(_ string, raw []byte) (*article.Article, error) {
	msg, err := mail.ReadMessage(bytes.NewReader(skipMailPreamble(raw)))
	if err != nil {
		return nil, fmt.Errorf("malformed e-mail header: %w", err)
	}
	a := &article.Article{
		Headline: stripReplyPrefix(cleanLine(decodeMailHeader(msg.Header.Get("Subject")))),
		Byline:   senderName(msg.Header.Get("From")),
	}
	if id := cleanLine(strings.Trim(strings.TrimSpace(msg.Header.Get("Message-Id")), "<>")); id != "" && !strings.ContainsAny(id, " <>") {
		a.URI = "mid:" + id
	}
	if t, err := msg.Header.Date(); err == nil {
		t = t.UTC()
		a.VersionCreated = &t
	}

	var mb mailBody
	walkErr := mb.walk(msg.Header.Get("Content-Type"), msg.Header.Get("Content-Transfer-Encoding"),
		msg.Header.Get("Content-Disposition"), msg.Body, 0)
	switch {
	case mb.plain != "":
		a.BodyText = mb.plain
	case mb.html != "":
		a.BodyText = htmlToText(mb.html)
	}
	if a.BodyText == "" {
		switch {
		case walkErr != nil:
			return nil, fmt.Errorf("e-mail body: %w", walkErr)
		case a.Headline == "":
			return nil, fmt.Errorf("e-mail has neither a subject nor a text body (%d attachments ignored)", mb.attachments)
		}
		return nil, fmt.Errorf("e-mail %q has no text body (%d attachments ignored)", a.Headline, mb.attachments)
	}
	return a, nil
}

func init() { register(format.Email, parseEmail, nil) }

// skipMailPreamble drops blank lines and an mbox "From " envelope line
// before the header.
func skipMailPreamble(raw []byte) []byte {
	for {
		line, rest, found := bytes.Cut(raw, []byte("\n"))
		if !found {
			return raw
		}
		if len(bytes.TrimSpace(line)) > 0 && !bytes.HasPrefix(line, []byte("From ")) {
			return raw
		}
		raw = rest
	}
}

var replyPrefix = regexp.MustCompile(`(?i)^(?:(?:re|fwd?|aw|wg)\s*:\s*)+`)

func stripReplyPrefix(s string) string { return replyPrefix.ReplaceAllString(s, "") }

// senderName returns the display name of a From header, "" when it has
// none.
func senderName(from string) string {
	p := mail.AddressParser{WordDecoder: newWordDecoder()}
	if addr, err := p.Parse(headerText(from)); err == nil {
		return cleanLine(addr.Name)
	}
	// Unparseable: take the text before "<", unless it is an address.
	name, _, _ := strings.Cut(decodeMailHeader(from), "<")
	name = cleanLine(strings.Trim(strings.TrimSpace(name), `"'`))
	if strings.Contains(name, "@") {
		return ""
	}
	return name
}

// headerText returns a raw header value as UTF-8: 8-bit bytes that are not
// UTF-8 are read as windows-1252.
func headerText(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	return windows1252([]byte(s))
}

func newWordDecoder() *mime.WordDecoder {
	return &mime.WordDecoder{CharsetReader: func(charset string, input io.Reader) (io.Reader, error) {
		enc, err := htmlindex.Get(charset)
		if err != nil {
			return nil, fmt.Errorf("unsupported charset %q", charset)
		}
		return enc.NewDecoder().Reader(input), nil
	}}
}

// encodedWord is an RFC 2047 encoded word.
var encodedWord = regexp.MustCompile(`=\?([^?\s]+)\?([QqBb])\?([^?]*)\?=`)

// decodeMailHeader decodes the encoded words of a header value. Words the
// standard decoder refuses (raw 8-bit text inside a Q word, an unknown
// charset) are decoded leniently by lenientWords.
func decodeMailHeader(s string) string {
	s = headerText(s)
	if dec, err := newWordDecoder().DecodeHeader(s); err == nil && !encodedWord.MatchString(dec) {
		return dec
	}
	return lenientWords(s)
}

// adjacentWords is the white space between two encoded words, which RFC
// 2047 says to drop.
var adjacentWords = regexp.MustCompile(`(\?=)\s+(=\?)`)

// lenientWords decodes each encoded word on its own: escaped bytes ("=E2",
// base64) in the word's charset, literal text as it is (it is already
// UTF-8). A word whose charset is unknown is left as written.
func lenientWords(s string) string {
	s = adjacentWords.ReplaceAllString(s, "$1$2")
	return encodedWord.ReplaceAllStringFunc(s, func(word string) string {
		m := encodedWord.FindStringSubmatch(word)
		charset, enc, text := m[1], strings.ToUpper(m[2]), m[3]
		if enc == "B" {
			out, err := decodeCharset(charset, lenientBase64([]byte(text)))
			if err != nil {
				return word
			}
			return out
		}
		var b strings.Builder
		var escaped []byte
		flush := func() bool {
			if len(escaped) == 0 {
				return true
			}
			out, err := decodeCharset(charset, escaped)
			b.WriteString(out)
			escaped = escaped[:0]
			return err == nil
		}
		for i := 0; i < len(text); i++ {
			switch c := text[i]; {
			case c == '=' && i+2 < len(text) && isHex(text[i+1]) && isHex(text[i+2]):
				escaped = append(escaped, unhex(text[i+1])<<4|unhex(text[i+2]))
				i += 2
			case c == '_':
				escaped = append(escaped, ' ')
			case c < utf8.RuneSelf:
				escaped = append(escaped, c)
			default: // raw 8-bit text: a UTF-8 sequence of the header
				if !flush() {
					return word
				}
				b.WriteByte(c)
			}
		}
		if !flush() {
			return word
		}
		return b.String()
	})
}

// Limits of the MIME walk.
const (
	maxMailDepth = 16
	maxMailParts = 1000
)

// mailBody collects the text parts of a message.
type mailBody struct {
	plain, html string
	parts       int
	attachments int
}

// walk visits one MIME entity; see parseEmail for what it keeps. It
// returns the first error that stopped it; what it found before stays.
func (mb *mailBody) walk(contentType, cte, disposition string, r io.Reader, depth int) error {
	if depth > maxMailDepth {
		return fmt.Errorf("MIME parts nested more than %d deep", maxMailDepth)
	}
	if mb.parts++; mb.parts > maxMailParts {
		return fmt.Errorf("more than %d MIME parts", maxMailParts)
	}
	mt, params, err := mime.ParseMediaType(contentType)
	if contentType == "" || (err != nil && mt == "") {
		mt, params = "text/plain", nil // RFC 2045 §5.2: the default, also for a malformed type
	}
	if d, _, _ := mime.ParseMediaType(disposition); d == "attachment" {
		mb.attachments++
		return nil
	}
	switch {
	case strings.HasPrefix(mt, "multipart/"):
		return mb.walkMultipart(mt, params["boundary"], r, depth)
	case mt == "text/plain" && mb.plain == "":
		s, err := readMailText(cte, params["charset"], r)
		if err != nil {
			return fmt.Errorf("text/plain part: %w", err)
		}
		if strings.EqualFold(params["format"], "flowed") {
			s = unflow(s, strings.EqualFold(params["delsp"], "yes"))
		}
		mb.plain = plainBody(cutMailSignature(s))
	case mt == "text/html" && mb.html == "":
		s, err := readMailText(cte, params["charset"], r)
		if err != nil {
			return fmt.Errorf("text/html part: %w", err)
		}
		if strings.TrimSpace(htmlToText(s)) != "" {
			mb.html = s
		}
	case !strings.HasPrefix(mt, "text/"):
		mb.attachments++ // inline media count as attachments
	}
	return nil
}

// walkMultipart visits the parts of a multipart entity in order.
func (mb *mailBody) walkMultipart(mt, boundary string, r io.Reader, depth int) error {
	if boundary == "" {
		return fmt.Errorf("%s entity without a boundary parameter", mt)
	}
	mr := multipart.NewReader(r, boundary)
	for {
		p, err := mr.NextRawPart()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("malformed %s entity: %w", mt, err)
		}
		h := p.Header
		if err := mb.walk(h.Get("Content-Type"), h.Get("Content-Transfer-Encoding"), h.Get("Content-Disposition"), p, depth+1); err != nil {
			return err
		}
	}
}

// readMailText reads a text part: transfer encoding, then charset.
func readMailText(cte, charset string, r io.Reader) (string, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxStoryBytes+1))
	if err != nil {
		return "", fmt.Errorf("read: %w", err)
	}
	switch strings.ToLower(strings.TrimSpace(cte)) {
	case "", "7bit", "8bit", "binary":
	case "quoted-printable":
		data = lenientQP(data)
	case "base64":
		data = lenientBase64(data)
	default:
		return "", fmt.Errorf("unsupported Content-Transfer-Encoding %q", cte)
	}
	if len(data) > MaxFieldBytes {
		return "", fmt.Errorf("text of %d bytes exceeds the %d-byte field limit", len(data), MaxFieldBytes)
	}
	return decodeCharset(charset, data)
}

// decodeCharset decodes b from the named charset (a WHATWG label). No
// charset, us-ascii and utf-8 mean UTF-8, read as windows-1252 when the
// bytes are not UTF-8. An unknown label is tolerated when the bytes are
// UTF-8 anyway.
func decodeCharset(charset string, b []byte) (string, error) {
	cs := strings.ToLower(strings.Trim(strings.TrimSpace(charset), `"'`))
	switch cs {
	case "", "us-ascii", "ascii", "utf-8", "utf8":
		if utf8.Valid(b) {
			return string(b), nil
		}
		return windows1252(b), nil
	}
	enc, err := htmlindex.Get(cs)
	if err != nil {
		if utf8.Valid(b) {
			return string(b), nil
		}
		return "", fmt.Errorf("unsupported charset %q", charset)
	}
	if name, _ := htmlindex.Name(enc); name == "utf-8" {
		return decodeCharset("", b)
	}
	out, err := enc.NewDecoder().Bytes(b)
	if err != nil {
		return "", fmt.Errorf("decode charset %s: %w", cs, err)
	}
	return string(out), nil
}

// lenientQP decodes quoted-printable. "=" with two hex digits is a byte, "="
// at a line end a soft break; any other "=" is kept as written, so a
// malformed body still yields its text.
func lenientQP(b []byte) []byte {
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); i++ {
		c := b[i]
		if c != '=' {
			out = append(out, c)
			continue
		}
		j := i + 1
		for j < len(b) && (b[j] == ' ' || b[j] == '\t') {
			j++
		}
		switch {
		case j == len(b): // "=" ending the text
			i = j
		case b[j] == '\n':
			i = j
		case b[j] == '\r' && j+1 < len(b) && b[j+1] == '\n':
			i = j + 1
		case i+2 < len(b) && isHex(b[i+1]) && isHex(b[i+2]):
			out = append(out, unhex(b[i+1])<<4|unhex(b[i+2]))
			i += 2
		default:
			out = append(out, '=')
		}
	}
	return out
}

// lenientBase64 decodes base64, skipping characters outside the alphabet
// (line breaks, stray spaces) and a dangling last character.
func lenientBase64(b []byte) []byte {
	clean := make([]byte, 0, len(b))
	for _, c := range b {
		if 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '+' || c == '/' {
			clean = append(clean, c)
		}
	}
	if len(clean)%4 == 1 {
		clean = clean[:len(clean)-1]
	}
	out := make([]byte, base64.RawStdEncoding.DecodedLen(len(clean)))
	n, _ := base64.RawStdEncoding.Decode(out, clean) // cannot fail on this input
	return out[:n]
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c >= 'a':
		return c - 'a' + 10
	case c >= 'A':
		return c - 'A' + 10
	}
	return c - '0'
}

// unflow joins the soft-broken lines of format=flowed text (RFC 3676): a
// line ending in a space continues on the next; with delsp=yes that space is
// removed. The leading space of space-stuffed lines is removed. The
// signature separator "-- " is never soft.
func unflow(s string, delsp bool) string {
	lines := strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	var b strings.Builder
	for i, line := range lines {
		if line != "-- " {
			line = strings.TrimPrefix(line, " ")
		}
		soft := line != "-- " && strings.HasSuffix(line, " ")
		if soft && delsp {
			line = line[:len(line)-1]
		}
		b.WriteString(line)
		if !soft && i < len(lines)-1 {
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// cutMailSignature removes the signature: everything from the first "-- "
// line (or "--", as some mailers trim it) that follows some text.
func cutMailSignature(s string) string {
	lines := strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	for i, line := range lines {
		if (line == "-- " || line == "--") && strings.TrimSpace(strings.Join(lines[:i], "")) != "" {
			return strings.Join(lines[:i], "\n")
		}
	}
	return s
}
