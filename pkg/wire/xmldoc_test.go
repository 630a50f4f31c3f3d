package wire

import (
	"encoding/xml"
	"errors"
	"strings"
	"testing"
)

func TestMarkedText(t *testing.T) {
	src := `<?xml version="1.0" encoding="ISO-8859-1"?>` +
		`<body.content><hl2>Sub head</hl2><p>First <em>para</em>graph &amp; more.</p>` +
		`<media><media-reference source="x.jpg"/><media-caption>A caption.</media-caption></media>` +
		`<block><p>Caf` + "\xe9" + ` in a block.</p></block><table><tr><td>a</td><td>b</td></tr></table>` +
		`<script>var x;</script>Tail&nbsp;text</body.content>`
	d := newXMLDecoder([]byte(src))
	for {
		tok, err := d.Token()
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := tok.(xml.StartElement); ok {
			break
		}
	}
	got, err := markedText(d)
	if err != nil {
		t.Fatal(err)
	}
	want := "Sub head\n\nFirst paragraph & more.\n\nA caption.\n\nCafé in a block.\n\na b\n\nTail text"
	if got != want {
		t.Errorf("markedText =\n%q\nwant\n%q", got, want)
	}
}

func TestXMLLimits(t *testing.T) {
	deep := strings.Repeat("<a>", MaxXMLDepth+1) + strings.Repeat("</a>", MaxXMLDepth+1)
	var v struct{}
	if err := decodeXML("test", []byte(deep), &v); !errors.Is(err, ErrXMLLimit) {
		t.Errorf("deep nesting: err = %v, want the depth limit", err)
	}
	// A billion-laughs document: encoding/xml ignores the internal subset,
	// so the reference stays unexpanded text and nothing grows.
	bomb := `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">` +
		`<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><lolz>&lol3;</lolz>`
	var doc struct {
		Text string `xml:",chardata"`
	}
	if err := decodeXML("test", []byte(bomb), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Text) > 16 {
		t.Errorf("entity expanded to %d bytes", len(doc.Text))
	}
	// An external entity is never fetched (no network, no file read).
	xxe := `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>`
	if err := decodeXML("test", []byte(xxe), &doc); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(doc.Text, "root:") {
		t.Errorf("external entity was read: %q", doc.Text)
	}
}

func TestSpliceItems(t *testing.T) {
	raw := []byte(`<?xml version="1.0"?><rss xmlns:dc="d"><channel><title>T</title><item><guid>1</guid></item><item><guid>2</guid></item></channel></rss>`)
	ranges, err := elementRanges(raw, "item")
	if err != nil {
		t.Fatal(err)
	}
	docs := spliceItems(raw, ranges)
	if len(docs) != 2 {
		t.Fatalf("%d docs", len(docs))
	}
	want := `<?xml version="1.0"?><rss xmlns:dc="d"><channel><title>T</title><item><guid>2</guid></item></channel></rss>`
	if string(docs[1]) != want {
		t.Errorf("doc 2 = %s", docs[1])
	}
}

func TestXMLDecoderCharsetLabel(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"Latin-1 bytes, Latin-1 label", `<?xml version="1.0" encoding="iso-8859-1"?><p>D` + "\xe9c\xe8" + `s</p>`, "Décès"},
		{"UTF-8 bytes, Latin-1 label (AFP)", `<?xml version="1.0" encoding="iso-8859-1"?><p>Décès</p>`, "Décès"},
		{"windows-1252 bytes", `<?xml version="1.0" encoding="windows-1252"?><p>` + "\x93quoted\x94" + `</p>`, "“quoted”"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := newXMLDecoder([]byte(tt.src))
			if _, err := rootElement(d); err != nil {
				t.Fatal(err)
			}
			got, err := elementText(d)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestSpliceItemsLatin1(t *testing.T) {
	raw := []byte(`<?xml version="1.0" encoding="iso-8859-1"?><NewsML><NewsItem>Caf` + "\xe9" + `</NewsItem><NewsItem>Th` + "\xe9" + `</NewsItem></NewsML>`)
	ranges, err := elementRanges(raw, "NewsItem")
	if err != nil {
		t.Fatal(err)
	}
	docs := spliceItems(raw, ranges)
	want := `<?xml version="1.0" encoding="iso-8859-1"?><NewsML><NewsItem>Th` + "\xe9" + `</NewsItem></NewsML>`
	if len(docs) != 2 || string(docs[1]) != want {
		t.Errorf("docs = %q", docs)
	}
}
