package normalize

import (
	"context"
	"fmt"

	"github.com/newsroom-pipeline/newsroom/pkg/article"
	"github.com/newsroom-pipeline/newsroom/pkg/bus"
	"github.com/newsroom-pipeline/newsroom/pkg/neardup"
	"github.com/newsroom-pipeline/newsroom/pkg/stage"
	"github.com/newsroom-pipeline/newsroom/pkg/wire"
)

// Handle is the normalize stage's logic: the envelope's raw bytes become its
// article, which gets its near-duplicate fingerprint (pkg/neardup; none for
// a story too short to fingerprint), the raw bytes are dropped, and the
// envelope is routed by language. A story that cannot be normalized is a permanent error.
func Handle(_ context.Context, env *article.Envelope) (*article.Envelope, error) {
	if len(env.Raw) == 0 {
		return nil, stage.Permanent(fmt.Errorf("envelope %s:%d carries no raw story", env.ID, env.Version))
	}
	a, err := wire.Parse(env.Format, env.ContentType, env.Raw)
	if err != nil {
		return nil, stage.Permanent(fmt.Errorf("normalize %s (%s): %w", env.ID, env.Format, err))
	}
	if fp, ok := neardup.FingerprintStory(a.Headline, a.BodyText); ok {
		a.Fingerprint = neardup.Format(fp)
	}
	a.Source = env.Source
	a.ReceivedAt = env.ReceivedAt
	a.ContentHash = env.ContentHash
	a.Flags = env.Flags
	out := *env
	out.Raw = nil
	out.Article = a
	return &out, nil
}

// Subject routes a normalized envelope to news.normalized.<lang>.
func Subject(env *article.Envelope) string {
	return bus.NormalizedSubject(env.Article.Language)
}
