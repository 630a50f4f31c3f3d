package wire

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/newsroom-pipeline/newsroom/pkg/article"
	"github.com/newsroom-pipeline/newsroom/pkg/format"
	"github.com/newsroom-pipeline/newsroom/pkg/sharedtest"
)

// The Reuters-21578 collection is for research use only: the tests read it
// from ../shared and nothing of it is copied into testdata. Inline stories
// below are made up in its format.

const reutersDir = "en-news-reuters21578"

// reutersStories splits one file of the collection and returns its stories
// by NEWID.
func reutersStories(t *testing.T, file string) map[string][]byte {
	t.Helper()
	raw := readFile(t, sharedtest.Path(t, reutersDir+"/"+file))
	docs, err := Split(format.ReutersSGML, raw)
	if err != nil {
		t.Fatalf("Split %s: %v", file, err)
	}
	byID := map[string][]byte{}
	newID := regexp.MustCompile(`NEWID="([0-9]+)"`)
	for _, d := range docs {
		if m := newID.FindSubmatch(d); m != nil {
			byID[string(m[1])] = d
		}
	}
	return byID
}

func subjectCodes(a *article.Article) any {
	var codes []string
	for _, s := range a.Subject {
		codes = append(codes, s.Code)
	}
	return codes
}

func TestReutersStories(t *testing.T) {
	stories := reutersStories(t, "reut2-000.sgm")
	if len(stories) != 1000 {
		t.Errorf("reut2-000.sgm split into %d stories with a NEWID, want 1000", len(stories))
	}
	type story struct {
		newID  string
		checks []check
	}
	tests := []story{
		{"1", []check{
			field("uri", func(a *article.Article) any { return a.URI }, "reuters21578:1"),
			field("headline", func(a *article.Article) any { return a.Headline }, "BAHIA COCOA REVIEW"),
			field("located", func(a *article.Article) any { return a.Located }, "SALVADOR"),
			field("versioncreated", func(a *article.Article) any { return a.VersionCreated.Format(time.RFC3339Nano) }, "1987-02-26T15:01:01.79Z"),
			field("subjects", subjectCodes, []string{"topic:cocoa", "place:el-salvador", "place:usa", "place:uruguay"}),
			prefix("body start", bodyOf, "Showers continued throughout the week in the Bahia cocoa zone, alleviating the drought since early January and improving prospects for the coming temporao, although normal humidity levels have not been restored, Comissaria Smith said in its weekly review.\n\nThe dry period means the temporao will be late this year.\n\nArrivals"),
			check{"body end", func(a *article.Article) string {
				if want := "after carnival which ends midday on February 27."; !strings.HasSuffix(a.BodyText, want) {
					return fmt.Sprintf("body ends %q, want %q (sign-off dropped)", a.BodyText[len(a.BodyText)-60:], want)
				}
				return ""
			}},
			field("slugline", func(a *article.Article) any { return a.Slugline }, "BC-BAHIA-COCOA-REVIEW"),
			field("infosource", func(a *article.Article) any { return a.InfoSource }, "Reuters"),
			field("language", func(a *article.Article) any { return a.Language }, "en"),
			field("pubstatus", func(a *article.Article) any { return a.PubStatus }, article.PubStatusUsable),
			field("version", func(a *article.Article) any { return a.Version }, ""),
		}},
		{"2", []check{
			field("headline (&lt; resolved)", func(a *article.Article) any { return a.Headline }, "STANDARD OIL <SRD> TO FORM FINANCIAL UNIT"),
			field("located", func(a *article.Article) any { return a.Located }, "CLEVELAND"),
			field("subjects", subjectCodes, []string{"place:usa"}),
			prefix("body start", bodyOf, "Standard Oil Co and BP North America Inc said they plan to form a venture"),
			contains("body keeps &lt;BP>", bodyOf, "British Petroleum Co Plc <BP>, which", true),
			contains("no sign-off", bodyOf, "Reuter", false),
			contains("no control characters", bodyOf, "\x03", false),
		}},
		{"4", []check{
			field("headline", func(a *article.Article) any { return a.Headline }, "TALKING POINT/BANKAMERICA <BAC> EQUITY OFFER"),
			field("byline", func(a *article.Article) any { return a.Byline }, "Janie Gabbett"),
			field("located", func(a *article.Article) any { return a.Located }, "LOS ANGELES"),
			field("subjects", subjectCodes, []string{"place:usa", "place:brazil"}),
			prefix("body start", bodyOf, "BankAmerica Corp is not under pressure to act quickly on its proposed equity offering"),
		}},
		{"5", []check{
			field("topics", subjectCodes, []string{"topic:grain", "topic:wheat", "topic:corn", "topic:barley", "topic:oat", "topic:sorghum", "place:usa"}),
		}},
		{"30", []check{ // TYPE="BRIEF": a title, and a placeholder instead of a body
			field("headline", func(a *article.Article) any { return a.Headline }, "ASSETS OF MONEY MARKET MUTUAL FUNDS ROSE 720.4 MLN DLRS IN LATEST WEEK"),
			field("body", func(a *article.Article) any { return a.BodyText }, ""),
			field("subjects", subjectCodes, []string{"topic:money-supply"}),
			field("slugline", func(a *article.Article) any { return a.Slugline }, "BC-ASSETS-OF-MONEY"),
		}},
		{"99", []check{ // TYPE="UNPROC": no TITLE or BODY markup
			field("headline", func(a *article.Article) any { return a.Headline }, "FEDERAL RESERVE WEEKLY REPORT 1 - FEB 26"),
			prefix("body start (lines kept)", bodyOf, "Two weeks ended Feb 25 daily avgs-mlns\nNet free reserves.............644 vs.....1,337\n"),
			check{"body end", func(a *article.Article) string {
				if !strings.HasSuffix(a.BodyText, "Treasury deposits...........4,208 down......63") {
					return fmt.Sprintf("body ends %q", a.BodyText[max(0, len(a.BodyText)-60):])
				}
				return ""
			}},
		}},
	}
	for _, tt := range tests {
		t.Run("NEWID "+tt.newID, func(t *testing.T) {
			raw, ok := stories[tt.newID]
			if !ok {
				t.Fatalf("no story NEWID %s", tt.newID)
			}
			a, err := Parse(format.ReutersSGML, "", raw)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if msg := wellFormed(a, format.ReutersSGML); msg != "" {
				t.Errorf("not well formed: %s", msg)
			}
			runChecks(t, a, tt.checks)
		})
	}
}

// TestReutersCorpus parses every story of the 22 files: the vast majority
// must normalize, and every rejection must have a reason.
func TestReutersCorpus(t *testing.T) {
	dir := sharedtest.Path(t, reutersDir)
	files, err := filepath.Glob(filepath.Join(dir, "reut2-*.sgm"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 22 {
		t.Fatalf("found %d reut2-*.sgm files, want 22", len(files))
	}
	total, parsed, withBody, withLocated, noDate := 0, 0, 0, 0, 0
	reasons := map[string]int{}
	example := map[string]string{}
	ids := map[string]bool{}
	for _, f := range files {
		raw := readFile(t, f)
		docs, err := Split(format.ReutersSGML, raw)
		if err != nil {
			t.Fatalf("Split %s: %v", f, err)
		}
		for _, d := range docs {
			total++
			a, err := Parse(format.ReutersSGML, "", d)
			if err != nil {
				reason := regexp.MustCompile(`NEWID [0-9]+`).ReplaceAllString(err.Error(), "NEWID n")
				reasons[reason]++
				example[reason] = err.Error()
				continue
			}
			parsed++
			if msg := wellFormed(a, format.ReutersSGML); msg != "" {
				t.Errorf("%s %s: %s", filepath.Base(f), a.URI, msg)
			}
			if ids[a.URI] {
				t.Errorf("duplicate URI %s", a.URI)
			}
			ids[a.URI] = true
			if a.BodyText != "" {
				withBody++
				if strings.HasSuffix(a.BodyText, "Reuter") || strings.Contains(a.BodyText, "\x03") {
					t.Errorf("%s: sign-off or ETX left in body: ...%q", a.URI, a.BodyText[max(0, len(a.BodyText)-40):])
				}
			}
			if a.Located != "" {
				withLocated++
			}
			if a.VersionCreated == nil {
				noDate++
				t.Logf("%s: no versioncreated (DATE is malformed)", a.URI)
			}
		}
	}
	var rs []string
	for r := range reasons {
		rs = append(rs, r)
	}
	sort.Slice(rs, func(i, j int) bool { return reasons[rs[i]] > reasons[rs[j]] })
	t.Logf("%d stories: %d parsed (%d with body, %d with located), %d rejected", total, parsed, withBody, withLocated, total-parsed)
	for _, r := range rs {
		t.Logf("  rejected %5d× %s (e.g. %s)", reasons[r], r, example[r])
	}
	if total != 21578 {
		t.Errorf("%d stories, want 21578", total)
	}
	if parsed < total*98/100 {
		t.Errorf("only %d of %d stories parsed, want at least 98%%", parsed, total)
	}
	if noDate > 5 {
		t.Errorf("%d stories without versioncreated, want at most 5 (one DATE reads 605:12:19.12)", noDate)
	}
	if withBody < 19000 {
		t.Errorf("%d stories with body, want at least 19000 (19,043 have <BODY>)", withBody)
	}
}

func TestReutersInline(t *testing.T) {
	tests := []struct {
		name    string
		ct      string
		raw     string
		wantErr string
		checks  []check
	}{
		{
			name: "windows-1252 byte",
			raw:  "<REUTERS NEWID=\"7\"><DATE> 5-MAR-1987 09:01:02.00\t\t\tF</DATE><TEXT><TITLE>M\xdcNCHEN RE</TITLE><DATELINE>    MUNICH, March 5 - </DATELINE><BODY>M\xfcnchener R\xfcck said. Reuter\n Reuter\n&#3;</BODY></TEXT></REUTERS>",
			checks: []check{
				field("headline", func(a *article.Article) any { return a.Headline }, "MÜNCHEN RE"),
				field("body", func(a *article.Article) any { return a.BodyText }, "Münchener Rück said."),
				field("located", func(a *article.Article) any { return a.Located }, "MUNICH"),
				field("versioncreated", func(a *article.Article) any { return a.VersionCreated.Format(time.RFC3339) }, "1987-03-05T09:01:02Z"),
			},
		},
		{
			name: "dateline with only a date",
			raw:  `<REUTERS NEWID="8"><TEXT><TITLE>X</TITLE><DATELINE>    APRIL 7 - </DATELINE><BODY>Body.</BODY></TEXT></REUTERS>`,
			checks: []check{
				field("located", func(a *article.Article) any { return a.Located }, ""),
			},
		},
		{
			name: "no end tags",
			raw:  "<REUTERS NEWID=9><TEXT><TITLE>T</TITLE><BODY>First line\ncontinued.\n    Second para.",
			checks: []check{
				field("uri", func(a *article.Article) any { return a.URI }, "reuters21578:9"),
				field("body", func(a *article.Article) any { return a.BodyText }, "First line continued.\n\nSecond para."),
			},
		},
		{name: "no REUTERS element", raw: "<TEXT>hello</TEXT>", wantErr: "Reuters-21578 SGML has no <REUTERS> element"},
		{name: "no TEXT", raw: `<REUTERS NEWID="10"><DATE>26-FEB-1987 15:01:01.79</DATE></REUTERS>`, wantErr: "Reuters-21578 story NEWID 10 has no <TEXT> element"},
		{name: "empty TEXT", raw: `<REUTERS NEWID="11"><TEXT TYPE="BRIEF">&#2;&#3;</TEXT></REUTERS>`, wantErr: "Reuters-21578 story NEWID 11 has neither <TITLE> nor <BODY> text"},
		{name: "sign-off only", raw: "<REUTERS><TEXT><BODY>\n Reuter\n&#3;</BODY></TEXT></REUTERS>", wantErr: "Reuters-21578 story has neither <TITLE> nor <BODY> text"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Parse(format.ReutersSGML, tt.ct, []byte(tt.raw))
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Fatalf("error %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			runChecks(t, a, tt.checks)
		})
	}
}

func TestReutersSplit(t *testing.T) {
	raw := []byte("<!DOCTYPE lewis SYSTEM \"lewis.dtd\">\n<REUTERS NEWID=\"1\">a</REUTERS>\n<REUTERS NEWID=\"2\">b</REUTERS>\n<reuters NEWID=\"3\">c")
	docs, err := Split(format.ReutersSGML, raw)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{`<REUTERS NEWID="1">a</REUTERS>`, `<REUTERS NEWID="2">b</REUTERS>`, `<reuters NEWID="3">c`}
	if len(docs) != len(want) {
		t.Fatalf("%d docs, want %d", len(docs), len(want))
	}
	for i, d := range docs {
		if string(d) != want[i] {
			t.Errorf("doc %d = %q, want %q", i, d, want[i])
		}
		if f := format.Sniff(d); f != format.ReutersSGML {
			t.Errorf("doc %d sniffs as %q, want %q", i, f, format.ReutersSGML)
		}
	}
	if _, err := Split(format.ReutersSGML, []byte("no stories")); err == nil || !strings.Contains(err.Error(), "no <REUTERS> element") {
		t.Errorf("Split of no stories: %v", err)
	}
}

// FuzzReuters feeds arbitrary bytes to Split and Parse: neither may panic,
// and what Parse accepts must be well formed.
func FuzzReuters(f *testing.F) {
	f.Add([]byte("<REUTERS NEWID=\"1\"><DATE>26-FEB-1987 15:01:01.79</DATE><TOPICS><D>cocoa</D></TOPICS><TEXT>&#2;\n<TITLE>BAHIA &lt;X> REVIEW</TITLE>\n<DATELINE>    SALVADOR, Feb 26 - </DATELINE><BODY>Showers\ncontinued.\n    New para.\n Reuter\n&#3;</BODY></TEXT></REUTERS>"))
	f.Add([]byte("<REUTERS NEWID=\"99\"><TEXT TYPE=\"UNPROC\">&#2;\nREPORT\n a....1\n Reuter\n&#3;</TEXT></REUTERS>"))
	f.Add([]byte("<REUTERS NEWID=\"30\"><TEXT TYPE=\"BRIEF\">&#2;\n******<TITLE>FLASH\n</TITLE>Blah blah blah.\n&#3;\n</TEXT></REUTERS>"))
	f.Add([]byte("<REUTERS><TEXT><BODY>M\xfcnchen</BODY>"))
	if p, err := sharedPathIfPresent(reutersDir + "/reut2-000.sgm"); err == nil {
		if raw, err := os.ReadFile(p); err == nil {
			if docs, err := Split(format.ReutersSGML, raw); err == nil {
				for _, d := range docs[:min(len(docs), 50)] {
					f.Add(d)
				}
			}
		}
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		if docs, err := Split(format.ReutersSGML, raw); err == nil {
			for _, d := range docs {
				if len(d) == 0 {
					t.Fatal("empty document from Split")
				}
			}
		}
		a, err := Parse(format.ReutersSGML, "", raw)
		if (a == nil) == (err == nil) {
			t.Fatalf("article %v with error %v: want exactly one", a, err)
		}
		if err != nil {
			return
		}
		if msg := wellFormed(a, format.ReutersSGML); msg != "" {
			t.Fatal(msg)
		}
	})
}
