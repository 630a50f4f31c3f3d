package esindex

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/elastic/go-elasticsearch/v8"

	"github.com/newsroom-pipeline/newsroom/pkg/article"
	"github.com/newsroom-pipeline/newsroom/pkg/neardup"
)

// maxCandidates bounds the stories one lookup considers; a wire story
// syndicated more widely than this still finds its cluster through the
// oldest copies, which come first.
const maxCandidates = 32

// maxLookups bounds the lookups one index replica runs at once: the stage
// holds hundreds of stories in flight for bulk batching, and as many
// concurrent searches would only queue inside Elasticsearch.
const maxLookups = 8

// nearDuplicates finds, for an article about to be indexed, the already
// indexed story it is a near-copy of (pkg/neardup): candidates share a
// fingerprint band key (the fingerprint_bands field), and neardup.Match
// picks the nearest within its threshold, the earliest indexed on a tie.
//
// The article's cluster is the duplicate's cluster, else its own id. Its
// own revisions are never its duplicates, and neither are stories that
// already point at it (a cluster's first story keeps heading it when it is
// revised). Killed stories are not candidates. Only refreshed stories are
// searchable, so two near-copies indexed within one refresh interval may
// both start a cluster: a known, accepted limit.
//
// Candidates are the stories received within window before this one:
// syndication and re-sends happen within days, while a recurring report
// (the same market table a week later) is a new story.
type nearDuplicates struct {
	client *elasticsearch.Client
	index  string
	window time.Duration
	slots  chan struct{} // a semaphore of maxLookups
}

func newNearDuplicates(client *elasticsearch.Client, index string, window time.Duration) *nearDuplicates {
	return &nearDuplicates{client: client, index: index, window: window, slots: make(chan struct{}, maxLookups)}
}

// mark sets a.DuplicateOf and a.ClusterID for the article of id. An article
// without a fingerprint (too short) is its own cluster.
func (n *nearDuplicates) mark(ctx context.Context, id string, a *article.Article) error {
	a.DuplicateOf, a.ClusterID = "", id
	if a.Fingerprint == "" || a.PubStatus == article.PubStatusCanceled {
		return nil
	}
	fp, err := neardup.Parse(a.Fingerprint)
	if err != nil {
		return nil // a fingerprint of another algorithm version: no comparison possible
	}
	query := map[string]any{
		"size":    maxCandidates,
		"_source": []string{"id", "cluster_id", "fingerprint"},
		"query": map[string]any{"bool": map[string]any{
			"filter": []any{
				map[string]any{"terms": map[string]any{"fingerprint_bands": neardup.Bands(fp)}},
				map[string]any{"range": map[string]any{"received_at": map[string]any{"gte": a.ReceivedAt.Add(-n.window).UTC().Format(time.RFC3339Nano)}}},
			},
			"must_not": []any{
				map[string]any{"term": map[string]any{"id": id}},
				map[string]any{"term": map[string]any{"duplicate_of": id}},
				map[string]any{"term": map[string]any{"cluster_id": id}},
				map[string]any{"term": map[string]any{FieldPubStatus: article.PubStatusCanceled}},
			},
		}},
		// Index order (oldest written first) lets Elasticsearch stop after
		// maxCandidates hits instead of visiting every match: a story
		// syndicated thousands of times costs no more to look up.
		"sort":             []any{"_doc"},
		"track_total_hits": false,
	}
	body, err := json.Marshal(query)
	if err != nil {
		return fmt.Errorf("near-duplicate query: %w", err)
	}
	select {
	case n.slots <- struct{}{}:
		defer func() { <-n.slots }()
	case <-ctx.Done():
		return ctx.Err()
	}
	res, err := n.client.Search(
		n.client.Search.WithContext(ctx),
		n.client.Search.WithIndex(n.index),
		n.client.Search.WithBody(bytes.NewReader(body)),
	)
	if err != nil {
		return fmt.Errorf("near-duplicate lookup: %w", err) // transient: the message is retried
	}
	defer res.Body.Close()
	if res.IsError() {
		// Transient whatever the status: a refused lookup is a cluster or
		// configuration problem, not a property of the story; MaxDeliver
		// bounds the retries.
		return fmt.Errorf("near-duplicate lookup: %s", res.String())
	}
	var out struct {
		Hits struct {
			Hits []struct {
				Source struct {
					ID          string `json:"id"`
					ClusterID   string `json:"cluster_id"`
					Fingerprint string `json:"fingerprint"`
				} `json:"_source"`
			} `json:"hits"`
		} `json:"hits"`
	}
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil {
		return fmt.Errorf("near-duplicate lookup: decode response: %w", err)
	}
	cands := make([]neardup.Candidate, 0, len(out.Hits.Hits))
	for _, h := range out.Hits.Hits {
		cands = append(cands, neardup.Candidate{ID: h.Source.ID, ClusterID: h.Source.ClusterID, Fingerprint: h.Source.Fingerprint})
	}
	if dup, cluster, ok := neardup.Match(fp, cands); ok {
		a.DuplicateOf, a.ClusterID = dup, cluster
	}
	return nil
}
