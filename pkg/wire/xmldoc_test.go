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
	// A billion-laughs document and an external entity are refused before
	// anything could be expanded or read (encoding/xml would expand or
	// read nothing anyway: see the package's XML safety note).
	bomb := `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">` +
		`<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><lolz>&lol3;</lolz>`
	xxe := `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>`
	var doc struct {
		Text string `xml:",chardata"`
	}
	for name, raw := range map[string]string{"billion laughs": bomb, "external entity": xxe} {
		if err := decodeXML("test", []byte(raw), &doc); !errors.Is(err, ErrXMLEntities) {
			t.Errorf("%s: err = %v, want ErrXMLEntities", name, err)
		}
		if _, err := elementRanges([]byte(raw), "item"); !errors.Is(err, ErrXMLEntities) {
			t.Errorf("%s split: err = %v, want ErrXMLEntities", name, err)
		}
		if strings.Contains(doc.Text, "root:") || len(doc.Text) > 16 {
			t.Errorf("%s: entity expanded or read: %q", name, doc.Text)
		}
	}
	// A DOCTYPE naming an external DTD, without declarations, is ordinary NITF.
	plain := `<?xml version="1.0"?><!DOCTYPE nitf SYSTEM "nitf-3-4.dtd"><r>text</r>`
	if err := decodeXML("test", []byte(plain), &doc); err != nil || doc.Text != "text" {
		t.Errorf("DOCTYPE without entities: %v, %q", err, doc.Text)
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
