package wire

import (
	"fmt"
	"github.com/newsroom-pipeline/newsroom/pkg/sharedtest"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/newsroom-pipeline/newsroom/pkg/article"
	"github.com/newsroom-pipeline/newsroom/pkg/format"
)

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// check is one assertion on a normalized article; it returns "" when the
// article passes.
type check struct {
	name string
	fn   func(a *article.Article) string
}

func field(name string, got func(a *article.Article) any, want any) check {
	return check{name, func(a *article.Article) string {
		if g := got(a); fmt.Sprint(g) != fmt.Sprint(want) {
			return fmt.Sprintf("got %#v, want %#v", g, want)
		}
		return ""
	}}
}

func prefix(name string, got func(a *article.Article) string, want string) check {
	return check{name, func(a *article.Article) string {
		if g := got(a); !strings.HasPrefix(g, want) {
			return fmt.Sprintf("got %.100q..., want prefix %q", g, want)
		}
		return ""
	}}
}

func contains(name string, got func(a *article.Article) string, want string, yes bool) check {
	return check{name, func(a *article.Article) string {
		if g := got(a); strings.Contains(g, want) != yes {
			return fmt.Sprintf("contains %q = %v, want %v", want, !yes, yes)
		}
		return ""
	}}
}

// parseOrRefuse parses raw as formatName. With refusal set it expects an
// error whose message matches it (match is strings.Contains or
// strings.HasPrefix) and returns nil; otherwise it expects an article, runs
// checks on it and returns it.
func parseOrRefuse(t *testing.T, formatName, contentType string, raw []byte, refusal string, match func(s, sub string) bool, checks []check) *article.Article {
	t.Helper()
	a, err := Parse(formatName, contentType, raw)
	if refusal != "" {
		if err == nil || !match(err.Error(), refusal) {
			t.Fatalf("err = %v, want a refusal matching %q", err, refusal)
		}
		return nil
	}
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	runChecks(t, a, checks)
	return a
}

func runChecks(t *testing.T, a *article.Article, checks []check) {
	t.Helper()
	for _, c := range checks {
		if msg := c.fn(a); msg != "" {
			t.Errorf("%s: %s", c.name, msg)
		}
	}
}

func bodyOf(a *article.Article) string     { return a.BodyText }
func headlineOf(a *article.Article) string { return a.Headline }

func TestNormalizeSeed(t *testing.T) {
	a, err := Parse(format.Text, "text/plain", readFile(t, "testdata/antara-2011-missile-defence-talks.txt"))
	if err != nil {
		t.Fatalf("Normalize: %v", err)
	}
	tests := []check{
		prefix("headline", headlineOf, "Perundingan pertahanan rudal antara Rusia-Amerika Serikat mengalami kebuntuan"),
		{"headline length", func(a *article.Article) string {
			if n := utf8.RuneCountInString(a.Headline); n > maxHeadlineRunes || !strings.HasSuffix(a.Headline, "…") {
				return fmt.Sprintf("%d runes, %q: want a lead cut to <= %d runes ending in …", n, a.Headline, maxHeadlineRunes)
			}
			return ""
		}},
		field("located", func(a *article.Article) any { return a.Located }, "Moskow"),
		field("infosource", func(a *article.Article) any { return a.InfoSource }, "ANTARA News"),
		prefix("body start (dateline removed)", bodyOf, "Perundingan pertahanan rudal antara"),
		contains("body mentions Rogozin", bodyOf, "Rogozin", true),
		contains("body ends with the story", bodyOf, "instalasi pertahanan pimpinan AS tersebut.", true),
		contains("no editor line in body", bodyOf, "Editor:", false),
		contains("no copyright in body", bodyOf, "Copyright", false),
		contains("no desk code in body", bodyOf, "C003", false),
		contains("paragraphs separated by blank lines", bodyOf, "pada Rabu.\n\nRogozin menambahkan", true),
		field("editor", func(a *article.Article) any { return a.Editor }, "Ruslan Burhani"),
		field("desk codes", func(a *article.Article) any { return a.DeskCodes }, []string{"UU.SDP-12/C003"}),
		field("copyright holder", func(a *article.Article) any { return a.CopyrightHolder }, "ANTARA"),
		field("copyright year", func(a *article.Article) any { return a.CopyrightYear }, 2011),
		field("copyright notice", func(a *article.Article) any { return a.CopyrightNotice }, "Copyright © ANTARA 2011"),
		field("language", func(a *article.Article) any { return a.Language }, "id"),
		field("format", func(a *article.Article) any { return a.Format }, format.Text),
		field("pubstatus", func(a *article.Article) any { return a.PubStatus }, article.PubStatusUsable),
		{"word count", func(a *article.Article) string {
			if a.WordCount <= 250 || a.WordCount > 300 {
				return fmt.Sprintf("%d, want 251..300", a.WordCount)
			}
			return ""
		}},
		field("caller's fields left alone", func(a *article.Article) any {
			return []any{a.Source, a.ReceivedAt.IsZero(), a.ContentHash}
		}, []any{"", true, ""}),
	}
	runChecks(t, a, tests)
}

func TestNormalizeBBC(t *testing.T) {
	p := sharedtest.Path(t, "en-news-bbc/bbc/business/001.txt")
	raw := readFile(t, p)
	title, _, _ := strings.Cut(string(raw), "\n")
	a, err := Parse(format.Text, "", raw)
	if err != nil {
		t.Fatalf("Normalize: %v", err)
	}
	runChecks(t, a, []check{
		field("headline is line 1", func(a *article.Article) any { return a.Headline }, strings.TrimSpace(title)),
		contains("title removed from body", bodyOf, strings.TrimSpace(title), false),
		prefix("body starts with the first paragraph", bodyOf, "Quarterly profits at US media giant TimeWarner"),
		field("language", func(a *article.Article) any { return a.Language }, "en"),
		field("no dateline", func(a *article.Article) any { return a.Located + a.InfoSource }, ""),
	})
}

// TestNormalizeCharset: BBC sport/199 holds one Latin-1 byte (£). Without a
// charset it is rejected with the offset; with one it is read.
func TestNormalizeCharset(t *testing.T) {
	raw := readFile(t, sharedtest.Path(t, "en-news-bbc/bbc/sport/199.txt"))
	tests := []struct {
		name        string
		contentType string
		wantErr     string
	}{
		{"no charset", "", "invalid UTF-8 at byte offset 257 and no charset declared"},
		{"declared utf-8", "text/plain; charset=UTF-8", "invalid UTF-8 at byte offset 257 although the content type declares charset utf-8"},
		{"iso-8859-1", "text/plain; charset=ISO-8859-1", ""},
		{"latin1", "text/plain; charset=latin1", ""},
		{"windows-1252", "text/plain; charset=\"windows-1252\"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := parseOrRefuse(t, format.Text, tt.contentType, raw, tt.wantErr, strings.Contains, nil)
			if a == nil {
				return
			}
			if !strings.Contains(a.BodyText, "£") || a.Language != "en" {
				t.Errorf("body has £: %v, language %q; want the pound sign decoded and en", strings.Contains(a.BodyText, "£"), a.Language)
			}
		})
	}
}

func TestNormalizeLatin1Synthetic(t *testing.T) {
	// "Jakarta (ANTARA News) - Harga kopi naik 5% menjadi €3, kata café itu." in windows-1252.
	raw := []byte("Jakarta (ANTARA News) - Harga kopi naik 5% menjadi \x803 per cangkir, kata pemilik caf\xe9 itu di Jakarta pada Senin.")
	a, err := Parse(format.Text, "text/plain; charset=windows-1252", raw)
	if err != nil {
		t.Fatalf("Normalize: %v", err)
	}
	if !strings.Contains(a.BodyText, "€3") || !strings.Contains(a.BodyText, "café") {
		t.Errorf("body %q: want € and é decoded", a.BodyText)
	}
}

func TestNormalizeNINJS(t *testing.T) {
	tests := []struct {
		file   string
		checks []check
	}{
		{"ninjs-1.4-medium-text.json", []check{
			field("headline", func(a *article.Article) any { return a.Headline }, "Captain of wrecked cruise ship on trial in Italy"),
			prefix("body", bodyOf, "GROSSETO, Italy (AP) -- The trial of the captain"),
			field("uri", func(a *article.Article) any { return a.URI }, "http://ninjs.example.com/newsitems/20130709med123"),
			field("language", func(a *article.Article) any { return a.Language }, "en"),
			field("byline", func(a *article.Article) any { return a.Byline }, "Paulo Santalucia and Frances d'Emilio"),
			field("located", func(a *article.Article) any { return a.Located }, "Grossetto, Italy"),
			field("versioncreated", func(a *article.Article) any { return a.VersionCreated.Format("2006-01-02T15:04:05Z07:00") }, "2013-07-09T10:37:00Z"),
			field("people", func(a *article.Article) any { return a.People }, []string{"Francesco Schettino"}),
			field("places", func(a *article.Article) any { return a.Places }, []string{"Grossetto", "Tuscany", "Italy"}),
			field("organisations", func(a *article.Article) any { return a.Organisations }, []string{"Costa Crociere SpA"}),
			field("copyright", func(a *article.Article) any { return []any{a.CopyrightHolder, a.CopyrightYear} }, []any{"The News Agency", 2013}),
			contains("HTML body kept", func(a *article.Article) string { return a.BodyHTML }, "<p>GROSSETO", true),
			field("format", func(a *article.Article) any { return a.Format }, format.NINJS),
		}},
		{"ninjs-2.1-simple-text.json", []check{
			field("headline", func(a *article.Article) any { return a.Headline }, "Captain of wrecked cruise ship on trial in Italy"),
			prefix("body (text/plain preferred)", bodyOf, "GROSSETO, Italy (AP) -- The trial"),
			contains("no markup in body", bodyOf, "<p>", false),
			field("uri", func(a *article.Article) any { return a.URI }, "http://ninjs.example.com/newsitems/20130709simp123"),
			field("language detected", func(a *article.Article) any { return a.Language }, "en"),
			field("byline from by", func(a *article.Article) any { return a.Byline }, "Paulo Santalucia and Frances d'Emilio"),
			field("pubstatus default", func(a *article.Article) any { return a.PubStatus }, article.PubStatusUsable),
			{"word count", func(a *article.Article) string {
				if a.WordCount < 150 {
					return fmt.Sprintf("%d, want >= 150", a.WordCount)
				}
				return ""
			}},
		}},
		{"ninjs-3.1-complex-text.json", []check{
			field("headline", func(a *article.Article) any { return a.Headline }, "Captain of wrecked cruise ship on trial in Italy"),
			prefix("body", bodyOf, "GROSSETO, Italy (AP) -- The trial"),
			field("uri", func(a *article.Article) any { return a.URI }, "http://ninjs.example.com/newsitems/20130709med123"),
			field("language", func(a *article.Article) any { return a.Language }, "en"),
			field("byline", func(a *article.Article) any { return a.Byline }, "Paulo Santalucia and Frances d'Emilio"),
			field("camelCase versionCreated", func(a *article.Article) any { return a.VersionCreated != nil }, true),
			field("camelCase copyrightNotice", func(a *article.Article) any { return a.CopyrightNotice }, "Copyright 2013 The News Agency, www.tna.org - all rights reserved."),
			field("people", func(a *article.Article) any { return a.People }, []string{"Francesco Schettino"}),
			contains("application/xhtml+xml body kept as HTML", func(a *article.Article) string { return a.BodyHTML }, "<p>", true),
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			a, err := Parse(format.NINJS, "application/json", readFile(t, filepath.Join("testdata", tt.file)))
			if err != nil {
				t.Fatalf("Normalize: %v", err)
			}
			runChecks(t, a, tt.checks)
		})
	}
}

// TestNormalizeNINJSInline covers mappings the example files do not: 1.x
// version as a number and infosource, 2.x HTML-only bodies and rightsinfo,
// 3.x embargoedUntil and pubStatus.
func TestNormalizeNINJSInline(t *testing.T) {
	tests := []struct {
		name   string
		json   string
		checks []check
	}{
		{"1.x lenient types", `{"uri":"urn:x:1","version":3,"urgency":"2","headline":"Gempa di Palu","body_text":"Gempa mengguncang Palu pada Jumat.","language":"id-ID","infosource":[{"name":"ANTARA"},{"name":"BMKG"}],"subject":[{"name":"Bencana","code":"16000000"}],"pubstatus":"withheld","versioncreated":"2018-09-28T10:00:00+0700"}`, []check{
			field("version", func(a *article.Article) any { return a.Version }, "3"),
			field("urgency", func(a *article.Article) any { return a.Urgency }, 2),
			field("language", func(a *article.Article) any { return a.Language }, "id"),
			field("infosource", func(a *article.Article) any { return a.InfoSource }, "ANTARA, BMKG"),
			field("subject", func(a *article.Article) any { return a.Subject }, []article.Subject{{Name: "Bencana", Code: "16000000"}}),
			field("pubstatus", func(a *article.Article) any { return a.PubStatus }, article.PubStatusWithheld),
			field("versioncreated in UTC", func(a *article.Article) any { return a.VersionCreated.Format("2006-01-02T15:04:05Z07:00") }, "2018-09-28T03:00:00Z"),
		}},
		{"2.x html body", `{"uri":"urn:x:2","version":"1","headlines":[{"role":"sub","value":"Sub"},{"role":"main","value":"Main  headline"}],"bodies":[{"contenttype":"text/html","value":"<h1>Title</h1><p>First &amp; foremost.</p><script>alert(1)</script><p>Second<br>line</p>"}],"by":"Jane Roe","rightsinfo":{"linkedrights":"https://example.com/rights"},"pubstatus":"cancelled","subjects":[{"name":"Politics","uri":"http://cv.example.com/pol"}]}`, []check{
			field("headline role main", func(a *article.Article) any { return a.Headline }, "Main headline"),
			field("body from HTML", func(a *article.Article) any { return a.BodyText }, "Title\n\nFirst & foremost.\n\nSecond\n\nline"),
			contains("BodyHTML kept", func(a *article.Article) string { return a.BodyHTML }, "<script>", true),
			field("copyright notice from rightsinfo", func(a *article.Article) any { return a.CopyrightNotice }, "https://example.com/rights"),
			field("pubstatus cancelled", func(a *article.Article) any { return a.PubStatus }, article.PubStatusCanceled),
			field("subject", func(a *article.Article) any { return a.Subject }, []article.Subject{{Name: "Politics", URI: "http://cv.example.com/pol"}}),
		}},
		{"3.x camelCase", `{"uri":"urn:x:3","versionCreated":"2023-10-05T14:27:32","embargoedUntil":"2023-10-06T00:00:00Z","pubStatus":"usable","headlines":[{"value":"Only headline"}],"infoSources":[{"name":"NTB"}],"copyrightHolder":"NTB","edNote":"Noe utvidet.","events":[{"name":"Budget"}],"language":"nb-NO"}`, []check{
			field("headline first", func(a *article.Article) any { return a.Headline }, "Only headline"),
			field("no body", func(a *article.Article) any { return a.BodyText }, ""),
			field("zone-less time read as UTC", func(a *article.Article) any { return a.VersionCreated.Format("2006-01-02T15:04:05Z07:00") }, "2023-10-05T14:27:32Z"),
			field("embargoed", func(a *article.Article) any { return a.Embargoed != nil }, true),
			field("infosource", func(a *article.Article) any { return a.InfoSource }, "NTB"),
			field("ednote", func(a *article.Article) any { return a.EdNote }, "Noe utvidet."),
			field("events", func(a *article.Article) any { return a.Events }, []string{"Budget"}),
			field("language", func(a *article.Article) any { return a.Language }, "nb"),
		}},
		{"body only: headline from lead", `{"body_text":"The council approved the plan on Monday. It takes effect next year."}`, []check{
			field("headline", func(a *article.Article) any { return a.Headline }, "The council approved the plan on Monday"),
			field("paragraphs", func(a *article.Article) any { return a.BodyText }, "The council approved the plan on Monday. It takes effect next year."),
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Parse(format.NINJS, "", []byte(tt.json))
			if err != nil {
				t.Fatalf("Normalize: %v", err)
			}
			runChecks(t, a, tt.checks)
		})
	}
}

func TestNormalizeErrors(t *testing.T) {
	binary := make([]byte, 512)
	for i := range binary {
		binary[i] = byte(i * 7 % 32) // control bytes, all valid UTF-8
	}
	tests := []struct {
		name        string
		format      string
		contentType string
		raw         []byte
		want        string // prefix of the error text
	}{
		{"unrecognised XML vocabulary", "xml", "", []byte("<a/>"), "XML with root element <a> is not a news format"},
		{"unknown format name", "klingon", "", []byte("x"), `unsupported format "klingon"`},
		{"invalid UTF-8", format.Text, "", []byte("Jakarta \xff\xfe berita"), "invalid UTF-8 at byte offset 8 and no charset declared in the content type"},
		{"invalid UTF-8 in ninjs", format.NINJS, "", []byte(`{"headline":"caf` + "\xe9" + `"}`), "invalid UTF-8 at byte offset 16"},
		{"unsupported charset", format.Text, "text/plain; charset=x-klingon", []byte("Qapla'"), `unsupported charset "x-klingon" in content type`},
		{"empty", format.Text, "", nil, "empty story"},
		{"white space only", format.Text, "text/plain", []byte(" \t\r\n\u00a0\n  \n"), "empty story"},
		{"trailer only", format.Text, "", []byte("(UU.SDP-12/C003)\n\nEditor: Ruslan Burhani\nCopyright © ANTARA 2011"), "empty story: nothing but trailer lines"},
		{"dateline only", format.Text, "", []byte("Moskow (ANTARA News) -\n\nEditor: Ruslan Burhani"), "empty story: nothing but a dateline"},
		{"binary data", format.Text, "", binary, "binary data, not a text story"},
		{"mostly non-letters", format.Text, "", []byte("#$%^&*()_+ 1234567890 !@#$%^&*() 0987654321 ~~~ ||| <<< >>> a"), "not a text story (binary or garbage?): only 2% of visible characters are letters"},
		{"malformed JSON", format.NINJS, "", []byte(`{"headline": "x",`), "malformed JSON: unexpected end of JSON input"},
		{"malformed JSON syntax", format.NINJS, "", []byte(`{"headline" "x"}`), "malformed JSON: invalid character '\"' after object key (at byte offset 13)"},
		{"JSON array", format.NINJS, "", []byte(`[{"headline":"x"}]`), "ninjs item must be a JSON object, got an array"},
		{"picture only", format.NINJS, "", []byte(`{"uri":"urn:pic:1","type":"picture","renditions":{"original":{"href":"https://example.com/p.jpg"}}}`), `ninjs item "urn:pic:1" is of type picture and has no text`},
		{"event without headline or body", format.NINJS, "", readFile(t, "testdata/ninjs-3.1-event.json"), `ninjs item "urn:nato.int:2023-nato-summit-press-conference" is of type event and has no text`},
		{"empty headline and body", format.NINJS, "", []byte(`{"headline":"  ","bodies":[{"contenttype":"text/plain","value":""}]}`), "ninjs item has neither headline nor body"},
		{"unknown pubstatus", format.NINJS, "", []byte(`{"headline":"x","pubstatus":"deleted"}`), `unknown pubstatus "deleted" (want usable, withheld or canceled)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Parse(tt.format, tt.contentType, tt.raw)
			if err == nil {
				t.Fatalf("no error; article %+v", a)
			}
			if a != nil {
				t.Errorf("article %+v returned with error", a)
			}
			if !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("error %q, want prefix %q", err, tt.want)
			}
		})
	}
}

// TestNormalizeAllNINJSExamples runs every ninjs example and fixture of the
// shared data through Normalize: none may panic, each must either normalize
// or fail, and a normalized one must be well formed.
func TestNormalizeAllNINJSExamples(t *testing.T) {
	var files []string
	root := sharedtest.Path(t, "wire/ninjs")
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == "specification" { // JSON schemas, not items
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.HasSuffix(p, ".json") {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	fixtures, err := filepath.Glob(filepath.Join(sharedtest.Path(t, "wire/superdesk-fixtures"), "*ninjs*.json"))
	if err != nil {
		t.Fatal(err)
	}
	files = append(files, fixtures...)
	if len(files) < 60 {
		t.Fatalf("found %d ninjs files, want at least 60", len(files))
	}

	ok, failed := 0, 0
	for _, f := range files {
		raw := readFile(t, f)
		a, err := normalizeNoPanic(t, f, raw)
		switch {
		case err != nil && a != nil:
			t.Errorf("%s: both an article and an error (%v)", f, err)
		case err != nil:
			failed++
			t.Logf("%s: rejected: %v", f, err)
		case a == nil:
			t.Errorf("%s: neither an article nor an error", f)
		default:
			ok++
			if msg := wellFormed(a, format.NINJS); msg != "" {
				t.Errorf("%s: %s", f, msg)
			}
		}
	}
	t.Logf("%d ninjs files: %d normalized, %d rejected", len(files), ok, failed)
	if ok < 50 {
		t.Errorf("only %d of %d ninjs files normalized, want at least 50", ok, len(files))
	}
}

func normalizeNoPanic(t *testing.T, name string, raw []byte) (a *article.Article, err error) {
	t.Helper()
	defer func() {
		if r := recover(); r != nil {
			t.Errorf("%s: panic: %v", name, r)
			a, err = nil, fmt.Errorf("panic")
		}
	}()
	return Parse(format.NINJS, "", raw)
}

// wellFormed checks the invariants of every normalized article and returns
// what is wrong, or "".
func wellFormed(a *article.Article, formatName string) string {
	var problems []string
	if a.Format != formatName {
		problems = append(problems, fmt.Sprintf("format %q", a.Format))
	}
	if !slices.Contains([]string{article.PubStatusUsable, article.PubStatusWithheld, article.PubStatusCanceled}, a.PubStatus) {
		problems = append(problems, fmt.Sprintf("pubstatus %q", a.PubStatus))
	}
	if a.Headline == "" && a.BodyText == "" {
		problems = append(problems, "neither headline nor body")
	}
	for name, s := range map[string]string{"headline": a.Headline, "body": a.BodyText, "byline": a.Byline} {
		if !utf8.ValidString(s) {
			problems = append(problems, name+" is not valid UTF-8")
		}
		if s != strings.TrimSpace(s) {
			problems = append(problems, name+" has surrounding white space")
		}
	}
	if strings.Contains(a.Headline, "\n") {
		problems = append(problems, "headline has a line break")
	}
	if strings.Contains(a.BodyText, "\n\n\n") {
		problems = append(problems, "body has more than one blank line in a row")
	}
	if a.BodyHTML != "" && strings.Contains(a.BodyText, "<p>") {
		problems = append(problems, "body text has HTML tags")
	}
	if n := countWords(a.BodyText); n != a.WordCount {
		problems = append(problems, fmt.Sprintf("word count %d, want %d", a.WordCount, n))
	}
	return strings.Join(problems, "; ")
}

// FuzzNormalize feeds arbitrary bytes to both formats: Normalize must not
// panic, and what it accepts must be well formed.
func FuzzNormalize(f *testing.F) {
	var files []string
	for _, pattern := range []string{"testdata/*.txt", "testdata/*.json"} {
		m, err := filepath.Glob(pattern)
		if err != nil {
			f.Fatal(err)
		}
		files = append(files, m...)
	}
	if len(files) == 0 {
		f.Fatal("no seed files in testdata")
	}
	for _, fn := range files {
		b, err := os.ReadFile(fn)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(strings.HasSuffix(fn, ".json"), "", b)
	}
	f.Add(false, "text/plain; charset=iso-8859-1", []byte("Caf\xe9 (ANTARA News) - Kopi.\n\n(D011)"))
	f.Add(true, "", []byte(`{"headlines":[{"value":"<b>x</b>","contenttype":"text/html"}],"bodies":[{"value":"<p>a<script>b</script>"}]}`))
	f.Fuzz(func(t *testing.T, ninjs bool, contentType string, raw []byte) {
		formatName := format.Text
		if ninjs {
			formatName = format.NINJS
		}
		a, err := Parse(formatName, contentType, raw)
		if (a == nil) == (err == nil) {
			t.Fatalf("article %v with error %v: want exactly one", a, err)
		}
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty error text")
			}
			return
		}
		if msg := wellFormed(a, formatName); msg != "" {
			t.Fatal(msg)
		}
	})
}
