package wire

import (
	"strings"
	"testing"
	"time"

	"github.com/newsroom-pipeline/newsroom/pkg/article"
	"github.com/newsroom-pipeline/newsroom/pkg/format"
)

func TestRitzau(t *testing.T) {
	uri := func(a *article.Article) any { return a.URI }
	headline := func(a *article.Article) any { return a.Headline }
	body := func(a *article.Article) string { return a.BodyText }
	vc := func(a *article.Article) *time.Time { return a.VersionCreated }
	fc := func(a *article.Article) *time.Time { return a.FirstCreated }
	str := func(name string, get func(a *article.Article) string, want string) check {
		return field(name, func(a *article.Article) any { return get(a) }, want)
	}
	subjects := func(a *article.Article) any { return a.Subject }

	tests := []struct {
		file   string
		index  int
		checks []check
	}{
		{"ritzau_news.xml", 0, []check{
			field("uri", uri, "9a6955fc-11da-46b6-9903-439ebb288f2d"),
			str("version", func(a *article.Article) string { return a.Version }, "1"),
			// A flash has no headline: it is derived from the lead.
			field("headline", headline, `Hollandske forskere har "i årevis" lavet forsøg på både mennesker og dyr, hvor de har testet effekten af at indånde…`),
			prefix("body", body, "Hollandske forskere har \"i årevis\" lavet forsøg på både mennesker og dyr, hvor de har testet effekten af at indånde udstødningsgas fra dieselbiler.\n\nDet fortæller forskerne selv til nyhedsbureauet AFP.\n\nHistorien kommer frem"),
			feedAt("versioncreated", vc, "2018-01-30T16:32:18Z"), // 17:32:18.397 in Copenhagen (CET)
			feedAt("firstcreated", fc, "2018-01-30T16:32:18Z"),
			str("byline", func(a *article.Article) string { return a.Byline }, "Peder Top Poulsen"),
			str("located", func(a *article.Article) string { return a.Located }, "Haag"),
			str("infosource", func(a *article.Article) string { return a.InfoSource }, "ritzau"),
			str("slugline", func(a *article.Article) string { return a.Slugline }, "NU/FLASH-U"),
			field("urgency", func(a *article.Article) any { return a.Urgency }, 3),
			str("ednote", func(a *article.Article) string { return a.EdNote }, ""),
			field("subject", subjects, []article.Subject{{Name: "Udland"}}),
			str("language", func(a *article.Article) string { return a.Language }, "da"),
			str("pubstatus", func(a *article.Article) string { return a.PubStatus }, article.PubStatusUsable),
		}},
		{"ritzau_news_test_ednote.xml", 0, []check{
			field("uri", uri, "9a6955fc-11da-46b6-9903-439ebb288f2d"),
			str("ednote", func(a *article.Article) string { return a.EdNote },
				"Lasse Norman Hansen skifter til Corendon-Circus.\n\nDer i næste sæson kører på næsthøjeste niveau.\n\nSom led i en større omstrukturering skal den danske medicinalgigant Novo Nordisk sige farvel til omkring 400 ansatte inden for forskning og udvikling i Danmark og Kina."),
		}},
		{"ritzau_feed.xml", 0, []check{
			field("uri", uri, "83e4e779-e3b7-46da-b061-34ab92bc6ec4"),
			field("headline", headline, "PR / Spire Global, Inc."),
			// The subtitle leads the body; double-escaped entities and
			// double-encoded UTF-8 ("Â£") are repaired.
			prefix("body", body, "UK Space Agency Backs Spire's Proposal to European Space Agency as Space Mission Provider\n\nGLASGOW, Scotland, Feb. 01, 2018 (GLOBE NEWSWIRE) -- The UK Space Agency has awarded more than £4 million"),
			contains("body", body, "&apos;", false),
			contains("body", body, "including 'parallel super-computing'", true),
			feedAt("versioncreated", vc, "2018-02-01T17:44:52Z"),
			str("located", func(a *article.Article) string { return a.Located }, "København"),
			str("infosource", func(a *article.Article) string { return a.InfoSource }, "Via Ritzau"),
			str("byline", func(a *article.Article) string { return a.Byline }, ""),
			field("urgency", func(a *article.Article) any { return a.Urgency }, 5),
			// An English press release relayed by Ritzau.
			str("language", func(a *article.Article) string { return a.Language }, "en"),
		}},
		{"ritzau_feed.xml", 1, []check{
			field("uri", uri, "4b9c198d-d6ec-4a7f-a4e9-551d9a5cba13"),
			field("headline", headline, "Kort om sport"),
			prefix("body", body, "Den danske cykelrytter Jakob Fuglsang (Astana) blev torsdag nummer tre"),
			feedAt("versioncreated", vc, "2018-02-01T17:38:49Z"),
			str("byline", func(a *article.Article) string { return a.Byline }, "Mikkel Lundby Madsen"),
			str("slugline", func(a *article.Article) string { return a.Slugline }, "PRINT/NOTE/SPORT-3"),
			field("subject", subjects, []article.Subject{
				{Name: "Sport"},
				{Name: "sport", Code: "subj:15000000", URI: "http://cv.iptc.org/newscodes/subjectcode/15000000"},
			}),
			str("language", func(a *article.Article) string { return a.Language }, "da"),
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			path := "wire/superdesk-fixtures/" + tt.file
			raw := readFile(t, feedPath(t, path))
			if got := format.Detect("", raw); got != format.Ritzau {
				t.Errorf("format.Detect = %q, want %q", got, format.Ritzau)
			}
			a, err := feedDoc(t, path, format.Ritzau, tt.index)
			if err != nil {
				t.Fatal(err)
			}
			if msg := wellFormed(a, format.Ritzau); msg != "" {
				t.Error(msg)
			}
			for _, c := range tt.checks {
				if msg := c.fn(a); msg != "" {
					t.Errorf("%s: %s", c.name, msg)
				}
			}
		})
	}
}

func TestRitzauSplit(t *testing.T) {
	for file, want := range map[string]int{"ritzau_feed.xml": 2, "ritzau_news.xml": 1, "ritzau_news_test_ednote.xml": 1} {
		docs, err := Split(format.Ritzau, readFile(t, feedPath(t, "wire/superdesk-fixtures/"+file)))
		if err != nil || len(docs) != want {
			t.Errorf("%s: %d documents, %v; want %d", file, len(docs), err, want)
		}
	}
}

func TestRitzauInline(t *testing.T) {
	tests := []struct {
		name, src string
		err       string // the rejection, or "" when it parses
		check     func(a *article.Article) string
	}{
		{"error response",
			`<XMLNewsQueuedResponse xmlns="http://tempuri.org/"><XMLNewsQueuedResult><error xmlns="">3</error><errormsg xmlns="">Queue not found</errormsg><ListOfRBNews xmlns=""/></XMLNewsQueuedResult></XMLNewsQueuedResponse>`,
			`Ritzau XMLNewsQueuedResponse reports error 3: "Queue not found"`, nil},
		{"empty response",
			`<XMLNewsQueuedResponse xmlns="http://tempuri.org/"><XMLNewsQueuedResult><error xmlns="">0</error><ListOfRBNews xmlns=""/></XMLNewsQueuedResult></XMLNewsQueuedResponse>`,
			"Ritzau XMLNewsQueuedResponse holds no RBNews items", nil},
		{"other root", `<NewsML/>`,
			"Ritzau document's root element is <NewsML>, not <RBNews> or <XMLNewsQueuedResponse>", nil},
		{"empty item", `<RBNews><NewsID>x</NewsID><headline/><content/></RBNews>`,
			`Ritzau RBNews "x" has neither a headline nor text`, nil},
		{"cancelled correction, summer time, second version",
			`<RBNews><NewsID>n</NewsID><PublishDate>2021-07-01T12:00:00</PublishDate><version>2</version><headline>H</headline>` +
				`<content>&lt;p&gt;Tekst.&lt;/p&gt;</content><ContentShort>Kort</ContentShort><Annuleret>true</Annuleret><Korrektion>true</Korrektion><NyVersion>true</NyVersion>` +
				`<IPTCList><a:int xmlns:a="x">4000000</a:int></IPTCList></RBNews>`,
			"", func(a *article.Article) string {
				if a.PubStatus != article.PubStatusCanceled || strings.Join(a.Signals, ",") != "correction,update" ||
					a.VersionCreated.Format(time.RFC3339) != "2021-07-01T10:00:00Z" || a.FirstCreated != nil ||
					a.BodyText != "Tekst." || len(a.Subject) != 1 || a.Subject[0].Code != "subj:04000000" || a.Subject[0].Name != "economy, business and finance" {
					return "wrong mapping"
				}
				return ""
			}},
		{"short content only", `<RBNews><NewsID>s</NewsID><content/><ContentShort>Kun en kort tekst om sagen...</ContentShort></RBNews>`,
			"", func(a *article.Article) string {
				if a.BodyText != "Kun en kort tekst om sagen..." {
					return "body " + a.BodyText
				}
				return ""
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			docs, splitErr := Split(format.Ritzau, []byte(tt.src))
			a, err := Parse(format.Ritzau, "", []byte(tt.src))
			if tt.err != "" {
				if err == nil || err.Error() != tt.err {
					t.Errorf("Parse error %v, want %q", err, tt.err)
				}
				if strings.Contains(tt.src, "XMLNewsQueuedResponse") && (splitErr == nil || splitErr.Error() != tt.err) {
					t.Errorf("Split error %v, want %q", splitErr, tt.err)
				}
				return
			}
			if err != nil || splitErr != nil || len(docs) != 1 {
				t.Fatalf("Parse %v, Split %d documents %v", err, len(docs), splitErr)
			}
			if msg := tt.check(a); msg != "" {
				t.Errorf("%s: %+v", msg, a)
			}
		})
	}
}

func FuzzRitzau(f *testing.F) {
	var paths []string
	for _, name := range []string{"ritzau_news.xml", "ritzau_news_test_ednote.xml", "ritzau_feed.xml"} {
		paths = append(paths, "wire/superdesk-fixtures/"+name)
	}
	feedSeeds(f, format.Ritzau, paths,
		`<RBNews><NewsID>x</NewsID><PublishDate>2018-01-30T17:32:18.397</PublishDate><content>&lt;p&gt;a&amp;amp;apos;b&lt;/p&gt;</content><IPTCList><int>1</int></IPTCList></RBNews>`,
		`<XMLNewsQueuedResponse><XMLNewsQueuedResult><error>0</error><ListOfRBNews><RBNews><headline>h</headline></RBNews><RBNews/></ListOfRBNews></XMLNewsQueuedResult></XMLNewsQueuedResponse>`)
	f.Fuzz(func(t *testing.T, contentType string, raw []byte) {
		fuzzFeed(t, format.Ritzau, contentType, raw)
	})
}
