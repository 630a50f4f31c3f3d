package suite

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/newsroom-pipeline/newsroom/pkg/bus"
)

// tally is what a scenario's check found.
type tally struct {
	Published    int // good stories acked by NEWS_RAW
	Indexed      int // of them, searchable
	Lost         int // published good stories never searchable
	Duplicated   int // documents beyond one per published story
	DeadLettered int // good stories in NEWS_DLQ

	Hostile         int // hostile inputs published
	HostileDead     int // of them, dead-lettered with a reason
	HostileIndexed  int // of them, found in the index (must be 0)
	DeadNoReason    int // dead letters without a reason header
	DeadUnmatched   int // dead letters matching no published story
	HostileByReason map[string]int
	Examples        []string // a few ids of duplicated or lost stories, for the report
}

// countDocs counts the documents of the scenario's index (what a refresh
// has made searchable).
func (s *stack) countDocs(ctx context.Context) (int, error) {
	return s.esc.Count(ctx, s.prefix+"-v*")
}

// indexedIDs returns every document id in the scenario's index with its
// number of documents (always 1 per _id; ids nobody published are the
// duplicates).
func (s *stack) indexedIDs(ctx context.Context) (map[string]int, error) {
	if err := s.esc.Do(ctx, http.MethodPost, "/"+s.prefix+"-v*/_refresh", nil, nil); err != nil {
		return nil, err
	}
	hits, err := s.esc.SearchIDs(ctx, s.prefix+"-v*", `{"size":10000,"_source":false,"query":{"match_all":{}}}`)
	if err != nil {
		return nil, err
	}
	ids := map[string]int{}
	for _, id := range hits {
		ids[id]++
	}
	return ids, nil
}

// deadLetter is the part of one NEWS_DLQ message the check reads.
type deadLetter struct {
	story, articleID, reason, stage string
}

// deadLetters reads every message of NEWS_DLQ.
func (s *stack) deadLetters(ctx context.Context) ([]deadLetter, error) {
	st, err := s.js.Stream(ctx, bus.StreamDLQ)
	if err != nil {
		return nil, err
	}
	info, err := st.Info(ctx)
	if err != nil {
		return nil, err
	}
	var out []deadLetter
	for seq := info.State.FirstSeq; info.State.Msgs > 0 && seq <= info.State.LastSeq; seq++ {
		m, err := st.GetMsg(ctx, seq)
		if errors.Is(err, jetstream.ErrMsgNotFound) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("dead letter %d: %w", seq, err)
		}
		out = append(out, deadLetter{
			story:     m.Header.Get(HeaderStory),
			articleID: m.Header.Get(bus.HeaderArticleID),
			reason:    m.Header.Get(bus.HeaderDLQReason),
			stage:     m.Header.Get(bus.HeaderDLQStage),
		})
	}
	return out, nil
}

// check compares what reached the index and the dead-letter stream with
// what was published.
func (s *stack) check(ctx context.Context, items []item, published int) (tally, error) {
	var t tally
	t.HostileByReason = map[string]int{}
	ids, err := s.indexedIDs(ctx)
	if err != nil {
		return t, fmt.Errorf("read the index: %w", err)
	}
	dead, err := s.deadLetters(ctx)
	if err != nil {
		return t, fmt.Errorf("read NEWS_DLQ: %w", err)
	}
	byKey, byID := map[string]*item{}, map[string]*item{}
	for i := range items[:published] {
		it := &items[i]
		byKey[it.story.Key] = it
		if it.id != "" {
			byID[it.id] = it
		}
		if it.story.Hostile != "" {
			t.Hostile++
			if ids[it.id] > 0 {
				t.HostileIndexed++
			}
			continue
		}
		t.Published++
		if ids[it.id] > 0 {
			t.Indexed++
		} else {
			t.Lost++
			t.example("lost " + it.story.Key + " as " + it.id)
		}
	}
	for id, n := range ids {
		if it := byID[id]; it == nil {
			t.Duplicated += n
			t.example("unexpected document " + id)
		} else {
			t.Duplicated += n - 1
		}
	}
	deadGood, deadHostile := map[string]bool{}, map[string]bool{}
	for _, d := range dead {
		it := byKey[d.story]
		if it == nil {
			it = byID[d.articleID]
		}
		switch {
		case it == nil:
			t.DeadUnmatched++
		case d.reason == "":
			t.DeadNoReason++
		case it.story.Hostile != "":
			if !deadHostile[it.story.Key] {
				deadHostile[it.story.Key] = true
				t.HostileByReason[it.story.Hostile+" at "+d.stage]++
			}
		default:
			deadGood[it.story.Key] = true
		}
	}
	t.DeadLettered, t.HostileDead = len(deadGood), len(deadHostile)
	return t, nil
}

func (t *tally) example(s string) {
	if len(t.Examples) < 5 {
		t.Examples = append(t.Examples, s)
	}
}

// waitSearchable polls the index until want documents are searchable or
// the deadline passes; it returns when the count was reached.
func (s *stack) waitSearchable(ctx context.Context, want int, deadline time.Time) (time.Time, error) {
	for {
		n, err := s.countDocs(ctx)
		if err == nil && n >= want {
			return time.Now(), nil
		}
		if time.Now().After(deadline) {
			return time.Time{}, fmt.Errorf("%d of %d stories searchable at the deadline (last error: %v)", n, want, err)
		}
		select {
		case <-ctx.Done():
			return time.Time{}, ctx.Err()
		case <-time.After(500 * time.Millisecond):
		}
	}
}
