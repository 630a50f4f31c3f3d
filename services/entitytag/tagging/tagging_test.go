package tagging

import (
	"context"
	"os"
	"slices"
	"testing"

	"github.com/newsroom-pipeline/newsroom/pkg/article"
	"github.com/newsroom-pipeline/newsroom/pkg/stage"
	"github.com/newsroom-pipeline/newsroom/services/entitytag/baseline"
	"github.com/newsroom-pipeline/newsroom/services/entitytag/topics"
)

func TestHandlerTagsACopy(t *testing.T) {
	in := &article.Envelope{ID: "a", Version: 1, Article: &article.Article{
		Language: "en", Headline: "Blair meets Merkel in Berlin",
		BodyText: "Prime Minister Tony Blair met Chancellor Angela Merkel in Berlin on Monday, officials said.",
	}}
	in.Article.Subject = []article.Subject{{Code: "subj:04000000", Name: "economy, business and finance"}}
	out, err := Handler(baseline.New(), testTopics(t))(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	a := out.Article
	if !slices.Contains(a.People, "Tony Blair") || !slices.Contains(a.Places, "Berlin") {
		t.Errorf("people %v places %v", a.People, a.Places)
	}
	if a.TaggerVersion != baseline.New().Version() {
		t.Errorf("tagger version %q", a.TaggerVersion)
	}
	// The wire's code stays, its Media Topic is added, and the text's
	// inferred topic (politics: a meeting of heads of government) too.
	var codes []string
	for _, s := range a.Subject {
		codes = append(codes, s.Code+"/"+s.Origin)
	}
	if !slices.Contains(codes, "subj:04000000/") || !slices.Contains(codes, "medtop:04000000/source") || !slices.Contains(codes, "medtop:11000000/inferred") {
		t.Errorf("subjects %v: want the wire's code, its Media Topic and politics inferred", codes)
	}
	if in.Article.People != nil || in.Article.TaggerVersion != "" || len(in.Article.Subject) != 1 {
		t.Error("Handler modified its input")
	}
	if got := Subject(out); got != "news.tagged.en" {
		t.Errorf("subject %q", got)
	}
}

func TestHandlerWithoutArticleIsPermanent(t *testing.T) {
	_, err := Handler(baseline.New(), testTopics(t))(context.Background(), &article.Envelope{ID: "a"})
	if !stage.IsPermanent(err) {
		t.Errorf("err = %v, want permanent", err)
	}
}

func testTopics(t *testing.T) *topics.Classifier {
	t.Helper()
	c, err := Topics()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// BenchmarkHandlerSeed is the stage's work per story on the seed story: the
// learned tagger, the alias table and the Media Topics. Compare with
// learned's BenchmarkTagSeed (the tagger alone).
func BenchmarkHandlerSeed(b *testing.B) {
	raw, err := os.ReadFile("../baseline/testdata/antara-2011-missile-defence-talks.txt")
	if err != nil {
		b.Fatal(err)
	}
	tg, err := New(Learned)
	if err != nil {
		b.Fatal(err)
	}
	tc, err := Topics()
	if err != nil {
		b.Fatal(err)
	}
	h := Handler(tg, tc)
	env := &article.Envelope{ID: "seed", Version: 1, Article: &article.Article{Language: "id", Headline: "Perundingan pertahanan rudal", BodyText: string(raw)}}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := h(context.Background(), env); err != nil {
			b.Fatal(err)
		}
	}
}
