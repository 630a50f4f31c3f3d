// Package models holds the committed topic models (<lang>.model.gz, written
// by `go run ./cmd/topics train` in services/entitytag) compiled into the
// binary, with their training reports (TRAINING.md).
package models

import (
	"embed"

	"github.com/newsroom-pipeline/newsroom/services/entitytag/embedded"
	"github.com/newsroom-pipeline/newsroom/services/entitytag/topics"
)

// The models are committed; a checkout without them does not compile, which
// is the intended failure (retrain with `go run ./cmd/topics train`).
//
//go:embed *.model.gz
var files embed.FS

// Langs are the languages with a committed model.
var Langs = []string{"en", "id"}

var models = embedded.Models[*topics.Model]{FS: files, Kind: "topic", Decode: topics.Load}

// Load returns the committed model for lang ("en" or "id"), decoding it on
// the first call; later calls share the same read-only model.
func Load(lang string) (*topics.Model, error) { return models.Load(lang) }

// Classifier returns a classifier over all committed models (English is
// also the fallback for other languages). It is safe for concurrent use.
func Classifier() (*topics.Classifier, error) {
	var ms []*topics.Model
	for _, lang := range Langs {
		m, err := Load(lang)
		if err != nil {
			return nil, err
		}
		ms = append(ms, m)
	}
	return topics.NewClassifier(ms...)
}
