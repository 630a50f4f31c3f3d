package topics

import (
	"reflect"
	"sync"
	"testing"

	"github.com/newsroom-pipeline/newsroom/pkg/article"
)

func tinyClassifier(t *testing.T) *Classifier {
	t.Helper()
	c, err := NewClassifier(trainTiny(t))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestAssign(t *testing.T) {
	c := tinyClassifier(t)
	a := &article.Article{Language: "en", Headline: "Team wins the match", BodyText: "The striker scored a late goal.",
		Subject: []article.Subject{{Name: "Politik"}, {Code: "subj:11000000"}}}
	c.Assign(a)
	first := append([]article.Subject(nil), a.Subject...)
	if len(first) < 3 {
		t.Fatalf("subjects %+v", first)
	}
	if first[0].Name != "Politik" || first[1].Code != "subj:11000000" {
		t.Errorf("wire subjects not kept first: %+v", first)
	}
	if first[2] != src("11000000", "subj:11000000") {
		t.Errorf("mapped %+v", first[2])
	}
	inf := first[3]
	if inf.Code != "medtop:15000000" || inf.Origin != article.SubjectInferred || inf.Name != "sport" || inf.URI != URIPrefix+"15000000" ||
		inf.Confidence <= 0 || inf.Confidence > 1 || inf.Confidence*1000 != float64(int(inf.Confidence*1000+0.5)) {
		t.Errorf("inferred %+v", inf)
	}
	c.Assign(a)
	c.Assign(a)
	if !reflect.DeepEqual(a.Subject, first) {
		t.Errorf("Assign not idempotent:\n%+v\n%+v", first, a.Subject)
	}
}

// The inferred topic is not repeated when the wire already gave it.
func TestAssignSkipsSourceTopic(t *testing.T) {
	c := tinyClassifier(t)
	a := &article.Article{Language: "en", Headline: "Goal", BodyText: "The team won the football match and the league.",
		Subject: []article.Subject{{Code: "anpa-category:s"}}}
	c.Assign(a)
	n := 0
	for _, s := range a.Subject {
		if s.Code == "medtop:15000000" {
			n++
			if s.Origin != article.SubjectFromSource {
				t.Errorf("sport has origin %q", s.Origin)
			}
		}
	}
	if n != 1 {
		t.Errorf("sport %d times in %+v", n, a.Subject)
	}
}

func TestAssignEmptyAndOtherLanguages(t *testing.T) {
	c := tinyClassifier(t)
	a := &article.Article{Language: "en"}
	c.Assign(a)
	if a.Subject != nil {
		t.Errorf("empty story got %+v", a.Subject)
	}
	a = &article.Article{Language: "en", Subject: []article.Subject{{Code: "subj:15000000"}}}
	c.Assign(a)
	if len(a.Subject) != 2 || a.Subject[1].Origin != article.SubjectFromSource {
		t.Errorf("empty story with a code got %+v", a.Subject)
	}
	// Languages without a model fall back to English; every story with text gets a topic.
	a = &article.Article{Language: "de", Headline: "Das team match goal league"}
	c.Assign(a)
	if len(a.Subject) == 0 || a.Subject[0].Origin != article.SubjectInferred {
		t.Errorf("German story got %+v", a.Subject)
	}
	if c.Model("de") != c.Model("en") || c.Model("EN") != c.Model("en") {
		t.Error("fallback model")
	}
	if _, err := NewClassifier(); err == nil {
		t.Error("classifier without the English model")
	}
}

func TestAssignConcurrent(t *testing.T) {
	c := tinyClassifier(t)
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 50 {
				a := &article.Article{Language: "en", Headline: "Bank rates", BodyText: "interest rates and the stock market"}
				c.Assign(a)
				if len(a.Subject) == 0 || a.Subject[0].Code != "medtop:04000000" {
					t.Errorf("goroutine %d: %+v", i, a.Subject)
					return
				}
			}
		}()
	}
	wg.Wait()
}

// A Media Topic the wire sent stays as sent and gets an Origin-source copy;
// repeating Assign keeps both.
func TestAssignWireMediaTopic(t *testing.T) {
	c := tinyClassifier(t)
	wire := article.Subject{Name: "economy, business and finance", Code: "medtop:04000000"}
	a := &article.Article{Language: "en", Headline: "Bank rates", BodyText: "interest rates and the stock market",
		Subject: []article.Subject{wire}}
	c.Assign(a)
	c.Assign(a)
	want := []article.Subject{wire, {Name: wire.Name, Code: wire.Code, URI: URIPrefix + "04000000", Origin: article.SubjectFromSource}}
	if !reflect.DeepEqual(a.Subject, want) {
		t.Errorf("subjects %+v, want %+v", a.Subject, want)
	}
}
