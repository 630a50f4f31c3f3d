package tagging

import (
	"context"
	"slices"
	"testing"

	"github.com/newsroom-pipeline/newsroom/pkg/article"
	"github.com/newsroom-pipeline/newsroom/pkg/stage"
	"github.com/newsroom-pipeline/newsroom/services/entitytag/baseline"
)

func TestHandlerTagsACopy(t *testing.T) {
	in := &article.Envelope{ID: "a", Version: 1, Article: &article.Article{
		Language: "en", Headline: "Blair meets Merkel in Berlin",
		BodyText: "Prime Minister Tony Blair met Chancellor Angela Merkel in Berlin on Monday, officials said.",
	}}
	out, err := Handler(baseline.New())(context.Background(), in)
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
	if in.Article.People != nil || in.Article.TaggerVersion != "" {
		t.Error("Handler modified its input")
	}
	if got := Subject(out); got != "news.tagged.en" {
		t.Errorf("subject %q", got)
	}
}

func TestHandlerWithoutArticleIsPermanent(t *testing.T) {
	_, err := Handler(baseline.New())(context.Background(), &article.Envelope{ID: "a"})
	if !stage.IsPermanent(err) {
		t.Errorf("err = %v, want permanent", err)
	}
}
