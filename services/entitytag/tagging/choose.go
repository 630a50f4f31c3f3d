package tagging

import (
	"fmt"

	"github.com/newsroom-pipeline/newsroom/pkg/config"
	"github.com/newsroom-pipeline/newsroom/services/entitytag/aliases"
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

// New returns the tagger called name, giving its entities their canonical
// names across stories (package aliases). Each stamps its own
// tagger_version, the alias table's version included, so after a switch or
// a new table `newsctl reprocess` can re-tag the stories tagged otherwise.
func New(name string) (tagger.Tagger, error) {
	var inner tagger.Tagger
	table := aliases.Default()
	switch name {
	case Learned, "":
		t, err := learned.New()
		if err != nil {
			return nil, err
		}
		t.Acronyms = table.AcronymType
		inner = t
	case Baseline:
		inner = baseline.New()
	default:
		return nil, fmt.Errorf("NEWSROOM_TAGGER=%q: want %s or %s", name, Learned, Baseline)
	}
	return aliases.Tagger{Inner: inner, Table: table}, nil
}
