// Package models holds the committed, trained entity-tagger models
// (<lang>.model.gz, written by `go run ./cmd/ner train`) compiled into the
// binary, with their training reports (TRAINING-<lang>.md).
package models

import (
	"bytes"
	"embed"
	"fmt"
	"sync"

	"github.com/newsroom-pipeline/newsroom/services/entitytag/ner"
)

// The models are committed; a checkout without them does not compile, which
// is the intended failure (retrain with `go run ./cmd/ner train`).
//
//go:embed *.model.gz
var files embed.FS

var (
	mu     sync.Mutex
	loaded = map[string]*ner.Model{}
)

// Load returns the committed model for lang ("en" or "id"), decoding it on
// the first call; later calls share the same read-only model.
func Load(lang string) (*ner.Model, error) {
	mu.Lock()
	defer mu.Unlock()
	if m, ok := loaded[lang]; ok {
		return m, nil
	}
	b, err := files.ReadFile(lang + ".model.gz")
	if err != nil {
		return nil, fmt.Errorf("no committed ner model for language %q", lang)
	}
	m, err := ner.Load(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("committed ner model %s: %w", lang, err)
	}
	loaded[lang] = m
	return m, nil
}
