package wire

import (
	"strings"
	"testing"

	"github.com/newsroom-pipeline/newsroom/pkg/article"
	"github.com/newsroom-pipeline/newsroom/pkg/format"
)

func firstCreatedOf(a *article.Article) any {
	if a.FirstCreated == nil {
		return nil
	}
	return a.FirstCreated.UTC().Format("2006-01-02T15:04:05Z")
}

func TestNewsML1Fixtures(t *testing.T) {
	const bw = "wire/ninjs/examples/NewsML/"
	runFormatCases(t, format.NewsML1, []g2Case{
		{file: sd + "afp.xml", docs: 1, checks: []check{
			field("uri", uriOf, "urn:newsml:afp.com:20140829T135002Z:TX-PAR-FXW86"),
			field("version", versionOf, "1"),
			field("pubstatus", statusOf, "usable"),
			field("headline", headlineField, "Sweden court accepts receivership for Saab carmaker"),
			prefix("body", bodyOf, "A Chinese-owned company set up to take over Saab's assets after the troubled Swedish carmaker's bankruptcy said on Friday it had succeeded in being placed in receivership.\n\nNational Electric Vehicle Sweden"),
			field("located (Location City)", locatedOf, "Stockholm"),
			field("infosource", sourceOf, "AFP"),
			field("language", languageOf, "en"),
			field("slugline", sluglineOf, "Sweden-SAAB"),
			field("urgency", urgencyOf, 4),
			field("firstcreated", firstCreatedOf, "2014-08-29T13:49:51Z"),
			field("versioncreated", versionCreatedOf, "2014-08-29T13:49:51Z"),
			field("subjects (deduplicated)", subjectCount, 5),
			subjectAt(0, article.Subject{Code: "subj:04011002", URI: "http://cv.iptc.org/newscodes/subjectcode/04011002"}),
		}},
		{file: sd + "afp20.xml", checks: []check{
			field("uri", uriOf, "urn:newsml:afp.com:20240710:240710125902.qpsp2jzk"),
			field("version", versionOf, "1"),
			// The file is UTF-8 although it declares iso-8859-1.
			field("headline", headlineField, "Décès de Naomi Musenga: l'opératrice du Samu définitivement condamnée"),
			prefix("body (bare <p> in DataContent)", bodyOf, "L'opératrice du Samu condamnée pour non-assistance à personne en danger"),
			field("located (from the dateline)", locatedOf, "Strasbourg"),
			field("language", languageOf, "fr"),
			field("holder", holderOf, "AFP"),
			field("year", yearOf, 2024),
			field("slugline", sluglineOf, "procès-santé-secours"),
		}},
		{file: "wire/ninjs/tools/xslt/afp.com_newsml1.2_sample.xml", checks: []check{
			field("uri", uriOf, "urn:newsml:afp.com:20210516T080625Z:TX-PAR-WGF71"),
			field("headline", headlineField, "Israel strikes key Hamas targets as UN Security Council to meet"),
			field("byline (Creator party)", bylineOf, "Adel Zaanoun with Guillaume Lavallee in Jerusalem"),
			field("located", locatedOf, "Gaza City"),
			field("ednote (AdvisoryLine)", ednoteField, "RECASTS with attack on Hamas targets, RAISES Gaza death toll, UPDATES throughout"),
			contains("body keeps the NITF crossheads", bodyOf, "\n\n- Media offices destroyed -\n\n", true),
			field("subjects", subjectCount, 6),
		}},
		{file: bw + "businesswire-newsml-20130515006361.xml", checks: []check{
			field("uri", uriOf, "urn:newsml:businesswire.com:20010714:20130515006361"),
			// The Photo components' own HeadLines are captions, not the story's.
			field("headline", headlineField, "Dell Redefines Workstation Computing Boundaries with Smallest Tower and Most Powerful Rack Workstations"),
			prefix("body (the Body component only)", bodyOf, "Dell today announced an expanded and stronger Dell Precision workstation portfolio"),
			contains("body has no CSS", bodyOf, "bwlistitemmargb", false),
			contains("body has no sub-headline list", bodyOf, "Offering powerful workstation performance at near desktop PC prices, the new Dell Precision T1700 Small-Form Factor", false),
			field("located", locatedOf, "ROUND ROCK, Texas"),
			field("infosource (Source party)", sourceOf, "Dell Inc."),
			field("holder", holderOf, "Business Wire"),
			field("slugline", sluglineOf, "TX-DELL"),
		}},
		{file: bw + "businesswire-newsml-20130605006126.xml", checks: []check{
			field("headline", headlineField, "Cambrios被Gartner評選為「最酷供應商」"),
			field("language", languageOf, "zh"),
			field("located", locatedOf, "加州桑尼維爾"),
			prefix("body", bodyOf, "(美國商業資訊)--為透明及軟性導體市場提供銀奈米線解決方案的領導廠商"),
		}},
		{file: bw + "businesswire-newsml-20130731006140.xml", checks: []check{
			field("headline (not the Video component's)", headlineField, "Lunch Taking a Toll? Let Applebee’s® Industrial Strength Lunch Decoy Stand In"),
			prefix("body", bodyOf, "With more Applebee’s® Lunch Combos than ever"),
		}},
		{file: "testdata/newsml1/newsml1-text-and-photo.xml", doc: 0, docs: 2, checks: []check{
			field("uri (revision-independent)", uriOf, "urn:newsml:example.com:20240301:TX-PAR-E2E01"),
			field("version", versionOf, "2"),
			field("headline (Latin-1)", headlineField, "Le pont de Portville rouvert après une collision"),
			field("body", bodyField, "Le pont du port de Portville a été rouvert à la circulation vendredi à 14h00, après qu'un cargo a heurté l'une de ses piles, a indiqué la mairie.\n\nAucun blessé n'est à déplorer."),
			field("byline (without Par)", bylineOf, "Camille Exemple"),
			field("located", locatedOf, "Portville"),
			field("infosource", sourceOf, "EXA"),
			field("signals (Instruction Rectify)", signalsOf, "correction"),
			field("ednote", ednoteField, "CORRIGE l'heure de la réouverture"),
			field("holder (from CopyrightLine)", holderOf, "EXA"),
			field("year", yearOf, 2024),
			field("versioncreated", versionCreatedOf, "2024-03-01T11:55:00Z"),
			field("language", languageOf, "fr"),
			subjectAt(1, article.Subject{Code: "subj:04015000", URI: "http://cv.iptc.org/newscodes/subjectcode/04015000"}),
		}},
		{file: "testdata/newsml1/newsml1-text-and-photo.xml", doc: 1,
			wantErr: `NewsML 1 NewsItem "urn:newsml:example.com:20240301:PH-PAR-E2E02" version 1 has only photo components (no text)`},
	})
}

// n1Doc is a minimal NewsML 1 document around management and component XML.
func n1Doc(management, component string) []byte {
	return []byte(`<?xml version="1.0" encoding="utf-8"?><NewsML Version="1.2"><NewsEnvelope><DateAndTime>20240301T000000Z</DateAndTime></NewsEnvelope>
<NewsItem><Identification><NewsIdentifier><ProviderId>p.com</ProviderId><DateId>20240301</DateId><NewsItemId>X1</NewsItemId><RevisionId>3</RevisionId></NewsIdentifier></Identification>
<NewsManagement>` + management + `</NewsManagement><NewsComponent>` + component + `</NewsComponent></NewsItem></NewsML>`)
}

func TestNewsML1Inline(t *testing.T) {
	text := `<NewsLines><HeadLine>H</HeadLine></NewsLines><ContentItem><MediaType FormalName="Text"/><DataContent><p>Body.</p></DataContent></ContentItem>`
	tests := []struct {
		name    string
		raw     []byte
		wantErr string
		checks  []check
	}{
		{"canceled", n1Doc(`<Status FormalName="Canceled"/>`, text), "", []check{
			field("pubstatus", statusOf, "canceled"),
			field("uri", uriOf, "urn:newsml:p.com:20240301:X1"),
			field("version", versionOf, "3"),
		}},
		{"embargoed", n1Doc(`<Status FormalName="Embargoed"/><StatusWillChange><FutureStatus FormalName="Usable"/><DateAndTime>20240302T060000Z</DateAndTime></StatusWillChange>`, text), "", []check{
			field("pubstatus", statusOf, "withheld"),
			field("embargoed", embargoedOf, "2024-03-02T06:00:00Z"),
		}},
		{"unknown status", n1Doc(`<Status FormalName="Deleted"/>`, text),
			`NewsML 1 NewsItem "urn:newsml:p.com:20240301:X1" version 3: unknown Status "Deleted" (want Usable, Withheld, Embargoed or Canceled)`, nil},
		{"plain-text DataContent", n1Doc(``, `<ContentItem><MimeType FormalName="text/plain"/><DataContent>First line.
Second line.</DataContent></ContentItem>`), "", []check{
			field("body", bodyField, "First line.\n\nSecond line."),
		}},
		{"XHTML headline component", n1Doc(``, `<NewsComponent><Role FormalName="HeadLine"/><ContentItem><MimeType FormalName="text/xhtml"/><DataContent><html><body><p>From role</p></body></html></DataContent></ContentItem></NewsComponent>
			<NewsComponent><Role FormalName="Body"/><ContentItem><MimeType FormalName="text/xhtml"/><DataContent><html><body><p>Body text.</p></body></html></DataContent></ContentItem></NewsComponent>`), "", []check{
			field("headline", headlineField, "From role"),
			field("body", bodyField, "Body text."),
		}},
		{"video only", n1Doc(``, `<ContentItem Href="v.mp4"><MediaType FormalName="Video"/></ContentItem><ContentItem Href="p.jpg"><MimeType FormalName="image/jpeg"/></ContentItem>`),
			`NewsML 1 NewsItem "urn:newsml:p.com:20240301:X1" version 3 has only video and photo components (no text)`, nil},
		{"nothing", n1Doc(``, ``), `NewsML 1 NewsItem "urn:newsml:p.com:20240301:X1" version 3 has neither headline nor text`, nil},
		{"no NewsItem", []byte(`<NewsML><NewsEnvelope/></NewsML>`), "NewsML 1 document holds no NewsItem", nil},
		{"other root", []byte(`<NewsLines/>`), "NewsML 1 document has root element <NewsLines>, not NewsML or NewsItem", nil},
		{"truncated", []byte(`<NewsML><NewsItem><NewsComponent>`), "malformed NewsML 1 XML", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if a := parseOrRefuse(t, format.NewsML1, "", tt.raw, tt.wantErr, strings.HasPrefix, tt.checks); a != nil {
				if msg := wellFormed(a, format.NewsML1); msg != "" {
					t.Error(msg)
				}
			}
		})
	}
}

func TestNewsML1Split(t *testing.T) {
	one := n1Doc(``, `<NewsLines><HeadLine>H</HeadLine></NewsLines>`)
	if docs, err := Split(format.NewsML1, one); err != nil || len(docs) != 1 {
		t.Errorf("one NewsItem: %d docs, %v", len(docs), err)
	}
	if _, err := Split(format.NewsML1, []byte(`<NewsML><NewsEnvelope/></NewsML>`)); err == nil || err.Error() != "NewsML 1 document holds no NewsItem" {
		t.Errorf("no NewsItem: %v", err)
	}
	// A NewsItem nested in a NewsComponent belongs to its parent.
	nested := []byte(`<NewsML><NewsItem><NewsComponent><NewsItem/></NewsComponent></NewsItem><NewsItem/></NewsML>`)
	if docs, err := Split(format.NewsML1, nested); err != nil || len(docs) != 2 {
		t.Errorf("nested: %d docs, %v", len(docs), err)
	}
}

func TestNewsML1Time(t *testing.T) {
	for in, want := range map[string]string{
		"20140829T134951+0000": "2014-08-29T13:49:51Z",
		"20240710T125902Z":     "2024-07-10T12:59:02Z",
		"20130516T040100+0200": "2013-05-16T02:01:00Z",
		"20010714":             "2001-07-14T00:00:00Z",
		"2024-03-01T10:00:00Z": "2024-03-01T10:00:00Z",
		"soon":                 "",
	} {
		got := ""
		if tm, ok := newsML1Time(in); ok {
			got = tm.Format("2006-01-02T15:04:05Z07:00")
		}
		if got != want {
			t.Errorf("newsML1Time(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDatelinePlace(t *testing.T) {
	for in, want := range map[string]string{
		"STOCKHOLM, Aug 29, 2014 (AFP) -":                          "STOCKHOLM",
		"Gaza City, Palestinian Territories, May 16, 2021 (AFP) -": "Gaza City, Palestinian Territories",
		"Strasbourg, 10 juil 2024 (AFP)":                           "Strasbourg",
		"ROUND ROCK, Texas":                                        "ROUND ROCK, Texas",
		"MOSCOW, Monday (Reuters)":                                 "MOSCOW",
		"2014-07-16 13:00:03 GMT+00:00":                            "",
		"MARCH 04, 2013":                                           "",
		"":                                                         "",
		"This is a whole sentence that is far too long to be a place name": "",
	} {
		if got := datelinePlace(in); got != want {
			t.Errorf("datelinePlace(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzNewsML1 feeds arbitrary documents to Split and Parse.
func FuzzNewsML1(f *testing.F) {
	seedFiles(f, "testdata/newsml1/*.xml")
	for _, dir := range []string{"wire/superdesk-fixtures", "wire/ninjs/examples/NewsML", "wire/ninjs/tools/xslt"} {
		for _, b := range sharedSeeds(dir) {
			if format.Sniff(b) == format.NewsML1 {
				f.Add(b)
			}
		}
	}
	f.Add(n1Doc(`<Status FormalName="Usable"/><Urgency FormalName="2"/>`, `<NewsLines><HeadLine>H</HeadLine><DateLine>X, 1 (Y)</DateLine></NewsLines><ContentItem><DataContent><nitf><body><body.head><hedline><hl1>T</hl1></hedline></body.head><body.content><p>B</p></body.content></body></nitf></DataContent></ContentItem>`))
	f.Fuzz(func(t *testing.T, raw []byte) {
		docs, err := Split(format.NewsML1, raw)
		if err != nil {
			docs = [][]byte{raw}
		}
		for _, doc := range docs {
			checkParse(t, format.NewsML1, doc)
		}
	})
}
