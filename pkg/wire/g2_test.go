package wire

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newsroom-pipeline/newsroom/pkg/article"
	"github.com/newsroom-pipeline/newsroom/pkg/format"
	"github.com/newsroom-pipeline/newsroom/pkg/sharedtest"
)

// g2Case is one story of a fixture: the split document at index doc, and
// either the checks it must pass or the error it must be rejected with.
type g2Case struct {
	file    string // under shared/data, or testdata/... when it starts with "testdata/"
	doc     int
	docs    int    // how many documents Split must return (0: not checked)
	wantErr string // substring of the rejection; "" means it normalizes
	checks  []check
}

func uriOf(a *article.Article) any         { return a.URI }
func versionOf(a *article.Article) any     { return a.Version }
func statusOf(a *article.Article) any      { return a.PubStatus }
func bylineOf(a *article.Article) any      { return a.Byline }
func locatedOf(a *article.Article) any     { return a.Located }
func languageOf(a *article.Article) any    { return a.Language }
func sourceOf(a *article.Article) any      { return a.InfoSource }
func signalsOf(a *article.Article) any     { return strings.Join(a.Signals, ",") }
func ednoteOf(a *article.Article) string   { return a.EdNote }
func sluglineOf(a *article.Article) any    { return a.Slugline }
func urgencyOf(a *article.Article) any     { return a.Urgency }
func holderOf(a *article.Article) any      { return a.CopyrightHolder }
func yearOf(a *article.Article) any        { return a.CopyrightYear }
func headlineField(a *article.Article) any { return a.Headline }
func ednoteField(a *article.Article) any   { return a.EdNote }
func bodyField(a *article.Article) any     { return a.BodyText }
func subjectCount(a *article.Article) any {
	return len(a.Subject)
}

// subjectAt checks the i-th subject.
func subjectAt(i int, want article.Subject) check {
	return check{fmt.Sprintf("subject[%d]", i), func(a *article.Article) string {
		if i >= len(a.Subject) {
			return fmt.Sprintf("only %d subjects", len(a.Subject))
		}
		if a.Subject[i] != want {
			return fmt.Sprintf("got %+v, want %+v", a.Subject[i], want)
		}
		return ""
	}}
}

func versionCreatedOf(a *article.Article) any {
	if a.VersionCreated == nil {
		return nil
	}
	return a.VersionCreated.UTC().Format("2006-01-02T15:04:05Z")
}

func embargoedOf(a *article.Article) any {
	if a.Embargoed == nil {
		return nil
	}
	return a.Embargoed.UTC().Format("2006-01-02T15:04:05Z")
}

// fixturePath resolves a case's file.
func fixturePath(t *testing.T, file string) string {
	t.Helper()
	if strings.HasPrefix(file, "testdata/") {
		return file
	}
	return sharedtest.Path(t, file)
}

// runFormatCases splits each case's file and parses the wanted document.
func runFormatCases(t *testing.T, formatName string, cases []g2Case) {
	for _, tt := range cases {
		t.Run(fmt.Sprintf("%s#%d", filepath.Base(tt.file), tt.doc), func(t *testing.T) {
			raw := readFile(t, fixturePath(t, tt.file))
			if got := format.Detect("", raw); got != formatName {
				t.Fatalf("detected as %q, want %q", got, formatName)
			}
			docs, err := Split(formatName, raw)
			if err != nil {
				t.Fatalf("Split: %v", err)
			}
			if tt.docs != 0 && len(docs) != tt.docs {
				t.Errorf("Split gave %d documents, want %d", len(docs), tt.docs)
			}
			if tt.doc >= len(docs) {
				t.Fatalf("no document %d", tt.doc)
			}
			a, err := Parse(formatName, "", docs[tt.doc])
			if tt.wantErr != "" {
				if err == nil {
					t.Fatalf("normalized (headline %q), want rejection %q", a.Headline, tt.wantErr)
				}
				if !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("error %q, want it to contain %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if msg := wellFormed(a, formatName); msg != "" {
				t.Error(msg)
			}
			runChecks(t, a, tt.checks)
		})
	}
}

const (
	sd   = "wire/superdesk-fixtures/"
	iptc = "wire/newsml-g2/examples/"
)

func TestG2Fixtures(t *testing.T) {
	runFormatCases(t, format.NewsMLG2, []g2Case{
		{file: sd + "ap.xml", doc: 0, docs: 3, checks: []check{
			field("uri", uriOf, "tag:ap.org,2011:5e565888b587889c5c8bd62b6164118c-text"),
			field("version", versionOf, "2"),
			field("pubstatus", statusOf, "usable"),
			field("headline", headlineField, "Nutrisystem beats 4Q earnings and revenue expectations"),
			prefix("body", bodyOf, "FORT WASHINGTON, Pa. (AP) _ Nutrisystem Inc. (NTRI) on Monday reported fourth-quarter net income of $10.9 million.\n\nOn a per-share basis"),
			contains("body without NITF headline", bodyOf, "Nutrisystem beats 4Q", false),
			field("located", locatedOf, "Pittsburgh"),
			field("language", languageOf, "en"),
			field("infosource", sourceOf, "Automated Insights"),
			field("slugline", sluglineOf, "BC-US--Earns-Nutrisystem, 1st Ld-Writethru"),
			field("urgency", urgencyOf, 4),
			field("ednote", ednoteField, "Eds: Adds full-year results."),
			field("versioncreated", versionCreatedOf, "2018-02-26T21:20:34Z"),
			field("subjects", subjectCount, 8),
			subjectAt(1, article.Subject{Name: "Corporate stock", Code: "apsubject:5235a7a088e910048f29f8851349f9bd"}),
			field("signals (apsig: is not IPTC)", signalsOf, ""),
		}},
		{file: sd + "ap.xml", doc: 2, checks: []check{
			field("uri", uriOf, "tag:ap.org,2011:4db5f9c37aac8924db872ba5a7e287e6-text"),
			field("version", versionOf, "1"),
			prefix("headline", headlineOf, "Scripps Networks tops 4Q profit"),
			field("located (from dateline)", locatedOf, "KNOXVILLE, Tenn."),
		}},
		{file: sd + "ansa-newsmlg2-text.xml", checks: []check{
			field("uri", uriOf, "tag:ansa.it,2017-10-11:40e5fb1034e7e2b21942ea09718fc85a"),
			field("headline (not the sub-headline)", headlineField, "Catalan independence declaration unacceptable - Alfano"),
			prefix("body (HTML in text/plain inlineData)", bodyOf, "(ANSA) - Rome, October 11 - Italian Foreign Minister Angelino Alfano has said"),
			contains("body has no tags", bodyOf, "<p>", false),
			field("byline (creator name)", bylineOf, "VRG"),
			field("located", locatedOf, "Rome"),
			field("language", languageOf, "it"),
			field("infosource (provider literal)", sourceOf, "ansa.it"),
			field("holder", holderOf, "ANSA"),
			field("year", yearOf, 2017),
			field("signals (sig:routing is not an IPTC signal)", signalsOf, ""),
			subjectAt(0, article.Subject{Code: "ALR"}),
		}},
		{file: sd + "ansa_culture.xml", checks: []check{
			field("headline", headlineField, "TEST FROM XAWES"),
			field("located", locatedOf, "Roma"),
			field("signals", signalsOf, "update"),
			subjectAt(0, article.Subject{Name: "arrest", Code: "subj:02003003"}),
			prefix("body", bodyOf, "(ANSA) - ROMA, 1 LUG - TEST FROM XAWES"),
		}},
		{file: sd + "LISTING 1 A NewsML-G2 News Item.xml", checks: []check{
			field("uri", uriOf, "urn:newsml:acmenews.com:20161018:US-FINANCE-FED"),
			field("version", versionOf, "9"),
			field("headline", headlineField, `Fed to halt QE to avert "bubble"`),
			field("body (the inlineXML holds only comments)", bodyField, ""),
			field("byline", bylineOf, "Meredith Jameson"),
			field("located", locatedOf, "Berlin"),
			field("language (xml:lang en-GB)", languageOf, "en"),
			field("embargoed", embargoedOf, "2016-10-23T12:00:00Z"),
			field("versioncreated (-05:00 to UTC)", versionCreatedOf, "2016-10-21T21:25:32Z"),
			field("signals", signalsOf, "update"),
			prefix("ednote", ednoteOf, "Note to editors: STRICTLY EMBARGOED. Not for public release until 12noon on Friday"),
			field("holder", holderOf, "Example Enews LLP"),
			subjectAt(1, article.Subject{Name: "labour market", Code: "medtop:20000523"}),
		}},
		{file: sd + "LISTING 6 Simple NewsML-G2 Package.xml", wantErr: `NewsML-G2 packageItem "tag:example.com,2008:UK-NEWS-TOPTEN:UK20081220098658" version 9 is a package of references to other items, not a story`},
		{file: sd + "text.xml", checks: []check{
			field("uri", uriOf, "tag:reuters.com,0000:newsml_L4N0BT5PJ"),
			field("version", versionOf, "263518268"),
			prefix("headline", headlineOf, "Soccer-Smiling Benitez pleads for support"),
			field("body", bodyField, "By Toby Davis"),
			field("ednote", ednoteField, "Editorial Note"),
			field("infosource", sourceOf, "Reuters"),
			field("year", yearOf, 2013),
			subjectAt(0, article.Subject{Code: "MCC:SPO"}),
		}},
		{file: sd + "picture.xml", wantErr: `NewsML-G2 newsItem "tag:reuters.com,0000:newsml_GM1E9341HD701" version 360624134 is a picture item (itemClass icls:picture) with no text content`},
		{file: sd + "snep.xml", wantErr: `packageItem "tag:reuters.com,0000:newsml_TRE7AA2CP" version 472094323 is a package of references to other items`},
		{file: sd + "video.xml", doc: 0, docs: 5, wantErr: "is a package of references to other items, not a story"},
		{file: sd + "video.xml", doc: 1, checks: []check{
			field("uri", uriOf, "tag:reuters.com,2013:newsml_OVE933ZR5"),
			field("headline", headlineField, "Cardinals arrive for pre-conclave meeting"),
			prefix("body", bodyOf, "(ROUGH CUT ONLY - NO REPORTER NARRATION)\n\nPreparations for electing the next Catholic pope"),
			field("byline", bylineOf, "Reuters, MAR 04"),
			field("located (No-Data-Available is no place)", locatedOf, ""),
		}},
		{file: sd + "video.xml", doc: 2, wantErr: `newsItem "tag:reuters.com,2013:newsml_LOVE9230WHZNS" version 1 is a video item (itemClass icls:video) with no text content`},
		{file: sd + "video.xml", doc: 3, wantErr: "is an audio item (itemClass icls:audio) with no text content"},
		{file: sd + "video.xml", doc: 4, wantErr: "is a picture item (itemClass icls:picture) with no text content"},
		{file: sd + "stt1.xml", checks: []check{
			field("uri", uriOf, "urn:newsml:stt.fi::102736761"),
			field("version", versionOf, "2"),
			field("headline", headlineField, "Mikko Moilanen siirtyy Revenion toimitusjohtajaksi"),
			prefix("body (inline <Company> tags kept as text)", bodyOf, "Diplomi-insinööri Mikko Moilanen siirtyy terveysteknologiayhtiö Revenio Groupin ja"),
			field("language", languageOf, "fi"),
			field("located", locatedOf, "Helsinki"),
			field("infosource", sourceOf, "STT"),
			field("urgency", urgencyOf, 3),
			field("signals", signalsOf, "update"),
			field("versioncreated (no zone: UTC)", versionCreatedOf, "2019-04-15T13:49:15Z"),
			subjectAt(2, article.Subject{Name: "Talous", Code: "sttdepartment:11"}),
		}},
		{file: sd + "stt_newsml_note_test.xml", checks: []check{
			field("byline", bylineOf, "ANTTI AUTIO, HETA HASSINEN"),
			prefix("ednote (two notes)", ednoteOf, "2. väliotsikon jälkeen"),
			contains("ednote (two notes)", ednoteOf, " / Korjattu aiempaa uutista", true),
		}},
		{file: sd + "stt_newsml_test_no_hl.xml", checks: []check{
			// No headline in the item: finish derives it from the lead.
			field("headline", headlineField, "*** DISCLAIMER: THIS IS AN AUTOMATED TRANSLATION FROM FINNISH ***"),
			field("language (tag fi-FI, although the text is English)", languageOf, "fi"),
		}},
		{file: sd + "scoop.xml", doc: 0, docs: 2, wantErr: "NewsML-G2 packageItem is a package of references to other items, not a story"},
		{file: sd + "scoop.xml", doc: 1, checks: []check{
			field("uri", uriOf, "BD-20160112123540"),
			field("version", versionOf, "3"),
			field("headline (NITF head/title)", headlineField, "Dick Smith receivers install Don Grover as acting CEO as Abboud quits; retailer put up for sale"),
			field("byline (NITF byline)", bylineOf, "Staff Reporter BusinessDesk"),
			prefix("body", bodyOf, "By Jonathan Underhill\n\nJan. 12 (BusinessDesk) - The receivers of Dick Smith Holdings"),
			field("versioncreated", versionCreatedOf, "2016-01-12T12:35:40Z"),
			field("holder (empty literal)", holderOf, ""),
			field("subjects (empty name)", subjectCount, 0),
		}},
		{file: sd + "tag_reuters.com,2018_newsml_MTZXEE13ZXCZES_2", checks: []check{
			field("headline (multi-line)", headlineField, "UPDATE 2-Primeira Liga Results"),
			field("located (the dateline is a time stamp)", locatedOf, ""),
			field("infosource", sourceOf, "Opta Sports Data, Reuters"),
			field("holder", holderOf, "Opta Sports Data"),
			prefix("body", bodyOf, "Jan 3 (OPTA) - Results and fixtures for the Primeira Liga on Wednesday Desportivo Aves (0) 1 Moreirense (2) 2 Marítimo"),
			subjectAt(2, article.Subject{Name: "Soccer", Code: "N2:SOC"}),
		}},
		{file: sd + "tag_reuters.com_2014_newsml_KBN0FL0NN_version_5", checks: []check{
			field("uri", uriOf, "tag_reuters.com_2014_newsml_KBN0FL0NN"),
			field("version", versionOf, "5"),
			field("byline", bylineOf, "Marwan Makdisi"),
			prefix("body", bodyOf, "By Marwan Makdisi\n\nDAMASCUS (Reuters) - Bashar al-Assad was sworn in"),
		}},
		{file: sd + "tag_reuters.com_2014_newsml_KBN0FL0NM_version_10", wantErr: `packageItem "tag_reuters.com_2014_newsml_KBN0FL0NM" version 10 is a package`},
		{file: sd + "tag_reuters.com_0000_newsml_GM1EA7M13RP01_version_484616934", wantErr: "is a picture item"},
		{file: sd + "tag_reuters.com_2014_newsml_LYNXMPEA6F0MS_version_2", wantErr: `newsItem "tag_reuters.com_2014_newsml_LYNXMPEA6F0MS" version 2 is a picture item`},
		{file: sd + "tag_reuters.com_2014_newsml_LYNXMPEA6F0MT_version_2", wantErr: `newsItem "tag_reuters.com_2014_newsml_LYNXMPEA6F0MT" version 2 is a picture item`},
		{file: iptc + "LISTING_2_NewsML-G2_Text_Document.xml", checks: []check{
			field("uri", uriOf, "urn:newsml:acmenews.com:20161121:US-FINANCE-FED"),
			field("version", versionOf, "11"),
			prefix("body (NITF body.content only)", bodyOf, "(New York, NY - October 21) Et, sent luptat luptat"),
			contains("body has no NITF byline", bodyOf, "Staff Reporter", false),
			field("byline (creator)", bylineOf, "Meredith Jameson"),
			field("located", locatedOf, "New York, NY"),
			field("infosource", sourceOf, "Associated Press"),
			field("holder", holderOf, "Acme News and Media LLC"),
			field("subjects", subjectCount, 3),
		}},
		{file: iptc + "LISTING_22_Sports_story_in_NewsML-G2NITF.xml", checks: []check{
			field("headline", headlineField, "Preview: Arizona Diamondbacks (29-23) at Philadelphia Phillies (26-24), 7:05 p.m."),
			prefix("body", bodyOf, "(Sports Network) - A pair of teams coming off big weekend sweeps"),
			field("byline", bylineOf, "The Sports Network"),
			subjectAt(7, article.Subject{Name: "Doug Davis", Code: "person:l.mlb.com-p.456"}),
		}},
		{file: iptc + "LISTING_24_News_Message_conveying_a_complete_News_Package.xml", doc: 1, docs: 5, wantErr: `NewsML-G2 newsItem "N1" (itemClass none) has neither headline nor text`},
		{file: iptc + "LISTING_27_Company_Financial_Information.xml", checks: []check{
			field("headline", headlineField, "Acme Widgets announces annual results"),
			prefix("body (abstract description: the inlineXML is empty)", bodyOf, "Acme Widgets (XTSE:AWG), a leader in the production"),
			field("holder (year range is not the holder)", holderOf, "Acme Newswire"),
		}},
		{file: iptc + "LISTING_16_A_Set_of_Events_carried_in_a_News_Item.xml", wantErr: `newsItem "urn:newsml:iptc.org:20090122:qqwpiruuew4711" version 11 is a composite item (itemClass ninat:composite) with no text content`},
		{file: iptc + "LISTING_21_A_complete_sample_SportsML-G2_document.xml", checks: []check{
			prefix("headline", headlineOf, "Troy Tulowitzki singled to third"),
			field("body (SportsML is data, not prose)", bodyField, ""),
		}},
		{file: iptc + "LISTING_3_Photo_in_NewsML-G2.xml", wantErr: `newsItem "tag:gettyimages.com,2010:GYI0062134533" version 11 is a picture item (itemClass ninat:picture) with no text content`},
		{file: iptc + "LISTING_26_Embedded_photo_metadata_fields_mapped_to_NewsML-G2.xml", wantErr: "is a picture item"},
		{file: iptc + "LISTING_4_Multiple_Renditions_of_a_Video_in_NewsML-G2.xml", wantErr: "is a video item"},
		{file: iptc + "LISTING_10_Abstract_Concept_conveyed_in_a_NewsML-G2_Concept_Item.xml", wantErr: "NewsML-G2 conceptItem \"urn:newsml:iptc.org:20080229:ncdci-subjectcode\" version 11 describes a concept"},
		{file: iptc + "LISTING_12_Knowledge_Item_for_Access_Codes.xml", wantErr: "knowledgeItem \"urn:newsml:iptc.org:20090202:ncdki-accesscode\" version 11 is a set of concept descriptions"},
		{file: iptc + "LISTING_13_Complete_Catalog_Item.xml", wantErr: "catalogItem \"urn:newsml:iptc.org:20130517:catalog\" version 31 is a catalog of controlled vocabularies, not a story"},
		{file: iptc + "LISTING_17_Planning_Item_a_CCL.xml", wantErr: "planningItem \"urn:newsml:iptc.org:20101025:gbmrmdreis4711\" version 11 is planning information (news coverage), not a story"},
		{file: iptc + "LISTING_29_Hop_History.xml", wantErr: "(itemClass ninat:text) has neither headline nor text"},
		{file: iptc + "facet-example-3.xml", checks: []check{
			field("body (bare <p> in inlineXML)", bodyField, "Content goes here..."),
			subjectAt(0, article.Subject{Name: "swimming", URI: "http://cv.iptc.org/newscodes/mediatopic/20001071"}),
		}},
	})
}

// TestG2AllExamples runs every NewsML-G2 document of the shared data through
// Split and Parse: none may panic, each story must be well formed, and the
// outcome counts are pinned so a regression shows.
func TestG2AllExamples(t *testing.T) {
	var files []string
	for _, pattern := range []string{iptc + "*.xml", sd + "*"} {
		dir := sharedtest.Path(t, filepath.Dir(pattern))
		m, err := filepath.Glob(filepath.Join(dir, filepath.Base(pattern)))
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	ok, rejected := 0, 0
	for _, f := range files {
		raw := readFile(t, f)
		if format.Detect("", raw) != format.NewsMLG2 {
			continue
		}
		docs, err := Split(format.NewsMLG2, raw)
		if err != nil {
			t.Errorf("%s: Split: %v", f, err)
			continue
		}
		for i, doc := range docs {
			a, err := Parse(format.NewsMLG2, "", doc)
			if err != nil {
				rejected++
				t.Logf("%s #%d: rejected: %v", filepath.Base(f), i, err)
				continue
			}
			ok++
			if msg := wellFormed(a, format.NewsMLG2); msg != "" {
				t.Errorf("%s #%d: %s", f, i, msg)
			}
			if a.URI == "" {
				t.Errorf("%s #%d: no uri", f, i)
			}
		}
	}
	t.Logf("NewsML-G2 stories: %d normalized, %d rejected", ok, rejected)
	if ok != 32 || rejected != 40 {
		t.Errorf("%d normalized and %d rejected, want 32 and 40", ok, rejected)
	}
}

// TestG2Revisions checks the committed story files the end-to-end test
// uses: three versions of one guid, the last a kill.
func TestG2Revisions(t *testing.T) {
	tests := []struct {
		file     string
		version  int64
		status   string
		headline string
		ednote   string
	}{
		{"g2-story-v1.xml", 1, article.PubStatusUsable, "Portville harbour bridge closed after ship strikes pillar", ""},
		{"g2-story-v2.xml", 2, article.PubStatusUsable, "Portville harbour bridge reopens after engineers find no damage", "Updates with reopening, engineers' findings."},
		{"g2-story-kill.xml", 3, article.PubStatusCanceled, "KILL - Portville harbour bridge story withdrawn", "KILL: the story is withdrawn. The council retracted its statement; the ship did not strike the bridge. Do not use."},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			raw := readFile(t, filepath.Join("testdata", "g2", tt.file))
			if f := format.Detect("", raw); f != format.NewsMLG2 {
				t.Fatalf("detected as %q", f)
			}
			a, err := Parse(format.NewsMLG2, "", raw)
			if err != nil {
				t.Fatal(err)
			}
			id, version := Identity(a)
			if id != "urn:newsml:example.com:20240301:E2E-HARBOUR-BRIDGE" || version != tt.version {
				t.Errorf("identity %q %d, want the shared guid and version %d", id, version, tt.version)
			}
			if a.PubStatus != tt.status || a.Headline != tt.headline || a.EdNote != tt.ednote {
				t.Errorf("got status %q headline %q ednote %q", a.PubStatus, a.Headline, a.EdNote)
			}
			if a.BodyText == "" || a.Language != "en" {
				t.Errorf("body %q, language %q", a.BodyText, a.Language)
			}
		})
	}
}

// TestG2Testdata runs the committed IPTC examples (no shared data needed).
func TestG2Testdata(t *testing.T) {
	runFormatCases(t, format.NewsMLG2, []g2Case{
		{file: "testdata/g2/iptc-listing2-text.xml", checks: []check{
			field("uri", uriOf, "urn:newsml:acmenews.com:20161121:US-FINANCE-FED"),
			field("version", versionOf, "11"),
			field("headline", headlineField, `Fed to halt QE to avert "bubble"`),
			prefix("body", bodyOf, "(New York, NY - October 21) Et, sent luptat luptat, commy Nim zzriureet"),
			field("byline", bylineOf, "Meredith Jameson"),
			field("located", locatedOf, "New York, NY"),
			field("language", languageOf, "en"),
			field("subjects", subjectCount, 3),
		}},
		{file: "testdata/g2/iptc-listing22-nitf-story.xml", checks: []check{
			prefix("body", bodyOf, "(Sports Network) - A pair of teams"),
		}},
		{file: "testdata/g2/iptc-listing3-photo.xml", wantErr: "is a picture item (itemClass ninat:picture) with no text content"},
		{file: "testdata/g2/iptc-listing6-package.xml", wantErr: "is a package of references to other items, not a story"},
		{file: "testdata/g2/iptc-listing24-newsmessage.xml", doc: 0, docs: 5, wantErr: "NewsML-G2 packageItem is a package"},
		{file: "testdata/g2/iptc-listing24-newsmessage.xml", doc: 4, wantErr: `newsItem "N4" (itemClass none) has neither headline nor text`},
	})
}

// TestG2PictureIdentity: two Reuters pictures of one event have their own
// guids, read the same way every time.
func TestG2PictureIdentity(t *testing.T) {
	for _, name := range []string{"LYNXMPEA6F0MS", "LYNXMPEA6F0MT"} {
		raw := readFile(t, sharedtest.Path(t, sd+"tag_reuters.com_2014_newsml_"+name+"_version_2"))
		d := newXMLDecoder(raw)
		if _, err := rootElement(d); err != nil {
			t.Fatal(err)
		}
		start, err := firstG2Item(d)
		if err != nil {
			t.Fatal(err)
		}
		it, err := readG2Item(d, start)
		if err != nil {
			t.Fatal(err)
		}
		if it.a.URI != "tag_reuters.com_2014_newsml_"+name || it.a.Version != "2" || it.itemClass != "icls:picture" {
			t.Errorf("%s: uri %q version %q class %q", name, it.a.URI, it.a.Version, it.itemClass)
		}
		if it.a.Headline != "" || len(it.headlines) != 1 {
			t.Errorf("%s: headlines %v", name, it.headlines)
		}
	}
}

// g2Doc wraps contentMeta/itemMeta/contentSet XML in a newsItem.
func g2Doc(itemAttrs, itemMeta, contentMeta, contentSet string) []byte {
	return []byte(`<?xml version="1.0" encoding="UTF-8"?>
<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:test:1" version="4" ` + itemAttrs + `>
<itemMeta><itemClass qcode="ninat:text"/>` + itemMeta + `</itemMeta>
<contentMeta>` + contentMeta + `</contentMeta>
<contentSet>` + contentSet + `</contentSet></newsItem>`)
}

const g2Body = `<inlineXML contenttype="application/xhtml+xml"><html xmlns="http://www.w3.org/1999/xhtml"><body><p>First paragraph.</p><p>Second<br/>line.</p></body></html></inlineXML>`

func TestG2Inline(t *testing.T) {
	tests := []struct {
		name    string
		raw     []byte
		wantErr string
		checks  []check
	}{
		{"pubStatus literal", g2Doc("", `<pubStatus literal="withheld"/>`, `<headline>H</headline>`, g2Body), "", []check{
			field("pubstatus", statusOf, "withheld"),
			field("body", bodyField, "First paragraph.\n\nSecond\n\nline."),
		}},
		{"pubStatus uri", g2Doc("", `<pubStatus uri="http://cv.iptc.org/newscodes/pubstatusg2/canceled"/>`, `<headline>H</headline>`, g2Body), "", []check{
			field("pubstatus", statusOf, "canceled"),
		}},
		{"unknown pubStatus", g2Doc("", `<pubStatus qcode="stat:deleted"/>`, `<headline>H</headline>`, g2Body),
			`NewsML-G2 newsItem "urn:test:1" version 4: unknown pubstatus "stat:deleted"`, nil},
		{"signals", g2Doc("", `<signal qcode="sig:correction"/><signal uri="http://cv.iptc.org/newscodes/signal/update"/><signal qcode="edStat:U"/><signal qcode="sig:correction"/>`, `<headline>H</headline>`, g2Body), "", []check{
			field("signals", signalsOf, "correction,update"),
		}},
		{"headline roles and languages", g2Doc(`xml:lang="de"`, ``,
			`<headline role="hld:subHeadline">Sub</headline><headline role="hld:main">Main</headline><language tag="en-US"/>
			<subject qcode="medtop:1"><name xml:lang="de">Wirtschaft</name><name xml:lang="en-GB">economy</name><broader qcode="medtop:0"><name>top</name></broader></subject>
			<subject qcode="medtop:1"><name xml:lang="en">economy</name></subject>`, g2Body), "", []check{
			field("headline", headlineField, "Main"),
			field("language (contentMeta over xml:lang)", languageOf, "en"),
			field("subjects (deduplicated)", subjectCount, 1),
			subjectAt(0, article.Subject{Name: "economy", Code: "medtop:1"}),
		}},
		{"sub-headline only", g2Doc("", ``, `<headline role="hld:subHeadline">Only sub</headline>`, g2Body), "", []check{
			field("headline", headlineField, "Only sub"),
		}},
		{"by wins over creator; dateline place and agency", g2Doc("", ``,
			`<headline>H</headline><creator><name>Creator Name</name></creator><by>By A. Writer</by><dateline>MOSCOW, Monday (Reuters)</dateline>`, g2Body), "", []check{
			field("byline", bylineOf, "A. Writer"),
			field("located", locatedOf, "MOSCOW"),
			field("infosource", sourceOf, "Reuters"),
		}},
		{"base64 inlineData", g2Doc("", ``, `<headline>H</headline>`,
			`<inlineData contenttype="text/plain" encoding="base64">Rmlyc3QgbGluZS4KU2Vjb25kIGxpbmUu</inlineData>`), "", []check{
			field("body", bodyField, "First line.\n\nSecond line."),
		}},
		{"XHTML preferred to inlineData", g2Doc("", ``, `<headline>H</headline>`,
			`<inlineData contenttype="text/plain">Plain rendition.</inlineData>`+g2Body), "", []check{
			prefix("body", bodyOf, "First paragraph."),
		}},
		{"image inlineData is not text", g2Doc("", ``, `<headline>H</headline>`,
			`<inlineData contenttype="image/png" encoding="base64">iVBORw0KGgo=</inlineData>`), "", []check{
			field("body", bodyField, ""),
		}},
		{"summary when no body", g2Doc("", ``, `<headline>H</headline><description role="drol:summary">The summary.</description><description role="drol:caption">A caption.</description>`, ``), "", []check{
			field("body", bodyField, "The summary."),
		}},
		{"embargo and times", g2Doc("", `<versionCreated>2024-03-01T10:00:00+01:00</versionCreated><embargoed>2024-03-02T00:00:00Z</embargoed>`, `<headline>H</headline>`, g2Body), "", []check{
			field("versioncreated", versionCreatedOf, "2024-03-01T09:00:00Z"),
			field("embargoed", embargoedOf, "2024-03-02T00:00:00Z"),
		}},
		{"graphic with a caption only", []byte(`<newsItem guid="g" version="1"><itemMeta><itemClass qcode="ninat:graphic"/></itemMeta><contentMeta><headline>Chart</headline><description role="drol:caption">A chart.</description></contentMeta></newsItem>`),
			`NewsML-G2 newsItem "g" version 1 is a graphic item (itemClass ninat:graphic) with no text content`, nil},
		{"picture with a text body is a story", []byte(`<newsItem guid="p"><itemMeta><itemClass qcode="ninat:picture"/></itemMeta><contentSet>` + g2Body + `</contentSet></newsItem>`), "", []check{
			prefix("body", bodyOf, "First paragraph."),
		}},
		{"packageItem", []byte(`<packageItem guid="pk" version="2"><groupSet/></packageItem>`),
			`NewsML-G2 packageItem "pk" version 2 is a package of references to other items, not a story`, nil},
		{"empty newsMessage", []byte(`<newsMessage><header><sent>2024-01-01T00:00:00Z</sent></header><itemSet/></newsMessage>`),
			"NewsML-G2 newsMessage holds no items", nil},
		{"fragment", []byte(`<contentSet><inlineXML><p>x</p></inlineXML></contentSet>`),
			"NewsML-G2 document has root element <contentSet>, a fragment or another vocabulary, not a newsItem or newsMessage", nil},
		{"truncated", []byte(`<newsItem guid="t"><contentMeta><headline>H`), "malformed NewsML-G2 XML: XML syntax error on line 1: unexpected EOF", nil},
		{"not XML", []byte(`hello`), "malformed NewsML-G2 XML", nil},
		{"item link with children", g2Doc("", `<link rel="irel:seeAlso" href="x"><title>T</title></link>`, `<headline>H</headline>`, g2Body), "", []check{
			field("headline", headlineField, "H"),
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if a := parseOrRefuse(t, format.NewsMLG2, "", tt.raw, tt.wantErr, strings.HasPrefix, tt.checks); a != nil {
				if msg := wellFormed(a, format.NewsMLG2); msg != "" {
					t.Error(msg)
				}
			}
		})
	}
}

func TestG2Split(t *testing.T) {
	item := func(guid string) string {
		return `<newsItem guid="` + guid + `"><contentMeta><headline>` + guid + `</headline></contentMeta></newsItem>`
	}
	msg := `<?xml version="1.0"?><newsMessage xmlns="http://iptc.org/std/nar/2006-10-01/"><header><sender>x</sender></header><itemSet>` +
		item("a") + item("b") + `<packageItem guid="p"/></itemSet></newsMessage>`
	docs, err := Split(format.NewsMLG2, []byte(msg))
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 3 {
		t.Fatalf("%d documents, want 3", len(docs))
	}
	for i, guid := range []string{"a", "b"} {
		a, err := Parse(format.NewsMLG2, "", docs[i])
		if err != nil || a.URI != guid {
			t.Errorf("doc %d: %v %v", i, a, err)
		}
		if !strings.Contains(string(docs[i]), "<header><sender>x</sender></header>") {
			t.Errorf("doc %d lost the header", i)
		}
	}
	single := []byte(item("solo"))
	if docs, err := Split(format.NewsMLG2, single); err != nil || len(docs) != 1 || string(docs[0]) != string(single) {
		t.Errorf("a lone item: %q %v", docs, err)
	}
	if _, err := Split(format.NewsMLG2, []byte(`<newsMessage><itemSet/></newsMessage>`)); err == nil || err.Error() != "NewsML-G2 newsMessage holds no items" {
		t.Errorf("empty message: %v", err)
	}
}

// FuzzG2 feeds arbitrary documents to Split and Parse: no panic, exactly one
// of article and error, and an accepted story is well formed.
func FuzzG2(f *testing.F) {
	seedFiles(f, "testdata/g2/*.xml")
	for _, dir := range []string{"wire/newsml-g2/examples", "wire/superdesk-fixtures"} {
		for _, b := range sharedSeeds(dir) {
			if format.Sniff(b) == format.NewsMLG2 {
				f.Add(b)
			}
		}
	}
	f.Add(g2Doc("", `<pubStatus qcode="stat:usable"/><signal qcode="sig:update"/>`, `<headline>H</headline><subject qcode="a:b"><name xml:lang="en">n</name></subject>`, g2Body))
	f.Add([]byte(`<newsMessage><itemSet><newsItem guid="a"><contentSet><inlineData encoding="base64">aGk=</inlineData></contentSet></newsItem><packageItem/></itemSet></newsMessage>`))
	f.Fuzz(func(t *testing.T, raw []byte) {
		docs, err := Split(format.NewsMLG2, raw)
		if err != nil {
			docs = [][]byte{raw}
		}
		for _, doc := range docs {
			checkParse(t, format.NewsMLG2, doc)
		}
	})
}

// seedFiles adds the files matching pattern to the corpus of f.
func seedFiles(f *testing.F, pattern string) {
	f.Helper()
	m, err := filepath.Glob(pattern)
	if err != nil || len(m) == 0 {
		f.Fatalf("no seed files %s (%v)", pattern, err)
	}
	for _, fn := range m {
		b, err := os.ReadFile(fn)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
}

// sharedSeeds returns the files of a shared data folder, or nothing when
// the shared data is absent: fuzz targets must run without it, so they do
// not use sharedtest.Path, which skips.
func sharedSeeds(rel string) [][]byte {
	dir, ok := sharedtest.Find(rel)
	if !ok {
		return nil
	}
	m, _ := filepath.Glob(filepath.Join(dir, "*"))
	var out [][]byte
	for _, fn := range m {
		if b, err := os.ReadFile(fn); err == nil {
			out = append(out, b)
		}
	}
	return out
}

// checkParse is the fuzz assertion shared by the XML formats.
func checkParse(t *testing.T, formatName string, raw []byte) {
	t.Helper()
	a, err := Parse(formatName, "", raw)
	if (a == nil) == (err == nil) {
		t.Fatalf("article %v with error %v: want exactly one", a, err)
	}
	if err != nil {
		if strings.TrimSpace(err.Error()) == "" {
			t.Fatal("empty error text")
		}
		return
	}
	if a.Headline == "" && a.BodyText == "" {
		t.Fatal("accepted with neither headline nor body")
	}
	if msg := wellFormed(a, formatName); msg != "" {
		t.Fatal(msg)
	}
}
