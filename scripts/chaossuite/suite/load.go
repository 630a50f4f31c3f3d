package suite

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/newsroom-pipeline/newsroom/pkg/bus"
	"github.com/newsroom-pipeline/newsroom/scripts/chaossuite/corpus"
	"github.com/newsroom-pipeline/newsroom/services/ingest/ingest"
)

// HeaderStory names the published story in the suite's own header; the
// dead-letter stream keeps a raw message's headers, so ingest's dead
// letters can be matched to what was published.
const HeaderStory = "Chaos-Story"

// item is one story of a scenario's load with what the suite expects of it.
type item struct {
	story   corpus.Story
	subject string
	msgID   string // the publisher's Nats-Msg-Id: a retried publish is de-duplicated
	id      string // the article id the pipeline gives it ("" when ingest refuses it)
}

// plan builds a scenario's load: each story gets a subject from its corpus,
// a publisher message id, and the article id ingest will give it.
func plan(scenario string, stories []corpus.Story) []item {
	g := ingest.New(1 << 20)
	items := make([]item, len(stories))
	for i, s := range stories {
		source, _, _ := strings.Cut(s.Key, "/")
		it := item{story: s, subject: bus.RawSubject(source), msgID: fmt.Sprintf("chaos-%s-%05d", scenario, i)}
		if envs, err := g.Envelopes(it.subject, "", it.msgID, s.Data, time.Now()); err == nil && len(envs) == 1 {
			it.id = envs[0].ID
		}
		items[i] = it
	}
	return items
}

// load publishes a scenario's stories from outside the pipeline, at a
// bounded rate, as a careful newsroom system does: each publish waits for
// JetStream's ack and is retried (same message id) until acked, through
// outages of the NATS servers themselves.
type load struct {
	items     []item
	rate      float64
	published atomic.Int64
	done      chan struct{}
	err       error
	lastAck   time.Time
	mu        sync.Mutex
	progress  chan struct{} // closed and replaced after every ack
}

func newLoad(items []item, rate float64) *load {
	return &load{items: items, rate: rate, done: make(chan struct{}), progress: make(chan struct{})}
}

// run publishes every item; it returns when all are acked or ctx ends.
func (l *load) run(ctx context.Context, js jetstream.JetStream) {
	defer close(l.done)
	tick := time.NewTicker(time.Duration(float64(time.Second) / l.rate))
	defer tick.Stop()
	for _, it := range l.items {
		select {
		case <-ctx.Done():
			l.err = ctx.Err()
			return
		case <-tick.C:
		}
		m := &nats.Msg{Subject: it.subject, Data: it.story.Data, Header: nats.Header{HeaderStory: []string{it.story.Key}}}
		for {
			pctx, cancel := context.WithTimeout(ctx, 5*time.Second)
			_, err := js.PublishMsg(pctx, m, jetstream.WithMsgID(it.msgID))
			cancel()
			if err == nil {
				break
			}
			if ctx.Err() != nil {
				l.err = fmt.Errorf("publish %s: %w", it.msgID, errors.Join(err, ctx.Err()))
				return
			}
			time.Sleep(250 * time.Millisecond)
		}
		l.published.Add(1)
		l.mu.Lock()
		l.lastAck = time.Now()
		close(l.progress)
		l.progress = make(chan struct{})
		l.mu.Unlock()
	}
}

// waitPublished blocks until n stories are acked (or the load ends).
func (l *load) waitPublished(ctx context.Context, n int) {
	for l.published.Load() < int64(n) {
		l.mu.Lock()
		progress := l.progress
		l.mu.Unlock()
		select {
		case <-progress:
		case <-l.done:
			return
		case <-ctx.Done():
			return
		}
	}
}

// at is the number of stories that makes fraction f of the load.
func (l *load) at(f float64) int { return int(f * float64(len(l.items))) }
