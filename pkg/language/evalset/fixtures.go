package evalset

import (
	"encoding/json"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"unicode"
)

// Fixture is a wire file with a hand-checked language label.
type Fixture struct {
	Path string // relative to the data folder
	// Langs holds the language of each story in the file, in order, read by
	// hand; a file with one story has one.
	Langs []string
	// Kind tells how the story text is cut out: "xml" (the contents of
	// Elements), "feed" (one story per RSS item, Atom entry or Ritzau
	// RBNews, from Elements or else the usual feed elements), "json" (ninjs
	// headline, description and body fields) or "text" (the whole file).
	Kind     string
	Elements []string
	// Skip lists substrings of paragraphs that are not paragraph samples:
	// bylines, desk codes, and a boilerplate line in another language.
	Skip []string
	Note string
}

// Elements holding the story text in each XML dialect.
var (
	nitfStory    = []string{"hl1", "hl2", "body.content"}
	g2Story      = []string{"headline", "description", "inlineXML", "inlineData"}
	newsML1Story = []string{"HeadLine", "DataContent"}
	ritzauStory  = []string{"headline", "subtitle", "content"}
)

// Fixtures lists the wire fixtures of the evaluation set. The label is what
// the story is written in; where the file's own language field says
// otherwise, Note says so. Left out: fixtures with no story text (pictures,
// tests that hold "TEST FROM XAWES" or "The story so far."), duplicates, and
// stt_newsml_test.xml, which holds STT's automated English and Swedish
// translations and the Finnish original in one story. No
// fixture has Spanish, Italian or Dutch text (EFE's and ANSA's samples are
// from their English services), so those languages are covered by the
// inline tests of package language only.
var Fixtures = []Fixture{
	// Finnish: STT NewsML-G2.
	{"wire/superdesk-fixtures/stt1.xml", []string{"fi"}, "xml", g2Story, nil, ""},
	{"wire/superdesk-fixtures/stt_archive_newsml_test.xml", []string{"fi"}, "xml", g2Story, nil, "athletics results: mostly names and times"},
	{"wire/superdesk-fixtures/stt_newsml_abstract_test.xml", []string{"fi"}, "xml", g2Story, nil, ""},
	{"wire/superdesk-fixtures/stt_newsml_endash.xml", []string{"fi"}, "xml", g2Story, nil, ""},
	{"wire/superdesk-fixtures/stt_newsml_location_test.xml", []string{"fi"}, "xml", g2Story, nil, "spoken Finnish with typos"},
	{"wire/superdesk-fixtures/stt_newsml_no_truncated_text_test.xml", []string{"fi"}, "xml", g2Story, nil, ""},
	{"wire/superdesk-fixtures/stt_newsml_note_test.xml", []string{"fi"}, "xml", g2Story, nil, ""},
	// Danish: Ritzau.
	{"wire/superdesk-fixtures/ritzau_news.xml", []string{"da"}, "xml", ritzauStory, nil, ""},
	{"wire/superdesk-fixtures/mapping_test.xml", []string{"da"}, "xml", nitfStory, nil, "Ritzau story in NITF"},
	{"wire/superdesk-fixtures/ritzau_feed.xml", []string{"en", "da"}, "feed", ritzauStory,
		[]string{"Ovenstående pressemeddelelse"}, "an English press release carried by Ritzau (with a Danish disclaimer line), then a Danish story"},
	// Norwegian (Bokmål): NTB.
	{"wire/ninjs/examples/3.0/ntb_text.json", []string{"no"}, "json", nil, nil, `"language": "nb-NO"`},
	{"wire/ninjs/tools/xslt/NTB_nitf_sample.xml", []string{"no"}, "xml", nitfStory, nil, `baselang="nb-NO"`},
	// Swedish: TT.
	{"wire/ninjs/examples/3.0/tt_text_image_3.json", []string{"sv"}, "json", nil, []string{"Melander/TT"}, ""},
	{"wire/ninjs/examples/3.0/tt_event_pressconference_3.0.json", []string{"sv"}, "json", nil, nil, "an event: short texts"},
	{"wire/ninjs/tools/xslt/TT_newsmlg2_sample.xml", []string{"sv"}, "xml", g2Story, []string{"Jåma/TT"}, ""},
	// German.
	{"wire/ninjs/examples/3.0/dpa_text.json", []string{"de"}, "json", nil, nil, "dpa"},
	{"wire/superdesk-fixtures/ninjs4.json", []string{"de"}, "json", nil, nil, `futurezone.de; "language": "de"`},
	{"wire/superdesk-fixtures/wordpress_wxr_funke.xml", []string{"de"}, "feed", nil, nil, "FunkyGames.de WordPress export"},
	{"wire/rss-feeds/heise.atom", []string{"de"}, "feed", nil, nil, "heise online Atom feed"},
	// Portuguese.
	{"wire/rss-feeds/uolNoticias.rss", []string{"pt"}, "feed", nil, nil, "UOL Notícias, ISO-8859-1 without a declaration"},
	// French.
	{"wire/superdesk-fixtures/afp20.xml", []string{"fr"}, "xml", newsML1Story, nil, "AFP NewsML 1.2"},
	// English wire copy, including agencies whose home language is not
	// English: their fixtures come from the English services.
	{"wire/superdesk-fixtures/dpa_two_line.txt", []string{"en"}, "text", nil, []string{"dpa grj", "## Internet links"}, "dpa international service in English"},
	{"wire/superdesk-fixtures/dpa_four_line.txt", []string{"en"}, "text", nil, []string{"dpa al rmo", "## Internet links", "## Editorial contacts"}, "dpa international service in English"},
	{"wire/superdesk-fixtures/IPTC7901.txt", []string{"en"}, "text", nil, []string{"eca062", "dpa wsz"}, "dpa, English"},
	{"wire/superdesk-fixtures/IPTC7901_odd_charset.txt", []string{"en"}, "text", nil, []string{"eca100", "dpa bwh"}, "dpa, English, not UTF-8"},
	{"wire/superdesk-fixtures/efe_nitf.xml", []string{"en"}, "xml", nitfStory, nil, "EFE's English service; the body is a stub"},
	{"wire/superdesk-fixtures/ansa-newsmlg2-text.xml", []string{"en"}, "xml", g2Story, nil, `ANSA English; xml:lang="it-IT" is on metadata`},
	{"wire/superdesk-fixtures/aap.xml", []string{"en"}, "xml", nitfStory, []string{"AAP RTV"}, ""},
	{"wire/superdesk-fixtures/ap-nitf.xml", []string{"en"}, "xml", nitfStory, nil, ""},
	{"wire/superdesk-fixtures/pa1.xml", []string{"en"}, "xml", nitfStory, nil, ""},
	{"wire/superdesk-fixtures/afp.xml", []string{"en"}, "xml", newsML1Story, []string{"hh/ph"}, ""},
	{"wire/superdesk-fixtures/scoop.xml", []string{"en"}, "xml", g2Story, nil, ""},
	{"wire/superdesk-fixtures/tag_reuters.com_2014_newsml_KBN0FL0NM_version_10", []string{"en"}, "xml", g2Story, nil, ""},
	{"wire/ninjs/examples/3.0/ninjsExSimpleText_3.json", []string{"en"}, "json", nil, nil, ""},
}

func loadFixtures(root string) ([]Sample, error) {
	var out []Sample
	for _, fx := range Fixtures {
		b, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(fx.Path)))
		if err != nil {
			return nil, fmt.Errorf("wire fixture: %w", err)
		}
		stories, err := fx.stories(decode(b))
		if err != nil {
			return nil, fmt.Errorf("wire fixture %s: %w", fx.Path, err)
		}
		if len(stories) == 0 {
			return nil, fmt.Errorf("wire fixture %s: no story text found", fx.Path)
		}
		if len(fx.Langs) != 1 && len(fx.Langs) != len(stories) {
			return nil, fmt.Errorf("wire fixture %s: %d stories but %d labels", fx.Path, len(stories), len(fx.Langs))
		}
		for i, story := range stories {
			lang := fx.Langs[min(i, len(fx.Langs)-1)]
			src := fmt.Sprintf("%s#%d", fx.Path, i+1)
			out = append(out, Sample{"wire", lang, story, src})
			for j, para := range strings.Split(story, "\n\n") {
				if enoughWords(para) && !fx.skip(para) {
					out = append(out, Sample{"wire/paragraph", lang, para, fmt.Sprintf("%s ¶%d", src, j+1)})
				}
			}
		}
	}
	return out, nil
}

func (fx Fixture) skip(para string) bool {
	for _, s := range fx.Skip {
		if strings.Contains(para, s) {
			return true
		}
	}
	return false
}

func (fx Fixture) stories(doc string) ([]string, error) {
	switch fx.Kind {
	case "xml":
		return nonEmpty(elementText(doc, fx.Elements)), nil
	case "feed":
		elems := fx.Elements
		if elems == nil {
			elems = []string{"title", "summary", "content", "description", "encoded"}
		}
		var out []string
		for _, item := range feedItem.FindAllString(doc, -1) {
			out = append(out, elementText(item, elems))
		}
		return nonEmpty(out...), nil
	case "json":
		var v any
		if err := json.Unmarshal([]byte(doc), &v); err != nil {
			return nil, err
		}
		var parts []string
		collectJSON(v, "", &parts)
		return nonEmpty(markupText(strings.Join(parts, "\n\n"))), nil
	case "text":
		return nonEmpty(markupText(strings.Map(func(r rune) rune {
			if unicode.IsControl(r) && r != '\n' {
				return ' '
			}
			return r
		}, doc))), nil
	}
	return nil, fmt.Errorf("unknown kind %q", fx.Kind)
}

func nonEmpty(s ...string) []string {
	var out []string
	for _, x := range s {
		if strings.TrimSpace(x) != "" {
			out = append(out, x)
		}
	}
	return out
}

var feedItem = regexp.MustCompile(`(?s)<(?:item|entry|RBNews)\b[^>]*>.*?</(?:item|entry|RBNews)>`)

// elementText returns the text of every occurrence of the named elements
// (any namespace prefix), in document order, as paragraphs.
func elementText(doc string, names []string) string {
	alt := make([]string, len(names))
	for i, n := range names {
		alt[i] = regexp.QuoteMeta(n)
	}
	re := regexp.MustCompile(`(?s)<(?:[\w-]+:)?(` + strings.Join(alt, "|") + `)\b[^>]*>(.*?)</(?:[\w-]+:)?(?:` + strings.Join(alt, "|") + `)>`)
	var parts []string
	for _, m := range re.FindAllStringSubmatch(doc, -1) {
		parts = append(parts, markupText(m[2]))
	}
	return strings.Join(nonEmpty(parts...), "\n\n")
}

// jsonText names the ninjs fields (1.x and 2.x/3.x) that hold story text.
var jsonText = map[string]bool{
	"headline": true, "body_text": true, "body_html": true, "description_text": true,
	"headlines": true, "bodies": true, "descriptions": true,
}

// collectJSON appends the story text fields of v: string fields named in
// jsonText and the "value" of the objects in the arrays named there.
func collectJSON(v any, field string, out *[]string) {
	switch x := v.(type) {
	case map[string]any:
		for _, k := range sortedKeys(x) {
			collectJSON(x[k], k, out)
		}
		if field != "" && jsonText[field] {
			if s, ok := x["value"].(string); ok {
				*out = append(*out, s)
			}
		}
	case []any:
		for _, e := range x {
			collectJSON(e, field, out)
		}
	case string:
		if jsonText[field] {
			*out = append(*out, x)
		}
	}
}

func sortedKeys(m map[string]any) []string {
	// Story fields first in a fixed order, so the text reads headline first.
	order := []string{"headline", "headlines", "description_text", "descriptions", "body_text", "body_html", "bodies"}
	var keys []string
	for _, k := range order {
		if _, ok := m[k]; ok {
			keys = append(keys, k)
		}
	}
	for k := range m {
		if !jsonText[k] {
			keys = append(keys, k)
		}
	}
	return keys
}

var (
	blockTag = regexp.MustCompile(`(?i)</?(p|br|div|h[1-6]|li|tr|hl1|hl2|section|article|blockquote|figcaption)\b[^>]*>`)
	anyTag   = regexp.MustCompile(`<[/!?]?[A-Za-z][^>]*>`)
	comment  = regexp.MustCompile(`(?s)<!--.*?-->`)
	spaces   = regexp.MustCompile(`[ \t\r\f\v]+`)
	blanks   = regexp.MustCompile(`\s*\n\s*\n\s*`)
)

// markupText turns an XML or HTML fragment into text paragraphs separated
// by blank lines. It strips and decodes twice, because some feeds (Ritzau,
// RSS descriptions) carry escaped HTML inside XML.
func markupText(s string) string {
	s = strings.NewReplacer("<![CDATA[", "", "]]>", "").Replace(s)
	for range 2 {
		s = comment.ReplaceAllString(s, " ")
		s = blockTag.ReplaceAllString(s, "\n\n")
		s = anyTag.ReplaceAllString(s, " ")
		s = html.UnescapeString(s)
	}
	s = strings.ReplaceAll(s, "\u00a0", " ")
	s = spaces.ReplaceAllString(s, " ")
	s = blanks.ReplaceAllString(s, "\n\n")
	var paras []string
	for _, p := range strings.Split(s, "\n\n") {
		p = strings.Join(strings.Fields(p), " ")
		if p != "" {
			paras = append(paras, p)
		}
	}
	return strings.Join(paras, "\n\n")
}
