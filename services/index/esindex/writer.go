package esindex

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/elastic/go-elasticsearch/v8"
	"github.com/prometheus/client_golang/prometheus"
	"go.uber.org/zap"

	"github.com/newsroom-pipeline/newsroom/pkg/article"
	"github.com/newsroom-pipeline/newsroom/pkg/stage"
)

// Writer indexes articles through one shared bulker: each call adds an
// item and waits for Elasticsearch's verdict on that item, so concurrent
// stage handlers are batched into bulk requests while each message is still
// acknowledged only after its own item was confirmed.
type Writer struct {
	bulk    *bulker
	metrics *bulkMetrics
	index   string
	timeout time.Duration
	near    *nearDuplicates // nil: near-duplicate detection is off
	log     *zap.Logger
	now     func() time.Time
}

// NewWriter starts the bulker; Close stops it.
func NewWriter(client *elasticsearch.Client, c Config, log *zap.Logger) (*Writer, error) {
	m := newBulkMetrics()
	w := &Writer{
		bulk:    newBulker(client, c.FlushBytes, c.FlushInterval, c.Timeout, c.BulkWorkers, m),
		metrics: m,
		index:   c.WriteAlias(), timeout: c.Timeout, log: log, now: time.Now,
	}
	if c.NearDuplicates {
		w.near = newNearDuplicates(client, c.WriteAlias(), c.NearDuplicateWindow)
	}
	return w, nil
}

// Collectors are the writer's metrics: bulk request durations and item
// results.
func (w *Writer) Collectors() []prometheus.Collector { return w.metrics.Collectors() }

// Close stops the bulker: items not yet sent fail (their messages are
// redelivered), requests in flight get until ctx ends.
func (w *Writer) Close(ctx context.Context) error {
	return w.bulk.close(ctx)
}

// Handle is the index stage's logic: it writes the tagged article and
// passes nothing on.
func (w *Writer) Handle(ctx context.Context, env *article.Envelope) (*article.Envelope, error) {
	if env.Article == nil {
		return nil, stage.Permanent(fmt.Errorf("envelope %s:%d has no article", env.ID, env.Version))
	}
	return nil, w.Index(ctx, env)
}

// Index writes env's document with _id = article id and the article version
// as an external version (version_type=external_gte): a stale revision is
// refused by Elasticsearch with 409, which counts as success. Other item
// failures are classified by classifyItem: only a document Elasticsearch
// refuses for what it is is permanent.
//
// Before the write, a story with a fingerprint is compared with the
// indexed ones and gets its duplicate_of and cluster_id (nearDuplicates).
func (w *Writer) Index(ctx context.Context, env *article.Envelope) error {
	if w.near != nil && env.Article != nil {
		sctx, cancel := context.WithTimeout(ctx, w.timeout)
		err := w.near.mark(sctx, env.ID, env.Article)
		cancel()
		if err != nil {
			return err
		}
	}
	source, err := article.EncodeJSON(NewDocument(env, w.now().UTC()))
	if err != nil {
		return stage.Permanent(fmt.Errorf("encode document %s: %w", env.ID, err))
	}
	action, err := article.EncodeJSON(map[string]any{"index": map[string]any{
		"_index": w.index, "_id": env.ID, "version": env.Version, "version_type": "external_gte",
	}})
	if err != nil {
		return stage.Permanent(fmt.Errorf("encode bulk action %s: %w", env.ID, err))
	}
	if err := w.bulk.index(ctx, action, source); err != nil {
		return fmt.Errorf("index %s version %d: %w", env.ID, env.Version, err)
	}
	if w.near != nil {
		w.near.remember(env.ID, env.Article)
	}
	return nil
}

// permanentItemErrors are the Elasticsearch error types that mean the
// document itself can never be indexed as it is.
var permanentItemErrors = map[string]bool{
	"mapper_parsing_exception":         true,
	"document_parsing_exception":       true,
	"strict_dynamic_mapping_exception": true,
	"mapper_exception":                 true,
	"parse_exception":                  true,
	"x_content_parse_exception":        true,
	"json_parse_exception":             true,
	"illegal_argument_exception":       true, // e.g. an immense term; see classifyItem for the alias case
}

// classifyItem turns one bulk item's outcome into the stage's error
// vocabulary. The document's own faults are permanent; everything that is
// the system's fault is transient and retried without limit:
//   - 2xx: written;
//   - 409 version conflict: success, a newer (or the same) revision is indexed;
//   - mapping and parsing refusals (permanentItemErrors): permanent;
//   - 429 and es_rejected_execution_exception, 5xx, 404 index_not_found
//     (the write alias is gone: the stage's probe re-creates it), 403
//     cluster_block_exception (read-only, disk full), index_closed_exception,
//     and anything unrecognised: transient.
func classifyItem(status int, errType, reason string) error {
	switch {
	case status >= 200 && status < 300 && errType == "":
		return nil
	case status == http.StatusConflict && errType == "version_conflict_engine_exception":
		return nil
	case permanentItemErrors[errType] && !(errType == "illegal_argument_exception" && strings.Contains(reason, "alias")):
		return stage.Permanent(fmt.Errorf("elasticsearch refused the document (%d %s): %s", status, errType, reason))
	case status == 0:
		return errors.New("elasticsearch returned no status for the item")
	}
	return fmt.Errorf("elasticsearch %d %s: %s", status, errType, reason)
}
