// Package reprocess runs stories stored in NEWS_RAW through the pipeline
// again, after a parser or tagger change: each raw message in a time range
// is published again to its subject as a named second pass
// (bus.HeaderReplay "reprocess-<run>"), so that no stream's duplicate
// window swallows it, with its first publication's identity
// (bus.HeaderOriginMsgID, bus.HeaderOriginReceived), so that ingest gives
// it the same id and version and the index overwrites the same document
// (external_gte versioning) with the new output.
package reprocess

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/newsroom-pipeline/newsroom/pkg/bus"
)

// Options select what to reprocess.
type Options struct {
	Since  time.Time // stored at or after (required)
	Until  time.Time // stored before (zero: up to the start of the run)
	Source string    // one source's subject, news.raw.<source> ("" all)
	// Run names this pass (its message ids end in it); a run repeated with
	// the same name is de-duplicated. Default: the start time.
	Run    string
	DryRun bool // count, publish nothing
}

// Progress is called after each message: how many were re-published (or
// counted, in a dry run), the stream sequence reached, and the last
// sequence the run will look at.
type Progress func(done int, seq, lastSeq uint64)

// Result is what a run did.
type Result struct {
	Republished int // raw messages published again (counted, in a dry run)
	Skipped     int // earlier reprocess copies, left out
	FirstSeq    uint64
	LastSeq     uint64
}

// Run re-publishes the raw messages that o selects. It reads NEWS_RAW with
// an ordered consumer from o.Since and stops at the stream's last message
// when the run started (the copies it appends are never read again) or at
// o.Until. Copies made by an earlier reprocess are skipped: their
// originals are in range too, or were before theirs.
func Run(ctx context.Context, js jetstream.JetStream, o Options, progress Progress) (Result, error) {
	var res Result
	if o.Since.IsZero() {
		return res, errors.New("reprocess: no start time (-since)")
	}
	if o.Run == "" {
		o.Run = strconv.FormatInt(time.Now().Unix(), 10)
	}
	st, err := js.Stream(ctx, bus.StreamRaw)
	if err != nil {
		return res, fmt.Errorf("stream %s: %w", bus.StreamRaw, err)
	}
	state := st.CachedInfo().State
	res.LastSeq = state.LastSeq
	if state.Msgs == 0 {
		return res, nil
	}
	subject := bus.PrefixRaw + ">"
	if o.Source != "" {
		subject = bus.RawSubject(o.Source)
	}
	since := o.Since
	cons, err := js.OrderedConsumer(ctx, bus.StreamRaw, jetstream.OrderedConsumerConfig{
		FilterSubjects: []string{subject},
		DeliverPolicy:  jetstream.DeliverByStartTimePolicy,
		OptStartTime:   &since,
	})
	if err != nil {
		return res, fmt.Errorf("read %s: %w", bus.StreamRaw, err)
	}
	pass := "reprocess-" + o.Run
	for {
		batch, err := cons.Fetch(100, jetstream.FetchMaxWait(time.Second))
		if err != nil {
			return res, fmt.Errorf("read %s: %w", bus.StreamRaw, err)
		}
		n := 0
		for m := range batch.Messages() {
			n++
			meta, err := m.Metadata()
			if err != nil {
				return res, fmt.Errorf("read %s: %w", bus.StreamRaw, err)
			}
			seq := meta.Sequence.Stream
			if seq > res.LastSeq || (!o.Until.IsZero() && !meta.Timestamp.Before(o.Until)) {
				return res, nil
			}
			if res.FirstSeq == 0 {
				res.FirstSeq = seq
			}
			if strings.HasPrefix(m.Headers().Get(bus.HeaderReplay), "reprocess-") {
				res.Skipped++
				continue
			}
			if !o.DryRun {
				msg, id := Message(m.Subject(), m.Headers(), m.Data(), meta.Timestamp, pass, seq)
				pctx, cancel := context.WithTimeout(ctx, 10*time.Second)
				_, err := js.PublishMsg(pctx, msg, jetstream.WithMsgID(id))
				cancel()
				if err != nil {
					return res, fmt.Errorf("re-publish %s seq %d: %w", m.Subject(), seq, err)
				}
			}
			res.Republished++
			if progress != nil {
				progress(res.Republished, seq, res.LastSeq)
			}
			if seq == res.LastSeq {
				return res, nil
			}
		}
		if err := batch.Error(); err != nil && !errors.Is(err, nats.ErrTimeout) {
			return res, fmt.Errorf("read %s: %w", bus.StreamRaw, err)
		}
		if n == 0 {
			return res, nil // nothing more in range
		}
		if err := ctx.Err(); err != nil {
			return res, err
		}
	}
}

// Message is the copy of one raw message for the pass: its bytes to its
// subject, its headers without the stream's and an earlier pass's, the
// pass named, and the first publication's message id and arrival (kept
// from the message when it is itself a copy of a dead-letter replay). The
// message id is fixed per run and sequence.
func Message(subject string, h nats.Header, data []byte, stored time.Time, pass string, seq uint64) (*nats.Msg, string) {
	out := nats.Header{}
	for k, v := range h {
		if strings.HasPrefix(k, "Nats-") || k == bus.HeaderReplay {
			continue
		}
		out[k] = append([]string(nil), v...)
	}
	out.Set(bus.HeaderReplay, pass)
	if out.Get(bus.HeaderOriginMsgID) == "" && h.Get(bus.HeaderReplay) == "" {
		if id := h.Get(bus.HeaderMsgID); id != "" {
			out.Set(bus.HeaderOriginMsgID, id)
		}
	}
	if out.Get(bus.HeaderOriginReceived) == "" {
		out.Set(bus.HeaderOriginReceived, stored.UTC().Format(time.RFC3339Nano))
	}
	return &nats.Msg{Subject: subject, Header: out, Data: data}, fmt.Sprintf("%s:%d", pass, seq)
}
