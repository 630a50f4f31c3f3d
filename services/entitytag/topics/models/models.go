// Package models holds the committed topic models (<lang>.model.gz, written
// by `go run ./cmd/topics train` in services/entitytag) compiled into the
// binary, with their training reports (TRAINING.md).
package models

import (
	"bytes"
	"embed"
	"fmt"
	"sync"

	"github.com/newsroom-pipeline/newsroom/services/entitytag/topics"
)

// The models are committed; a checkout without them does not compile, which
// is the intended failure (retrain with `go run ./cmd/topics train`).
//
//go:embed *.model.gz
var files embed.FS

// Langs are the languages with a committed model.
var Langs = []string{"en", "id"}

var (
	mu     sync.Mutex
	loaded = map[string]*topics.Model{}
)

// Load returns the committed model for lang ("en" or "id"), decoding it on
// the first call; later calls share the same read-only model.
func Load(lang string) (*topics.Model, error) {
	mu.Lock()
	defer mu.Unlock()
	if m, ok := loaded[lang]; ok {
		return m, nil
	}
	b, err := files.ReadFile(lang + ".model.gz")
	if err != nil {
		return nil, fmt.Errorf("no committed topic model for language %q", lang)
	}
	m, err := topics.Load(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("committed topic model %s: %w", lang, err)
	}
	loaded[lang] = m
	return m, nil
}

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
