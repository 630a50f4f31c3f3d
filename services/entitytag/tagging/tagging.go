// Package tagging is the entity-tag stage: it runs a tagger.Tagger over each
// normalized article and passes the tagged article on to
// news.tagged.<lang>.
package tagging

import (
	"context"
	"fmt"

	"github.com/newsroom-pipeline/newsroom/pkg/article"
	"github.com/newsroom-pipeline/newsroom/pkg/bus"
	"github.com/newsroom-pipeline/newsroom/pkg/stage"
	"github.com/newsroom-pipeline/newsroom/services/entitytag/tagger"
)

// Handler returns the stage logic for t. Tagging is deterministic and
// replaces earlier entities, so a redelivered message gives the same output.
func Handler(t tagger.Tagger) stage.EnvelopeFunc {
	return func(_ context.Context, env *article.Envelope) (*article.Envelope, error) {
		if env.Article == nil {
			return nil, stage.Permanent(fmt.Errorf("envelope %s:%d has no article to tag", env.ID, env.Version))
		}
		out := *env
		a := *env.Article
		out.Article = &a
		tagger.Apply(t, &a)
		return &out, nil
	}
}

// Subject routes a tagged envelope to news.tagged.<lang>.
func Subject(env *article.Envelope) string {
	return bus.TaggedSubject(env.Article.Language)
}
