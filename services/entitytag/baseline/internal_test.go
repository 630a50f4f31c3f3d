package baseline

import (
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/newsroom-pipeline/newsroom/pkg/article"
)

func TestTokenize(t *testing.T) {
	r := rulesFor("en")
	tests := []struct {
		name      string
		text      string
		want      []string // token texts
		sentStart []string // words that start a sentence
	}{
		{
			name:      "offsets, possessive and sentence starts",
			text:      "Britain's envoy said. \"We wait,\" he added.\n\nNext",
			want:      []string{"Britain", "'s", "envoy", "said", ".", "\"", "We", "wait", ",", "\"", "he", "added", ".", "Next"},
			sentStart: []string{"Britain", "We", "Next"},
		},
		{
			name:      "dotted acronyms, initials and abbreviations",
			text:      "Mr. George W. Bush left the U.S. for Washington D.C. today",
			want:      []string{"Mr.", "George", "W.", "Bush", "left", "the", "U.S.", "for", "Washington", "D.C.", "today"},
			sentStart: []string{"Mr."},
		},
		{
			name:      "hyphens, inner apostrophes, dateline dash",
			text:      "Moskow - Rusia-Amerika al-Assad O'Brien Ma'ruf",
			want:      []string{"Moskow", "-", "Rusia", "-", "Amerika", "al", "-", "Assad", "O'Brien", "Ma'ruf"},
			sentStart: []string{"Moskow", "Rusia"},
		},
		{
			name:      "invalid UTF-8 becomes one-byte tokens",
			text:      "a\xffb",
			want:      []string{"a", "\xff", "b"},
			sentStart: []string{"a"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			toks := tokenize(tt.text, r.isAbbr)
			var got, starts []string
			for _, tok := range toks {
				if tt.text[tok.start:tok.end] != tok.s {
					t.Errorf("token %q has offsets %d..%d", tok.s, tok.start, tok.end)
				}
				got = append(got, tok.s)
				if tok.sentStart {
					starts = append(starts, tok.s)
				}
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("tokens\n got %q\nwant %q", got, tt.want)
			}
			if !reflect.DeepEqual(starts, tt.sentStart) {
				t.Errorf("sentence starts %q, want %q", starts, tt.sentStart)
			}
		})
	}
}

func TestRulesFor(t *testing.T) {
	tests := []struct{ lang, want string }{
		{"id", langID}, {"ID", langID}, {"id-ID", langID}, {"in", langID},
		{"en", langEN}, {"en-GB", langEN}, {"de", langEN}, {"", langEN}, {"x\xff", langEN},
	}
	for _, tt := range tests {
		if got := rulesFor(tt.lang).lang; got != tt.want {
			t.Errorf("rulesFor(%q) = %q, want %q", tt.lang, got, tt.want)
		}
	}
}

func TestGazetteerLanguages(t *testing.T) {
	tests := []struct {
		lang, surface string
		want          gazEntry
		ok            bool
	}{
		{"id", "AS", gazEntry{article.TypePlace, "Amerika Serikat"}, true},
		{"en", "AS", gazEntry{}, false},
		{"en", "US", gazEntry{article.TypePlace, "United States"}, true},
		{"id", "United States", gazEntry{article.TypePlace, "Amerika Serikat"}, true},
		{"en", "Amerika Serikat", gazEntry{article.TypePlace, "United States"}, true},
		{"id", "Russia", gazEntry{article.TypePlace, "Rusia"}, true},
		{"en", "Moskow", gazEntry{article.TypePlace, "Moscow"}, true},
		{"id", "Lisbon", gazEntry{article.TypePlace, "Lisabon"}, true},
		{"en", "Eropa", gazEntry{article.TypePlace, "Europe"}, true},
		{"id", "PBB", gazEntry{article.TypeOrganisation, "Perserikatan Bangsa-Bangsa"}, true},
		{"en", "UN", gazEntry{article.TypeOrganisation, "United Nations"}, true},
		{"id", "RIA Novosti", gazEntry{article.TypeOrganisation, "RIA Novosti"}, true},
		{"id", "Pakta Pertahanan Atlantik Utara", gazEntry{article.TypeOrganisation, "NATO"}, true},
	}
	for _, tt := range tests {
		r := rulesFor(tt.lang)
		toks := tokenize(tt.surface, r.isAbbr)
		n, e := r.gaz.matchAt(toks, 0, len(toks), nil)
		if ok := n == len(toks); ok != tt.ok || ok && e != tt.want {
			t.Errorf("%s %q: got %v (%d of %d tokens), want %v %v", tt.lang, tt.surface, e, n, len(toks), tt.want, tt.ok)
		}
	}
}

func TestMorphCommon(t *testing.T) {
	tests := []struct {
		word string
		want bool
	}{
		{"perundingan", true}, {"keamanan", true}, {"pengawasan", true}, {"negaranya", true},
		{"disampaikan", true}, {"menambahkan", true},
		{"rogozin", false}, {"tauscher", false}, {"setiawan", false}, {"kalimantan", false}, {"dian", false},
	}
	for _, tt := range tests {
		if got := morphCommon(tt.word); got != tt.want {
			t.Errorf("morphCommon(%q) = %v, want %v", tt.word, got, tt.want)
		}
	}
}

func TestSalience(t *testing.T) {
	tests := []struct {
		name               string
		count, maxCount    int
		inHead, inLead     bool
		firstBody, bodyLen int
		want               float64
	}{
		{"most mentioned, everywhere, first", 10, 10, true, true, 0, 100, 1},
		{"headline only", 1, 10, true, false, -1, 100, 0.445},
		{"once, at the end", 1, 10, false, false, 100, 100, 0.045},
		{"empty body", 1, 1, false, false, -1, 0, 0.45},
	}
	for _, tt := range tests {
		got := salience(tt.count, tt.maxCount, tt.inHead, tt.inLead, tt.firstBody, tt.bodyLen)
		if got != tt.want {
			t.Errorf("%s: salience = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// BenchmarkTagSeed tags the seed story and reports throughput in tokens
// (words and punctuation of headline and body) per second.
func BenchmarkTagSeed(b *testing.B) {
	raw, err := os.ReadFile("testdata/antara-2011-missile-defence-talks.txt")
	if err != nil {
		b.Fatal(err)
	}
	a := &article.Article{
		Language: "id",
		Headline: "Perundingan pertahanan rudal antara Rusia-Amerika Serikat mengalami kebuntuan",
		BodyText: strings.TrimSpace(string(raw)),
	}
	r := rulesFor(a.Language)
	tokens := len(tokenize(a.Headline, r.isAbbr)) + len(tokenize(a.BodyText, r.isAbbr))
	tg := New()
	b.ReportAllocs()
	for b.Loop() {
		tg.Tag(a)
	}
	b.ReportMetric(float64(tokens)*float64(b.N)/b.Elapsed().Seconds(), "tokens/s")
}
