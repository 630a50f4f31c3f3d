package esindex

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/newsroom-pipeline/newsroom/pkg/config"
	"github.com/newsroom-pipeline/newsroom/pkg/esconn"
)

// Config is the index stage's Elasticsearch configuration.
type Config struct {
	// Options reach the cluster: URLs, credentials, TLS trust.
	esconn.Options

	// IndexPrefix names everything this pipeline creates: the index
	// "<prefix>-v<N>", the read alias "<prefix>", the write alias
	// "<prefix>-write" and the template "<prefix>-template".
	IndexPrefix     string
	Shards          int
	Replicas        int
	RefreshInterval time.Duration
	// LanguageFields adds .id and .en sub-fields to headline and
	// body_text, analysed as Indonesian and English (stop words; stemming
	// with LanguageAnalyzers). Off by default since mapping v3: every story
	// was analysed three times, and that was half of Elasticsearch's work
	// (see MappingVersion).
	LanguageFields bool
	// LanguageAnalyzers uses Elasticsearch's "indonesian" and "english"
	// analyzers (stemming) for the .id and .en sub-fields, and so implies
	// LanguageFields. They live in the analysis-common module, present in
	// the full distribution and absent from the minimal one used in
	// development; off by default.
	LanguageAnalyzers bool

	// Concurrency is how many messages the index stage holds at once; they
	// wait for the bulk indexer together and go out as one request.
	Concurrency int

	FlushInterval time.Duration // the longest an item waits for its bulk request
	FlushBytes    int           // a bulk request is sent when it reaches this size
	BulkWorkers   int           // concurrent bulk requests
	Timeout       time.Duration // per bulk request

	// NearDuplicates marks each fingerprinted story that is a near-copy of
	// one received within NearDuplicateWindow (see nearDuplicates).
	NearDuplicates bool
	// NearDuplicateWindow is how far back a story's near-copies are looked
	// for (by received_at).
	NearDuplicateWindow time.Duration
}

// ReadConfig reads the Elasticsearch settings from r.
func ReadConfig(r *config.Reader) Config {
	return Config{
		Options:             esconn.Read(r),
		IndexPrefix:         r.String("NEWSROOM_ES_INDEX_PREFIX", "news", "prefix of the index, aliases and template"),
		Shards:              r.Int("NEWSROOM_ES_SHARDS", 1, "primary shards of a new index"),
		Replicas:            r.Int("NEWSROOM_ES_REPLICAS", 0, "replicas of a new index"),
		RefreshInterval:     r.Duration("NEWSROOM_ES_REFRESH_INTERVAL", time.Second, "index refresh interval: how soon a story is searchable"),
		LanguageFields:      r.Bool("NEWSROOM_ES_LANGUAGE_FIELDS", false, "add .id/.en sub-fields to headline and body_text in a new index (each story analysed three times instead of once)"),
		LanguageAnalyzers:   r.Bool("NEWSROOM_ES_LANGUAGE_ANALYZERS", false, "stemming indonesian/english analyzers for the .id/.en sub-fields (implies NEWSROOM_ES_LANGUAGE_FIELDS; needs the full Elasticsearch distribution)"),
		Concurrency:         r.Int("NEWSROOM_ES_CONCURRENCY", 256, "articles in flight per index replica (batched into bulk requests)"),
		FlushInterval:       r.Duration("NEWSROOM_ES_FLUSH_INTERVAL", 200*time.Millisecond, "bulk flush interval"),
		FlushBytes:          r.Int("NEWSROOM_ES_FLUSH_BYTES", 2<<20, "bulk flush size, bytes"),
		BulkWorkers:         r.Int("NEWSROOM_ES_BULK_WORKERS", 2, "concurrent bulk requests"),
		Timeout:             r.Duration("NEWSROOM_ES_TIMEOUT", 30*time.Second, "client-side deadline of every Elasticsearch request (a hung node then fails transiently)"),
		NearDuplicateWindow: r.Duration("NEWSROOM_ES_NEAR_DUPLICATE_WINDOW", 72*time.Hour, "how far back (by received time) near-copies of a story are looked for"),
		NearDuplicates:      r.Bool("NEWSROOM_ES_NEAR_DUPLICATES", true, "mark near-copies of recent stories with duplicate_of and cluster_id"),
	}
}

// Validate checks the settings.
func (c Config) Validate() error {
	var errs []error
	if len(c.URLs) == 0 {
		errs = append(errs, errors.New("NEWSROOM_ES_URLS is empty"))
	}
	if c.IndexPrefix == "" {
		errs = append(errs, errors.New("NEWSROOM_ES_INDEX_PREFIX is empty"))
	}
	if c.Shards < 1 || c.Replicas < 0 {
		errs = append(errs, fmt.Errorf("shards %d / replicas %d out of range", c.Shards, c.Replicas))
	}
	if c.NearDuplicates && c.NearDuplicateWindow <= 0 {
		errs = append(errs, fmt.Errorf("NEWSROOM_ES_NEAR_DUPLICATE_WINDOW=%s: must be positive", c.NearDuplicateWindow))
	}
	if c.Concurrency < 1 {
		errs = append(errs, fmt.Errorf("NEWSROOM_ES_CONCURRENCY=%d: must be >= 1", c.Concurrency))
	}
	if c.Timeout <= 0 {
		errs = append(errs, fmt.Errorf("NEWSROOM_ES_TIMEOUT=%s: must be positive", c.Timeout))
	}
	if c.FlushInterval <= 0 || c.FlushBytes < 1024 || c.BulkWorkers < 1 {
		errs = append(errs, errors.New("bulk flush interval, bytes (>= 1024) and workers must be positive"))
	}
	return errors.Join(errs...)
}

// Names of what the index stage creates.
func (c Config) ReadAlias() string  { return c.IndexPrefix }
func (c Config) WriteAlias() string { return c.IndexPrefix + "-write" }
func (c Config) Template() string   { return c.IndexPrefix + "-template" }

// IndexName is the index a fresh cluster starts with:
// "<prefix>-v<MappingVersion>". A later mapping that needs a reindex
// creates the next version (newsctl reindex) and moves the aliases;
// CurrentIndex says which one is in use.
func (c Config) IndexName() string { return c.VersionedIndex(MappingVersion) }

// VersionedIndex is "<prefix>-v<n>".
func (c Config) VersionedIndex(n int) string { return fmt.Sprintf("%s-v%d", c.IndexPrefix, n) }

// indexVersion reads n from "<prefix>-v<n>".
func (c Config) indexVersion(name string) (int, bool) {
	rest, ok := strings.CutPrefix(name, c.IndexPrefix+"-v")
	if !ok {
		return 0, false
	}
	n, err := strconv.Atoi(rest)
	return n, err == nil && n > 0
}
