package tagging

import (
	"fmt"

	"github.com/newsroom-pipeline/newsroom/pkg/config"
	"github.com/newsroom-pipeline/newsroom/services/entitytag/baseline"
	"github.com/newsroom-pipeline/newsroom/services/entitytag/learned"
	"github.com/newsroom-pipeline/newsroom/services/entitytag/tagger"
)

// Tagger names, the values of NEWSROOM_TAGGER.
const (
	Learned  = "learned"  // the learned models (Indonesian, English), the rules for other languages
	Baseline = "baseline" // the rules alone: faster, lower recall
)

// ReadTaggerName reads NEWSROOM_TAGGER.
func ReadTaggerName(r *config.Reader) string {
	return r.String("NEWSROOM_TAGGER", Learned, "entity tagger: learned (models for Indonesian and English, rules for other languages) or baseline (rules only: faster, lower recall)")
}

// New returns the tagger called name. Each stamps its own tagger_version,
// so after a switch `newsctl reprocess` can re-tag the stories the other
// one tagged.
func New(name string) (tagger.Tagger, error) {
	switch name {
	case Learned, "":
		return learned.New()
	case Baseline:
		return baseline.New(), nil
	}
	return nil, fmt.Errorf("NEWSROOM_TAGGER=%q: want %s or %s", name, Learned, Baseline)
}
