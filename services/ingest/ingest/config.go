package ingest

import (
	"fmt"

	"github.com/newsroom-pipeline/newsroom/pkg/config"
)

// Config is the ingest stage's own configuration.
type Config struct {
	MaxStoryBytes int
}

// ReadConfig reads the ingest settings from r.
func ReadConfig(r *config.Reader) Config {
	return Config{
		MaxStoryBytes: r.Int("NEWSROOM_MAX_STORY_BYTES", 1<<20, "largest raw story accepted, bytes (larger ones are dead-lettered)"),
	}
}

// Validate checks the settings.
func (c Config) Validate() error {
	if c.MaxStoryBytes < 1024 {
		return fmt.Errorf("NEWSROOM_MAX_STORY_BYTES=%d: must be >= 1024", c.MaxStoryBytes)
	}
	return nil
}
