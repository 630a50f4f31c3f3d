package esindex

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"sync"
	"time"

	"github.com/elastic/go-elasticsearch/v8"

	"github.com/newsroom-pipeline/newsroom/pkg/article"
	"github.com/newsroom-pipeline/newsroom/pkg/neardup"
)

// Timing of the near-duplicate memory's catch-up with Elasticsearch.
const (
	// syncEvery is how often the memory reads the stories other index
	// replicas wrote.
	syncEvery = 2 * time.Second
	// syncOverlap re-reads stories indexed this long before the newest
	// one seen: a story becomes searchable only at the next refresh, after
	// stories indexed later may already have been read.
	syncOverlap = 5 * time.Second
	syncPage    = 1000
)

// nearDuplicates finds, for an article about to be indexed, the already
// indexed story it is a near-copy of (pkg/neardup): the nearest within
// neardup.Threshold among the stories received within window before it,
// the earliest received on a tie.
//
// It compares against a memory of the window's fingerprints rather than
// searching Elasticsearch per story: a linear scan of 64-bit fingerprints
// costs about a millisecond for a million stories, while a search per story
// measured 7x slower end to end on a 2-core machine. The memory is loaded
// from Elasticsearch on first use, learns each story this replica writes at
// once, and reads what other replicas wrote every syncEvery.
//
// The article's cluster is its duplicate's cluster, else its own id. Its
// own revisions are never its duplicates, and neither are stories that
// already point at it (a cluster's first story keeps heading it when it is
// revised). Killed stories are forgotten. Two near-copies handled at the
// same moment (or by two replicas within syncEvery plus a refresh) may
// both start a cluster: a known, accepted limit.
type nearDuplicates struct {
	client *elasticsearch.Client
	index  string
	window time.Duration
	now    func() time.Time

	syncMu   sync.Mutex // one catch-up at a time
	lastSync time.Time  // when the last catch-up started (zero: never)
	seenUpTo time.Time  // indexed_at of the newest story read

	mu      sync.RWMutex
	stories map[string]recentStory // by article id
}

type recentStory struct {
	fp          uint64
	cluster     string
	duplicateOf string
	received    time.Time
}

func newNearDuplicates(client *elasticsearch.Client, index string, window time.Duration) *nearDuplicates {
	return &nearDuplicates{client: client, index: index, window: window, now: time.Now, stories: map[string]recentStory{}}
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
	if err := n.sync(ctx); err != nil {
		return err // transient: the message is retried
	}
	since := a.ReceivedAt.Add(-n.window)
	type near struct {
		id string
		s  recentStory
	}
	var nears []near
	n.mu.RLock()
	for otherID, s := range n.stories {
		if otherID == id || s.duplicateOf == id || s.cluster == id || s.received.Before(since) {
			continue
		}
		if neardup.IsNearDuplicate(fp, s.fp) {
			nears = append(nears, near{otherID, s})
		}
	}
	n.mu.RUnlock()
	// neardup.Match takes the earlier candidate on a tie: oldest first.
	sort.Slice(nears, func(i, j int) bool {
		if !nears[i].s.received.Equal(nears[j].s.received) {
			return nears[i].s.received.Before(nears[j].s.received)
		}
		return nears[i].id < nears[j].id
	})
	cands := make([]neardup.Candidate, len(nears))
	for i, c := range nears {
		cands[i] = neardup.Candidate{ID: c.id, ClusterID: c.s.cluster, Fingerprint: neardup.Format(c.s.fp)}
	}
	if dup, cluster, ok := neardup.Match(fp, cands); ok {
		a.DuplicateOf, a.ClusterID = dup, cluster
	}
	return nil
}

// remember records a story this replica has just written.
func (n *nearDuplicates) remember(id string, a *article.Article) {
	fp, err := neardup.Parse(a.Fingerprint)
	n.mu.Lock()
	defer n.mu.Unlock()
	if err != nil || a.PubStatus == article.PubStatusCanceled {
		delete(n.stories, id)
		return
	}
	n.stories[id] = recentStory{fp: fp, cluster: a.ClusterID, duplicateOf: a.DuplicateOf, received: a.ReceivedAt}
}

// sync reads the stories indexed since the last catch-up (all of the
// window's on the first call) and forgets those older than the window.
func (n *nearDuplicates) sync(ctx context.Context) error {
	n.syncMu.Lock()
	defer n.syncMu.Unlock()
	now := n.now()
	if !n.lastSync.IsZero() && now.Sub(n.lastSync) < syncEvery {
		return nil
	}
	filter := []any{
		map[string]any{"exists": map[string]any{"field": "fingerprint"}},
		map[string]any{"range": map[string]any{"received_at": map[string]any{"gte": now.Add(-n.window).UTC().Format(time.RFC3339Nano)}}},
	}
	if !n.seenUpTo.IsZero() {
		filter = append(filter, map[string]any{"range": map[string]any{"indexed_at": map[string]any{"gte": n.seenUpTo.Add(-syncOverlap).UTC().Format(time.RFC3339Nano)}}})
	}
	var after []any
	for {
		page, err := n.page(ctx, filter, after)
		if err != nil {
			return err
		}
		n.mu.Lock()
		for _, h := range page {
			s := h.Source
			fp, err := neardup.Parse(s.Fingerprint)
			if err != nil || s.PubStatus == article.PubStatusCanceled {
				delete(n.stories, s.ID)
				continue
			}
			n.stories[s.ID] = recentStory{fp: fp, cluster: s.ClusterID, duplicateOf: s.DuplicateOf, received: s.ReceivedAt}
			if s.IndexedAt.After(n.seenUpTo) {
				n.seenUpTo = s.IndexedAt
			}
		}
		n.mu.Unlock()
		if len(page) < syncPage {
			break
		}
		after = page[len(page)-1].Sort
	}
	n.mu.Lock()
	for id, s := range n.stories {
		if s.received.Before(now.Add(-n.window)) {
			delete(n.stories, id)
		}
	}
	n.mu.Unlock()
	n.lastSync = now
	return nil
}

type syncHit struct {
	Source struct {
		ID          string    `json:"id"`
		ClusterID   string    `json:"cluster_id"`
		DuplicateOf string    `json:"duplicate_of"`
		Fingerprint string    `json:"fingerprint"`
		PubStatus   string    `json:"pubstatus"`
		ReceivedAt  time.Time `json:"received_at"`
		IndexedAt   time.Time `json:"indexed_at"`
	} `json:"_source"`
	Sort []any `json:"sort"`
}

// page reads one page of stories in indexed_at order.
func (n *nearDuplicates) page(ctx context.Context, filter []any, after []any) ([]syncHit, error) {
	query := map[string]any{
		"size":             syncPage,
		"_source":          []string{"id", "cluster_id", "duplicate_of", "fingerprint", "pubstatus", "received_at", "indexed_at"},
		"query":            map[string]any{"bool": map[string]any{"filter": filter}},
		"sort":             []any{map[string]any{"indexed_at": "asc"}, map[string]any{"id": "asc"}},
		"track_total_hits": false,
	}
	if after != nil {
		query["search_after"] = after
	}
	body, err := json.Marshal(query)
	if err != nil {
		return nil, fmt.Errorf("near-duplicate catch-up query: %w", err)
	}
	res, err := n.client.Search(
		n.client.Search.WithContext(ctx),
		n.client.Search.WithIndex(n.index),
		n.client.Search.WithBody(bytes.NewReader(body)),
	)
	if err != nil {
		return nil, fmt.Errorf("near-duplicate catch-up: %w", err)
	}
	defer res.Body.Close()
	if res.IsError() {
		// Transient whatever the status: a refused search is a cluster or
		// configuration problem, not a property of the story; the stage's
		// breaker pauses while it lasts.
		return nil, fmt.Errorf("near-duplicate catch-up: %s", res.String())
	}
	var out struct {
		Hits struct {
			Hits []syncHit `json:"hits"`
		} `json:"hits"`
	}
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil {
		return nil, fmt.Errorf("near-duplicate catch-up: decode response: %w", err)
	}
	return out.Hits.Hits, nil
}
