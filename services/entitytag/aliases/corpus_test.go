package aliases_test

import (
	"bufio"
	"encoding/json"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/newsroom-pipeline/newsroom/pkg/article"
	"github.com/newsroom-pipeline/newsroom/pkg/sharedtest"
	"github.com/newsroom-pipeline/newsroom/services/entitytag/aliases"
	"github.com/newsroom-pipeline/newsroom/services/entitytag/learned"
	"github.com/newsroom-pipeline/newsroom/services/entitytag/tagger"
)

// TestAliasesOnRealStories tags IndoSum stories that name an organisation
// or a person only by the short form and stories that use only the full
// name, with the learned tagger and the built-in table: both kinds must file
// the entity under the one canonical name, with the short form as an alias.
func TestAliasesOnRealStories(t *testing.T) {
	path := sharedtest.Path(t, "id-news-indosum/derived/indosum_dev_articles.jsonl")
	inner, err := learned.New()
	if err != nil {
		t.Fatal(err)
	}
	// Wired as tagging.New wires the worker: the table's acronyms the
	// model leaves O are marked (learned.Tagger.Acronyms).
	table := aliases.Default()
	inner.Acronyms = table.AcronymType
	tg := aliases.Tagger{Inner: inner, Table: table}
	for _, c := range []struct {
		short, long string
		facet       func(*article.Article) []string
	}{
		{"KPK", "Komisi Pemberantasan Korupsi", func(a *article.Article) []string { return a.Organisations }},
		{"Jokowi", "Joko Widodo", func(a *article.Article) []string { return a.People }},
		{"MK", "Mahkamah Konstitusi", func(a *article.Article) []string { return a.Organisations }},
	} {
		shortRE := regexp.MustCompile(`\b` + c.short + `\b`)
		onlyShort := stories(t, path, 15, func(body string) bool {
			return shortRE.MatchString(body) && !strings.Contains(body, c.long)
		})
		onlyLong := stories(t, path, 15, func(body string) bool {
			return strings.Contains(body, c.long) && !shortRE.MatchString(body)
		})
		if len(onlyShort) < 3 || len(onlyLong) < 1 {
			t.Fatalf("%s: only %d stories with the short form alone and %d with the full name alone", c.short, len(onlyShort), len(onlyLong))
		}
		for kind, bodies := range map[string][]string{"short form only": onlyShort, "full name only": onlyLong} {
			filed, filedUnderShort, missingAlias := 0, 0, 0
			for _, body := range bodies {
				a := &article.Article{Language: "id", BodyText: body}
				tagger.Apply(tg, a)
				if slices.Contains(c.facet(a), c.short) {
					filedUnderShort++
				}
				for _, e := range a.Entities {
					if e.Name == c.long {
						filed++
						if !slices.Contains(e.Aliases, c.short) {
							missingAlias++
						}
					}
				}
			}
			t.Logf("%s, %s: %d of %d stories file %q", c.short, kind, filed, len(bodies), c.long)
			if filedUnderShort > 0 {
				t.Errorf("%s, %s: %d stories still file the entity as %q", c.short, kind, filedUnderShort, c.short)
			}
			if missingAlias > 0 {
				t.Errorf("%s, %s: %d stories file %q without the alias %q", c.short, kind, missingAlias, c.long, c.short)
			}
			// Whether the tagger finds the name at all is its recall,
			// measured by cmd/ner; here each kind of story must show the
			// merge at least once.
			if filed == 0 {
				t.Errorf("%s, %s: no story files %q", c.short, kind, c.long)
			}
		}
	}
}

// stories returns the bodies of up to n stories of the IndoSum file, in file
// order, for which keep is true.
func stories(t *testing.T, path string, n int, keep func(string) bool) []string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 1<<20), 1<<24)
	var out []string
	for sc.Scan() && len(out) < n {
		var rec struct {
			Body string `json:"body"`
		}
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			t.Fatal(err)
		}
		if keep(rec.Body) {
			out = append(out, rec.Body)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}
