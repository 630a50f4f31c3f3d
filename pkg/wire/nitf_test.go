package wire

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/newsroom-pipeline/newsroom/pkg/article"
	"github.com/newsroom-pipeline/newsroom/pkg/format"
	"github.com/newsroom-pipeline/newsroom/pkg/sharedtest"
)

// nitfFixtures are the NITF files of the Superdesk fixtures (AGPL agency
// copy for internal tests: read from ../shared, not copied to testdata).
var nitfFixtures = []string{
	"aap.xml", "aap-1.xml", "aap-cyber.xml", "aap-finance-lite.xml", "aap-finance1.xml",
	"ap-nitf.xml", "ap_media_text_nitf.xml", "nitf-fishing.xml", "mapping_test.xml",
	"handle_invalid_fields.xml", "efe_nitf.xml", "pa1.xml", "pa2.xml", "pa3.xml", "pa5.xml",
}

func timeOf(get func(a *article.Article) *time.Time) func(a *article.Article) any {
	return func(a *article.Article) any {
		t := get(a)
		if t == nil {
			return "<nil>"
		}
		return t.Format(time.RFC3339)
	}
}

var (
	langOf           = func(a *article.Article) any { return a.Language }
	hlOf             = func(a *article.Article) any { return a.Headline }
	created          = timeOf(func(a *article.Article) *time.Time { return a.VersionCreated })
	firstCreatedText = timeOf(func(a *article.Article) *time.Time { return a.FirstCreated })
	embargoOf        = timeOf(func(a *article.Article) *time.Time { return a.Embargoed })
	subjectsOf       = func(a *article.Article) any { return a.Subject }
	copyOf           = func(a *article.Article) any {
		return []any{a.CopyrightHolder, a.CopyrightYear, a.CopyrightNotice}
	}
)

func TestNITFFixtures(t *testing.T) {
	tests := []struct {
		file    string
		wantErr string
		checks  []check
	}{
		{file: "aap.xml", checks: []check{
			field("uri", uriOf, "AAP.115314987.5417374"),
			field("version", versionOf, ""),
			field("headline", hlOf, "The main stories on today's 1900 ABC TV news"),
			prefix("body start", bodyOf, "The main stories on ABC television's 1900 news:\n\n1A) More extreme weather forecast over the next few days the fire situation is likely"),
			contains("br is a wrap, not a break", bodyOf, "the next few days the fire situation", true),
			contains("AAP sign-off dropped", bodyOf, "AAP RTV ar", false),
			field("byline", bylineOf, "John Doe"),
			field("located", locatedOf, "Sydney"),
			field("versioncreated", created, "2013-10-20T08:27:51Z"),
			field("firstcreated", firstCreatedText, "2013-10-20T08:27:51Z"),
			field("embargoed", embargoOf, "<nil>"),
			field("pubstatus", statusOf, article.PubStatusUsable),
			field("urgency", urgencyOf, 5),
			field("slugline", sluglineOf, "Monitor 1900 ABC News"),
			field("copyright", copyOf, []any{"Australian Associated Press", 2013, "Copyright 2013 Australian Associated Press"}),
			field("subjects", subjectsOf, []article.Subject{
				{Name: "law enforcement", URI: "http://cv.iptc.org/newscodes/subjectcode/02003001", Code: "02003001"},
				{Name: "investigation", URI: "http://cv.iptc.org/newscodes/subjectcode/02003002", Code: "02003002"},
			}),
			field("language (detected)", langOf, "en"),
		}},
		{file: "aap-1.xml", checks: []check{
			field("headline", hlOf, "F1 Test"),
			field("body", func(a *article.Article) any { return a.BodyText }, "Bogus"),
			field("subjects", subjectsOf, []article.Subject{{URI: "http://cv.iptc.org/newscodes/subjectcode/15039001", Code: "15039001"}}),
		}},
		{file: "aap-cyber.xml", checks: []check{
			field("uri", uriOf, "urn:newsml:localhost:2016-04-13T14:52:21.830724:0a686ee3-ec38-4fbf-beeb-aae311aecfdb"),
			field("headline", hlOf, "Headline"),
			field("located (text dateline)", locatedOf, "SYDNEY"),
			field("versioncreated (extended form)", created, "2016-04-13T04:52:21Z"),
			field("slugline", sluglineOf, "slugged"),
			field("urgency", urgencyOf, 3),
		}},
		{file: "aap-finance-lite.xml", wantErr: "NITF document has no headline (hedline/hl1 or head/title) and no body text (body.content)"},
		{file: "aap-finance1.xml", checks: []check{
			field("headline", hlOf, "Highlights of the AAP Finance Wire at 14:45 Feb 20, 2015"),
			prefix("body start", bodyOf, "Highlights of the AAP Finance Wire for Friday, Feb 20:\n\nSYDNEY - Incoming Telstra boss Andy Penn admits to feeling daunted"),
			field("versioncreated (no zone)", created, "2015-02-20T13:51:42Z"),
			contains("sign-off dropped", bodyOf, "AAP gfr", false),
		}},
		{file: "ap-nitf.xml", checks: []check{
			field("uri (doc-id has only regsrc)", uriOf, ""),
			field("headline", hlOf, "Can trading pollution like stocks help fight climate change?"),
			prefix("body start", bodyOf, "NEW YORK (AP) — The gas produced by hog manure"),
			contains("hl2 not in body", bodyOf, "Can trading pollution", false),
			field("byline (byttl dropped)", bylineOf, "BERNARD CONDON"),
			field("located", locatedOf, "NEW YORK"),
			field("infosource", sourceOf, "The Associated Press"),
			field("ednote", ednoteField, "For global distribution"),
			field("versioncreated", created, "2015-12-10T19:10:44Z"),
			field("copyright", copyOf, []any{"AP", 2015, "Copyright 2015 AP"}),
		}},
		{file: "ap_media_text_nitf.xml", checks: []check{
			field("headline", hlOf, "BC-BBN--Top Ten"),
			prefix("body start (repeated headline dropped, table rows)", bodyOf, "BASEBALL'S TOP TEN\n\nBy The Associated Press\n\nNATIONAL LEAGUE\n\nG AB R H Pct.\n\nMcNeil NYM 72 271 37 95 .351"),
			field("infosource", sourceOf, "The Associated Press"),
		}},
		{file: "nitf-fishing.xml", checks: []check{
			field("uri", uriOf, "iptc.321656141.b"),
			field("version (du-key)", versionOf, "1"),
			field("pubstatus", statusOf, article.PubStatusCanceled),
			field("signals", func(a *article.Article) any { return a.Signals }, []string{article.SignalUpdate}),
			field("headline", hlOf, "Weather and Tide Updates for Norfolk"),
			prefix("body start (media caption, then text)", bodyOf, "The tides, captured on film late yesterday.\n\nThe weather was superb today in Norfolk, Virginia."),
			contains("body hl2 is a paragraph", bodyOf, "\n\nThe Tides are High\n\n", true),
			contains("list items are paragraphs", bodyOf, "\n\nFox Run: A bit more difficult", true),
			contains("hedline hl2 not in body", bodyOf, "A sample, fictitious", false),
			contains("tagline not in body", bodyOf, "Klometers", false),
			contains("abstract not in body", bodyOf, "Superb weather", false),
			field("byline", bylineOf, "Alan Karben"),
			field("located", locatedOf, "Newport News, VA"),
			field("infosource", sourceOf, "XML Team Solutions, Inc."),
			field("urgency", urgencyOf, 3),
			prefix("ednote (ed-msg, then editor's note)", func(a *article.Article) string { return a.EdNote }, "Today begins an expanded format of this popular column. This sample article was created completely from scratch"),
			field("versioncreated", created, "2002-02-25T19:30:00Z"),
			field("firstcreated (first revision)", firstCreatedText, "2002-02-20T14:00:00Z"),
			field("embargoed (release after issue)", embargoOf, "2002-02-26T14:30:00Z"),
			field("slugline", sluglineOf, "ongoing-winter-tide-updates"),
			field("language", langOf, "en"),
			field("subjects", subjectsOf, []article.Subject{
				{Name: "Weather", URI: "http://cv.iptc.org/newscodes/subjectcode/17000000", Code: "17000000"},
				{Name: "Statistics", URI: "http://cv.iptc.org/newscodes/subjectcode/17004000", Code: "17004000"},
				{Name: "Fishing Industry", URI: "http://cv.iptc.org/newscodes/subjectcode/04001002", Code: "04001002"},
				{Name: "fishing"}, {Name: "lures"}, {Name: "tides"},
			}),
		}},
		{file: "mapping_test.xml", checks: []check{
			field("uri", uriOf, "20160512:RTZ:8883:0"),
			field("version (du-key 04)", versionOf, "4"),
			field("headline (UTF-8 declared as ISO-8859-1)", hlOf, "*En 41-årig mand, der onsdag blev anholdt og sat i forbindel"),
			prefix("body start", bodyOf, "København /ritzau/: En 41-årig mand"),
			check{"ritzau sign-off dropped", func(a *article.Article) string {
				if !strings.HasSuffix(a.BodyText, "Det oplyser Københavns Vestegns Politi.") {
					return "body ends " + a.BodyText[len(a.BodyText)-30:]
				}
				return ""
			}},
			field("language (baselang)", langOf, "no"),
			field("infosource (regsrc)", sourceOf, "ritzau.dk"),
			field("versioncreated", created, "2016-05-11T22:05:13Z"),
			field("slugline", sluglineOf, "NU-FLASH-K"),
			field("subjects", subjectsOf, []article.Subject{{Name: "Kriminalitet og rettsvesen", URI: "http://cv.iptc.org/newscodes/subjectcode/02000000", Code: "02000000"}}),
		}},
		{file: "handle_invalid_fields.xml", checks: []check{
			field("uri", uriOf, "eed713d46d74499d86b3250fa47b341b"),
			field("headline", hlOf, "Man accused of ramming gate at Rideau Hall with truck faces multiple charges"),
			prefix("body start", bodyOf, "OTTAWA - A Manitoba man is facing 22 criminal charges"),
			field("byline", bylineOf, "Mia Rabson and Jordan Press"),
			field("located", locatedOf, "Ottawa, Ontario, Canada"),
			field("infosource", sourceOf, "THE CANADIAN PRESS"),
			field("urgency (in head)", urgencyOf, 2),
			field("copyright", copyOf, []any{"The Canadian Press", 2020, "Copyright 2020 The Canadian Press. All rights reserved."}),
			field("versioncreated", created, "2020-07-03T20:51:36Z"),
			field("invalid date.release ignored", embargoOf, "<nil>"),
			field("pubstatus", statusOf, article.PubStatusUsable),
			field("keywords", subjectsOf, []article.Subject{{Name: "National"}, {Name: "Justice"}, {Name: "Politics"}}),
		}},
		{file: "efe_nitf.xml", checks: []check{
			field("uri", uriOf, "22751909"),
			field("headline", hlOf, "Honduran president announces Cabinet changes"),
			field("body", func(a *article.Article) any { return a.BodyText }, "Tegucigalpa, Jan 2 (EFE).- Test body."),
			field("byline", bylineOf, "gr/bp"),
			field("located (dateline has only story.date)", locatedOf, ""),
			field("infosource", sourceOf, "Agencia EFE"),
			field("language", langOf, "en"),
			field("subjects", subjectsOf, []article.Subject{
				{Name: "Executive (government)", URI: "http://cv.iptc.org/newscodes/subjectcode/11006005", Code: "11006005"},
				{Name: "GOVERNMENT", Code: "F01001000"},
				{Name: "HONDURAS GOVERNMENT"},
			}),
		}},
		{file: "pa1.xml", checks: []check{
			field("uri", uriOf, "af1f7ad5-5619-49de-84cc-2e608538c77fSSS-3-1"),
			field("headline (hl1 over title)", hlOf, "PA SPORT TRIVIA (OCTOBER 14)"),
			prefix("body start", bodyOf, "ON THIS DAY IN SPORT\n\n1878: Two local teams"),
			contains("inline markup kept as text", bodyOf, "1996: Mark Bosnich, then of Aston Villa, was charged with misconduct by the Football Association after", true),
			contains("&amp; resolved", bodyOf, "1130-1330 & 1500-1800", true),
			check{"ends dropped", func(a *article.Article) string {
				if strings.HasSuffix(a.BodyText, "ends") {
					return "body ends with the sign-off"
				}
				return ""
			}},
			field("infosource (del-list)", sourceOf, "PA"),
			field("versioncreated", created, "2015-10-14T03:30:01Z"),
		}},
		{file: "pa2.xml", checks: []check{
			field("headline (title)", hlOf, "1 SOCCER INT-Teams"),
			prefix("pre lines are paragraphs", bodyOf, "International Match\n\nMexico v Panama\n\nMexico: Talavera"),
		}},
		{file: "pa3.xml", checks: []check{
			field("pubstatus", statusOf, article.PubStatusUsable),
			field("embargoed", embargoOf, "2016-09-08T23:01:00Z"),
			field("firstcreated (release is an embargo)", firstCreatedText, "<nil>"),
			field("byline", bylineOf, "Benjamin Wright, Press Association"),
			field("ednote", ednoteField, "(see also POLITICS EU) Embargoed to 0001 Friday September 9"),
			field("headline", hlOf, "UK BREAK-UP 'NOT INCONCEIVABLE', FIRST MINISTER WARNS AHEAD OF BREXIT TALKS"),
			field("body", func(a *article.Article) any { return a.BodyText }, "The UK risks breaking up unless all home nations play a hands-on role in the Brexit negotiations"),
		}},
		{file: "pa5.xml", checks: []check{
			field("headline (&#163;)", hlOf, "HARD BREXIT TO COST UK UP TO £66BN A YEAR, SAYS TREASURY"),
			prefix("body start (ISO-8859-1 byte)", bodyOf, "Treasury coffers will take a £66 billion annual hit"),
			field("byline", bylineOf, "Sam Lister, Press Association Political Correspondent"),
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			raw := readFile(t, sharedtest.Path(t, "wire/superdesk-fixtures/"+tt.file))
			if f := format.Sniff(raw); f != format.NITF {
				t.Errorf("sniffed as %q", f)
			}
			a, err := Parse(format.NITF, "", raw)
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Fatalf("error %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if msg := wellFormed(a, format.NITF); msg != "" {
				t.Errorf("not well formed: %s", msg)
			}
			runChecks(t, a, tt.checks)
		})
	}
}

func TestNITFInline(t *testing.T) {
	doc := func(docdata, body string) string {
		return `<?xml version="1.0"?><nitf><head><docdata ` + docdata + `</docdata></head><body><body.head><hedline><hl1>H</hl1></hedline></body.head><body.content>` + body + `</body.content></body></nitf>`
	}
	tests := []struct {
		name    string
		raw     string
		wantErr string
		checks  []check
	}{
		{name: "withheld", raw: doc(`management-status="withheld">`, "<p>x</p>"), checks: []check{field("pubstatus", statusOf, article.PubStatusWithheld)}},
		{name: "cancelled", raw: doc(`management-status="cancelled">`, "<p>x</p>"), checks: []check{field("pubstatus", statusOf, article.PubStatusCanceled)}},
		{name: "embargoed without release", raw: doc(`management-status="embargoed">`, "<p>x</p>"), checks: []check{
			field("pubstatus", statusOf, article.PubStatusWithheld),
			field("embargoed", embargoOf, "<nil>"),
		}},
		{name: "embargoed until release", raw: doc(`management-status="embargoed"><date.issue norm="20240101T100000Z"/><date.release norm="20240101T090000Z"/>`, "<p>x</p>"), checks: []check{
			field("pubstatus", statusOf, article.PubStatusUsable),
			field("embargoed", embargoOf, "2024-01-01T09:00:00Z"),
		}},
		{name: "release only", raw: doc(`><date.release norm="20240101T090000+0100"/>`, "<p>x</p>"), checks: []check{
			field("versioncreated", created, "2024-01-01T08:00:00Z"),
			field("firstcreated", firstCreatedText, "2024-01-01T08:00:00Z"),
			field("embargoed", embargoOf, "<nil>"),
		}},
		{name: "doc-id@id and non-integer version", raw: doc(`><doc-id id="abc"/><du-key version="v2"/>`, "<p>x</p>"), checks: []check{
			field("uri", uriOf, "abc"),
			field("version", versionOf, ""),
		}},
		{name: "xml:lang", raw: `<nitf xml:lang="de-CH" baselang="en"><body><body.content><p>Guten Tag.</p></body.content></body></nitf>`, checks: []check{
			field("language", langOf, "de"),
			field("headline (derived)", hlOf, "Guten Tag"),
		}},
		{name: "latin-1", raw: "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><nitf><body><body.head><hedline><hl1>Gr\xf8nland</hl1></hedline></body.head></body></nitf>", checks: []check{
			field("headline", hlOf, "Grønland"),
		}},
		{name: "unknown management-status", raw: doc(`management-status="deleted">`, "<p>x</p>"), wantErr: `NITF docdata management-status "deleted" is not usable, embargoed, withheld or canceled`},
		{name: "not nitf", raw: `<newsMessage/>`, wantErr: "NITF document has root element <newsMessage>, want <nitf>"},
		{name: "no root", raw: `<?xml version="1.0"?>`, wantErr: "malformed NITF XML: no root element"},
		{name: "picture only", raw: `<nitf><body><body.content><media media-type="image"><media-reference source="a.jpg"/></media></body.content></body></nitf>`, wantErr: "NITF document has no headline (hedline/hl1 or head/title) and no body text (body.content)"},
		{name: "truncated", raw: `<nitf><body><body.content><p>a</p>`, wantErr: "malformed NITF XML: XML syntax error on line 1: unexpected EOF"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parseOrRefuse(t, format.NITF, "", []byte(tt.raw), tt.wantErr, strings.HasPrefix, tt.checks)
		})
	}
}

func TestDatelineTextPlace(t *testing.T) {
	tests := []struct{ in, want string }{
		{"    SALVADOR, Feb 26 - ", "SALVADOR"},
		{"    NEW YORK, March 31 -", "NEW YORK"},
		{"    omaha, april 7 - ", "omaha"},
		{"    Sioux Falls, April 7 - Clear/calm/43 degrees - ", "Sioux Falls"},
		{"SYDNEY March 22 AAP -", "SYDNEY"},
		{"    WASHINGTON - ", "WASHINGTON"},
		{"    APRIL 7 - ", ""},
		{"    MAR8 -- --", ""},
		{"    Jun --- --- --- ", ""},
		{"    us 7.8015 - ", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := datelineTextPlace(tt.in); got != tt.want {
			t.Errorf("datelineTextPlace(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func sharedPathIfPresent(rel string) (string, error) {
	if p, ok := sharedtest.Find(rel); ok {
		return p, nil
	}
	return "", os.ErrNotExist
}

// FuzzNITF feeds arbitrary bytes to the NITF parser: it must not panic,
// must return exactly one of an article and an error, and what it accepts
// must be well formed.
func FuzzNITF(f *testing.F) {
	f.Add([]byte(`<?xml version="1.0"?><nitf xml:lang="en"><head><title>T</title><tobject><tobject.subject tobject.subject.refnum="04000000" tobject.subject.matter="M"/></tobject><docdata management-status="embargoed"><doc-id id-string="x"/><du-key version="2" key="k"/><urgency ed-urg="3"/><date.issue norm="20240101T100000Z"/><date.release norm="20240102T100000+0100"/><ed-msg info="note"/><doc.copyright holder="H. All rights reserved." year="2024"/><key-list><keyword key="kw"/></key-list></docdata><revision-history norm="20231231"/></head><body><body.head><hedline><hl1>Head</hl1><hl2>Sub</hl2></hedline><byline>By A<byttl>B</byttl></byline><distributor>D</distributor><dateline><location><city>C</city><country>K</country></location></dateline><note noteclass="editorsnote"><body.content><p>n</p></body.content></note></body.head><body.content><p>One<br/>two</p><pre>l1
l2</pre><media><media-caption>cap</media-caption></media><block><hl2>S</hl2><ul><li>i</li></ul></block><p>ends</p></body.content><body.end><tagline>t</tagline></body.end></body></nitf>`))
	f.Add([]byte("<?xml version=\"1.0\" encoding=\"iso-8859-1\"?><nitf><body><body.head><dateline>SYDNEY March 22 AAP -</dateline></body.head><body.content><p>\xa366</p></body.content></body></nitf>"))
	f.Add([]byte(`<nitf><body><body.content></body.content></body></nitf>`))
	f.Add([]byte(`<nitf><head><docdata management-status="x"/></head></nitf>`))
	for _, name := range nitfFixtures {
		if p, err := sharedPathIfPresent("wire/superdesk-fixtures/" + name); err == nil {
			if raw, err := os.ReadFile(p); err == nil {
				f.Add(raw)
			}
		}
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		a, err := Parse(format.NITF, "", raw)
		if (a == nil) == (err == nil) {
			t.Fatalf("article %v with error %v: want exactly one", a, err)
		}
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty error text")
			}
			return
		}
		if msg := wellFormed(a, format.NITF); msg != "" {
			t.Fatal(msg)
		}
	})
}
