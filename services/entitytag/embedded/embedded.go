// Package embedded decodes the trained model files compiled into the binary
// (ner/models, topics/models): each once, on first use, shared after that.
package embedded

import (
	"bytes"
	"embed"
	"fmt"
	"io"
	"sync"
)

// Models decodes the files <lang>.model.gz of FS with Decode. It is safe for
// concurrent use; the models it returns are shared and must be read-only.
type Models[M any] struct {
	FS     embed.FS
	Kind   string // in errors: "ner", "topic"
	Decode func(io.Reader) (M, error)

	mu     sync.Mutex
	loaded map[string]M
}

// Load returns the committed model for lang, decoding it on the first call.
func (c *Models[M]) Load(lang string) (M, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if m, ok := c.loaded[lang]; ok {
		return m, nil
	}
	var zero M
	b, err := c.FS.ReadFile(lang + ".model.gz")
	if err != nil {
		return zero, fmt.Errorf("no committed %s model for language %q", c.Kind, lang)
	}
	m, err := c.Decode(bytes.NewReader(b))
	if err != nil {
		return zero, fmt.Errorf("committed %s model %s: %w", c.Kind, lang, err)
	}
	if c.loaded == nil {
		c.loaded = map[string]M{}
	}
	c.loaded[lang] = m
	return m, nil
}
