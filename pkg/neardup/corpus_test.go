package neardup

import (
	"bufio"
	"encoding/json"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/newsroom-pipeline/newsroom/pkg/sharedtest"
)

// story is one article of a shared research corpus, as the pipeline would
// see it after normalisation: headline and body text apart.
type story struct {
	corpus   string // "bbc", "reuters", "indosum"
	id       string // stable within the corpus: file name, NEWID, IndoSum id
	category string // BBC section, first Reuters topic, IndoSum category
	outlet   string // IndoSum source; the corpus name elsewhere
	headline string
	body     string // paragraphs separated by "\n\n"
	date     string // Reuters <DATE>, IndoSum ingest time; empty for BBC
}

func (s story) key() string  { return s.corpus + ":" + s.id }
func (s story) text() string { return s.headline + "\n\n" + s.body }

// loadBBC reads en-news-bbc: one file per story, headline on line 1.
func loadBBC(t testing.TB) []story {
	t.Helper()
	root := sharedtest.Path(t, "en-news-bbc/bbc")
	var out []story
	for _, cat := range []string{"business", "entertainment", "politics", "sport", "tech"} {
		files, err := filepath.Glob(filepath.Join(root, cat, "*.txt"))
		if err != nil {
			t.Fatal(err)
		}
		sort.Strings(files)
		for _, f := range files {
			raw, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			// One file has a raw Latin-1 pound sign; the pipeline would
			// have decoded it, a replacement rune is as good here.
			text := strings.ToValidUTF8(strings.ReplaceAll(string(raw), "\r\n", "\n"), "\uFFFD")
			head, body, _ := strings.Cut(strings.TrimSpace(text), "\n")
			out = append(out, story{
				corpus: "bbc", id: cat + "/" + strings.TrimSuffix(filepath.Base(f), ".txt"),
				category: cat, outlet: "bbc",
				headline: strings.TrimSpace(head), body: paragraphs(body, "\n\n"),
			})
		}
	}
	return out
}

var (
	reutersDoc   = regexp.MustCompile(`(?s)<REUTERS [^>]*NEWID="(\d+)">(.*?)</REUTERS>`)
	reutersTopic = regexp.MustCompile(`(?s)<TOPICS>\s*<D>([^<]*)</D>`)
	reutersTitle = regexp.MustCompile(`(?s)<TITLE>(.*?)</TITLE>`)
	reutersBody  = regexp.MustCompile(`(?s)<BODY>(.*?)</BODY>`)
	reutersDate  = regexp.MustCompile(`<DATE>\s*(\d+-[A-Z]+-\d{4} \d\d:\d\d:\d\d)`)
	reutersSign  = regexp.MustCompile(`(?is)\s*Reuter\s*$`)
	ctrlEntity   = regexp.MustCompile(`&#([0-9]|[12][0-9]|3[01]);`)
)

// loadReuters reads Reuters-21578: stories with a <BODY>; the "Reuter"
// sign-off and the control-character entities are dropped, as the wire
// cleaner does, and a body is re-paragraphed at its indented lines.
func loadReuters(t testing.TB) []story {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(sharedtest.Path(t, "en-news-reuters21578"), "reut2-*.sgm"))
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(files)
	var out []story
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range reutersDoc.FindAllStringSubmatch(string(raw), -1) {
			doc := ctrlEntity.ReplaceAllString(m[2], " ")
			b := reutersBody.FindStringSubmatch(doc)
			if b == nil {
				continue // a headline-only brief
			}
			s := story{corpus: "reuters", id: m[1], outlet: "reuters"}
			if tp := reutersTopic.FindStringSubmatch(doc); tp != nil {
				s.category = tp[1]
			}
			if d := reutersDate.FindStringSubmatch(doc); d != nil {
				s.date = d[1]
			}
			if ti := reutersTitle.FindStringSubmatch(doc); ti != nil {
				s.headline = strings.TrimSpace(html.UnescapeString(ti[1]))
			}
			body := reutersSign.ReplaceAllString(html.UnescapeString(b[1]), "")
			s.body = paragraphs(strings.ReplaceAll(body, "\n    ", "\n\n"), "\n\n")
			out = append(out, s)
		}
	}
	return out
}

// loadIndoSum reads the derived IndoSum file; the URL slug stands in for
// the headline, which IndoSum lacks.
func loadIndoSum(t testing.TB) []story {
	t.Helper()
	f, err := os.Open(sharedtest.Path(t, "id-news-indosum/derived/indosum_dev_articles.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []story
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 1<<20), 1<<24)
	for sc.Scan() {
		var r struct {
			ID, Source, Category, Body string
			Title                      string `json:"title_from_url_slug"`
			Date                       string `json:"date_utc_from_id"`
		}
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatal(err)
		}
		out = append(out, story{corpus: "indosum", id: r.ID, category: r.Category, outlet: r.Source,
			headline: r.Title, body: r.Body, date: r.Date})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// paragraphs re-joins text cut at sep into trimmed, one-line paragraphs
// separated by "\n\n".
func paragraphs(text, sep string) string {
	var ps []string
	for p := range strings.SplitSeq(text, sep) {
		if p = strings.Join(strings.Fields(p), " "); p != "" {
			ps = append(ps, p)
		}
	}
	return strings.Join(ps, "\n\n")
}
