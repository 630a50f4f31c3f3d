package wire

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/newsroom-pipeline/newsroom/pkg/article"
	"github.com/newsroom-pipeline/newsroom/pkg/format"
	"github.com/newsroom-pipeline/newsroom/pkg/sharedtest"
)

// feedFixture is a feed file with its expected split: how many documents,
// and which of them Parse rejects (index -> part of the reason). Every
// other document must parse.
type feedFixture struct {
	path    string // under ../shared/data, or "testdata/..." in the repository
	format  string
	docs    int
	rejects map[int]string
}

var feedFixtures = []feedFixture{
	{"wire/rss-feeds/heise.atom", format.Atom, 15, nil},
	{"wire/rss-feeds/uolNoticias.rss", format.RSS, 15, nil},
	{"wire/superdesk-fixtures/wenn.xml", format.Atom, 2, nil},
	{"wire/superdesk-fixtures/wordpress_wxr.xml", format.RSS, 5, map[int]string{
		3: `WordPress post 8 "test4" has no text: its content is empty or only media`,
		4: `WordPress post 9 "test5" has no text: its content is empty or only media`,
	}},
	{"wire/superdesk-fixtures/wordpress_wxr_thumb.xml", format.RSS, 2, map[int]string{
		0: `WordPress attachment "test" (post 333, https://toto.invalid/attachment.jpg) is a media file, not a story`,
	}},
	{"wire/superdesk-fixtures/wordpress_wxr_funke.xml", format.RSS, 1, nil},
	{"testdata/feeds/antara-sample.rss", format.RSS, 3, nil},
}

// feedPath resolves a fixture path: repository test data as is, shared
// data through sharedtest (which skips without ../shared).
func feedPath(t testing.TB, p string) string {
	if strings.HasPrefix(p, "testdata/") {
		return p
	}
	return sharedtest.Path(t, p)
}

// feedDoc splits a fixture and parses its document i.
func feedDoc(t *testing.T, path, formatName string, i int) (*article.Article, error) {
	t.Helper()
	docs, err := Split(formatName, readFile(t, feedPath(t, path)))
	if err != nil {
		t.Fatalf("Split: %v", err)
	}
	if i >= len(docs) {
		t.Fatalf("document %d of %d", i, len(docs))
	}
	return Parse(formatName, "", docs[i])
}

// TestFeedsSplitAndParseAll splits every feed fixture and parses every
// document: story items must normalize well formed, the others must be
// rejected with the expected reason.
func TestFeedsSplitAndParseAll(t *testing.T) {
	for _, fx := range feedFixtures {
		t.Run(filepath.Base(fx.path), func(t *testing.T) {
			raw := readFile(t, feedPath(t, fx.path))
			if got := format.Detect("", raw); got != fx.format {
				t.Errorf("format.Detect = %q, want %q", got, fx.format)
			}
			docs, err := Split(fx.format, raw)
			if err != nil {
				t.Fatalf("Split: %v", err)
			}
			if len(docs) != fx.docs {
				t.Fatalf("Split gave %d documents, want %d", len(docs), fx.docs)
			}
			ids := map[string]int{}
			for i, doc := range docs {
				a, err := Parse(fx.format, "", doc)
				if want, reject := fx.rejects[i]; reject {
					if err == nil || err.Error() != want {
						t.Errorf("document %d: error %v, want %q", i, err, want)
					}
					continue
				}
				if err != nil {
					t.Errorf("document %d: %v", i, err)
					continue
				}
				if msg := wellFormed(a, fx.format); msg != "" {
					t.Errorf("document %d: %s", i, msg)
				}
				if a.Headline == "" || a.URI == "" || a.VersionCreated == nil {
					t.Errorf("document %d: headline %q, uri %q, versioncreated %v: want all three", i, a.Headline, a.URI, a.VersionCreated)
				}
				if j, dup := ids[a.URI]; dup {
					t.Errorf("documents %d and %d share uri %q", j, i, a.URI)
				}
				ids[a.URI] = i
			}
		})
	}
}

// feedAt checks a date field against an RFC 3339 UTC value ("" for nil).
func feedAt(name string, got func(a *article.Article) *time.Time, want string) check {
	return check{name, func(a *article.Article) string {
		g := ""
		if t := got(a); t != nil {
			g = t.Format(time.RFC3339)
		}
		if g != want {
			return fmt.Sprintf("got %q, want %q", g, want)
		}
		return ""
	}}
}

func TestFeedItems(t *testing.T) {
	uri := func(a *article.Article) any { return a.URI }
	headline := func(a *article.Article) any { return a.Headline }
	body := func(a *article.Article) string { return a.BodyText }
	lang := func(a *article.Article) any { return a.Language }
	byline := func(a *article.Article) any { return a.Byline }
	subjects := func(a *article.Article) any {
		var names []string
		for _, s := range a.Subject {
			names = append(names, s.Name)
		}
		return strings.Join(names, "|")
	}
	vc := func(a *article.Article) *time.Time { return a.VersionCreated }
	fc := func(a *article.Article) *time.Time { return a.FirstCreated }
	status := func(a *article.Article) any { return a.PubStatus }

	tests := []struct {
		path   string
		format string
		index  int
		checks []check
	}{
		{"wire/rss-feeds/heise.atom", format.Atom, 0, []check{
			field("uri", uri, "http://heise.de/-3088438"),
			field("headline", headline, "Java-Anwendungsserver: Red Hat gibt WildFly 10 frei"),
			prefix("body", body, "Die nun verfügbare Version 10 des Enterprise-Java-Servers stellt die Basis"),
			contains("body", body, "WildFly 10", false), // the image's alt text is not text
			feedAt("versioncreated", vc, "2016-02-01T16:54:50Z"),
			feedAt("firstcreated", fc, "2016-02-01T16:22:00Z"),
			field("byline", byline, "heise online"), // the feed's author, inherited
			field("language", lang, "de"),           // detected: the feed has no xml:lang
		}},
		{"wire/rss-feeds/heise.atom", format.Atom, 13, []check{
			field("uri", uri, "http://heise.de/-3086504"),
			field("headline", headline, "C# 7 – Stand der Dinge und Ausblick"),
			prefix("body", body, "Ein Blick auf die möglichen Neuerungen für C# 7"),
			feedAt("versioncreated", vc, "2016-01-29T09:33:20Z"),
			feedAt("firstcreated", fc, "2016-01-29T08:00:00Z"),
		}},
		{"wire/rss-feeds/uolNoticias.rss", format.RSS, 0, []check{
			field("uri", uri, "https://noticias.uol.com.br/politica/eleicoes/2018/noticias/2018/09/24/ibope-bolsonaro-perde-de-haddad-ciro-e-alckmin-em-simulacoes-de-2-turno.htm"),
			field("headline", headline, "Ibope: Bolsonaro perde de Haddad, Ciro e Alckmin em simulações de 2º turno"),
			prefix("body", body, "Líder na pesquisa Ibope de intenção de voto"),
			feedAt("versioncreated", vc, "2018-09-24T22:42:40Z"), // "Seg, 24 Set 2018 19:42:40 -0300"
			field("language", lang, "pt"),
		}},
		{"wire/rss-feeds/uolNoticias.rss", format.RSS, 1, []check{ // a title and a link only
			field("headline", headline, "Promotoria abre inquérito para apurar suspeita de improbidade de Skaf no Sebrae-SP"),
			field("body", func(a *article.Article) any { return a.BodyText }, ""),
			feedAt("versioncreated", vc, "2018-09-24T22:38:00Z"),
		}},
		{"wire/rss-feeds/uolNoticias.rss", format.RSS, 4, []check{
			field("headline", headline, "Rival de Putin é condenado a mais 20 dias de prisão"),
			prefix("body", body, "MOSCOU, 24 SET (ANSA) - O líder de oposição russo Alexei Navalny"),
			field("language", lang, "pt"),
		}},
		{"wire/superdesk-fixtures/wenn.xml", format.Atom, 0, []check{
			field("uri", uri, "urn:feed-wenn-com:article:1369426"),
			field("headline", headline, "Suge Knight involved in fatal hit and run incident"),
			prefix("body", body, "Police officials in Los Angeles are investigating a fatal hit and run incident involving rap mogul SUGE KNIGHT on Thursday (29Jan15).\n\nThe embattled hip-hop mogul's lawyer"),
			contains("body", body, "This is body content1.", false),
			contains("body", body, "\n\nMeanwhile, TMZ.com reports", true),
			feedAt("versioncreated", vc, "2015-01-30T02:40:56Z"),
			feedAt("firstcreated", fc, "2015-01-30T00:33:06Z"),
			field("slugline", func(a *article.Article) any { return a.Slugline }, "KL&TD/WNWCZM/RL"),
			field("subjects", subjects, "Music|Showbiz Music|Urban"),
			field("byline", byline, "WENN Newsdesk"),
			field("language", lang, "en"),
		}},
		{"wire/superdesk-fixtures/wenn.xml", format.Atom, 1, []check{
			field("uri", uri, "urn:feed-wenn-com:article:1369417"),
			field("headline", headline, "Jagged Edge singer Kyle Norman arrested over domestic assault"),
			prefix("body", body, "JAGGED EDGE singer KYLE NORMAN has been arrested"),
			feedAt("versioncreated", vc, "2015-01-29T22:20:11Z"),
		}},
		{"wire/superdesk-fixtures/wordpress_wxr.xml", format.RSS, 0, []check{
			field("uri", uri, "http://sdnewtester.org/?p=216"),
			field("headline", headline, "Starafrica to dispose assets for $6 million to clear debt"),
			// WordPress line breaks are kept as paragraph breaks.
			prefix("body", body, "By Tester\n\nHarare, July 19 (The SDNewTester) - Cash-strapped StarAfrica Corporation"),
			feedAt("versioncreated", vc, "2013-07-29T16:03:54Z"),
			feedAt("firstcreated", fc, "2013-07-29T16:03:54Z"),
			field("byline", byline, "admin"), // the admin author has no first or last name
			field("subjects", subjects, "Business|Companies|Economy"),
			field("language", lang, "en"),
			field("pubstatus", status, article.PubStatusUsable),
		}},
		{"wire/superdesk-fixtures/wordpress_wxr.xml", format.RSS, 1, []check{
			field("uri", uri, "http://sdnewtester.org/?p=test2"),
			field("headline", headline, "test2"),
			contains("body", body, "<hr>", false),
			field("pubstatus", status, article.PubStatusUsable), // wp:status inherit
		}},
		{"wire/superdesk-fixtures/wordpress_wxr_thumb.xml", format.RSS, 1, []check{
			field("uri", uri, "https://main.toto.invalid"),
			field("headline", headline, "test post"),
			field("body", func(a *article.Article) any { return a.BodyText }, "toto"),
			field("byline", byline, "toto"),
		}},
		{"wire/superdesk-fixtures/wordpress_wxr_funke.xml", format.RSS, 0, []check{
			field("uri", uri, "https://funkygames.de/?p=6277"),
			field("headline", headline, "Löst einen Mord in Mysterium Secrets & Lies"),
			prefix("body", body, "Mysterium Secrets & Lies von Asmodee Digital ist eine spannende App"),
			contains("body", body, "\n\nMysterium Secrets & Lies ist herausfordernd\n\nNach der Installation", true),
			contains("body", body, "[", false), // [dropcap]M[/dropcap], [contact_form]
			contains("body", body, "\n\nSpannende Handlung\n\nEinfache Steuerung\n\n", true),
			feedAt("versioncreated", vc, "2017-12-02T15:43:50Z"),
			field("byline", byline, "Marion"),
			field("subjects", subjects, "Android Apps|Asmodee Digital|iOS Apps|Mysterium|Mysterium Secrets & Lies|Spiele Apps|sub_feature"),
			field("language", lang, "de"),
		}},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s/%d", filepath.Base(tt.path), tt.index), func(t *testing.T) {
			a, err := feedDoc(t, tt.path, tt.format, tt.index)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range tt.checks {
				if msg := c.fn(a); msg != "" {
					t.Errorf("%s: %s", c.name, msg)
				}
			}
		})
	}
}

// TestAntaraSample checks the committed sample feed the end-to-end test
// publishes.
func TestAntaraSample(t *testing.T) {
	raw := readFile(t, "testdata/feeds/antara-sample.rss")
	docs, err := Split(format.RSS, raw)
	if err != nil || len(docs) != 3 {
		t.Fatalf("Split: %d documents, %v; want 3", len(docs), err)
	}
	want := []struct {
		uri, headline, body, byline, subjects, date string
	}{
		{"antara-sample-1001", "Petani Karawang mulai panen raya padi musim gadu",
			"Karawang (ANTARA) - Petani di Kabupaten Karawang", "", "Ekonomi", "2025-07-07T01:15:00Z"},
		{"antara-sample-1002", "Kereta cepat tambah jadwal perjalanan selama libur sekolah",
			"Jakarta (ANTARA) - Operator kereta cepat Jakarta-Bandung menambah delapan jadwal", "Budi Santoso", "Transportasi", "2025-07-07T03:30:00Z"},
		{"antara-sample-1003", "Festival budaya Toraja menarik ribuan wisatawan",
			"Makassar (ANTARA) - Festival budaya", "Rina Wulandari", "Wisata|Budaya", "2025-07-06T12:45:00Z"},
	}
	for i, doc := range docs {
		a, err := Parse(format.RSS, "application/rss+xml", doc)
		if err != nil {
			t.Fatalf("item %d: %v", i, err)
		}
		w := want[i]
		var subs []string
		for _, s := range a.Subject {
			subs = append(subs, s.Name)
		}
		date := ""
		if a.VersionCreated != nil {
			date = a.VersionCreated.Format(time.RFC3339)
		}
		if a.URI != w.uri || a.Headline != w.headline || !strings.HasPrefix(a.BodyText, w.body) ||
			a.Byline != w.byline || strings.Join(subs, "|") != w.subjects || date != w.date || a.Language != "id" {
			t.Errorf("item %d: got uri %q headline %q body %.60q byline %q subjects %v date %s language %q",
				i, a.URI, a.Headline, a.BodyText, a.Byline, subs, date, a.Language)
		}
		if !strings.Contains(a.BodyText, "\n\n") {
			t.Errorf("item %d: body has one paragraph, want several", i)
		}
	}
	// The fullest text wins: content:encoded over the one-line description.
	a, _ := Parse(format.RSS, "", docs[1])
	if !strings.Contains(a.BodyText, "Penumpang diimbau") {
		t.Errorf("item 1 body is the description, not content:encoded: %q", a.BodyText)
	}
	// Entities in CDATA HTML are decoded.
	a, _ = Parse(format.RSS, "", docs[2])
	if !strings.Contains(a.BodyText, "hampir penuh & berharap") {
		t.Errorf("item 2 body: %q", a.BodyText)
	}
}

// TestFeedInline covers feed variants the fixtures lack.
func TestFeedInline(t *testing.T) {
	tests := []struct {
		name, format, ct, src string
		want                  feedWant
		err                   string // a reason, instead
	}{
		{"rss 1.0 rdf", format.RSS, "",
			`<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">` +
				`<channel rdf:about="x"><title>T</title><dc:language>nl-BE</dc:language><items><rdf:Seq><rdf:li rdf:resource="http://e.x/1"/></rdf:Seq></items></channel>` +
				`<item rdf:about="http://e.x/1"><title>Kop &amp;amp; staart</title><link>http://e.x/1</link><description>Eerste alinea.</description><dc:date>2020-03-04T05:06:07+01:00</dc:date><dc:creator>An</dc:creator><dc:creator>Bo</dc:creator></item></rdf:RDF>`,
			feedWant{"http://e.x/1", "Kop & staart", "Eerste alinea.", "nl", "An, Bo", "2020-03-04T04:06:07Z", "usable", ""}, ""},
		{"rss author email, named zone", format.RSS, "",
			`<rss version="2.0"><channel><language>en-us</language><item><title>A &lt;b&gt;bold&lt;/b&gt; title</title><guid>g1</guid><author>jo@e.x (Jo Doe)</author>` +
				`<pubDate>Tue, 3 Jun 2008 11:05:30 GMT+7</pubDate><description>Line one.&lt;br/&gt;Line two.</description></item></channel></rss>`,
			feedWant{"g1", "A bold title", "Line one.\n\nLine two.", "en", "Jo Doe", "2008-06-03T04:05:30Z", "usable", ""}, ""},
		{"latin-1 by content type", format.RSS, "application/rss+xml; charset=iso-8859-1",
			"<rss><channel><item><title>Caf\xe9</title><link>http://e.x/c</link><description>Ol\xe1 mundo.</description></item></channel></rss>",
			feedWant{"http://e.x/c", "Café", "Olá mundo.", "", "", "", "usable", ""}, ""},
		{"undeclared latin-1", format.RSS, "",
			"<rss><channel><item><title>Ma\xe7\xe3</title><guid>m</guid></item></channel></rss>",
			feedWant{"m", "Maçã", "", "", "", "", "usable", ""}, ""},
		{"declared latin-1", format.RSS, "",
			"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss><channel><item><title>S\xe3o Paulo</title><guid>s</guid></item></channel></rss>",
			feedWant{"s", "São Paulo", "", "", "", "", "usable", ""}, ""},
		{"utf-8 labelled latin-1", format.RSS, "application/rss+xml; charset=iso-8859-1",
			"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss><channel><item><title>S\u00e3o Paulo</title><guid>u</guid></item></channel></rss>",
			feedWant{"u", "São Paulo", "", "", "", "", "usable", ""}, ""},
		{"double-encoded utf-8", format.RSS, "",
			"<rss><channel><item><title>It\u00e2\u20ac\u2122s \u00c2\u00a34</title><guid>d</guid></item></channel></rss>",
			feedWant{"d", "It’s £4", "", "", "", "", "usable", ""}, ""},
		{"self-closed iframe", format.RSS, "",
			`<rss><channel><item><title>V</title><guid>v</guid><description><![CDATA[<p>Before.</p><iframe src="x"/><p>After.</p>]]></description></item></channel></rss>`,
			feedWant{"v", "V", "Before.\n\nAfter.", "", "", "", "usable", ""}, ""},
		{"raw xhtml in description", format.RSS, "",
			`<rss><channel><item><title>X</title><guid>x</guid><description><p>One &amp; only.</p><p>Two.</p></description></item></channel></rss>`,
			feedWant{"x", "X", "One & only.\n\nTwo.", "", "", "", "usable", ""}, ""},
		{"atom xhtml content, entry root", format.Atom, "",
			`<entry xmlns="http://www.w3.org/2005/Atom" xml:lang="fr-CA"><id>tag:e.x,2020:1</id><title type="html">Le &lt;em&gt;titre&lt;/em&gt;</title>` +
				`<updated>2020-01-02T03:04:05Z</updated><author><name>Zoé</name></author><summary>Court.</summary>` +
				`<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Premier &lt;paragraphe&gt;.</p><p>Second.</p></div></content></entry>`,
			feedWant{"tag:e.x,2020:1", "Le titre", "Premier <paragraphe>.\n\nSecond.", "fr", "Zoé", "2020-01-02T03:04:05Z", "usable", ""}, ""},
		{"atom out-of-line content", format.Atom, "",
			`<feed xmlns="http://www.w3.org/2005/Atom"><entry><link rel="alternate" href="http://e.x/a"/><title>T</title><content src="http://e.x/a.mp4" type="video/mp4"/><published>2020-01-02T03:04:05+02:00</published></entry></feed>`,
			feedWant{"http://e.x/a", "T", "", "", "", "2020-01-02T01:04:05Z", "usable", ""}, ""},
		{"wxr draft", format.RSS, "",
			`<rss xmlns:wp="http://wordpress.org/export/1.2/" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><link>http://b.x/</link><item><title>D</title><content:encoded>Draft text.</content:encoded>` +
				`<pubDate>Mon, 30 Nov -0001 00:00:00 +0000</pubDate><wp:post_id>7</wp:post_id><wp:post_date_gmt>0000-00-00 00:00:00</wp:post_date_gmt><wp:status>draft</wp:status><wp:post_type>post</wp:post_type></item></channel></rss>`,
			feedWant{"http://b.x/?p=7", "D", "Draft text.", "", "", "", "withheld", ""}, ""},
		{"wxr scheduled", format.RSS, "",
			`<rss xmlns:wp="http://wordpress.org/export/1.2/" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><item><title>F</title><guid>f</guid><content:encoded>Later.</content:encoded>` +
				`<wp:post_date_gmt>2030-05-06 07:08:09</wp:post_date_gmt><wp:status>future</wp:status><wp:post_type>post</wp:post_type></item></channel></rss>`,
			feedWant{"f", "F", "Later.", "", "", "2030-05-06T07:08:09Z", "usable", "2030-05-06T07:08:09Z"}, ""},
		{"wxr trash", format.RSS, "",
			`<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><item><title>G</title><guid>g</guid><description>Gone.</description><wp:status>trash</wp:status><wp:post_type>page</wp:post_type></item></channel></rss>`,
			feedWant{"g", "G", "Gone.", "", "", "", "canceled", ""}, ""},
		{"wxr menu item", format.RSS, "",
			`<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><item><title>Home</title><wp:post_id>3</wp:post_id><wp:post_type>nav_menu_item</wp:post_type></item></channel></rss>`,
			feedWant{}, "WordPress nav_menu_item item (post 3) is site machinery, not a story"},
		{"rss empty item", format.RSS, "",
			`<rss><channel><item><guid>e</guid><description>  </description></item></channel></rss>`,
			feedWant{}, `RSS item "e" has neither a title nor text`},
		{"rss without items", format.RSS, "",
			`<rss><channel><title>Empty</title></channel></rss>`,
			feedWant{}, "RSS feed has no <item>"},
		{"not rss", format.RSS, "",
			`<html><body>x</body></html>`,
			feedWant{}, "RSS document's root element is <html>, not <rss> or <rdf:RDF>"},
		{"not atom", format.Atom, "",
			`<rss/>`,
			feedWant{}, "Atom document's root element is <rss>, not <feed> or <entry>"},
		{"atom entry without text", format.Atom, "",
			`<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>i</id></entry></feed>`,
			feedWant{}, `Atom entry "i" has neither a title nor text`},
		{"truncated", format.RSS, "",
			`<rss><channel><item><title>T</title>`,
			feedWant{}, "malformed RSS XML"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Parse(tt.format, tt.ct, []byte(tt.src))
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			date := func(t *time.Time) string {
				if t == nil {
					return ""
				}
				return t.Format(time.RFC3339)
			}
			got := feedWant{a.URI, a.Headline, a.BodyText, a.Language, a.Byline, date(a.VersionCreated), a.PubStatus, date(a.Embargoed)}
			if tt.want.lang == "" {
				got.lang = "" // too little text to detect reliably: not checked
			}
			if got != tt.want {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

// feedWant is what TestFeedInline checks; dates are RFC 3339 in UTC.
type feedWant struct {
	uri, headline, body, lang, byline, versionCreated, pubStatus, embargoed string
}

func TestSplitFeedErrors(t *testing.T) {
	if _, err := Split(format.RSS, []byte(`<rss><channel><title>x</title></channel></rss>`)); err == nil || err.Error() != "RSS feed has no <item> elements" {
		t.Errorf("feed without items: %v", err)
	}
	if _, err := Split(format.Atom, []byte(`<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title></feed>`)); err == nil || err.Error() != "Atom feed has no <entry> elements" {
		t.Errorf("feed without entries: %v", err)
	}
	docs, err := Split(format.Atom, []byte(`<entry xmlns="http://www.w3.org/2005/Atom"><title>x</title></entry>`))
	if err != nil || len(docs) != 1 {
		t.Errorf("single entry: %d documents, %v", len(docs), err)
	}
	// Latin-1 bytes without a declaration (the UOL case) do not stop the split.
	docs, err = Split(format.RSS, []byte("<rss><channel><item><title>\xe9</title></item><item><title>\xe0</title></item></channel></rss>"))
	if err != nil || len(docs) != 2 {
		t.Errorf("latin-1 feed: %d documents, %v", len(docs), err)
	}
}

func TestFeedTime(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Mon, 29 Jul 2013 16:03:54 +0000", "2013-07-29T16:03:54Z"},
		{"Seg, 24 Set 2018 19:42:40 -0300", "2018-09-24T22:42:40Z"},
		{"Sun, 07 Jul 2013 15:06:01 GMT", "2013-07-07T15:06:01Z"},
		{"Tue, 3 Jun 2008 11:05:30 EDT", "2008-06-03T15:05:30Z"},
		{"Sen, 07 Jul 2025 08:15 WIB", "2025-07-07T01:15:00Z"},
		{"7 Jul 25 08:15:00 +07:00", "2025-07-07T01:15:00Z"},
		{"Mi, 3. Mär 2021 10:00:00 +0100", "2021-03-03T09:00:00Z"},
		{"jeu., 12 juil. 2018 14:00:00 +0200", "2018-07-12T12:00:00Z"},
		{"12 juin 2018 14:00:00 CEST", "2018-06-12T12:00:00Z"},
		{"Jul 7, 2025 8:15:00 PM +0700", "2025-07-07T13:15:00Z"},
		{"Mon, 07 Jul 2025 08:15:00 XYZ", "2025-07-07T08:15:00Z"}, // unknown zone name: UTC
		{"2016-02-01T17:54:50+01:00", "2016-02-01T16:54:50Z"},
		{"2013-07-29 16:03:54", "2013-07-29T16:03:54Z"},
		{"2018-09-24 19:42:40 -0300", "2018-09-24T22:42:40Z"},
		{"Mon, 30 Nov -0001 00:00:00 +0000", ""},
		{"0000-00-00 00:00:00", ""},
		{"31 Feb 2020 10:00:00 GMT", ""},
		{"Mon, 07 Jul 2025 08:15:00 +99", ""},
		{"yesterday", ""},
	}
	for _, tt := range tests {
		got := ""
		if tm := feedTime(tt.in); tm != nil {
			got = tm.Format(time.RFC3339)
		}
		if got != tt.want {
			t.Errorf("feedTime(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestStripShortcodes(t *testing.T) {
	tests := []struct{ in, want string }{
		{"[dropcap]M[/dropcap]ysterium", "Mysterium"},
		{"a\n[contact_form]\nb", "a\n\nb"},
		{`[caption id="x" align="left"]<img src="a"> A caption[/caption] text`, `<img src="a"> A caption text`},
		{"a quote [sic] stays", "a quote [sic] stays"},
		{"[1] footnote", "[1] footnote"},
	}
	for _, tt := range tests {
		if got := stripShortcodes(tt.in); got != tt.want {
			t.Errorf("stripShortcodes(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestRepairMojibake(t *testing.T) {
	tests := []struct{ in, want string }{
		{"more than \u00c2\u00a34 million", "more than £4 million"},
		{"it\u00e2\u20ac\u2122s", "it’s"},
		{"caf\u00c3\u00a9", "café"},
		{"S\u00e3o Paulo, a\u00e7\u00e3o, Ø", "São Paulo, ação, Ø"},
		{"\u00c2", "\u00c2"},
	}
	for _, tt := range tests {
		if got := repairMojibake(tt.in); got != tt.want {
			t.Errorf("repairMojibake(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// feedSeeds adds the fixture files of one format, when present, and the
// given inline seeds.
func feedSeeds(f *testing.F, formatName string, paths []string, inline ...string) {
	for _, p := range paths {
		path := p
		if !strings.HasPrefix(p, "testdata/") {
			path = feedSharedPath(p)
		}
		if b, err := os.ReadFile(path); err == nil {
			f.Add("", b)
		}
	}
	for _, s := range inline {
		f.Add("", []byte(s))
	}
	f.Add("text/xml; charset=iso-8859-1", []byte("<"+map[string]string{format.RSS: "rss", format.Atom: "feed", format.Ritzau: "RBNews"}[formatName]+">\xe9</x>"))
}

// feedSharedPath is where sharedtest.Path finds rel, without skipping
// when it is absent (fuzz seeds are optional): ../shared/data beside the
// directory that holds go.work.
func feedSharedPath(rel string) string {
	dir, err := os.Getwd()
	if err != nil {
		return ""
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.work")); err == nil {
			return filepath.Join(filepath.Dir(dir), "shared", "data", filepath.FromSlash(rel))
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// fuzzFeed splits raw and parses each document (or raw itself when the
// split fails): nothing may panic, and an accepted article must be well
// formed.
func fuzzFeed(t *testing.T, formatName, contentType string, raw []byte) {
	docs, err := Split(formatName, raw)
	if err != nil {
		if err.Error() == "" {
			t.Fatal("empty split error")
		}
		docs = [][]byte{raw}
	}
	for i, doc := range docs {
		if i == 5 {
			break
		}
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
		if msg := wellFormed(a, formatName); msg != "" {
			t.Fatal(msg)
		}
	}
}

func FuzzRSS(f *testing.F) {
	var paths []string
	for _, fx := range feedFixtures {
		if fx.format == format.RSS {
			paths = append(paths, fx.path)
		}
	}
	feedSeeds(f, format.RSS, paths,
		`<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"><item><title>T</title><description>&lt;p&gt;x&lt;/p&gt;</description></item></rdf:RDF>`,
		`<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><item><title>[x]a[/x]</title><wp:post_type>post</wp:post_type><wp:status>future</wp:status><description>a&#10;&#10;b</description></item></channel></rss>`,
		`<rss><channel><item><title>a</title><pubDate>Seg, 24 Set 2018 19:42:40 GMT+7</pubDate><description><![CDATA[<iframe/>x]]></description></item></channel></rss>`)
	f.Fuzz(func(t *testing.T, contentType string, raw []byte) {
		fuzzFeed(t, format.RSS, contentType, raw)
	})
}

func FuzzAtom(f *testing.F) {
	var paths []string
	for _, fx := range feedFixtures {
		if fx.format == format.Atom {
			paths = append(paths, fx.path)
		}
	}
	feedSeeds(f, format.Atom, paths,
		`<entry xmlns="http://www.w3.org/2005/Atom"><title type="xhtml"><div>T</div></title><content type="html">&lt;p&gt;a&lt;/p&gt;</content></entry>`,
		`<feed xmlns="http://www.w3.org/2005/Atom" xmlns:wenn_cm="http://feed.wenn.com/xmlns/2010/03/wenn_cm"><entry><wenn_cm:ContentMetadata lang="en"><wenn_cm:body>b</wenn_cm:body></wenn_cm:ContentMetadata></entry></feed>`)
	f.Fuzz(func(t *testing.T, contentType string, raw []byte) {
		fuzzFeed(t, format.Atom, contentType, raw)
	})
}

func TestSplitWXRDropsTermLists(t *testing.T) {
	raw := []byte(`<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><title>B</title>` +
		`<wp:category><wp:term_id>1</wp:term_id><wp:cat_name>News</wp:cat_name></wp:category><wp:tag><wp:tag_slug>x</wp:tag_slug></wp:tag>` +
		`<wp:term><wp:term_id>2</wp:term_id></wp:term><category>Top</category>` +
		`<item><title>A</title><guid>a</guid><description>One.</description><category domain="category">News</category><wp:post_type>post</wp:post_type></item>` +
		`<item><title>B</title><guid>b</guid><description>Two.</description><wp:post_type>post</wp:post_type></item></channel></rss>`)
	docs, err := Split(format.RSS, raw)
	if err != nil || len(docs) != 2 {
		t.Fatalf("Split: %d documents, %v", len(docs), err)
	}
	want0 := `<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><title>B</title>` +
		`<item><title>A</title><guid>a</guid><description>One.</description><category domain="category">News</category><wp:post_type>post</wp:post_type></item></channel></rss>`
	if string(docs[0]) != want0 {
		t.Errorf("document 0 =\n%s\nwant\n%s", docs[0], want0)
	}
	a, err := Parse(format.RSS, "", docs[0])
	if err != nil || len(a.Subject) != 1 || a.Subject[0].Name != "News" {
		t.Errorf("Parse: %+v, %v", a, err)
	}
}
