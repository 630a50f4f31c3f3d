// Package deadletter reads the dead-letter stream (NEWS_DLQ) and puts dead
// letters back into the pipeline.
//
// A dead letter keeps the failed message's bytes and headers (without its
// Nats-Msg-Id, which the runner saves as Newsroom-Dlq-Msg-Id) and says
// where and why it failed (the Newsroom-Dlq-* headers; see pkg/bus). A
// replay publishes the bytes again to the subject they failed on, as a
// deliberate second pass (bus.HeaderReplay) that keeps the story's
// identity, and removes the dead letter only once the re-publish is acked.
package deadletter

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

// Letter is one dead letter.
type Letter struct {
	Seq       uint64    // its sequence in NEWS_DLQ
	Stage     string    // the stage that gave up on it
	Subject   string    // the subject it failed on, where a replay sends it
	Stream    string    // the stream it failed in
	Reason    string    // why
	Time      time.Time // when it was dead-lettered
	ArticleID string    // "" before ingest gave it an identity
	Header    nats.Header
	Data      []byte
}

// Filter selects dead letters; the zero Filter selects all.
type Filter struct {
	Stage   string    // exact stage name
	Subject string    // a subject or a NATS wildcard pattern (news.raw.>)
	Since   time.Time // dead-lettered at or after
	Reason  string    // a substring of the reason, case-insensitive
	FromSeq uint64    // first NEWS_DLQ sequence (0: the first)
	ToSeq   uint64    // last (0: the last)
}

// Match reports whether l passes f.
func (f Filter) Match(l Letter) bool {
	switch {
	case f.Stage != "" && l.Stage != f.Stage,
		f.Subject != "" && !subjectMatches(f.Subject, l.Subject),
		!f.Since.IsZero() && l.Time.Before(f.Since),
		f.Reason != "" && !strings.Contains(strings.ToLower(l.Reason), strings.ToLower(f.Reason)),
		f.FromSeq > 0 && l.Seq < f.FromSeq,
		f.ToSeq > 0 && l.Seq > f.ToSeq:
		return false
	}
	return true
}

// subjectMatches matches a subject against a NATS pattern (* one token, >
// the rest).
func subjectMatches(pattern, subject string) bool {
	p, s := strings.Split(pattern, "."), strings.Split(subject, ".")
	for i, tok := range p {
		switch {
		case tok == ">":
			return len(s) > i
		case i >= len(s):
			return false
		case tok != "*" && tok != s[i]:
			return false
		}
	}
	return len(p) == len(s)
}

// FromMsg reads a dead letter from its stored message.
func FromMsg(m *jetstream.RawStreamMsg) Letter {
	l := Letter{
		Seq: m.Sequence, Header: m.Header, Data: m.Data,
		Stage:     m.Header.Get(bus.HeaderDLQStage),
		Subject:   m.Header.Get(bus.HeaderDLQSubject),
		Stream:    m.Header.Get(bus.HeaderDLQStream),
		Reason:    m.Header.Get(bus.HeaderDLQReason),
		ArticleID: m.Header.Get(bus.HeaderArticleID),
		Time:      m.Time,
	}
	if t, err := time.Parse(time.RFC3339Nano, m.Header.Get(bus.HeaderDLQTime)); err == nil {
		l.Time = t
	}
	if l.Stage == "" {
		l.Stage = strings.TrimPrefix(m.Subject, bus.PrefixDLQ)
	}
	return l
}

// List returns the dead letters that pass f, oldest first.
func List(ctx context.Context, js jetstream.JetStream, f Filter) ([]Letter, error) {
	st, err := js.Stream(ctx, bus.StreamDLQ)
	if err != nil {
		return nil, fmt.Errorf("stream %s: %w", bus.StreamDLQ, err)
	}
	state := st.CachedInfo().State
	if state.Msgs == 0 {
		return nil, nil
	}
	first, last := max(state.FirstSeq, f.FromSeq), state.LastSeq
	if f.ToSeq > 0 {
		last = min(last, f.ToSeq)
	}
	var out []Letter
	for seq := first; seq <= last; seq++ {
		m, err := st.GetMsg(ctx, seq)
		if errors.Is(err, jetstream.ErrMsgNotFound) {
			continue // replayed and removed, or a gap
		}
		if err != nil {
			return out, fmt.Errorf("dead letter %d: %w", seq, err)
		}
		if l := FromMsg(m); f.Match(l) {
			out = append(out, l)
		}
	}
	return out, nil
}

// Get returns the dead letter at seq.
func Get(ctx context.Context, js jetstream.JetStream, seq uint64) (Letter, error) {
	st, err := js.Stream(ctx, bus.StreamDLQ)
	if err != nil {
		return Letter{}, fmt.Errorf("stream %s: %w", bus.StreamDLQ, err)
	}
	m, err := st.GetMsg(ctx, seq)
	if err != nil {
		return Letter{}, fmt.Errorf("dead letter %d: %w", seq, err)
	}
	return FromMsg(m), nil
}

// ReplayMsg is the message that puts l back: its bytes, to the subject it
// failed on, with its own headers but none of the dead-letter ones, as the
// replay pass "dlq-<seq>". A raw story keeps its first publication's
// identity (bus.HeaderOriginMsgID, bus.HeaderOriginReceived), so ingest
// gives it the id and version it would have had. The message id is fixed
// per dead letter, so a replay interrupted and run again is de-duplicated.
func ReplayMsg(l Letter) (*nats.Msg, string, error) {
	if l.Subject == "" {
		return nil, "", fmt.Errorf("dead letter %d: no %s header, nowhere to replay it", l.Seq, bus.HeaderDLQSubject)
	}
	h := nats.Header{}
	for k, v := range l.Header {
		if strings.HasPrefix(k, "Newsroom-Dlq-") || k == bus.HeaderMsgID || strings.HasPrefix(k, "Nats-") {
			continue
		}
		h[k] = append([]string(nil), v...)
	}
	pass := "dlq-" + strconv.FormatUint(l.Seq, 10)
	h.Set(bus.HeaderReplay, pass)
	if l.Stream == bus.StreamRaw {
		if h.Get(bus.HeaderOriginMsgID) == "" {
			if id := l.Header.Get(bus.HeaderDLQMsgID); id != "" {
				h.Set(bus.HeaderOriginMsgID, id)
			}
		}
		if h.Get(bus.HeaderOriginReceived) == "" {
			if at := l.Header.Get(bus.HeaderDLQReceived); at != "" {
				h.Set(bus.HeaderOriginReceived, at)
			}
		}
	}
	return &nats.Msg{Subject: l.Subject, Header: h, Data: l.Data}, "replay:" + pass, nil
}

// Progress is called after each dead letter a replay handled.
type Progress func(done, total int, l Letter, err error)

// Replay puts each letter still in NEWS_DLQ back (ReplayMsg), waiting for
// the stream's ack, and only then deletes it from NEWS_DLQ. It stops at the
// first failure and returns how many were handled; each of those is gone
// from NEWS_DLQ.
func Replay(ctx context.Context, js jetstream.JetStream, letters []Letter, progress Progress) (int, error) {
	st, err := js.Stream(ctx, bus.StreamDLQ)
	if err != nil {
		return 0, fmt.Errorf("stream %s: %w", bus.StreamDLQ, err)
	}
	for i, l := range letters {
		err := replayOne(ctx, js, st, l)
		if progress != nil {
			progress(i+1, len(letters), l, err)
		}
		if err != nil {
			return i, err
		}
	}
	return len(letters), nil
}

func replayOne(ctx context.Context, js jetstream.JetStream, dlq jetstream.Stream, l Letter) error {
	m, msgID, err := ReplayMsg(l)
	if err != nil {
		return err
	}
	pctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	// A letter no longer in NEWS_DLQ was replayed already (by another
	// replay, or this one repeated): nothing to do.
	if _, err := dlq.GetMsg(pctx, l.Seq); gone(err) {
		return nil
	}
	if _, err := js.PublishMsg(pctx, m, jetstream.WithMsgID(msgID)); err != nil {
		return fmt.Errorf("dead letter %d: publish to %s: %w", l.Seq, l.Subject, err)
	}
	if err := dlq.DeleteMsg(pctx, l.Seq); err != nil && !gone(err) {
		return fmt.Errorf("dead letter %d: replayed, but not removed from %s: %w", l.Seq, bus.StreamDLQ, err)
	}
	return nil
}

// gone reports whether err says the message is not in the stream (deleted
// by an earlier replay). nats.go reports a failed delete as
// ErrMsgDeleteUnsuccessful with the server's API error only as text, so
// its error codes (10043 sequence not found, 10057 no message found) are
// matched in the text.
func gone(err error) bool {
	if err == nil {
		return false
	}
	return errors.Is(err, jetstream.ErrMsgNotFound) ||
		errors.Is(err, jetstream.ErrMsgDeleteUnsuccessful) &&
			(strings.Contains(err.Error(), "err_code=10043") || strings.Contains(err.Error(), "err_code=10057"))
}
