package wire

import (
	"strconv"
	"strings"
	"testing"

	"github.com/newsroom-pipeline/newsroom/pkg/article"
	"github.com/newsroom-pipeline/newsroom/pkg/format"
)

func TestEmailFixtures(t *testing.T) {
	runFixtureCases(t, format.Email, []fixtureCase{
		{file: "simple_email.txt", checks: []check{
			field("headline", headlineField, "Test message 1234"),
			field("text/plain preferred, signature removed", bodyField, "body text"),
			field("byline: display name", bylineOf, "a sender"),
			field("uri", uriOf, "mid:CAHU3GgVHd6C_RSMQXvOhr6V-Ya0LwdBkqpbZ_qUwGF8JvhrQVg@mail.gmail.com"),
			field("versioncreated in UTC", createdOf, "2015-02-19T06:18:40Z"),
			field("version", versionOf, ""),
			field("pubstatus", statusOf, article.PubStatusUsable),
		}},
		{file: "composite_email.txt", checks: []check{
			field("headline", headlineField, "single image test"),
			field("body: the text part, the image ignored", bodyField, "this is a test of a single image"),
			field("byline", bylineOf, "someone"),
			field("uri", uriOf, "mid:CAHU3GgXVH0V6YjX=9KX0=_tjWw6=UReXia5cxNq1BVpo1wqCjQ@mail.gmail.com"),
			field("versioncreated", createdOf, "2015-03-03T00:27:36Z"),
		}},
		{file: "odd_charset_email.txt", checks: []check{
			field("raw UTF-8 inside a windows-1252 encoded word", headlineField, "TravTalk’s Special for TAAI convention"),
			prefix("body", bodyOf, "SDA\n\nHeadline: Senden defends but Scott favourite\n\n"),
			contains("quoted-printable windows-1252 decoded", bodyOf, "LOS ANGELES, March 10 AAP – Adam Scott is hoping to live up to his favourite tag", true),
			contains("curly quotes decoded", bodyOf, "“I think it's a good little stretch", true),
			field("byline", bylineOf, "Ben"),
			field("language", languageOf, "en"),
			field("versioncreated", createdOf, "2015-03-10T21:17:01Z"),
			field("uri", uriOf, "mid:7173E056-46C9-4D5A-A851-9FC2C587C691@gmail.com"),
		}},
		{file: "charset_in_subject_email.txt", checks: []check{
			field("encoded-word subject", headlineField, "Google Apps News March 2015"),
			field("body", bodyField, "body text"),
		}},
		{file: "googleform.txt", checks: []check{
			field("headline", headlineField, "Formatted Editorial Story"),
			prefix("the JSON is the text", bodyOf, `{"Dateline":["AUCKLAND"],"Category":["INTERNATIONAL NEWS"]`),
			field("no display name, no byline", bylineOf, ""),
			field("uri", uriOf, "mid:f46d043c08f45e6e8f0532108aa9@google.com"),
			field("versioncreated", createdOf, "2016-05-05T04:11:45Z"),
		}},
		{file: "googleform1.txt", checks: []check{
			field("headline", headlineField, "Formatted Editorial Story"),
			contains("flowed UTF-8 JSON", bodyOf, `"Headline":["Arnold 'worried' about maroon-clad Roar"]`, true),
			field("versioncreated", createdOf, "2016-11-17T23:35:10Z"),
		}},
		{file: "json-email.txt", checks: []check{
			field("headline", headlineField, "Formatted Editorial Story"),
			contains("body", bodyOf, `"Body":["Lorem ipsum"]`, true),
			field("uri", uriOf, "mid:001a1140cd6ecd9de8051fab814d@google.com"),
		}},
		{file: "json-email-bad-user.txt", checks: []check{
			field("headline", headlineField, "Formatted Editorial Story"),
			contains("body", bodyOf, `"Username":["wrong@mail.com.au"]`, true),
		}},
	})
}

// buildMail builds a message from header lines and a body, CRLF-terminated.
func buildMail(body string, header ...string) []byte {
	return []byte(strings.Join(header, "\r\n") + "\r\n\r\n" + strings.ReplaceAll(body, "\n", "\r\n"))
}

func TestEmailVariants(t *testing.T) {
	tests := []struct {
		name   string
		raw    []byte
		reject string
		checks []check
	}{
		{name: "quoted-printable latin-1, encoded subject and sender",
			raw: buildMail("Caf=E9 owners in Lyon said on Monday that prices would rise.\n\nA second para=\ngraph.\n-- \nJean, desk",
				"From: =?utf-8?B?SsOpcsO0bWU=?= <j@example.org>", "Subject: Re: Fwd: =?iso-8859-2?Q?Ceny_ro=B6n=B1?=",
				"Message-ID: <abc@example.org>", "Date: Mon, 1 Jun 2020 10:00:00 +0200",
				"Content-Type: text/plain; charset=iso-8859-1", "Content-Transfer-Encoding: quoted-printable"),
			checks: []check{
				field("headline: ISO-8859-2 word, reply prefixes removed", headlineField, "Ceny rośną"),
				field("byline", bylineOf, "Jérôme"),
				field("body", bodyField, "Café owners in Lyon said on Monday that prices would rise.\n\nA second paragraph."),
				field("uri", uriOf, "mid:abc@example.org"),
				field("versioncreated", createdOf, "2020-06-01T08:00:00Z"),
			}},
		{name: "html only, base64",
			raw: buildMail("PGgxPkhlbGxvPC9oMT48cD5GaXJzdCAmYW1wOyBsYXN0LjwvcD48c2NyaXB0PngoKTwvc2NyaXB0Pg==",
				"Subject: Html", "Content-Type: text/html; charset=utf-8", "Content-Transfer-Encoding: base64"),
			checks: []check{field("body", bodyField, "Hello\n\nFirst & last.")}},
		{name: "format=flowed with delsp",
			raw: buildMail("A line that was soft- \nbroken and another  \nthat was not.\nNext line.", "Subject: Flowed",
				`Content-Type: text/plain; charset="utf-8"; format=flowed; delsp=yes`),
			checks: []check{field("body", bodyField, "A line that was soft-broken and another that was not.\n\nNext line.")}},
		{name: "multipart: attachment skipped, plain text inside nested parts",
			raw: buildMail("--a\nContent-Type: application/pdf\nContent-Disposition: attachment; filename=x.pdf\n\nJVBERi0=\n--a\nContent-Type: multipart/alternative; boundary=b\n\n--b\nContent-Type: text/html\n\n<p>html</p>\n--b\nContent-Type: text/plain\n\nplain wins\n--b--\n--a--\n",
				"Subject: Nested", "MIME-Version: 1.0", "Content-Type: multipart/mixed; boundary=a"),
			checks: []check{field("body", bodyField, "plain wins")}},
		{name: "leading blank line and mbox From line",
			raw:    append([]byte("   \r\nFrom someone@example.org Mon Jun  1 10:00:00 2020\r\n"), buildMail("Text here.", "Subject: Mbox")...),
			checks: []check{field("headline", headlineField, "Mbox"), field("body", bodyField, "Text here.")}},
		{name: "text without subject: headline derived",
			raw:    buildMail("The council approved the budget on Tuesday. It takes effect in May.", "From: desk@example.org"),
			checks: []check{field("headline", headlineField, "The council approved the budget on Tuesday")}},
		{name: "attachments only", raw: buildMail("--a\nContent-Type: image/jpeg\nContent-Disposition: attachment\n\n/9j/\n--a--\n",
			"Subject: Photo", "Content-Type: multipart/mixed; boundary=a"), reject: `e-mail "Photo" has no text body (1 attachments ignored)`},
		{name: "neither subject nor text", raw: buildMail("", "From: x@example.org"), reject: "e-mail has neither a subject nor a text body"},
		{name: "malformed header", raw: []byte("Subject no colon here\r\n\r\nbody"), reject: "malformed e-mail header"},
		{name: "multipart without boundary", raw: buildMail("text", "Subject: S", "Content-Type: multipart/mixed"), reject: "multipart/mixed entity without a boundary parameter"},
		{name: "unsupported charset with 8-bit bytes", raw: buildMail("caf\xe9", "Subject: S", "Content-Type: text/plain; charset=x-klingon"), reject: `unsupported charset "x-klingon"`},
		{name: "nesting limit", raw: nestedMail(20), reject: "MIME parts nested more than 16 deep"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if a := parseOrRefuse(t, format.Email, "message/rfc822", tt.raw, tt.reject, strings.Contains, tt.checks); a != nil {
				if msg := wellFormed(a, format.Email); msg != "" {
					t.Error(msg)
				}
			}
		})
	}
}

// nestedMail builds a message whose text sits depth multiparts deep.
func nestedMail(depth int) []byte {
	var b strings.Builder
	b.WriteString("Subject: Deep\r\nContent-Type: multipart/mixed; boundary=b0\r\n\r\n")
	for i := 0; i < depth; i++ {
		b.WriteString("--b" + strconv.Itoa(i) + "\r\nContent-Type: multipart/mixed; boundary=b" + strconv.Itoa(i+1) + "\r\n\r\n")
	}
	b.WriteString("--b" + strconv.Itoa(depth) + "\r\nContent-Type: text/plain\r\n\r\ndeep text\r\n")
	for i := depth; i >= 0; i-- {
		b.WriteString("--b" + strconv.Itoa(i) + "--\r\n")
	}
	return []byte(b.String())
}

func TestLenientQP(t *testing.T) {
	tests := []struct{ in, want string }{
		{"caf=E9", "caf\xe9"},
		{"soft=\r\nbreak", "softbreak"},
		{"soft= \nbreak", "softbreak"},
		{"a =ZZ b", "a =ZZ b"},
		{"ends with =", "ends with "},
		{"=3D=3d", "=="},
	}
	for _, tt := range tests {
		if got := string(lenientQP([]byte(tt.in))); got != tt.want {
			t.Errorf("lenientQP(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestDecodeMailHeader(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", "plain"},
		{"=?utf-8?Q?caf=C3=A9?=", "café"},
		{"=?UTF-8?B?w6lsw6h2ZQ==?= =?UTF-8?B?cw==?=", "élèves"},
		{"=?windows-1252?Q?It=92s?=", "It’s"},
		{"=?windows-1252?Q?TravTalk’s_Special?=", "TravTalk’s Special"},
		{"=?x-unknown?Q?abc?=", "abc"},                       // unknown charset, ASCII text
		{"=?x-unknown?Q?caf=E9?=", "=?x-unknown?Q?caf=E9?="}, // unknown charset, 8-bit: left as written
		{"Caf\xe9", "Café"},                                  // raw latin-1 header bytes
	}
	for _, tt := range tests {
		if got := decodeMailHeader(tt.in); got != tt.want {
			t.Errorf("decodeMailHeader(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// FuzzEmail: Parse must not panic on any bytes, and what it accepts must be
// well formed with a headline or body.
func FuzzEmail(f *testing.F) {
	seedFixtures(f, "simple_email.txt", "composite_email.txt", "odd_charset_email.txt", "charset_in_subject_email.txt",
		"googleform.txt", "googleform1.txt", "json-email.txt", "json-email-bad-user.txt")
	f.Add("", buildMail("Caf=E9 =\nsoft.\n-- \nsig", "Subject: =?iso-8859-2?Q?Ceny_ro=B6n=B1?=", "From: =?utf-8?B?SsOpcsO0bWU=?= <j@x.org>",
		"Content-Type: text/plain; charset=iso-8859-1; format=flowed", "Content-Transfer-Encoding: quoted-printable"))
	f.Add("", buildMail("--a\nContent-Type: text/html\nContent-Transfer-Encoding: base64\n\nPHA+aGk8L3A+\n--a--\n", "Subject: S", "Content-Type: multipart/alternative; boundary=a"))
	f.Add("", nestedMail(3))
	f.Add("", []byte("Subject: =?windows-1252?Q?a’b?=\r\n\r\n"))
	f.Fuzz(func(t *testing.T, contentType string, raw []byte) {
		fuzzParse(t, format.Email, contentType, raw)
	})
}
