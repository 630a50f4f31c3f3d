// Package status gathers the pipeline's state for newsctl status: each
// stage's consumer on its input stream, its dead letters, and what the
// index holds.
package status

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/newsroom-pipeline/newsroom/pkg/bus"
	"github.com/newsroom-pipeline/newsroom/services/newsctl/newsearch"
)

// Stage is one stage's row.
type Stage struct {
	Stage        string `json:"stage"`
	Stream       string `json:"stream"`
	Consumer     bool   `json:"consumer"`      // its durable consumer exists
	Pending      uint64 `json:"pending"`       // in the stream, not yet delivered
	AckPending   int    `json:"ack_pending"`   // delivered, not yet acknowledged
	Redelivered  int    `json:"redelivered"`   // of those, delivered more than once
	WaitingPulls int    `json:"waiting_pulls"` // replicas' open pull requests
	DeadLetters  uint64 `json:"dead_letters"`  // in NEWS_DLQ for this stage
}

// Bound reports whether some replica is working the stage: it has an open
// pull request or holds messages.
func (s Stage) Bound() bool { return s.Consumer && (s.WaitingPulls > 0 || s.AckPending > 0) }

// Index is what Elasticsearch holds.
type Index struct {
	Alias     string               `json:"alias"`
	Indices   []string             `json:"indices"`
	Documents int                  `json:"documents"`
	LastStory map[string]time.Time `json:"last_story_by_source"`
	Error     string               `json:"error,omitempty"`
}

// Report is the whole status.
type Report struct {
	Stages []Stage `json:"stages"`
	Index  *Index  `json:"index,omitempty"`
}

// Unbound lists the stages no replica is working.
func (r Report) Unbound() []string {
	var out []string
	for _, s := range r.Stages {
		if !s.Bound() {
			out = append(out, s.Stage)
		}
	}
	return out
}

// Stages reads every stage's consumer and its dead letters.
func Stages(ctx context.Context, js jetstream.JetStream) ([]Stage, error) {
	dead := map[string]uint64{}
	if dlq, err := js.Stream(ctx, bus.StreamDLQ); err == nil {
		info, err := dlq.Info(ctx, jetstream.WithSubjectFilter(bus.PrefixDLQ+">"))
		if err != nil {
			return nil, fmt.Errorf("stream %s: %w", bus.StreamDLQ, err)
		}
		for subject, n := range info.State.Subjects {
			dead[strings.TrimPrefix(subject, bus.PrefixDLQ)] = n
		}
	} else if !errors.Is(err, jetstream.ErrStreamNotFound) {
		return nil, fmt.Errorf("stream %s: %w", bus.StreamDLQ, err)
	}
	var out []Stage
	for _, name := range []string{bus.StageIngest, bus.StageNormalize, bus.StageEntityTag, bus.StageIndex} {
		stream, _, _ := bus.InputStream(name)
		s := Stage{Stage: name, Stream: stream, DeadLetters: dead[name]}
		c, err := js.Consumer(ctx, stream, name)
		switch {
		case errors.Is(err, jetstream.ErrConsumerNotFound), errors.Is(err, jetstream.ErrStreamNotFound):
		case err != nil:
			return nil, fmt.Errorf("consumer %s on %s: %w", name, stream, err)
		default:
			info := c.CachedInfo()
			s.Consumer = true
			s.Pending, s.AckPending, s.Redelivered, s.WaitingPulls = info.NumPending, info.NumAckPending, info.NumRedelivered, info.NumWaiting
		}
		out = append(out, s)
	}
	return out, nil
}

// ReadIndex reads the alias, its indices, the searchable documents and the
// newest story per source.
func ReadIndex(ctx context.Context, es *newsearch.Client) *Index {
	ix := &Index{Alias: es.Index, LastStory: map[string]time.Time{}}
	var err error
	if ix.Indices, err = es.AliasIndices(ctx); err == nil {
		if ix.Documents, err = es.Count(ctx); err == nil {
			ix.LastStory, err = es.LastBySource(ctx)
		}
	}
	if err != nil {
		ix.Error = err.Error()
	}
	return ix
}

// Table writes the report for people.
func (r Report) Table(w io.Writer, now time.Time) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "STAGE\tSTREAM\tPENDING\tACK PENDING\tREDELIVERED\tPULLS\tDLQ\tSTATE")
	for _, s := range r.Stages {
		state := "ok"
		switch {
		case !s.Consumer:
			state = "NO CONSUMER"
		case !s.Bound():
			state = "NO REPLICA"
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%d\t%d\t%d\t%s\n", s.Stage, s.Stream, s.Pending, s.AckPending, s.Redelivered, s.WaitingPulls, s.DeadLetters, state)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if ix := r.Index; ix != nil {
		if ix.Error != "" {
			fmt.Fprintf(w, "\nindex %s: %s\n", ix.Alias, ix.Error)
			return nil
		}
		fmt.Fprintf(w, "\nindex %s -> %s: %d searchable documents\n", ix.Alias, strings.Join(ix.Indices, ", "), ix.Documents)
		sources := make([]string, 0, len(ix.LastStory))
		for s := range ix.LastStory {
			sources = append(sources, s)
		}
		sort.Strings(sources)
		tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "SOURCE\tLAST STORY\tAGO")
		for _, s := range sources {
			at := ix.LastStory[s]
			fmt.Fprintf(tw, "%s\t%s\t%s\n", s, at.Format(time.RFC3339), now.Sub(at).Round(time.Second))
		}
		return tw.Flush()
	}
	return nil
}

// JSON writes the report for scripts.
func (r Report) JSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}
