package wire

import (
	"strings"
	"testing"

	"github.com/newsroom-pipeline/newsroom/pkg/article"
	"github.com/newsroom-pipeline/newsroom/pkg/format"
)

// sample7901 is an invented message in the dpa layout (not agency copy),
// for the tests that must run without ../shared.
const sample7901 = "\x01eca101 4 i 62 ccccb   dpa 102\r\n\nGermany-rail/\r\n" +
	"\x02Rail strike ends after three days =\r\n\n" +
	"   Frankfurt (dpa) - A three-day strike by train drivers ended on\r\n" +
	"Monday, the union said, and services were returning to normal\r\n" +
	"across the country.\r\n\n" +
	"   The rail operator said long-\r\n" +
	"distance trains would run to the usual timetable from Tuesday,\r\n" +
	"with regional services following on Wednesday.\r\n\n" +
	"# Notebook\r\n\n## Note to editors\r\n- adds union statement\r\n\n" +
	"* * * *\r\nThe following information is not for publication\r\n\n" +
	"## Editorial contacts\r\n- Reporting by: A. Reporter\r\n\n" +
	"dpa abc xyz\r\n\r\n\x03121530 GMT Mar 21 \r\n\x7f\n\x7f\x04"

func TestIPTC7901Fixtures(t *testing.T) {
	runFixtureCases(t, format.IPTC7901, []fixtureCase{
		{file: "IPTC7901.txt", checks: []check{
			field("headline", headlineField, "Germany Social Democrats: Coalition talks with Merkel could fail"),
			prefix("body starts after the dateline", bodyOf, "Negotiations between German conservatives headed by Chancellor Angela Merkel and the left-leaning Social Democrats (SPD) on forming"),
			contains("wrapped lines joined, indented lines start paragraphs", bodyOf, "warned Wednesday.\n\nMerkel's Christian Democratic Union (CDU) and their Bavaria-based sister party", true),
			check{"body ends with the story", func(a *article.Article) string {
				if !strings.HasSuffix(a.BodyText, "to be sworn in for a third term before Christmas.") {
					return "last paragraph " + lastParagraph(a)
				}
				return ""
			}},
			contains("notebook removed", bodyOf, "NOTEBOOK", false),
			contains("contacts removed", bodyOf, "Reporting by", false),
			field("located", locatedOf, "Berlin"),
			field("infosource", sourceOf, "dpa"),
			field("language", languageOf, "en"),
			field("uri", uriOf, "iptc7901:dpa:eca:2013-11-13:germany-politics"),
			field("version", versionOf, ""),
			field("versioncreated", createdOf, "2013-11-13T11:37:00Z"),
			field("pubstatus", statusOf, article.PubStatusUsable),
			field("urgency", urgencyOf, 4),
			field("slugline", sluglineOf, "Germany-politics"),
			field("subjects", subjectsOf, []article.Subject{{Code: "iptc7901-category:i"}}),
			field("desk signature", func(a *article.Article) any { return a.DeskCodes }, []string{"dpa wsz jln npr"}),
			field("no byline", bylineOf, ""),
			field("no signals", signalsOf, ""),
		}},
		{file: "IPTC7901_odd_charset.txt", checks: []check{
			field("headline", headlineField, "German football saddened by illness to striker legend Mueller"),
			prefix("body", bodyOf, "German football generations past and present on Wednesday expressed sadness"),
			contains("windows-1252 ü decoded", bodyOf, "Bastian Schweinsteiger and Thomas Müller, and we are also grateful", true),
			field("byline", bylineOf, "Manuel Schwarz, dpa"),
			field("take key and note to editors", ednoteField, "1ST LEAD; adds comments by Germany coach Loew, byline"),
			field("a lead is an update", signalsOf, article.SignalUpdate),
			field("located", locatedOf, "Munich"),
			field("German month abbreviation", createdOf, "2015-10-07T13:41:00Z"),
			field("uri", uriOf, "iptc7901:dpa:eca:2015-10-07:germany-football/munich/mueller"),
			field("urgency", urgencyOf, 3),
			field("subjects", subjectsOf, []article.Subject{{Code: "iptc7901-category:s"}}),
			field("language", languageOf, "en"),
		}},
		{file: "dpa_copyright.txt", reject: `IPTC 7901 message "Impressum" is a line test or imprint transmission (teleprinter test pattern "ryryryry"), not a story`},
		{file: "dpa_four_line.txt", checks: []check{
			field("headline between take keys and byline", headlineField, "Switzerland joins list of countries resisting UN migration pact"),
			field("byline", bylineOf, "dpa correspondents"),
			field("ednote", ednoteField, "REFILE 1ST LEAD; adds head of UNGA in grafs 7-11"),
			field("signals", signalsOf, article.SignalUpdate),
			field("slugline", sluglineOf, "Switzerland/migration/UN"),
			field("located", locatedOf, "Geneva"),
			prefix("body", bodyOf, "Switzerland is joining a growing number of countries that will refrain from signing a UN migration pact in December, the government announced on Wednesday.\n\nThe government said"),
			contains("trailing space of a wrapped line", bodyOf, `the "overall economic, social and political benefits" of seeking work abroad`, true),
			contains("links removed", bodyOf, "dpaq.de", false),
			field("uri", uriOf, "iptc7901:dpa:eca:2018-11-21:switzerland/migration/un"),
			field("versioncreated", createdOf, "2018-11-21T23:22:00Z"),
		}},
		{file: "dpa_two_line.txt", checks: []check{
			field("headline", headlineField, "Peace talks on Yemen to take place in Sweden next month, Mattis says"),
			field("EXTRA take key", ednoteField, "EXTRA"),
			field("no signals", signalsOf, ""),
			field("located", locatedOf, "Washington"),
			prefix("body", bodyOf, "US Defence Secretary Jim Mattis says he expects the warring parties in Yemen"),
			check{"last paragraph", func(a *article.Article) string {
				if p := lastParagraph(a); !strings.HasPrefix(p, "Mattis also said progress") {
					return "got " + p
				}
				return ""
			}},
			field("uri", uriOf, "iptc7901:dpa:eca:2018-11-21:yemen/conflict"),
		}},
	})
}

func TestIPTC7901Sample(t *testing.T) {
	a, err := Parse(format.IPTC7901, "", []byte(sample7901))
	if err != nil {
		t.Fatal(err)
	}
	runChecks(t, a, []check{
		field("headline", headlineField, "Rail strike ends after three days"),
		field("body", bodyField, "A three-day strike by train drivers ended on Monday, the union said, and services were returning to normal across the country.\n\n"+
			"The rail operator said long-distance trains would run to the usual timetable from Tuesday, with regional services following on Wednesday."),
		field("located", locatedOf, "Frankfurt"),
		field("infosource", sourceOf, "dpa"),
		field("ednote", ednoteField, "adds union statement"),
		field("uri", uriOf, "iptc7901:dpa:eca:2021-03-12:germany-rail"),
		field("versioncreated", createdOf, "2021-03-12T15:30:00Z"),
		field("desk codes", func(a *article.Article) any { return a.DeskCodes }, []string{"dpa abc xyz"}),
	})
	if msg := wellFormed(a, format.IPTC7901); msg != "" {
		t.Error(msg)
	}
}

// TestIPTC7901LeadIsRevision: a later lead of the story, under another
// message number, has the same URI and a higher version.
func TestIPTC7901LeadIsRevision(t *testing.T) {
	lead := strings.NewReplacer("eca101", "eca117", "dpa 102", "dpa 118",
		"\x02Rail strike", "\x021ST LEAD\r\nRail strike", "121530 GMT", "121745 GMT").Replace(sample7901)
	first, err := Parse(format.IPTC7901, "", []byte(sample7901))
	if err != nil {
		t.Fatal(err)
	}
	second, err := Parse(format.IPTC7901, "", []byte(lead))
	if err != nil {
		t.Fatal(err)
	}
	id1, v1 := Identity(first)
	id2, v2 := Identity(second)
	if id1 != id2 || v2 <= v1 {
		t.Errorf("identities %q@%d and %q@%d: want one URI, the lead newer", id1, v1, id2, v2)
	}
	if strings.Join(second.Signals, ",") != article.SignalUpdate || second.Headline != first.Headline {
		t.Errorf("lead: signals %v, headline %q", second.Signals, second.Headline)
	}
}

func TestIPTC7901Variants(t *testing.T) {
	tests := []struct {
		name   string
		raw    string
		reject string
		checks []check
	}{
		{name: "no SOH", raw: "eca101 4 i 62\r\n\x02Title =\r\n   Text.\r\n\x03", reject: "no SOH"},
		{name: "no STX", raw: "\x01eca101 4 i 62 dpa 1\r\nkey/\r\nTitle =\r\n", reject: "no STX (start of text)"},
		{name: "headline only", raw: "\x01eca101 4 i 62 dpa 1\r\nkey/\r\n\x02Title =\r\n\x03", reject: `IPTC 7901 message "key" has no body text`},
		{name: "test pattern", raw: "\x01eca101 4 i 62 dpa 1\r\n\x02RYRYRYRYRY\r\n\x03", reject: "teleprinter test pattern"},
		{name: "no keyword: the message number identifies", raw: "\x01afp042 2 p 10 afp 7\r\n\x02EILMELDUNG\r\nPARIS WINS =\r\n   Paris (afp) - Text of the flash.\r\n\x03",
			checks: []check{
				field("upper-case headline after a take key", headlineField, "PARIS WINS"),
				field("ednote", ednoteField, "EILMELDUNG"),
				field("uri", uriOf, "iptc7901:afp:afp:msg-042"),
				field("urgency", urgencyOf, 2),
				field("located", locatedOf, "Paris"),
				field("no date without trailer", createdOf, "<nil>"),
			}},
		{name: "no = line: a short first line set apart is the headline", raw: "\x01xyz9 3 w 10\r\nmarkets/\r\n\x02Markets close higher\r\n\r\nShares rose on Monday as\r\ninvestors returned.\r\n\x03",
			checks: []check{
				field("headline", headlineField, "Markets close higher"),
				field("body", bodyField, "Shares rose on Monday as investors returned."),
				field("uri without agency", uriOf, "iptc7901:xyz:markets"),
				field("subject", subjectsOf, []article.Subject{{Code: "iptc7901-category:w"}}),
			}},
		{name: "correction take key", raw: strings.Replace(sample7901, "\x02Rail", "\x02CORRECTION\r\nRail", 1),
			checks: []check{field("signals", signalsOf, article.SignalCorrection)}},
		{name: "latin-1 bytes without a charset", raw: strings.Replace(sample7901, "Frankfurt", "M\xfcnchen", 1),
			checks: []check{field("located", locatedOf, "München")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parseOrRefuse(t, format.IPTC7901, "", []byte(tt.raw), tt.reject, strings.Contains, tt.checks)
		})
	}
}

// FuzzIPTC7901: Split and Parse must not panic on any bytes, and what they
// accept must be well formed with a headline or body.
func FuzzIPTC7901(f *testing.F) {
	seedFixtures(f, "IPTC7901.txt", "IPTC7901_odd_charset.txt", "dpa_copyright.txt", "dpa_four_line.txt", "dpa_two_line.txt")
	f.Add("", []byte(sample7901))
	f.Add("text/plain; charset=iso-8859-1", []byte(strings.Replace(sample7901, "Frankfurt", "M\xfcnchen", 1)))
	f.Add("", []byte(sample7901+sample7901))
	f.Add("", []byte("\x01afp042 2 p 10 afp 7\r\n\x02EILMELDUNG\r\nPARIS WINS =\r\n   Paris (afp) - Text.\r\n\x03"))
	f.Add("", []byte("\x01x\x02=\x03"))
	f.Fuzz(func(t *testing.T, contentType string, raw []byte) {
		fuzzParse(t, format.IPTC7901, contentType, raw)
	})
}
