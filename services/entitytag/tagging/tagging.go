// Package tagging is the entity-tag stage: it runs a tagger.Tagger over each
// normalized article, gives it IPTC Media Topics (package topics), and passes
// the tagged article on to news.tagged.<lang>.
package tagging

import (
	"context"
	"fmt"
	"slices"

	"github.com/newsroom-pipeline/newsroom/pkg/article"
	"github.com/newsroom-pipeline/newsroom/pkg/bus"
	"github.com/newsroom-pipeline/newsroom/pkg/stage"
	"github.com/newsroom-pipeline/newsroom/services/entitytag/tagger"
	"github.com/newsroom-pipeline/newsroom/services/entitytag/topics"
	topicmodels "github.com/newsroom-pipeline/newsroom/services/entitytag/topics/models"
)

// Topics returns the Media Topic classifier of the committed models.
func Topics() (*topics.Classifier, error) { return topicmodels.Classifier() }

// Handler returns the stage logic: t finds the entities, c sets the Media
// Topics (from the wire's codes, and inferred from the text). Both are
// deterministic and replace their earlier output, so a redelivered message
// gives the same output.
func Handler(t tagger.Tagger, c *topics.Classifier) stage.EnvelopeFunc {
	return func(_ context.Context, env *article.Envelope) (*article.Envelope, error) {
		if env.Article == nil {
			return nil, stage.Permanent(fmt.Errorf("envelope %s:%d has no article to tag", env.ID, env.Version))
		}
		out := *env
		a := *env.Article
		out.Article = &a
		tagger.Apply(t, &a)
		a.Subject = slices.Clone(a.Subject) // Assign appends: keep the input's array intact
		c.Assign(&a)
		return &out, nil
	}
}

// Subject routes a tagged envelope to news.tagged.<lang>.
func Subject(env *article.Envelope) string {
	return bus.TaggedSubject(env.Article.Language)
}
