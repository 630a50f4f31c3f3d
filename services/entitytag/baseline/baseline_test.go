package baseline_test

import (
	"github.com/newsroom-pipeline/newsroom/pkg/sharedtest"
	"os"
	"reflect"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/newsroom-pipeline/newsroom/pkg/article"
	"github.com/newsroom-pipeline/newsroom/services/entitytag/baseline"
	"github.com/newsroom-pipeline/newsroom/services/entitytag/tagger"
)

var _ tagger.Tagger = (*baseline.Tagger)(nil)

// seedArticle builds the seed story as normalize would: the ANTARA dateline
// and the trailer paragraphs (desk code, Editor:, Copyright) removed.
func seedArticle(t *testing.T) *article.Article {
	t.Helper()
	raw, err := os.ReadFile("testdata/antara-2011-missile-defence-talks.txt")
	if err != nil {
		t.Fatal(err)
	}
	trailer := regexp.MustCompile(`^(\([A-Z0-9./-]+\)|Editor:.*|Copyright .*)$`)
	var paras []string
	for _, p := range strings.Split(strings.TrimSpace(string(raw)), "\n\n") {
		var lines []string
		for _, l := range strings.Split(p, "\n") {
			if !trailer.MatchString(strings.TrimSpace(l)) {
				lines = append(lines, l)
			}
		}
		if len(lines) > 0 {
			paras = append(paras, strings.Join(lines, "\n"))
		}
	}
	const dateline = "Moskow (ANTARA News) - "
	if !strings.HasPrefix(paras[0], dateline) {
		t.Fatalf("seed story does not start with the dateline %q", dateline)
	}
	paras[0] = strings.TrimPrefix(paras[0], dateline)
	body := strings.Join(paras, "\n\n")
	for _, bad := range []string{"Editor:", "Copyright", "UU.SDP", "ANTARA News"} {
		if strings.Contains(body, bad) {
			t.Fatalf("body still contains %q", bad)
		}
	}
	return &article.Article{
		Language: "id",
		Headline: "Perundingan pertahanan rudal antara Rusia-Amerika Serikat mengalami kebuntuan",
		BodyText: body,
	}
}

// find returns the entity with this type and name, or nil.
func find(ents []article.Entity, typ, name string) *article.Entity {
	for i := range ents {
		if ents[i].Type == typ && ents[i].Name == name {
			return &ents[i]
		}
	}
	return nil
}

// checkWellFormed checks the contract every result must meet, whatever the
// input: mention offsets and texts match the article, counts equal the
// number of mentions, salience is in 0..1, entities are sorted.
func checkWellFormed(t *testing.T, a *article.Article, ents []article.Entity) {
	t.Helper()
	for i, e := range ents {
		if e.Name == "" || e.Type == "" {
			t.Errorf("entity %d has an empty name or type: %+v", i, e)
		}
		if e.Count != len(e.Mentions) || e.Count == 0 {
			t.Errorf("%s %q: count %d, %d mentions", e.Type, e.Name, e.Count, len(e.Mentions))
		}
		if e.Salience < 0 || e.Salience > 1 {
			t.Errorf("%s %q: salience %v out of 0..1", e.Type, e.Name, e.Salience)
		}
		if i > 0 && (ents[i-1].Salience < e.Salience ||
			ents[i-1].Salience == e.Salience && ents[i-1].Name > e.Name) {
			t.Errorf("entities not sorted by salience, then name: %q before %q", ents[i-1].Name, e.Name)
		}
		for _, m := range e.Mentions {
			var text string
			switch m.Field {
			case "headline":
				text = a.Headline
			case "body_text":
				text = a.BodyText
			default:
				t.Errorf("%q: mention field %q", e.Name, m.Field)
				continue
			}
			if m.Start < 0 || m.End > len(text) || m.Start >= m.End || text[m.Start:m.End] != m.Text {
				t.Errorf("%q: mention %+v does not match the %s", e.Name, m, m.Field)
			}
		}
	}
}

func TestTagSeed(t *testing.T) {
	a := seedArticle(t)
	ents := baseline.New().Tag(a)
	checkWellFormed(t, a, ents)
	for _, e := range ents {
		t.Logf("%-4s %-32q count=%d salience=%.3f", e.Type, e.Name, e.Count, e.Salience)
	}

	tests := []struct {
		typ, name string
		minCount  int
	}{
		// Must.
		{article.TypePerson, "Dmitry Rogozin", 5}, // "Dmitry Rogozin" + four "Rogozin"
		{article.TypePerson, "Ellen Tauscher", 2},
		{article.TypeOrganisation, "NATO", 5},
		{article.TypePlace, "Moskow", 2},
		{article.TypePlace, "Chicago", 1},
		{article.TypePlace, "Washington", 1},
		// Should.
		{article.TypeOrganisation, "RIA Novosti", 1},
		{article.TypePlace, "Rusia", 8}, // incl. "Russia" and the headline
		{article.TypePlace, "Amerika Serikat", 6},
		{article.TypePlace, "Lisabon", 1},
		{article.TypePlace, "Eropa", 2},
	}
	for _, tt := range tests {
		e := find(ents, tt.typ, tt.name)
		if e == nil {
			t.Errorf("missing %s %q", tt.typ, tt.name)
			continue
		}
		if e.Count < tt.minCount {
			t.Errorf("%s %q: count %d, want >= %d", tt.typ, tt.name, e.Count, tt.minCount)
		}
	}

	// Titles are kept out of names.
	titleWords := []string{
		"Presiden", "Menteri", "Wakil", "Utusan", "Luar", "Negeri", "Gubernur", "Bupati", "Ketua",
		"Direktur", "Juru", "Pak", "Bu", "Mr", "Mrs", "Ms", "Dr", "President", "Minister",
		"Secretary", "Deputy", "General", "Foreign", "Shadow",
	}
	for _, e := range ents {
		if e.Type != article.TypePerson {
			continue
		}
		for _, w := range strings.Fields(e.Name) {
			for _, title := range titleWords {
				if strings.EqualFold(w, title) {
					t.Errorf("person %q contains the title word %q", e.Name, w)
				}
			}
		}
	}
	if n := countType(ents, article.TypePerson); n != 2 {
		t.Errorf("%d people, want exactly Rogozin and Tauscher", n)
	}

	// AS is an alias of Amerika Serikat in Indonesian text.
	as := find(ents, article.TypePlace, "Amerika Serikat")
	if as == nil || !hasMentionText(as, "AS") || !hasMentionText(as, "Amerika Serikat") {
		t.Errorf("Amerika Serikat should be mentioned as both %q and %q: %+v", "AS", "Amerika Serikat", as)
	}
	// The headline mentions both countries of "Rusia-Amerika Serikat".
	for _, name := range []string{"Rusia", "Amerika Serikat"} {
		if e := find(ents, article.TypePlace, name); e == nil || e.Mentions[0].Field != "headline" {
			t.Errorf("%q should be mentioned in the headline", name)
		}
	}
	// Capitalised common words, titles alone and generic acronyms are not entities.
	for _, e := range ents {
		switch e.Name {
		case "Perundingan", "Keputusan", "Presiden", "Utusan", "KTT", "Namun", "Rabu", "Selasa", "Mei", "Rusia-Amerika Serikat":
			t.Errorf("%s %q should not be an entity", e.Type, e.Name)
		}
	}
	// The most salient entities are the two countries the story is about.
	if len(ents) < 2 || ents[0].Name != "Rusia" || ents[1].Name != "Amerika Serikat" {
		t.Errorf("top entities %v, want Rusia then Amerika Serikat", names(ents[:min(3, len(ents))]))
	}
}

func TestTagBBC(t *testing.T) {
	raw, err := os.ReadFile(sharedtest.Path(t, "en-news-bbc/bbc/politics/001.txt"))
	if err != nil {
		t.Fatal(err)
	}
	headline, body, _ := strings.Cut(string(raw), "\n")
	a := &article.Article{Language: "en", Headline: strings.TrimSpace(headline), BodyText: strings.TrimSpace(body)}
	ents := baseline.New().Tag(a)
	checkWellFormed(t, a, ents)
	for _, e := range ents {
		t.Logf("%-4s %-32q count=%d salience=%.3f", e.Type, e.Name, e.Count, e.Salience)
	}
	for _, name := range []string{"Patricia Hewitt", "Gordon Brown", "Tony Blair", "Theresa May"} {
		if find(ents, article.TypePerson, name) == nil {
			t.Errorf("missing PER %q", name)
		}
	}
	if find(ents, article.TypeOrganisation, "British Chambers of Commerce") == nil &&
		find(ents, article.TypeOrganisation, "Liberal Democrats") == nil {
		t.Errorf("missing ORG British Chambers of Commerce or Liberal Democrats")
	}
	if e := find(ents, article.TypePerson, "Patricia Hewitt"); e != nil && e.Count < 4 {
		t.Errorf("Patricia Hewitt: count %d, want >= 4 (three \"Ms Hewitt\")", e.Count)
	}
	if len(ents) == 0 || ents[0].Name != "Patricia Hewitt" {
		t.Errorf("most salient %v, want Patricia Hewitt", names(ents[:min(1, len(ents))]))
	}
}

func TestTagEnglishSample(t *testing.T) {
	raw, err := os.ReadFile("testdata/en-missile-talks.txt")
	if err != nil {
		t.Fatal(err)
	}
	headline, body, _ := strings.Cut(string(raw), "\n")
	a := &article.Article{Language: "en", Headline: headline, BodyText: strings.TrimSpace(body)}
	ents := baseline.New().Tag(a)
	checkWellFormed(t, a, ents)

	want := []struct {
		typ, name string
		count     int
	}{
		{article.TypePerson, "Anders Fogh Rasmussen", 3}, // + "Mr Rasmussen", "Rasmussen said"
		{article.TypePerson, "Dmitry Rogozin", 2},
		{article.TypePerson, "Dmitry Medvedev", 1},
		{article.TypePerson, "Ellen Tauscher", 1},
		{article.TypePerson, "Sergei Ryabkov", 1},
		{article.TypeOrganisation, "NATO", 3},
		{article.TypeOrganisation, "RIA Novosti", 1},
		{article.TypeOrganisation, "State Department", 1},
		{article.TypeOrganisation, "International Institute for Strategic Studies", 1},
		{article.TypePlace, "Russia", 4},
		{article.TypePlace, "United States", 2}, // "United States", "U.S."
		{article.TypePlace, "Moscow", 1},
		{article.TypePlace, "Chicago", 1},
		{article.TypePlace, "Brussels", 1},
		{article.TypePlace, "Geneva", 1},
		{article.TypePlace, "London", 1},
	}
	for _, tt := range want {
		e := find(ents, tt.typ, tt.name)
		switch {
		case e == nil:
			t.Errorf("missing %s %q", tt.typ, tt.name)
		case e.Count != tt.count:
			t.Errorf("%s %q: count %d, want %d", tt.typ, tt.name, e.Count, tt.count)
		}
	}
	if n := countType(ents, article.TypePerson); n != 5 {
		t.Errorf("%d people, want 5: %v", n, names(ents))
	}
	for _, e := range ents {
		switch e.Name {
		case "May", "Tuesday", "Speaking", "Analysts", "We", "The", "Secretary General":
			t.Errorf("%s %q should not be an entity", e.Type, e.Name)
		}
	}
}

// TestTagSnippets pins down single rules on small texts.
func TestTagSnippets(t *testing.T) {
	type ent struct{ typ, name string }
	tests := []struct {
		name     string
		lang     string
		headline string
		body     string
		want     []ent // must be found
		notWant  []ent // must not be found
	}{
		{
			name:    "sentence-initial common word is not an entity",
			lang:    "id",
			body:    "Keputusan itu diambil di Jakarta. Pengamat menilai langkah itu tepat.",
			want:    []ent{{"LOC", "Jakarta"}},
			notWant: []ent{{"PER", "Keputusan"}, {"LOC", "Keputusan"}, {"PER", "Pengamat"}},
		},
		{
			name:    "sentence-initial English word is not an entity",
			lang:    "en",
			body:    "Other plans were announced in London. Further details will follow.",
			want:    []ent{{"LOC", "London"}},
			notWant: []ent{{"PER", "Other"}, {"PER", "Further"}},
		},
		{
			name: "inner connectors bin and al-",
			lang: "en",
			body: "Officials said Osama bin Laden had met Bashar al-Assad. Later bin Laden left.",
			want: []ent{{"PER", "Osama bin Laden"}, {"PER", "Bashar al-Assad"}},
		},
		{
			name:    "Indonesian title is kept out of the name",
			lang:    "id",
			body:    "Hal itu disampaikan Menteri Luar Negeri Retno Marsudi di Jakarta, Senin. Retno menambahkan bahwa ...",
			want:    []ent{{"PER", "Retno Marsudi"}, {"LOC", "Jakarta"}},
			notWant: []ent{{"PER", "Menteri Luar Negeri Retno Marsudi"}, {"PER", "Retno"}, {"PER", "Senin"}},
		},
		{
			name:    "Presiden AS: place then person",
			lang:    "id",
			body:    "Presiden AS Barack Obama tiba di Bali pada Kamis.",
			want:    []ent{{"LOC", "Amerika Serikat"}, {"PER", "Barack Obama"}, {"LOC", "Bali"}},
			notWant: []ent{{"PER", "Kamis"}},
		},
		{
			name:    "AS is not the United States in English",
			lang:    "en",
			body:    "He sat his AS exams in York.",
			notWant: []ent{{"LOC", "United States"}, {"LOC", "Amerika Serikat"}},
		},
		{
			name: "place head words and a province",
			lang: "id",
			body: "Banjir melanda Kabupaten Garut dan Kota Bandung di Provinsi Jawa Barat.",
			want: []ent{{"LOC", "Kabupaten Garut"}, {"LOC", "Bandung"}, {"LOC", "Jawa Barat"}},
		},
		{
			name: "place preposition makes an unknown word a place",
			lang: "id",
			body: "Ribuan warga di Cianjur mengungsi ke Sukanagara.",
			want: []ent{{"LOC", "Cianjur"}, {"LOC", "Sukanagara"}},
		},
		{
			name:    "organisation head words and a defined acronym",
			lang:    "id",
			body:    "Badan Meteorologi Klimatologi dan Geofisika (BMKG) memperingatkan warga. Kepala BMKG mengatakan hujan akan turun.",
			want:    []ent{{"ORG", "Badan Meteorologi Klimatologi dan Geofisika"}},
			notWant: []ent{{"ORG", "BMKG"}},
		},
		{
			name:    "English organisation with of and an event",
			lang:    "en",
			body:    "Mr Smith told the British Chambers of Commerce that the General Election was close.",
			want:    []ent{{"ORG", "British Chambers of Commerce"}, {"EVT", "General Election"}, {"PER", "Smith"}},
			notWant: []ent{{"PER", "Election"}},
		},
		{
			name:    "an ambiguous surname is not linked",
			lang:    "en",
			body:    "Gordon Brown and Sarah Brown arrived on Monday. Brown said nothing.",
			want:    []ent{{"PER", "Gordon Brown"}, {"PER", "Sarah Brown"}, {"PER", "Brown"}},
			notWant: []ent{{"PER", "Monday"}},
		},
		{
			name:     "Title Case headline tagged from the body only",
			lang:     "en",
			headline: "Rogozin Warns Allies Over Missile Talks",
			body:     "Russia's envoy Dmitry Rogozin said the talks had stalled. Rogozin said Moscow would wait.",
			want:     []ent{{"PER", "Dmitry Rogozin"}, {"LOC", "Russia"}, {"LOC", "Moscow"}},
			notWant:  []ent{{"PER", "Warns"}, {"PER", "Missile Talks"}, {"PER", "Allies"}, {"ORG", "Missile Talks"}},
		},
		{
			name: "other languages use the English rules and the gazetteer",
			lang: "de",
			body: "Bundeskanzlerin Angela Merkel traf am Montag in Berlin den Generalsekretär der NATO.",
			want: []ent{{"PER", "Angela Merkel"}, {"LOC", "Berlin"}, {"ORG", "NATO"}},
		},
		{
			name: "empty article",
			lang: "id",
		},
	}
	tg := baseline.New()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := &article.Article{Language: tt.lang, Headline: tt.headline, BodyText: tt.body}
			ents := tg.Tag(a)
			checkWellFormed(t, a, ents)
			for _, w := range tt.want {
				if find(ents, w.typ, w.name) == nil {
					t.Errorf("missing %s %q; got %v", w.typ, w.name, names(ents))
				}
			}
			for _, w := range tt.notWant {
				if find(ents, w.typ, w.name) != nil {
					t.Errorf("unexpected %s %q", w.typ, w.name)
				}
			}
		})
	}
}

func TestTagTitleCaseHeadlineMention(t *testing.T) {
	a := &article.Article{
		Language: "en",
		Headline: "Rogozin Warns Allies Over Missile Talks",
		BodyText: "Russia's envoy Dmitry Rogozin said the talks had stalled. Rogozin said Moscow would wait.",
	}
	e := find(baseline.New().Tag(a), article.TypePerson, "Dmitry Rogozin")
	if e == nil || e.Count != 3 || e.Mentions[0].Field != "headline" || e.Mentions[0].Text != "Rogozin" {
		t.Fatalf("Dmitry Rogozin should have a headline mention and 3 in all: %+v", e)
	}
}

func TestTagNilAndVersion(t *testing.T) {
	var tg baseline.Tagger // the zero value is usable
	if got := tg.Tag(nil); got != nil {
		t.Errorf("Tag(nil) = %v, want nil", got)
	}
	if got := tg.Tag(&article.Article{}); got != nil {
		t.Errorf("Tag(empty) = %v, want nil", got)
	}
	if v := tg.Version(); v != "baseline-1" || baseline.Version != "baseline-1" {
		t.Errorf("Version() = %q", v)
	}
}

func TestTagDoesNotModifyArticle(t *testing.T) {
	a := seedArticle(t)
	before := *a
	baseline.New().Tag(a)
	if !reflect.DeepEqual(before, *a) {
		t.Error("Tag modified the article")
	}
}

func TestTagConcurrent(t *testing.T) {
	a := seedArticle(t)
	tg := baseline.New()
	want := tg.Tag(a)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 10 {
				if got := tg.Tag(a); !reflect.DeepEqual(got, want) {
					t.Error("concurrent Tag gave a different result")
					return
				}
			}
		})
	}
	wg.Wait()
}

func TestApplySeed(t *testing.T) {
	a := seedArticle(t)
	tagger.Apply(baseline.New(), a)
	if a.TaggerVersion != "baseline-1" {
		t.Errorf("TaggerVersion = %q", a.TaggerVersion)
	}
	if want := []string{"Dmitry Rogozin", "Ellen Tauscher"}; !reflect.DeepEqual(a.People, want) {
		t.Errorf("People = %q, want %q", a.People, want)
	}
	if len(a.Places) == 0 || a.Places[0] != "Rusia" {
		t.Errorf("Places = %q, want Rusia first", a.Places)
	}
	if len(a.Organisations) == 0 || a.Organisations[0] != "NATO" {
		t.Errorf("Organisations = %q, want NATO first", a.Organisations)
	}
}

func FuzzTag(f *testing.F) {
	raw, err := os.ReadFile("testdata/antara-2011-missile-defence-talks.txt")
	if err != nil {
		f.Fatal(err)
	}
	en, err := os.ReadFile("testdata/en-missile-talks.txt")
	if err != nil {
		f.Fatal(err)
	}
	f.Add("id", "Perundingan pertahanan rudal antara Rusia-Amerika Serikat mengalami kebuntuan", string(raw))
	f.Add("en", "NATO chief urges Russia", string(en))
	f.Add("de", "", "Angela Merkel (CDU) in Berlin")
	f.Add("id", "", "Komisi (KPK) ( ) al- bin - \"“ U.S. Mr. A. B. C.")
	f.Add("", "\xff\xfe", "É\u0301 ’s 's -- Rusia-\n\nAS (X)")
	f.Add("en", "ALL CAPS HEADLINE ABOUT NATO", "Dr. W. Smith of the Bank of A and B for C & D said.")
	tg := baseline.New()
	f.Fuzz(func(t *testing.T, lang, headline, body string) {
		a := &article.Article{Language: lang, Headline: headline, BodyText: body}
		checkWellFormed(t, a, tg.Tag(a))
	})
}

func countType(ents []article.Entity, typ string) int {
	n := 0
	for _, e := range ents {
		if e.Type == typ {
			n++
		}
	}
	return n
}

func hasMentionText(e *article.Entity, text string) bool {
	for _, m := range e.Mentions {
		if m.Text == text {
			return true
		}
	}
	return false
}

func names(ents []article.Entity) []string {
	out := make([]string, len(ents))
	for i, e := range ents {
		out[i] = e.Type + ":" + e.Name
	}
	return out
}
