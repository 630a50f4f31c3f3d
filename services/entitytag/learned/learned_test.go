package learned_test

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/newsroom-pipeline/newsroom/pkg/article"
	"github.com/newsroom-pipeline/newsroom/pkg/sharedtest"
	"github.com/newsroom-pipeline/newsroom/services/entitytag/learned"
	"github.com/newsroom-pipeline/newsroom/services/entitytag/tagger"
)

var _ tagger.Tagger = (*learned.Tagger)(nil)

func newTagger(t testing.TB) *learned.Tagger {
	t.Helper()
	tg, err := learned.New()
	if err != nil {
		t.Fatal(err)
	}
	return tg
}

func has(ents []article.Entity, typ, name string) bool {
	for _, e := range ents {
		if e.Type == typ && e.Name == name {
			return true
		}
	}
	return false
}

func dump(t *testing.T, ents []article.Entity) {
	for _, e := range ents {
		t.Logf("%-4s %-28q count %d salience %.3f", e.Type, e.Name, e.Count, e.Salience)
	}
}

// TestSeedStory tags the whole seed story as it arrives (dateline, desk code,
// editor and copyright lines included) against the list.
func TestSeedStory(t *testing.T) {
	raw, err := os.ReadFile("../baseline/testdata/antara-2011-missile-defence-talks.txt")
	if err != nil {
		t.Fatal(err)
	}
	a := &article.Article{
		Language: "id",
		Headline: "Perundingan pertahanan rudal antara Rusia-Amerika Serikat mengalami kebuntuan",
		BodyText: strings.TrimSpace(string(raw)),
	}
	tg := newTagger(t)
	ents := tg.Tag(a)
	dump(t, ents)
	want := map[string][]string{
		article.TypePerson:       {"Dmitry Rogozin", "Ellen Tauscher", "Ruslan Burhani"},
		article.TypeOrganisation: {"NATO", "ANTARA", "RIA Novosti"},
		article.TypePlace:        {"Moskow", "Rusia", "Amerika Serikat", "Chicago", "Lisabon", "Washington"},
	}
	for typ, names := range want {
		for _, n := range names {
			if !has(ents, typ, n) {
				t.Errorf("seed story: missing %s %q", typ, n)
			}
		}
	}
	for _, e := range ents {
		if e.Type == article.TypePerson && e.Name == "Rogozin" {
			t.Error("lone surname Rogozin was not linked to Dmitry Rogozin")
		}
		if strings.Contains(e.Name, "Rusia-Amerika") {
			t.Errorf("hyphenated pair not split into its places: %s %q", e.Type, e.Name)
		}
	}
	tagger.Apply(tg, a)
	if a.TaggerVersion != learned.Version {
		t.Errorf("tagger_version = %q, want %q", a.TaggerVersion, learned.Version)
	}
}

func TestEnglishAndTitles(t *testing.T) {
	a := &article.Article{
		Language: "en",
		Headline: "NATO Chief Urges Russia To Return To Talks",
		BodyText: "NATO Secretary General Anders Fogh Rasmussen said on Tuesday that Russia should return to talks before the alliance's summit in Chicago.\n\n" +
			"Mr Rasmussen told reporters in Brussels that President Barack Obama backed the plan. Rasmussen said Moscow had been invited.",
	}
	ents := newTagger(t).Tag(a)
	dump(t, ents)
	for _, w := range [][2]string{{"PER", "Anders Fogh Rasmussen"}, {"PER", "Barack Obama"}, {"ORG", "NATO"}, {"LOC", "Russia"}, {"LOC", "Chicago"}, {"LOC", "Brussels"}, {"LOC", "Moscow"}} {
		if !has(ents, w[0], w[1]) {
			t.Errorf("missing %s %q", w[0], w[1])
		}
	}
	for _, bad := range []string{"Rasmussen", "Mr Rasmussen", "President Barack Obama"} {
		if has(ents, "PER", bad) {
			t.Errorf("person %q should have been merged or had its title cut", bad)
		}
	}
}

func TestFallbackAndNil(t *testing.T) {
	tg := newTagger(t)
	if tg.Tag(nil) != nil {
		t.Error("Tag(nil) != nil")
	}
	a := &article.Article{Language: "fr", Headline: "Macron à Berlin", BodyText: "Emmanuel Macron a rencontré Olaf Scholz à Berlin."}
	tagger.Apply(tg, a)
	if !strings.HasPrefix(a.TaggerVersion, "baseline-1 (fallback") {
		t.Errorf("French story tagger_version = %q, want the labelled baseline fallback", a.TaggerVersion)
	}
	empty := &article.Article{Language: "id"}
	tagger.Apply(tg, empty)
	if empty.Entities != nil || empty.TaggerVersion != learned.Version {
		t.Errorf("empty story: %+v", empty)
	}
}

func BenchmarkTagSeed(b *testing.B) {
	raw, err := os.ReadFile("../baseline/testdata/antara-2011-missile-defence-talks.txt")
	if err != nil {
		b.Fatal(err)
	}
	a := &article.Article{Language: "id", Headline: "Perundingan pertahanan rudal", BodyText: string(raw)}
	tg := newTagger(b)
	b.ReportAllocs()
	for b.Loop() {
		tg.Tag(a)
	}
}

// checkMentions asserts that every mention's offsets select its text.
func checkMentions(t *testing.T, a *article.Article, ents []article.Entity) {
	t.Helper()
	for _, e := range ents {
		if e.Name == "" || e.Count != len(e.Mentions) {
			t.Errorf("entity %+v: empty name or count != mentions", e)
		}
		for _, m := range e.Mentions {
			text := a.BodyText
			if m.Field == "headline" {
				text = a.Headline
			}
			if m.Start < 0 || m.End > len(text) || m.Start >= m.End || text[m.Start:m.End] != m.Text {
				t.Errorf("mention %+v does not match its field", m)
			}
		}
	}
}

func TestOddInput(t *testing.T) {
	tg := newTagger(t)
	long := strings.Repeat("Jakarta ", 3000)
	for _, a := range []*article.Article{
		{Language: "id"},
		{Language: "en", Headline: "   ", BodyText: "\n\n\n"},
		{Language: "id-ID", Headline: "BANJIR JAKARTA", BodyText: "Banjir melanda Jakarta. Gubernur Anies Baswedan meninjau lokasi."},
		{Language: "EN", BodyText: "“Quoted” (brackets) — dashes… ‘single’ 's 's . . ! ?"},
		{Language: "en", BodyText: long},
		{Language: "id", BodyText: "\xff\xfe invalid utf-8 \xc3 Jakarta"},
		{Language: "in", BodyText: "Presiden Joko Widodo tiba di Bandung."},
	} {
		before := *a
		ents := tg.Tag(a)
		checkMentions(t, a, ents)
		if a.Headline != before.Headline || a.BodyText != before.BodyText || a.Entities != nil {
			t.Errorf("Tag modified the article")
		}
	}
}

func FuzzTag(f *testing.F) {
	f.Add("id", "Rogozin: Rusia-AS buntu", "Dmitry Rogozin, kata Presiden Joko Widodo di Jakarta. Rogozin.")
	f.Add("en", "NATO Chief Warns", "Mr. Rasmussen said in Brussels (Belgium) that U.S. talks 's ...")
	tg := newTagger(f)
	f.Fuzz(func(t *testing.T, lang, head, body string) {
		a := &article.Article{Language: lang, Headline: head, BodyText: body}
		checkMentions(t, a, tg.Tag(a))
	})
}

func TestConcurrent(t *testing.T) {
	tg := newTagger(t)
	a := &article.Article{Language: "en", BodyText: "Angela Merkel met Barack Obama in Berlin on Monday."}
	want := len(tg.Tag(a))
	done := make(chan int)
	for range 4 {
		go func() {
			n := 0
			for range 50 {
				n = len(tg.Tag(a))
			}
			done <- n
		}()
	}
	for range 4 {
		if n := <-done; n != want {
			t.Errorf("concurrent Tag found %d entities, want %d", n, want)
		}
	}
}

// TestBBCStory mirrors the all-in-one pipeline's end-to-end expectation on
// the BBC sample (headline = first line, body = the rest).
func TestBBCStory(t *testing.T) {
	raw, err := os.ReadFile(sharedtest.Path(t, "en-news-bbc/bbc/politics/001.txt"))
	if err != nil {
		t.Fatal(err)
	}
	head, body, _ := strings.Cut(strings.TrimSpace(string(raw)), "\n")
	a := &article.Article{Language: "en", Headline: strings.TrimSpace(head), BodyText: strings.TrimSpace(body)}
	tagger.Apply(newTagger(t), a)
	t.Logf("people %v\norganisations %v\nplaces %v", a.People, a.Organisations, a.Places)
	for _, p := range []string{"Patricia Hewitt", "Gordon Brown", "Tony Blair"} {
		if !slices.Contains(a.People, p) {
			t.Errorf("people %v lack %s", a.People, p)
		}
	}
}
