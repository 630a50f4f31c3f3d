package oneshot

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newsroom-pipeline/newsroom/pkg/sharedtest"
)

const seed = "../../../testdata/samples/antara-2011-missile-defence-talks.txt"

// run parses args as normalize's command line would and runs the mode.
func run(t *testing.T, stdin string, args ...string) (out string, handled bool, err error) {
	t.Helper()
	fs := flag.NewFlagSet("normalize", flag.ContinueOnError)
	tool := Flags(fs, strings.NewReader(stdin))
	if err := fs.Parse(args); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	handled, err = tool(&b)
	return b.String(), handled, err
}

func TestFilePrintsTheArticle(t *testing.T) {
	out, handled, err := run(t, "", "-file", seed)
	if !handled || err != nil {
		t.Fatalf("handled %v, err %v", handled, err)
	}
	var s Story
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		t.Fatalf("output is not one JSON story: %v\n%s", err, out)
	}
	a := s.Article
	if s.Format != "text" || a == nil || a.Located != "Moskow" || a.Editor != "Ruslan Burhani" || a.Language != "id" ||
		!strings.HasPrefix(a.BodyText, "Perundingan pertahanan rudal") {
		t.Errorf("story %+v", s)
	}
}

func TestStdinAndForcedFormat(t *testing.T) {
	ninjs := `{"uri":"urn:x:1","version":"4","headline":"Banjir di Jakarta","body_text":"Banjir melanda Jakarta pada Senin."}`
	out, _, err := run(t, ninjs, "-file", "-", "-format", "ninjs")
	if err != nil {
		t.Fatal(err)
	}
	var s Story
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		t.Fatal(err)
	}
	if s.ID != "urn:x:1" || s.Version != 4 || s.Article.Headline != "Banjir di Jakarta" {
		t.Errorf("story %+v", s)
	}
	// The same bytes forced to be read as text are a (JSON-looking) text
	// story that fails the letter-share check: refused, with the reason.
	_, _, err = run(t, "{}[]{}[]", "-file", "-", "-format", "text")
	if !errors.Is(err, ErrRejected) || !strings.Contains(err.Error(), "format text") {
		t.Errorf("err = %v, want a rejection naming the format", err)
	}
}

func TestBadInputIsAClearError(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"unknown format name", []string{"-file", seed, "-format", "docx"}, `-format "docx" is not a format normalize reads`},
		{"missing file", []string{"-file", "/nonexistent/story.xml"}, "no such file"},
		{"format without file", []string{"-format", "nitf"}, "-format and -content-type need -file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, handled, err := run(t, "", tt.args...)
			if !handled || err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("handled %v, err %v; want %q", handled, err, tt.want)
			}
		})
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "list.xml"), []byte(`<results><result id="1"/></results>`), 0o644); err != nil {
		t.Fatal(err)
	}
	_, _, err := run(t, "", "-file", filepath.Join(dir, "list.xml"))
	if !errors.Is(err, ErrRejected) || !strings.Contains(err.Error(), "root element <results>") {
		t.Errorf("err = %v", err)
	}
}

func TestWithoutFileTheWorkerStarts(t *testing.T) {
	if _, handled, err := run(t, ""); handled || err != nil {
		t.Errorf("handled %v, err %v; want the worker to start", handled, err)
	}
}

func TestDirectoryTable(t *testing.T) {
	out, handled, err := run(t, "", "-file", "../../../testdata/samples")
	if !handled || err != nil {
		t.Fatalf("handled %v, err %v", handled, err)
	}
	for _, want := range []string{"antara-2011-missile-defence-talks.txt  text", "iptc-cruise-captain-trial.json", "8 files: 8 stories normalized, 0 refused"} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "SOURCE.md") {
		t.Errorf("table lists the corpus documentation:\n%s", out)
	}
}

// TestSuperdeskFixtures runs the whole superdesk-fixtures folder through the
// one-shot mode: no file may crash it, each is either normalized (every
// story with a headline and a body) or refused with a reason, and the files
// FORMATS.tsv lists as wire content must give stories, except the ones
// named in notStories, which must be refused.
func TestSuperdeskFixtures(t *testing.T) {
	dir := sharedtest.Path(t, "wire/superdesk-fixtures")
	rows, err := Check(dir, "", "")
	if err != nil {
		t.Fatal(err)
	}
	var table bytes.Buffer
	if err := Table(&table, dir, "", ""); err != nil {
		t.Fatal(err)
	}
	t.Logf("superdesk-fixtures through normalize -file:\n%s", table.String())
	byName := map[string]Row{}
	stories := 0
	for _, r := range rows {
		byName[r.File] = r
		stories += r.Stories
		if r.Stories == 0 && r.Reason == "" {
			t.Errorf("%s: neither normalized nor refused with a reason", r.File)
		}
		if r.Stories > 0 && r.Headline == "" {
			t.Errorf("%s: normalized without a headline", r.File)
		}
	}
	if len(rows) < 90 {
		t.Errorf("%d files checked, want the whole folder (≥ 90)", len(rows))
	}
	for name, why := range notStories {
		r, ok := byName[name]
		switch {
		case !ok:
			t.Errorf("%s: not in the folder", name)
		case r.Stories > 0:
			t.Errorf("%s (%s) gave %d stories, want it refused", name, why, r.Stories)
		}
	}
	for _, r := range rows {
		if _, ok := notStories[r.File]; !ok && r.Stories == 0 {
			t.Errorf("%s (%s): refused: %s", r.File, r.Format, r.Reason)
		}
	}
	t.Logf("%d files, %d stories", len(rows), stories)
}

// notStories are the fixture files that hold no news story, with why.
var notStories = map[string]string{
	"channel1":                               "a Reuters API channel listing",
	"ninjs4_mock.json":                       "a test mock",
	"upload_from_url_mock.json":              "a test mock",
	"aap-finance-lite.xml":                   "an AAP finance item with an empty headline and an empty body",
	"dpa_copyright.txt":                      "a dpa imprint / line-test transmission (RYRY test pattern)",
	"LISTING 6 Simple NewsML-G2 Package.xml": "a G2 package of references",
	"snep.xml":                               "a G2 package of references",
	"tag_reuters.com_2014_newsml_KBN0FL0NM_version_10": "a G2 package of references",
	"picture.xml": "a G2 picture",
	"tag_reuters.com_0000_newsml_GM1EA7M13RP01_version_484616934": "a G2 picture",
	"tag_reuters.com_2014_newsml_LYNXMPEA6F0MS_version_2":         "a G2 picture",
	"tag_reuters.com_2014_newsml_LYNXMPEA6F0MT_version_2":         "a G2 picture",
	"tag_reuters.com_2014_newsml_LYNXMPEA6F13M_version_1":         "a G2 picture",
	"ap_media_feed.json":      "an AP Media API feed page of pictures",
	"ap_media_item.json":      "an AP Media API picture",
	"ap_media_picture.json":   "an AP Media API picture",
	"ap_media_text_feed.json": "an AP Media API item whose text is only in linked renditions",
	"ap_media_text_item.json": "an AP Media API item whose text is only in linked renditions",
}
