package esindex

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/elastic/go-elasticsearch/v8"
	"github.com/elastic/go-elasticsearch/v8/esapi"
)

// ReindexResult is what a reindex did.
type ReindexResult struct {
	From, To string
	Total    int // documents in the old index when the copy started
	Copied   int // written to the new index
	Newer    int // skipped: the new index already had a newer (or the same) revision
}

// Reindex moves the pipeline to the index version to ("<prefix>-v<to>")
// while it runs, losing no write and serving searches throughout:
//
//  1. it creates the new index from the current template;
//  2. it moves the write alias there (atomically), so every write from now
//     on lands in the new index;
//  3. it copies every document of the old index with a scroll and bulk
//     requests (the integ-test node has no reindex module), each at its own
//     revision as an external version, so a copy never overwrites a newer
//     write from step 2 (Elasticsearch answers 409, counted as Newer); then
//     it waits out the index stage's request deadline and copies again what
//     the old index received from a minute before the move on (indexed_at):
//     a bulk request in flight during the move may land there after the
//     first pass read it;
//  4. it moves the read alias (with its filter) atomically: searches switch
//     from the complete old index to the complete new one.
//
// The old index is left for the operator to delete. progress is called
// after each batch.
func Reindex(ctx context.Context, client *elasticsearch.Client, c Config, to int, progress func(done, total int)) (ReindexResult, error) {
	var r ReindexResult
	from, err := CurrentIndex(ctx, client, c)
	if err != nil {
		return r, err
	}
	r.From, r.To = from, c.VersionedIndex(to)
	if n, _ := c.indexVersion(from); to <= n {
		return r, fmt.Errorf("reindex: %s is in use; the new version must be above v%d", from, n)
	}
	if writers, err := aliasIndices(ctx, client, c.WriteAlias()); err != nil {
		return r, err
	} else if len(writers) == 0 {
		return r, fmt.Errorf("reindex: no write alias %s: start the index stage once (it bootstraps the index)", c.WriteAlias())
	}

	tmpl, err := c.template()
	if err != nil {
		return r, fmt.Errorf("build index template: %w", err)
	}
	res, err := client.Indices.PutIndexTemplate(c.Template(), bytes.NewReader(tmpl), client.Indices.PutIndexTemplate.WithContext(ctx))
	if err := check(res, err, "put index template "+c.Template()); err != nil {
		return r, err
	}
	res, err = client.Indices.Create(r.To, client.Indices.Create.WithContext(ctx))
	if err := check(res, err, "create index "+r.To); err != nil {
		return r, err
	}
	if err := updateAliases(ctx, client, []any{
		map[string]any{"remove": map[string]any{"index": from, "alias": c.WriteAlias()}},
		map[string]any{"add": map[string]any{"index": r.To, "alias": c.WriteAlias(), "is_write_index": true}},
	}); err != nil {
		return r, fmt.Errorf("move the write alias: %w", err)
	}

	moved := time.Now()
	fail := func(err error) (ReindexResult, error) {
		return r, fmt.Errorf("copy %s to %s (the write alias is on %s already: run again to finish, or move it back): %w", from, r.To, r.To, err)
	}
	if err := refresh(ctx, client, from); err != nil {
		return fail(err)
	}
	if err := copyDocuments(ctx, client, from, r.To, `{"match_all":{}}`, &r, progress); err != nil {
		return fail(err)
	}
	// Writes that were in flight when the alias moved: wait out a bulk
	// request's deadline (NEWSROOM_ES_TIMEOUT), then copy the late ones.
	select {
	case <-ctx.Done():
		return fail(ctx.Err())
	case <-time.After(time.Until(moved.Add(c.Timeout))):
	}
	if err := refresh(ctx, client, from); err != nil {
		return fail(err)
	}
	late := ReindexResult{}
	since := moved.Add(-time.Minute).UTC().Format(time.RFC3339Nano)
	if err := copyDocuments(ctx, client, from, r.To, `{"range":{"indexed_at":{"gte":"`+since+`"}}}`, &late, nil); err != nil {
		return fail(err)
	}
	r.Copied += late.Copied // the rest were copied by the first pass
	readers, err := aliasIndices(ctx, client, c.ReadAlias())
	if err != nil {
		return r, err
	}
	actions := []any{}
	for _, old := range readers {
		actions = append(actions, map[string]any{"remove": map[string]any{"index": old, "alias": c.ReadAlias()}})
	}
	actions = append(actions, map[string]any{"add": map[string]any{"index": r.To, "alias": c.ReadAlias(), "filter": readFilter()}})
	if err := updateAliases(ctx, client, actions); err != nil {
		return r, fmt.Errorf("move the read alias: %w", err)
	}
	return r, nil
}

func refresh(ctx context.Context, client *elasticsearch.Client, index string) error {
	res, err := client.Indices.Refresh(client.Indices.Refresh.WithIndex(index), client.Indices.Refresh.WithContext(ctx))
	return check(res, err, "refresh "+index)
}

// copyDocuments copies the documents of from that match query into to, 500
// at a time.
func copyDocuments(ctx context.Context, client *elasticsearch.Client, from, to, query string, r *ReindexResult, progress func(done, total int)) error {
	res, err := client.Search(client.Search.WithContext(ctx), client.Search.WithIndex(from),
		client.Search.WithScroll(2*time.Minute), client.Search.WithSize(500), client.Search.WithTrackTotalHits(true),
		client.Search.WithBody(strings.NewReader(`{"sort":["_doc"],"query":`+query+`}`)))
	page, err := readPage(res, err)
	if err != nil {
		return err
	}
	r.Total = page.Hits.Total.Value
	scrollID := page.ScrollID
	defer func() {
		if scrollID != "" {
			if res, err := client.ClearScroll(client.ClearScroll.WithScrollID(scrollID)); err == nil {
				res.Body.Close()
			}
		}
	}()
	done := 0
	for len(page.Hits.Hits) > 0 {
		var body bytes.Buffer
		for _, h := range page.Hits.Hits {
			var doc struct {
				Version int64 `json:"version"`
			}
			if err := json.Unmarshal(h.Source, &doc); err != nil || doc.Version <= 0 {
				return fmt.Errorf("document %s has no version", h.ID)
			}
			action, _ := json.Marshal(map[string]any{"index": map[string]any{"_index": to, "_id": h.ID, "version": doc.Version, "version_type": "external"}})
			body.Write(action)
			body.WriteByte('\n')
			body.Write(h.Source)
			body.WriteByte('\n')
		}
		bres, err := esapi.BulkRequest{Body: &body, FilterPath: []string{"errors", "items.*.status", "items.*.error.type", "items.*.error.reason"}}.Do(ctx, client)
		if err != nil {
			return fmt.Errorf("bulk: %w", err)
		}
		verdicts, statuses := readBulkResponse(bres, len(page.Hits.Hits))
		for i, v := range verdicts {
			switch {
			case statuses != nil && statuses[i] == http.StatusConflict:
				r.Newer++
			case v != nil:
				return fmt.Errorf("copy %s: %w", page.Hits.Hits[i].ID, v)
			default:
				r.Copied++
			}
		}
		done += len(page.Hits.Hits)
		if progress != nil {
			progress(done, r.Total)
		}
		res, err := client.Scroll(client.Scroll.WithContext(ctx), client.Scroll.WithScrollID(scrollID), client.Scroll.WithScroll(2*time.Minute))
		if page, err = readPage(res, err); err != nil {
			return err
		}
		scrollID = page.ScrollID
	}
	return nil
}

// searchPage is one page of a scroll.
type searchPage struct {
	ScrollID string `json:"_scroll_id"`
	Hits     struct {
		Total struct {
			Value int `json:"value"`
		} `json:"total"`
		Hits []struct {
			ID     string          `json:"_id"`
			Source json.RawMessage `json:"_source"`
		} `json:"hits"`
	} `json:"hits"`
}

func readPage(res *esapi.Response, err error) (searchPage, error) {
	var p searchPage
	if err != nil {
		return p, fmt.Errorf("scroll: %w", err)
	}
	defer res.Body.Close()
	if res.IsError() {
		return p, fmt.Errorf("scroll: %s", res.String())
	}
	if err := json.NewDecoder(res.Body).Decode(&p); err != nil {
		return p, fmt.Errorf("scroll: %w", err)
	}
	return p, nil
}

// ParseVersion reads "v2" or "2" as 2.
func ParseVersion(s string) (int, error) {
	n, err := strconv.Atoi(strings.TrimPrefix(strings.ToLower(s), "v"))
	if err != nil || n < 1 {
		return 0, errors.New("want an index version such as v2")
	}
	return n, nil
}
