package evalset

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/newsroom-pipeline/newsroom/pkg/sharedtest"
)

func TestBucket(t *testing.T) {
	for _, tt := range []struct {
		n    int
		want string
	}{{0, "short"}, {99, "short"}, {100, "medium"}, {499, "medium"}, {500, "full"}} {
		if got := Bucket(strings.Repeat("ä", tt.n)); got != tt.want {
			t.Errorf("Bucket(%d runes) = %q, want %q", tt.n, got, tt.want)
		}
	}
}

func TestMarkupText(t *testing.T) {
	in := `<![CDATA[<p>Erste &amp; <b>zweite</b></p><!-- EMBED --><p>Dritte</p>]]>` +
		`&lt;p&gt;Escaped &amp;amp; twice&lt;/p&gt;`
	want := "Erste & zweite\n\nDritte\n\nEscaped & twice"
	if got := markupText(in); got != want {
		t.Errorf("markupText = %q, want %q", got, want)
	}
}

func TestElementText(t *testing.T) {
	doc := `<nitf><hl1>Title</hl1><body.content><p>One</p><p>Two</p></body.content><x:hl1>Ns</x:hl1></nitf>`
	want := "Title\n\nOne\n\nTwo\n\nNs"
	if got := elementText(doc, nitfStory); got != want {
		t.Errorf("elementText = %q, want %q", got, want)
	}
}

func TestDetokenize(t *testing.T) {
	got := detokenize([]string{"Japan", "began", "(", "the", "defence", ")", ",", "they", "said", "."})
	if want := "Japan began ( the defence), they said."; got != want {
		t.Errorf("detokenize = %q, want %q", got, want)
	}
}

func TestDecodeLatin1(t *testing.T) {
	if got := decode([]byte("not\xedcias")); got != "notícias" {
		t.Errorf("decode = %q", got)
	}
}

func TestJSONStory(t *testing.T) {
	fx := Fixture{Kind: "json"}
	doc := `{"uri":"x","headlines":[{"value":"Head"}],"bodies":[{"role":"html","value":"<p>Body one</p><p>two</p>"}],"language":"sv"}`
	got, err := fx.stories(doc)
	if err != nil || len(got) != 1 || got[0] != "Head\n\nBody one\n\ntwo" {
		t.Errorf("stories = %q, %v", got, err)
	}
}

func TestFixtureLabels(t *testing.T) {
	known := map[string]bool{"id": true, "en": true, "de": true, "fi": true, "no": true, "da": true, "sv": true, "pt": true, "fr": true}
	seen := map[string]bool{}
	for _, fx := range Fixtures {
		if seen[fx.Path] {
			t.Errorf("%s listed twice", fx.Path)
		}
		seen[fx.Path] = true
		if len(fx.Langs) == 0 {
			t.Errorf("%s: no label", fx.Path)
		}
		for _, l := range fx.Langs {
			if !known[l] {
				t.Errorf("%s: label %q", fx.Path, l)
			}
		}
	}
}

// TestLoad reads the whole set from ../shared/data and checks that every
// corpus is there with plausible sizes.
func TestLoad(t *testing.T) {
	root := sharedtest.Path(t, ".")
	samples, err := Load(root, Options{})
	if err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	for _, s := range samples {
		if strings.TrimSpace(s.Text) == "" {
			t.Errorf("%s: empty text", s.Source)
		}
		count[s.Lang+" "+s.Corpus]++
	}
	for row, min := range map[string]int{
		"id indosum": 3000, "en bbc": 2000, "en reuters": 10000, "en ner/conll2003": 2000,
		"id ner/nerp": 500, "fi wire": 5, "de wire": 10, "pt wire": 10, "da wire": 3, "no wire": 2, "sv wire": 3,
	} {
		if count[row] < min {
			t.Errorf("%s: %d samples, want at least %d", row, count[row], min)
		}
	}
}

func TestLimitAndDedupe(t *testing.T) {
	in := []Sample{
		{"a", "id", "x", "1"}, {"a", "id", "x", "2"}, {"a", "id", "y", "3"}, {"a", "id", "z", "4"},
		{"a", "en", "w", "5"}, {"b", "id", "x", "6"},
	}
	got := limit(dedupe(in), 2)
	var src []string
	for _, s := range got {
		src = append(src, s.Source)
	}
	if want := "1 3 5 6"; strings.Join(src, " ") != want {
		t.Errorf("kept %v, want %s", src, want)
	}
}

func TestLoadMissing(t *testing.T) {
	if _, err := Load(filepath.Join(t.TempDir(), "nothing"), Options{}); err == nil {
		t.Error("Load of an empty folder succeeded")
	}
}
