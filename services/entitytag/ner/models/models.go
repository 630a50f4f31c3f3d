// Package models holds the committed, trained entity-tagger models
// (<lang>.model.gz, written by `go run ./cmd/ner train`) compiled into the
// binary, with their training reports (TRAINING-<lang>.md).
package models

import (
	"embed"

	"github.com/newsroom-pipeline/newsroom/services/entitytag/embedded"
	"github.com/newsroom-pipeline/newsroom/services/entitytag/ner"
)

// The models are committed; a checkout without them does not compile, which
// is the intended failure (retrain with `go run ./cmd/ner train`).
//
//go:embed *.model.gz
var files embed.FS

var models = embedded.Models[*ner.Model]{FS: files, Kind: "ner", Decode: ner.Load}

// Load returns the committed model for lang ("en" or "id"), decoding it on
// the first call; later calls share the same read-only model.
func Load(lang string) (*ner.Model, error) { return models.Load(lang) }
