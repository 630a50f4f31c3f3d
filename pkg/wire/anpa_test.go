package wire

import (
	"strings"
	"testing"

	"github.com/newsroom-pipeline/newsroom/pkg/article"
	"github.com/newsroom-pipeline/newsroom/pkg/format"
)

// sampleANPA is an invented message in the AP layout (not agency copy),
// for the tests that must run without ../shared.
const sampleANPA = "\x16\x16\x01W0412\x1fasian\r\nr a\x13\x11 BC-US--Bridge-Reopens     03-14 0240\r\n" +
	"\x02^BC-US--Bridge-Reopens,85<\r\n" +
	"^Historic river bridge reopens after repairs<\r\n" +
	"^AP Photo NYAB101<\r\n" +
	"^Eds: With AP Photos.<\r\n" +
	"^By JANE DOE=\r\n" +
	"^Associated Press=\r\n" +
	"\t   SPRINGFIELD, Ill. (AP) _ A historic river bridge reopened on Tuesday after two years of repairs, city officials said. \r\n" +
	" \r\n" +
	"\t   ``It's a great day for the city,'' the mayor said, calling the bridge `our pride.' \r\n" +
	"\t   ___\r\n" +
	"\t   Associated Press writer John Roe contributed.\r\n" +
	"\r\n\t   \x03AP-WF-03-14-17 1802GMT<\r\n\r\n\x0c\r\n\x04"

func TestANPAFixtures(t *testing.T) {
	runFixtureCases(t, format.ANPA, []fixtureCase{
		{file: "anpa-1.tst", checks: []check{
			field("headline", headlineField, "For Argentine chemo patients, mirrors can hurt"),
			prefix("body starts after the dateline", bodyOf, "For cancer patients dealing with the physical and psychological trauma of the disease"),
			contains("AP quotes converted", bodyOf, "\n\n“Look Good Feel Better” is a program", true),
			contains("single AP quote converted", bodyOf, "‘This is who I am,' and from there on", true),
			contains("photo line dropped", bodyOf, "XNP101", false),
			contains("___ rule dropped", bodyOf, "___", false),
			check{"last paragraph is the credit", func(a *article.Article) string {
				if p := lastParagraph(a); p != "APTN contributor Kacey Cherry in Buenos Aires helped with this story." {
					return "got " + p
				}
				return ""
			}},
			field("byline", bylineOf, "PAUL BYRNE and ALMUDENA CALATRAVA"),
			field("located", locatedOf, "BUENOS AIRES, Argentina"),
			field("infosource", sourceOf, "AP"),
			field("ednote", ednoteField, "With AP Photos."),
			field("slugline", sluglineOf, "Argentina-Cancer Beauty"),
			field("uri", uriOf, "anpa1312:ap:11-13:lt--argentina-cancerb"),
			field("version", versionOf, ""),
			field("versioncreated from the trailer", createdOf, "2013-11-13T15:09:00Z"),
			field("urgency (f: flash)", urgencyOf, 1),
			field("subjects", subjectsOf, []article.Subject{{Code: "anpa-category:l"}}),
			field("language", languageOf, "en"),
			field("pubstatus", statusOf, article.PubStatusUsable),
			field("no signals", signalsOf, ""),
		}},
		{file: "anpa-2.tst", checks: []check{
			field("headline", headlineField, "Prairies vanish in the US push for green energy"),
			field("byline", bylineOf, "CHET BROKAW and JACK GILLUM"),
			field("ednote: Eds and EDITOR'S NOTE", ednoteField, "Restores reference in 3rd paragraph to years when fuel became No. 1 use for corn. Adds video link. With AP Photos. AP Video. For global distribution; This is part of an Associated Press investigation into the hidden costs of green energy."),
			field("writethru is an update", signalsOf, article.SignalUpdate),
			field("slugline", sluglineOf, "Ethanol-Losing Grassland"),
			field("uri: the keyword without the take", uriOf, "anpa1312:ap:11-13:us--ethanol-losinggra"),
			field("located", locatedOf, "ROSCOE, South Dakota"),
			contains("AP dash", bodyOf, "set aside for conservation — more than Yellowstone", true),
			field("urgency", urgencyOf, 4),
		}},
		{file: "anpa-4.tst", checks: []check{
			field("headline", headlineField, "AP Top Entertainment News at 11:23 p.m. EST"),
			prefix("a headline list: header lines are the body", bodyOf, "Ex-bodyguard testifies about lewd messages sent to Paltrow\n\nPolice: Jay Cutler's brother-in-law death was accidental\n\n"),
			field("slugline from the second ^ segment", sluglineOf, "Top-Entertainment-Headlines"),
			field("versioncreated", createdOf, "2016-02-10T04:23:00Z"),
			field("uri", uriOf, "anpa1312:ap:02-09:top-entertainment-hea"),
		}},
		{file: "ap_anpa-1.tst", checks: []check{
			field("headline", headlineField, "Deng has 30 points, short-handed Heat beat Hawks 115-111"),
			field("byline without the credit line", bylineOf, "CHARLES ODUM"),
			field("ednote", ednoteField, "Heat 115, Hawks 111. Updates. With AP Photos."),
			field("located", locatedOf, "ATLANTA"),
			prefix("body, not the summary line", bodyOf, "Luol Deng scored 30 points and Josh McRoberts had 19 — season highs for each player — and the Miami Heat, playing without All-Stars Dwyane Wade and Chris Bosh, beat the Atlanta Hawks 115-111 on Friday night.\n\nWade was ruled out"),
			field("sports desk subject", subjectsOf, []article.Subject{{Code: "anpa-category:z"}, {Name: "basketball", Code: "subj:15008000"}}),
			field("signals", signalsOf, article.SignalUpdate),
			field("uri", uriOf, "anpa1312:ap:02-20:bkn--heat-hawks"),
			field("versioncreated", createdOf, "2016-02-20T03:37:00Z"),
		}},
		{file: "ap_anpa-2.tst", checks: []check{
			field("headline", headlineField, "Baseball Expanded Standings"),
			field("byline", bylineOf, "The Associated Press"),
			prefix("sub-headings and table rows", bodyOf, "AMERICAN LEAGUE\n\nEast Division\n\nW L Pct GB WCGB L10 Str Home Away\nBaltimore 23 13 .639 — — 8-2 L-1 16-6 7-7\nBoston 24 14 .632"),
			contains("space band removed", bodyOf, "\nTampa Bay 17 19 .472", true),
			contains("game lines", bodyOf, "\n\nN.Y. Yankees 7, Chicago White Sox 5\n\n", true),
			field("subjects", subjectsOf, []article.Subject{{Code: "anpa-category:z"}, {Name: "baseball", Code: "subj:15007000"}}),
			field("uri", uriOf, "anpa1312:ap:05-17:bbo--baseballexpanded"),
		}},
		{file: "ap_anpa-3.tst", checks: []check{
			field("headline", headlineField, "$210 lobster is found dead"),
			field("body", bodyField, "A lobster died."),
			field("located", locatedOf, "CHATHAM, Mass."),
			field("ednote", ednoteField, "APNewsNow. Changes short headline. New approach."),
			field("signals", signalsOf, article.SignalUpdate),
			field("slugline", sluglineOf, "Giant Lobster Death"),
			field("uri", uriOf, "anpa1312:ap:08-29:us--giantlobsterdeath"),
			field("language (AP default when detection is unsure)", languageOf, "en"),
		}},
		{file: "ap_anpa-5.tst", checks: []check{
			field("headline derived from the alert", headlineField, "Hawaii files court challenge to Trump administration's definition of close U.S. relationship needed to avoid travel ban"),
			field("located", locatedOf, "HONOLULU"),
			field("urgency (b: bulletin)", urgencyOf, 2),
			field("alerts are told apart by message number", uriOf, "anpa1312:ap:06-29:us--apnewsalert:w1645"),
		}},
		{file: "ap_anpa-7.tst", checks: []check{
			field("headline", headlineField, "10 Things to Know for Today"),
			field("byline", bylineOf, "The Associated Press"),
			prefix("body", bodyOf, "Your daily look at late-breaking news, upcoming events and the stories that will be talked about today:\n\n1. BAHAMIANS BEGIN RESCUES AS DORIAN MOVES ON TOWARD US COAST\n\nBahamians rescue"),
			contains("summary line dropped", bodyOf, "Among 10 Things to Know", false),
			field("slugline", sluglineOf, "10 Things to Know-Today"),
			field("uri", uriOf, "anpa1312:ap:09-04:10thingstoknow-today"),
			field("versioncreated", createdOf, "2019-09-04T10:29:00Z"),
		}},
	})
}

func TestANPASample(t *testing.T) {
	a, err := Parse(format.ANPA, "", []byte(sampleANPA))
	if err != nil {
		t.Fatal(err)
	}
	runChecks(t, a, []check{
		field("headline", headlineField, "Historic river bridge reopens after repairs"),
		field("body", bodyField, "A historic river bridge reopened on Tuesday after two years of repairs, city officials said.\n\n"+
			"“It's a great day for the city,” the mayor said, calling the bridge ‘our pride.'\n\n"+
			"Associated Press writer John Roe contributed."),
		field("byline", bylineOf, "JANE DOE"),
		field("located", locatedOf, "SPRINGFIELD, Ill."),
		field("infosource", sourceOf, "AP"),
		field("ednote", ednoteField, "With AP Photos."),
		field("uri", uriOf, "anpa1312:ap:03-14:us--bridge-reopens"),
		field("versioncreated", createdOf, "2017-03-14T18:02:00Z"),
		field("urgency", urgencyOf, 4),
		field("language", languageOf, "en"),
	})
	if msg := wellFormed(a, format.ANPA); msg != "" {
		t.Error(msg)
	}
}

// TestANPAWritethruIsRevision: the write-through of a story has its URI and
// a higher version, and signals an update.
func TestANPAWritethruIsRevision(t *testing.T) {
	wt := strings.NewReplacer("W0412", "W0533",
		"BC-US--Bridge-Reopens     03-14", "BC-US--Bridge-Reopens 1stLd-Writethru   03-14",
		"^BC-US--Bridge-Reopens,85<", "^BC-US--Bridge-Reopens, 1st Ld-Writethru,92<",
		"1802GMT", "1930GMT").Replace(sampleANPA)
	first, err := Parse(format.ANPA, "", []byte(sampleANPA))
	if err != nil {
		t.Fatal(err)
	}
	second, err := Parse(format.ANPA, "", []byte(wt))
	if err != nil {
		t.Fatal(err)
	}
	id1, v1 := Identity(first)
	id2, v2 := Identity(second)
	if id1 != id2 || v2 <= v1 {
		t.Errorf("identities %q@%d and %q@%d: want one URI, the write-through newer", id1, v1, id2, v2)
	}
	if strings.Join(second.Signals, ",") != article.SignalUpdate || len(first.Signals) != 0 {
		t.Errorf("signals %v then %v, want none then update", first.Signals, second.Signals)
	}
}

func TestANPAVariants(t *testing.T) {
	tests := []struct {
		name   string
		raw    string
		reject string
		checks []check
	}{
		{name: "no SOH", raw: "W0001\nr a BC-X  01-01\n\x02^Head<\n\tText.\n\x03", reject: "ANPA-1312 message has no SOH"},
		{name: "no STX", raw: "\x16\x16\x01W0001\x1f-----\nr a\x13\x11 BC-X  01-01 0001\n^Head<\n", reject: "no STX (start of text)"},
		{name: "no text", raw: "\x16\x16\x01W0001\x1f-----\nr a\x13\x11 BC-US--Thing  01-01 0001\n\x02^BC-US--Thing,1<\n\x03", reject: `ANPA-1312 message "BC-US--Thing" has no body text`},
		{name: "no trailer: no date, no source, language detected",
			raw: strings.Replace(sampleANPA, "\x03AP-WF-03-14-17 1802GMT<", "\x03", 1),
			checks: []check{
				field("versioncreated", createdOf, "<nil>"),
				field("uri", uriOf, "anpa1312:03-14:us--bridge-reopens"),
				field("language", languageOf, "en"),
			}},
		{name: "wrapped paragraph lines and END",
			raw: "\x16\x16\x01W0002\x1f-----\nu f\x13\x11 AM-Markets  12-31 0050\n\x02^AM-Markets,20<\n^Stocks rally at year end<\n\t   NEW YORK (AP) _ Stocks rallied\non the last trading day of the year.\n\t   END\n\x03AP-WF-01-01-21 0105GMT<\n\x04",
			checks: []check{
				field("body", bodyField, "Stocks rallied on the last trading day of the year."),
				field("urgency", urgencyOf, 3),
				field("versioncreated", createdOf, "2021-01-01T01:05:00Z"),
				field("uri", uriOf, "anpa1312:ap:12-31:markets"),
				field("slugline", sluglineOf, "Markets"),
			}},
		{name: "correction",
			raw: strings.Replace(sampleANPA, "^Eds: With AP Photos.<", "^Eds: Corrects spelling of mayor's name.<", 1),
			checks: []check{
				field("signals", signalsOf, article.SignalCorrection),
				field("ednote", ednoteField, "Corrects spelling of mayor's name."),
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parseOrRefuse(t, format.ANPA, "", []byte(tt.raw), tt.reject, strings.Contains, tt.checks)
		})
	}
}

// FuzzANPA: Split and Parse must not panic on any bytes, and what they
// accept must be well formed with a headline or body.
func FuzzANPA(f *testing.F) {
	seedFixtures(f, "anpa-1.tst", "anpa-2.tst", "anpa-4.tst", "ap_anpa-1.tst", "ap_anpa-2.tst",
		"ap_anpa-3.tst", "ap_anpa-5.tst", "ap_anpa-7.tst")
	f.Add("", []byte(sampleANPA))
	f.Add("", []byte(sampleANPA+sampleANPA))
	f.Add("", []byte("\x16\x16\x01z9631\x1f-----\nr z\x14\x12 BC-BBO--Glance  05-17 0820\n\x02^BC-BBO--Glance<\n^Standings=\n^By The Associated Press=\n\b^;W;L\x10 \n\bTampa\x10 Bay;1;_\x10 \n\x03AP-WF-05-17-16 0620GMT<\n"))
	f.Add("", []byte("\x16\x01\x02^\x03"))
	f.Fuzz(func(t *testing.T, contentType string, raw []byte) {
		fuzzParse(t, format.ANPA, contentType, raw)
	})
}
