package esindex

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/elastic/go-elasticsearch/v8"
	"github.com/elastic/go-elasticsearch/v8/esutil"
	"go.uber.org/zap"

	"github.com/newsroom-pipeline/newsroom/pkg/article"
	"github.com/newsroom-pipeline/newsroom/pkg/stage"
)

// Writer indexes articles through one shared BulkIndexer: each call adds an
// item and waits for Elasticsearch's verdict on that item, so concurrent
// stage handlers are batched into bulk requests while each message is still
// acknowledged only after its own item was confirmed.
type Writer struct {
	bulk  esutil.BulkIndexer
	index string
	near  *nearDuplicates // nil: near-duplicate detection is off
	log   *zap.Logger
	now   func() time.Time
}

// NewWriter starts the bulk indexer; Close stops it.
func NewWriter(client *elasticsearch.Client, c Config, log *zap.Logger) (*Writer, error) {
	bi, err := esutil.NewBulkIndexer(esutil.BulkIndexerConfig{
		Client:        client,
		NumWorkers:    c.BulkWorkers,
		FlushBytes:    c.FlushBytes,
		FlushInterval: c.FlushInterval,
		Timeout:       c.Timeout,
		OnError: func(_ context.Context, err error) {
			log.Warn("bulk request failed", zap.Error(err)) // items are failed and retried one by one
		},
	})
	if err != nil {
		return nil, fmt.Errorf("bulk indexer: %w", err)
	}
	w := &Writer{bulk: bi, index: c.WriteAlias(), log: log, now: time.Now}
	if c.NearDuplicates {
		w.near = newNearDuplicates(client, c.WriteAlias(), c.NearDuplicateWindow)
	}
	return w, nil
}

// Close flushes what is queued and stops the bulk indexer.
func (w *Writer) Close(ctx context.Context) error {
	return w.bulk.Close(ctx)
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
// failures are classified by Classify.
//
// Before the write, a story with a fingerprint is compared with the
// indexed ones and gets its duplicate_of and cluster_id (nearDuplicates).
func (w *Writer) Index(ctx context.Context, env *article.Envelope) error {
	if w.near != nil && env.Article != nil {
		if err := w.near.mark(ctx, env.ID, env.Article); err != nil {
			return err
		}
	}
	body, err := json.Marshal(NewDocument(env, w.now().UTC()))
	if err != nil {
		return stage.Permanent(fmt.Errorf("encode document %s: %w", env.ID, err))
	}
	version := env.Version
	result := make(chan error, 1)
	err = w.bulk.Add(ctx, esutil.BulkIndexerItem{
		Index:        w.index,
		Action:       "index",
		DocumentID:   env.ID,
		Version:      &version,
		VersionType:  "external_gte",
		RequireAlias: true,
		Body:         bytes.NewReader(body),
		OnSuccess: func(context.Context, esutil.BulkIndexerItem, esutil.BulkIndexerResponseItem) {
			result <- nil
		},
		OnFailure: func(_ context.Context, _ esutil.BulkIndexerItem, res esutil.BulkIndexerResponseItem, err error) {
			result <- Classify(res.Status, res.Error.Type, res.Error.Reason, err)
		},
	})
	if err != nil {
		return fmt.Errorf("queue document %s: %w", env.ID, err)
	}
	select {
	case err := <-result:
		if err != nil {
			return fmt.Errorf("index %s version %d: %w", env.ID, env.Version, err)
		}
		if w.near != nil {
			w.near.remember(env.ID, env.Article)
		}
		return nil
	case <-ctx.Done():
		// The item may still be written; redelivery is idempotent.
		return ctx.Err()
	}
}

// Classify turns one bulk item failure into the stage's error vocabulary:
//   - transport error (no status): transient;
//   - 409 version conflict: success, a newer revision is already indexed;
//   - 429 and 5xx: transient;
//   - any other 4xx (mapping, parsing): permanent.
func Classify(status int, errType, reason string, transportErr error) error {
	switch {
	case transportErr != nil:
		return transportErr
	case status == http.StatusConflict && errType == "version_conflict_engine_exception":
		return nil
	case status == http.StatusTooManyRequests || status >= 500:
		return fmt.Errorf("elasticsearch %d %s: %s", status, errType, reason)
	case status >= 400:
		return stage.Permanent(fmt.Errorf("elasticsearch refused the document (%d %s): %s", status, errType, reason))
	case status == 0:
		return errors.New("elasticsearch returned no status for the item")
	}
	return nil
}
