package topics

import (
	"bufio"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/newsroom-pipeline/newsroom/pkg/sharedtest"
)

// The embedded read labels parse: every code is one of the 17 top levels or
// "-", ids are unique (ParseReadLabels checks both), and the file is not
// empty.
func TestIndoSumReadLabelsParse(t *testing.T) {
	ls, err := IndoSumReadLabels()
	if err != nil {
		t.Fatal(err)
	}
	if len(ls) < 600 {
		t.Fatalf("%d read labels, want at least 600", len(ls))
	}
	count := map[string]int{}
	for _, l := range ls {
		if _, ok := Lookup(l.Topic); !ok && l.Topic != NoTopic {
			t.Errorf("line %d: code %q", l.Line, l.Topic)
		}
		count[l.Topic]++
	}
	t.Logf("%d read labels: %v", len(ls), count)
}

func TestParseReadLabelsErrors(t *testing.T) {
	for _, in := range []string{
		"a\t11000000",                   // two fields
		"a\t11000001\tx",                // not a top level
		"a\tmedtop:11000000\tx",         // prefixed
		"a\t11000000\t",                 // no reason
		"\t11000000\tx",                 // no id
		"a\t11000000\tx\na\t-\ty",       // repeated id
		"a\t11000000\tx\tsurplus field", // four fields
	} {
		if _, err := ParseReadLabels(in); err == nil {
			t.Errorf("ParseReadLabels(%q) succeeded", in)
		}
	}
	ls, err := ParseReadLabels("# comment\n\na\t11000000\tx y\r\nb\t-\tno clear topic\n")
	if err != nil || len(ls) != 2 || ls[0].Topic != "11000000" || ls[1].Topic != NoTopic || ls[1].Line != 4 {
		t.Errorf("ParseReadLabels = %+v, %v", ls, err)
	}
}

// Every read-labelled id exists in IndoSum and is a story IndoSumLabel
// leaves unlabelled (the URL/category rules come first, so a read label for
// another story would be dead); and every such story with a body has a read
// label. Skips without ../shared/data.
func TestIndoSumReadLabelsCoverIndoSum(t *testing.T) {
	path := sharedtest.Path(t, IndoSumFile) // skips the test, with the reason, when absent
	ls, err := IndoSumReadLabels()
	if err != nil {
		t.Fatal(err)
	}
	read := map[string]bool{}
	for _, l := range ls {
		read[l.ID] = true
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	seen := map[string]bool{}
	unlabelled := 0
	for sc.Scan() {
		var a indoSumArticle
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			t.Fatal(err)
		}
		seen[a.ID] = true
		_, _, ok := IndoSumLabel(a.Category, a.Source, a.URL)
		switch {
		case ok && read[a.ID]:
			t.Errorf("%s: read label for a story the URL/category rules label", a.ID)
		case !ok && !read[a.ID] && strings.TrimSpace(a.Body) != "":
			t.Errorf("%s: unlabelled story without a read label", a.ID)
		}
		if !ok {
			unlabelled++
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	for _, l := range ls {
		if !seen[l.ID] {
			t.Errorf("line %d: id %s is not in IndoSum", l.Line, l.ID)
		}
	}
	t.Logf("%d IndoSum stories left unlabelled by IndoSumLabel, %d read labels", unlabelled, len(ls))
}
