package wire

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/newsroom-pipeline/newsroom/pkg/article"
	"github.com/newsroom-pipeline/newsroom/pkg/format"
	"github.com/newsroom-pipeline/newsroom/pkg/sharedtest"
)

// superdeskFixture is the shared-data path of a Superdesk test fixture.
// Those files are agency copy under AGPL test-fixture terms, so they are
// read from ../shared and never copied into testdata.
func superdeskFixture(name string) string { return "wire/superdesk-fixtures/" + name }

// fixtureCase is one fixture file of a table test: the checks its article
// must pass, or the reason it must be rejected with.
type fixtureCase struct {
	file   string
	reject string // a substring of the rejection; "" when it must parse
	checks []check
}

// runFixtureCases sniffs and parses each fixture as formatName.
func runFixtureCases(t *testing.T, formatName string, cases []fixtureCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) {
			raw := readFile(t, sharedtest.Path(t, superdeskFixture(tc.file)))
			if got := format.Sniff(raw); got != formatName {
				t.Fatalf("sniffed as %q, want %q", got, formatName)
			}
			if a := parseOrRefuse(t, formatName, "", raw, tc.reject, strings.Contains, tc.checks); a != nil {
				if msg := wellFormed(a, formatName); msg != "" {
					t.Errorf("not well formed: %s", msg)
				}
			}
		})
	}
}

// Field accessors for the checks, besides those of g2_test.go and
// nitf_test.go (uriOf, versionOf, bylineOf, statusOf, sourceOf, signalsOf,
// subjectsOf, headlineField, bodyField, ednoteField, ...).
func createdOf(a *article.Article) any {
	if a.VersionCreated == nil {
		return "<nil>"
	}
	return a.VersionCreated.Format(time.RFC3339)
}
func lastParagraph(a *article.Article) string {
	if i := strings.LastIndex(a.BodyText, "\n\n"); i >= 0 {
		return a.BodyText[i+2:]
	}
	return a.BodyText
}

func TestSplitRawWire(t *testing.T) {
	one := []byte("\x01abc001 4 i 10 xyz 001\r\nkey/\r\n\x02Title =\r\n   Text.\r\n\x03010000 GMT Jan 20\r\n\x04")
	anpa := []byte("\x16\x16\x01W0001\x1fasian\nr a\x13\x11 BC-US--Thing     01-01 0100\n\x02^BC-US--Thing,10<\n\tText.\n\x03AP-WF-01-01-20 0000GMT<\n\x04")
	tests := []struct {
		name string
		raw  []byte
		want []string
	}{
		{"one message is itself", one, []string{string(one)}},
		{"noise before the first message is dropped", append([]byte("\r\n\x7f"), append(append([]byte{}, one...), one...)...), []string{string(one), string(one)}},
		{"SYN characters stay with their message", append(append([]byte{}, anpa...), anpa...), []string{string(anpa), string(anpa)}},
		{"no SOH", []byte("plain text"), []string{"plain text"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			docs := splitRawWire(tt.raw)
			var got []string
			for _, d := range docs {
				got = append(got, string(d))
			}
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// TestSplitCapture: a capture of several fixture messages in a row splits
// into them, and each parses as it does alone.
func TestSplitCapture(t *testing.T) {
	for _, tc := range []struct {
		formatName string
		files      []string
	}{
		{format.IPTC7901, []string{"IPTC7901.txt", "dpa_two_line.txt", "IPTC7901_odd_charset.txt"}},
		{format.ANPA, []string{"anpa-1.tst", "ap_anpa-3.tst", "ap_anpa-5.tst"}},
	} {
		t.Run(tc.formatName, func(t *testing.T) {
			var capture []byte
			var want []string
			for _, f := range tc.files {
				raw := readFile(t, sharedtest.Path(t, superdeskFixture(f)))
				capture = append(capture, raw...)
				a, err := Parse(tc.formatName, "", raw)
				if err != nil {
					t.Fatalf("%s: %v", f, err)
				}
				want = append(want, a.URI)
			}
			docs, err := Split(tc.formatName, capture)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, d := range docs {
				a, err := Parse(tc.formatName, "", d)
				if err != nil {
					t.Fatalf("split document: %v", err)
				}
				got = append(got, a.URI)
			}
			if strings.Join(got, " ") != strings.Join(want, " ") {
				t.Errorf("split into %q, want %q", got, want)
			}
		})
	}
}

func TestDecodeLegacy(t *testing.T) {
	tests := []struct {
		name, contentType string
		raw               []byte
		want              string
		wantErr           bool
	}{
		{"utf-8", "", []byte("M\xc3\xbcller"), "Müller", false},
		{"latin-1 without charset", "", []byte("M\xfcller \x96 caf\xe9"), "Müller – café", false},
		{"declared iso-8859-1", "text/plain; charset=iso-8859-1", []byte("M\xfcller"), "Müller", false},
		{"declared utf-8, bytes are not", "text/plain; charset=utf-8", []byte("M\xfcller"), "", true},
		{"control characters survive", "", []byte("\x01a\x02b\x03"), "\x01a\x02b\x03", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := decodeLegacy(tt.contentType, tt.raw)
			if (err != nil) != tt.wantErr || got != tt.want {
				t.Errorf("got %q, %v; want %q, error %v", got, err, tt.want, tt.wantErr)
			}
		})
	}
}

func TestMonthNumber(t *testing.T) {
	for in, want := range map[string]time.Month{
		"Nov": time.November, "Okt": time.October, "okt.": time.October, "Mär": time.March, "Mrz": time.March,
		"Dez": time.December, "Mai": time.May, "Sept": time.September, "June": time.June, "Xyz": 0, "Ma": 0,
	} {
		if got := monthNumber(in); got != want {
			t.Errorf("monthNumber(%q) = %v, want %v", in, got, want)
		}
	}
}

func TestUnwrapLine(t *testing.T) {
	tests := []struct{ para, line, want string }{
		{"", "first", "first"},
		{"a wrapped", "line", "a wrapped line"},
		{"the Bavaria-", "based party", "the Bavaria-based party"},
		{"a pause -", "then more", "a pause - then more"},
	}
	for _, tt := range tests {
		if got := unwrapLine(tt.para, tt.line); got != tt.want {
			t.Errorf("unwrapLine(%q, %q) = %q, want %q", tt.para, tt.line, got, tt.want)
		}
	}
}

// seedFixtures adds the shared fixtures of a format, when present, to a
// fuzz corpus. sharedtest.Path would skip the whole target without
// ../shared, so the files are looked up directly; the inline seeds run
// either way.
func seedFixtures(f *testing.F, files ...string) {
	dir, ok := sharedFixtureDir()
	if !ok {
		return
	}
	for _, name := range files {
		if b, err := os.ReadFile(filepath.Join(dir, name)); err == nil {
			f.Add("", b)
		}
	}
}

// sharedFixtureDir finds ../shared/data/wire/superdesk-fixtures beside the
// directory that holds go.work, as sharedtest does.
func sharedFixtureDir() (string, bool) {
	dir, err := os.Getwd()
	if err != nil {
		return "", false
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.work")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", false
		}
		dir = parent
	}
	p := filepath.Join(filepath.Dir(dir), "shared", "data", "wire", "superdesk-fixtures")
	_, err = os.Stat(p)
	return p, err == nil
}

// fuzzParse is the body of the format fuzz targets: Split must not panic,
// and every document it yields must parse to a well-formed article or be
// rejected with a reason.
func fuzzParse(t *testing.T, formatName, contentType string, raw []byte) {
	docs, err := Split(formatName, raw)
	if err != nil {
		if err.Error() == "" {
			t.Fatal("empty split error text")
		}
		return
	}
	for _, doc := range docs {
		a, err := Parse(formatName, contentType, doc)
		if (a == nil) == (err == nil) {
			t.Fatalf("article %v with error %v: want exactly one", a, err)
		}
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty error text")
			}
			continue
		}
		if a.Headline == "" && a.BodyText == "" {
			t.Fatal("accepted article has neither headline nor body")
		}
		if msg := wellFormed(a, formatName); msg != "" {
			t.Fatal(msg)
		}
	}
}
