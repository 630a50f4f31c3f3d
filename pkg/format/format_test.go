package format

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newsroom-pipeline/newsroom/pkg/sharedtest"
)

func TestDetect(t *testing.T) {
	tests := []struct {
		name, contentType, data, want string
	}{
		{"plain text", "", "Moskow (ANTARA News) - Perundingan.\n\nEditor: X", Text},
		{"text content type wins", "text/plain; charset=iso-8859-1", "Caf\xe9", Text},
		{"ninjs content type", "application/ninjs+json", `{"x":1}`, NINJS},
		{"ninjs sniffed", "application/json", ` {"uri":"a","headlines":[]}`, NINJS},
		{"ninjs with BOM", "", "\xef\xbb\xbf{\"headline\":\"h\"}", NINJS},
		{"other JSON", "", `{"a":1}`, JSON},
		{"newsml-g2 item", "", `<?xml version="1.0"?><newsItem/>`, NewsMLG2},
		{"newsml-g2 message", "", `<?xml version="1.0"?><!-- x --><newsMessage xmlns="http://iptc.org/std/nar/2006-10-01/"/>`, NewsMLG2},
		{"nitf with doctype", "", `<?xml version="1.0"?><!DOCTYPE nitf SYSTEM "nitf.dtd"><nitf/>`, NITF},
		{"newsml 1", "", `<NewsML Version="1.2"/>`, NewsML1},
		{"rss", "", `<rss version="2.0"><channel/></rss>`, RSS},
		{"rdf rss", "", `<rdf:RDF xmlns:rdf="x"/>`, RSS},
		{"atom", "", `<feed xmlns="http://www.w3.org/2005/Atom"/>`, Atom},
		{"html doctype", "", "<!DOCTYPE html>\n<html><head>", HTML},
		{"html no doctype", "", `<html lang="id"><head>`, HTML},
		{"reuters sgml", "", `<!DOCTYPE lewis SYSTEM "lewis.dtd"><REUTERS TOPICS="YES">`, ReutersSGML},
		{"ritzau", "", `<RBNews><Id>1</Id></RBNews>`, Ritzau},
		{"other xml", "", `<results><result/></results>`, XML},
		{"nitf content type", "application/nitf+xml", `<x/>`, NITF},
		{"iptc 7901 sent as text/plain", "text/plain; charset=iso-8859-1", "\x01eca062 4 i 211 ccccb dpa 061\r\n\r\nGermany\r\n\x02Body =", IPTC7901},
		{"anpa sent as text/plain", "text/plain", "\x16\x16\x01W2870\x1fasian\nf l\x13\x11 BC-LT\n\x02\x02body", ANPA},
		{"anpa", "", "\x16\x16\x01W2870\x1fasian\nf l\x13\x11 BC-LT\n\x02\x02body", ANPA},
		{"iptc 7901", "", "\x01eca062 4 i 211 ccccb dpa 061\r\n\r\nGermany\r\n\x02Body =", IPTC7901},
		{"email", "", "Delivered-To: a@b.c\r\nReceived: by x\r\nFrom: x@y\r\nSubject: s\r\n\r\nbody", Email},
		{"story beginning From:", "", "From: our correspondent\n\nJAKARTA - Text.", Text},
		{"invalid utf-8", "", "abc\xff", Unknown},
		{"control bytes", "", "\x01\x02\x03abc", Unknown},
		{"empty", "", "  \n", Unknown},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Detect(tt.contentType, []byte(tt.data)); got != tt.want {
				t.Errorf("Detect = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestSniffSuperdeskFixtures sniffs every file of the fixture corpus and
// compares with the format FORMATS.tsv gives for it.
func TestSniffSuperdeskFixtures(t *testing.T) {
	dir := sharedtest.Path(t, "wire/superdesk-fixtures")
	rows, err := os.ReadFile(filepath.Join(dir, "FORMATS.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	// want maps a phrase of FORMATS.tsv's format column to our name.
	want := []struct{ phrase, format string }{
		{"ANPA-1312", ANPA}, {"IPTC 7901", IPTC7901}, {"NewsML-G2", NewsMLG2}, {"NewsML 1.2", NewsML1},
		{"NITF", NITF}, {"Ritzau", Ritzau}, {"Atom", Atom}, {"WXR", RSS}, {"e-mail", Email},
		{"ninjs", NINJS}, {"AP Media API JSON", NINJS}, {"channel/items", XML}, {"test mocks", ""},
	}
	n := 0
	for _, line := range strings.Split(strings.TrimSpace(string(rows)), "\n")[1:] {
		cols := strings.Split(line, "\t")
		file, desc := cols[0], cols[2]
		expect := "?"
		for _, w := range want {
			if strings.Contains(desc, w.phrase) {
				expect = w.format
				break
			}
		}
		if expect == "" {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, file))
		if err != nil {
			t.Fatal(err)
		}
		n++
		if got := Sniff(data); got != expect {
			t.Errorf("%s (%s): Sniff = %q, want %q", file, desc, got, expect)
		}
	}
	if n < 80 {
		t.Errorf("only %d fixtures checked", n)
	}
}
