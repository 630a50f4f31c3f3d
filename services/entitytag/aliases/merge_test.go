package aliases

import (
	"reflect"
	"strings"
	"testing"

	"github.com/newsroom-pipeline/newsroom/pkg/article"
)

func testTable(t *testing.T) *Table {
	t.Helper()
	entries, err := Parse(strings.NewReader("# lang\tcanonical\talias\ttype\tevidence\n" +
		"id\tKomisi Pemberantasan Korupsi\tKPK\tORG\tmined: 74 stories\n" +
		"id\tJoko Widodo\tJokowi\tPER\tmined: 18 stories\n" +
		"id\tBadan Reserse Kriminal\tBareskrim\tORG\tmined: 3 stories\n" +
		"*\tPerserikatan Bangsa-Bangsa\tPBB\t-\tcurated\n"))
	if err != nil {
		t.Fatal(err)
	}
	return New(entries)
}

func TestParseRejectsBadLines(t *testing.T) {
	for _, in := range []string{"id\tKPK\n", "id\tKomisi\tKPK\n", "id\tKPK\tKPK\tORG\tself\n", "\tKomisi\tKPK\tORG\n", "id\tKomisi\tKPK\tCOMPANY\n"} {
		if _, err := Parse(strings.NewReader(in)); err == nil {
			t.Errorf("Parse(%q) accepted a bad line", in)
		}
	}
}

func TestTableLookupIsPerLanguage(t *testing.T) {
	tb := testTable(t)
	if c, ok := tb.Canonical("id", "KPK"); !ok || c != "Komisi Pemberantasan Korupsi" {
		t.Errorf("Canonical(id, KPK) = %q, %v", c, ok)
	}
	if _, ok := tb.Canonical("en", "KPK"); ok {
		t.Error("an Indonesian alias applied to an English story")
	}
	if c, _ := tb.Canonical("en", "PBB"); c != "Perserikatan Bangsa-Bangsa" {
		t.Errorf("a * entry did not apply to every language: %q", c)
	}
	if got := tb.Aliases("id", "Joko Widodo"); !reflect.DeepEqual(got, []string{"Jokowi"}) {
		t.Errorf("Aliases = %v", got)
	}
	if strings.Count(tb.Version(), "-") != 1 || tb.Version() == New(nil).Version() {
		t.Errorf("version %q does not depend on the entries", tb.Version())
	}
}

func mention(field string, start int, text string) article.Mention {
	return article.Mention{Field: field, Start: start, End: start + len(text), Text: text}
}

func TestCanonicalizeMergesAliases(t *testing.T) {
	a := &article.Article{Language: "id", Headline: "KPK periksa Jokowi",
		BodyText: "Komisi Pemberantasan Korupsi memeriksa Presiden Joko Widodo. Jokowi datang ke Jakarta."}
	ents := []article.Entity{
		{Name: "KPK", Type: "LOC", Count: 1, Salience: 0.9, Mentions: []article.Mention{mention("headline", 0, "KPK")}},
		{Name: "Jokowi", Type: "PER", Count: 2, Salience: 0.5},
		{Name: "Komisi Pemberantasan Korupsi", Type: "ORG", Count: 1, Salience: 0.4,
			Mentions: []article.Mention{mention("body_text", 0, "Komisi Pemberantasan Korupsi")}},
		{Name: "Joko Widodo", Type: "PER", Count: 1, Salience: 0.6},
		{Name: "Jakarta", Type: "LOC", Count: 1, Salience: 0.2},
	}
	got := testTable(t).Canonicalize(a, ents)
	want := []article.Entity{
		// The full name's type wins over the short form's mistake.
		{Name: "Komisi Pemberantasan Korupsi", Type: "ORG", Aliases: []string{"KPK"}, Count: 2, Salience: 0.9,
			Mentions: []article.Mention{mention("body_text", 0, "Komisi Pemberantasan Korupsi"), mention("headline", 0, "KPK")}},
		{Name: "Joko Widodo", Type: "PER", Aliases: []string{"Jokowi"}, Count: 3, Salience: 0.6},
		{Name: "Jakarta", Type: "LOC", Count: 1, Salience: 0.2},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Canonicalize:\n got %+v\nwant %+v", got, want)
	}
}

func TestCanonicalizeStoryPairs(t *testing.T) {
	// A short form the table does not know is filed under the story's full
	// name.
	a := &article.Article{Language: "id", BodyText: "Badan Pusat Statistik (BPS) mencatat inflasi. BPS juga mencatat ekspor."}
	ents := []article.Entity{{Name: "Badan Pusat Statistik", Type: "ORG", Count: 1}, {Name: "BPS", Type: "ORG", Count: 1}}
	want := []article.Entity{{Name: "Badan Pusat Statistik", Type: "ORG", Aliases: []string{"BPS"}, Count: 2}}
	if got := testTable(t).Canonicalize(a, ents); !reflect.DeepEqual(got, want) {
		t.Errorf("unknown short form: got %+v\nwant %+v", got, want)
	}
	// A known short form keeps the table's name; the story's variant of the
	// full name becomes an alias.
	a = &article.Article{Language: "id", BodyText: "Komisi Pemberantas Korupsi (KPK) memeriksa saksi."}
	ents = []article.Entity{{Name: "Komisi Pemberantas Korupsi", Type: "ORG", Count: 1}, {Name: "KPK", Type: "ORG", Count: 1}}
	want = []article.Entity{{Name: "Komisi Pemberantasan Korupsi", Type: "ORG", Aliases: []string{"KPK", "Komisi Pemberantas Korupsi"}, Count: 2}}
	if got := testTable(t).Canonicalize(a, ents); !reflect.DeepEqual(got, want) {
		t.Errorf("variant of a known full name: got %+v\nwant %+v", got, want)
	}
}

func TestCanonicalizeStoryMeaningWins(t *testing.T) {
	// The story introduces KPK as something else than the table says: in
	// this story the short form is the story's, and the table's own full
	// name does not become an alias.
	a := &article.Article{Language: "id", BodyText: "Komite Pengawas Keuangan (KPK) bersidang. KPK menolak."}
	ents := []article.Entity{{Name: "Komite Pengawas Keuangan", Type: "ORG", Count: 1}, {Name: "KPK", Type: "ORG", Count: 1}}
	got := testTable(t).Canonicalize(a, ents)
	want := []article.Entity{{Name: "Komite Pengawas Keuangan", Type: "ORG", Aliases: []string{"KPK"}, Count: 2}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
}

func TestCanonicalizeAddsTableAliasesToFullNames(t *testing.T) {
	// A story that only writes the full name still carries the short form,
	// so that a search for "KPK" finds it.
	a := &article.Article{Language: "id", BodyText: "Komisi Pemberantasan Korupsi memeriksa saksi."}
	got := testTable(t).Canonicalize(a, []article.Entity{{Name: "Komisi Pemberantasan Korupsi", Type: "ORG", Count: 1}})
	if len(got) != 1 || !reflect.DeepEqual(got[0].Aliases, []string{"KPK"}) {
		t.Errorf("got %+v", got)
	}
}

func TestCanonicalizeKeepsSameNameOfOtherType(t *testing.T) {
	// "Jakarta" the city and "Jakarta" a club are the tagger's choice; only
	// renamed entities change type.
	a := &article.Article{Language: "id"}
	ents := []article.Entity{{Name: "Jakarta", Type: "LOC", Count: 2}, {Name: "Jakarta", Type: "ORG", Count: 1}}
	got := testTable(t).Canonicalize(a, ents)
	if !reflect.DeepEqual(got, ents) {
		t.Errorf("got %+v", got)
	}
}

func TestCanonicalizeTakesTheTableTypeWithoutTheFullName(t *testing.T) {
	// The story writes only the short form, and the tagger took it for a
	// person: the table knows the organisation.
	a := &article.Article{Language: "id", BodyText: "Bareskrim memeriksa saksi."}
	got := testTable(t).Canonicalize(a, []article.Entity{{Name: "Bareskrim", Type: "PER", Count: 1}})
	want := []article.Entity{{Name: "Badan Reserse Kriminal", Type: "ORG", Aliases: []string{"Bareskrim"}, Count: 1}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
}

// AcronymType trusts curated entries and pairs mined from at least three
// stories, and only when the entity's type is known.
func TestAcronymType(t *testing.T) {
	tb := New([]Entry{
		{Lang: "id", Canonical: "Mahkamah Konstitusi", Alias: "MK", Type: "ORG", Evidence: "mined: 14 stories"},
		{Lang: "id", Canonical: "Dewan Pertimbangan Pegawai", Alias: "DPP", Type: "ORG", Evidence: "mined: 2 stories"},
		{Lang: "id", Canonical: "Video Assistant Referee", Alias: "VAR", Type: "ORG", Evidence: "mined: 3 stories of 5"},
		{Lang: "id", Canonical: "Otoritas Jasa Keuangan", Alias: "OJK", Type: "", Evidence: "mined: 10 stories"},
		{Lang: "*", Canonical: "United Nations", Alias: "UN", Type: "ORG", Evidence: "curated: hand-checked"},
	})
	for _, c := range []struct{ lang, alias, want string }{
		{"id", "MK", "ORG"},
		{"id", "DPP", ""}, // two stories: not trusted
		{"id", "VAR", "ORG"},
		{"id", "OJK", ""}, // type unknown
		{"en", "MK", ""},  // other language
		{"en", "UN", "ORG"},
		{"id", "KPK", ""},
	} {
		if got := tb.AcronymType(c.lang, c.alias); got != c.want {
			t.Errorf("AcronymType(%s, %s) = %q, want %q", c.lang, c.alias, got, c.want)
		}
	}
	if c, ok := tb.Canonical("id", "DPP"); !ok || c != "Dewan Pertimbangan Pegawai" {
		t.Errorf("DPP stays in the alias table (%q, %v)", c, ok)
	}
}
