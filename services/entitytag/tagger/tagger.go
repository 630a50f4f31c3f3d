// Package tagger defines what the entity-tag worker needs from a named-entity
// tagger, so that the rule-based baseline can later be swapped for a learned
// model without touching the worker, and applies a tagger's output to an
// article.
package tagger

import (
	"cmp"
	"slices"

	"github.com/newsroom-pipeline/newsroom/pkg/article"
)

// Tagger finds named entities in one article. Implementations must be safe
// for concurrent use.
type Tagger interface {
	// Tag returns the entities of a. It uses a.Language, a.Headline and
	// a.BodyText, and must not modify a. Mention offsets are byte offsets
	// into the field named by Mention.Field ("headline" or "body_text").
	Tag(a *article.Article) []article.Entity
	// Version identifies the tagger and its data, e.g. "baseline-1". It is
	// stamped on the article as tagger_version so that stories tagged by an
	// older version can be found and re-tagged.
	Version() string
}

// ArticleVersioner is implemented by a Tagger whose version depends on the
// article, e.g. one that routes languages without a model of their own to a
// fallback: Apply stamps VersionFor(a) instead of Version().
type ArticleVersioner interface {
	VersionFor(a *article.Article) string
}

// Apply runs t on a, stores the entities and fills the facet arrays People,
// Organisations, Places and Events with the canonical names of the entities
// of each type, sorted by salience (highest first) and then name, and sets
// TaggerVersion. Earlier tagger output is replaced, not merged, so Apply is
// idempotent. MISC entities are kept in Entities but have no facet. A nil
// article is left alone.
func Apply(t Tagger, a *article.Article) {
	if a == nil {
		return
	}
	ents := slices.Clone(t.Tag(a))
	slices.SortStableFunc(ents, func(x, y article.Entity) int {
		return cmp.Or(cmp.Compare(y.Salience, x.Salience), cmp.Compare(x.Name, y.Name), cmp.Compare(x.Type, y.Type))
	})
	if len(ents) == 0 {
		ents = nil // omitted from JSON, like an untagged article
	}
	a.Entities = ents
	a.People = facet(ents, article.TypePerson)
	a.Organisations = facet(ents, article.TypeOrganisation)
	a.Places = facet(ents, article.TypePlace)
	a.Events = facet(ents, article.TypeEvent)
	a.TaggerVersion = t.Version()
	if v, ok := t.(ArticleVersioner); ok {
		a.TaggerVersion = v.VersionFor(a)
	}
}

// facet returns the distinct names of the entities of type typ, in the order
// of ents (already sorted by salience, then name), or nil if there are none.
func facet(ents []article.Entity, typ string) []string {
	var names []string
	for _, e := range ents {
		if e.Type == typ && e.Name != "" && !slices.Contains(names, e.Name) {
			names = append(names, e.Name)
		}
	}
	return names
}
