// Package ingest is the first stage: it accepts raw story bytes published on
// news.raw.<source>, checks them, detects their format, splits a container
// (an RSS or Atom feed, a NewsML-G2 news message, ...) into its stories,
// gives each story its stable id and version, and passes each on as an
// envelope on news.ingested.<source>.
//
// Identity rules (the id must be the same every time a story is re-sent):
//  1. the source's own identity as pkg/wire reads it (wire.Identity: ninjs
//     "uri", NewsML-G2 guid, NITF doc-id, RSS guid, 7901/ANPA selector and
//     keyword, ...; the source's version number, else its versioncreated,
//     orders revisions);
//  2. else the publisher's Nats-Msg-Id header, read as "<id>:<version>"
//     when it ends in ":<digits>", otherwise as an id whose revisions are
//     ordered by arrival;
//  3. else a content address: "sha256-" and 32 hex digits of the SHA-256 of
//     the story text after Unicode NFC and white-space folding, with
//     version one. A changed text is then a different story: publishers
//     that revise stories must send an identity.
//
// "Arrival" is the time NEWS_RAW stored the raw message, never the clock of
// the replica handling it: a redelivered message (after a crash, a NATS
// restart or an outage downstream) gets the same id, version and received
// time as its first delivery, so a stale revision retried late can never
// overtake a newer one.
//
// Plain text that declares no charset and is not UTF-8 but reads as
// windows-1252 (which covers ISO-8859-1's letters: "£", "é") is passed on
// with that charset and the flag charset_guessed; bytes that are not text
// (NUL, control characters, bytes windows-1252 leaves undefined) are
// refused.
//
// Exact duplicates (same id, same version, same bytes) get the same
// JetStream message id and collapse in NEWS_INGESTED's duplicate window;
// outside it, indexing the same revision again is idempotent. Nothing is
// lost either way: NEWS_RAW keeps every published message.
package ingest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/nats-io/nats.go"
	"github.com/prometheus/client_golang/prometheus"
	"golang.org/x/text/unicode/norm"

	"github.com/newsroom-pipeline/newsroom/pkg/article"
	"github.com/newsroom-pipeline/newsroom/pkg/bus"
	"github.com/newsroom-pipeline/newsroom/pkg/format"
	"github.com/newsroom-pipeline/newsroom/pkg/stage"
	"github.com/newsroom-pipeline/newsroom/pkg/wire"
)

// Ingester is the ingest stage's logic. It is safe for concurrent use.
type Ingester struct {
	maxBytes int

	// lastReceived is newsroom_source_last_received_timestamp_seconds: per
	// source, the newest arrival of a story ingest passed on (a feed that
	// went quiet shows as an old value). last keeps it from going back
	// when an older story is replayed.
	lastReceived *prometheus.GaugeVec
	mu           sync.Mutex
	last         map[string]time.Time
}

// New returns an Ingester refusing stories larger than maxBytes.
func New(maxBytes int) *Ingester {
	return &Ingester{
		maxBytes: maxBytes,
		lastReceived: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "newsroom_source_last_received_timestamp_seconds",
			Help: "Arrival (NEWS_RAW stored time) of the newest story of a source that ingest passed on, in Unix seconds.",
		}, []string{"source"}),
		last: map[string]time.Time{},
	}
}

// Collectors are the ingest stage's own metrics, for worker.Options.
func (g *Ingester) Collectors() []prometheus.Collector {
	return []prometheus.Collector{g.lastReceived}
}

// arrived records a story of source passed on, received at at.
func (g *Ingester) arrived(source string, at time.Time) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if at.After(g.last[source]) {
		g.last[source] = at
		g.lastReceived.WithLabelValues(source).Set(float64(at.UnixMilli()) / 1000)
	}
}

// Handle is the stage handler: raw message in, one envelope per story out
// (a feed or news message carries several). Every error it returns is
// permanent (the bytes will never become a story).
func (g *Ingester) Handle(_ context.Context, in stage.Message) ([]*stage.Output, error) {
	msgID, received := Origin(in.Header, in.Timestamp)
	envs, err := g.Envelopes(in.Subject, in.Header.Get(bus.HeaderContentType), msgID, in.Data, received)
	if err != nil {
		return nil, stage.Permanent(err)
	}
	outs := make([]*stage.Output, 0, len(envs))
	for _, env := range envs {
		out, err := stage.EnvelopeOutput(bus.StageIngest, bus.IngestedSubject(env.Source), in.Header, env)
		if err != nil {
			return nil, err
		}
		outs = append(outs, out)
	}
	for _, env := range envs {
		g.arrived(env.Source, env.ReceivedAt)
	}
	return outs, nil
}

// Origin returns the publisher's message id and the arrival time that give
// a raw message its identity. A story published again (a dead letter
// replayed, NEWS_RAW reprocessed: it carries bus.HeaderReplay) has the
// first publication's, from the origin headers: its own message id is the
// replay's, never the story's. Any other message has its own id and
// stored time.
func Origin(h nats.Header, stored time.Time) (msgID string, received time.Time) {
	msgID, received = h.Get(bus.HeaderMsgID), stored
	if h.Get(bus.HeaderReplay) != "" {
		msgID = h.Get(bus.HeaderOriginMsgID)
	}
	if v := h.Get(bus.HeaderOriginReceived); v != "" {
		if t, err := time.Parse(time.RFC3339Nano, v); err == nil {
			received = t
		}
	}
	return msgID, received
}

// Envelopes builds the envelopes of the stories in one raw message that
// NEWS_RAW stored at received: the message is checked, its format
// detected, split into its stories (a feed's items, a news message's items;
// most formats hold one) and each story is given its identity.
//
// The story is parsed here (pkg/wire) to learn its identity; a single
// story that does not parse is refused here with the parser's reason. An
// item of a container that does not parse is passed on under a content
// address, and the normalize stage dead-letters it with the reason, so
// one bad item does not hold back its siblings.
func (g *Ingester) Envelopes(subject, contentType, msgID string, data []byte, received time.Time) ([]*article.Envelope, error) {
	source := bus.Token(strings.TrimPrefix(subject, bus.PrefixRaw))
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, errors.New("empty story")
	}
	if len(data) > g.maxBytes {
		return nil, fmt.Errorf("story of %d bytes exceeds the %d-byte limit", len(data), g.maxBytes)
	}
	f := format.Detect(contentType, data)
	var flags []string
	if f == format.Text || f == format.Unknown {
		guessed, err := textCharset(contentType, data)
		if err != nil {
			return nil, err
		}
		if guessed != contentType {
			contentType, flags = guessed, []string{article.FlagCharsetGuessed}
			f = format.Detect(contentType, data)
		}
	}
	if f == format.JSON && !json.Valid(data) {
		return nil, fmt.Errorf("malformed JSON: %v", jsonError(data))
	}
	docs, err := wire.Split(f, data)
	if err != nil {
		return nil, err
	}
	received = received.UTC()
	envs := make([]*article.Envelope, 0, len(docs))
	for _, doc := range docs {
		env := &article.Envelope{
			Schema:      article.Schema,
			ContentHash: hashHex(doc),
			Source:      source,
			ReceivedAt:  received,
			Format:      f,
			ContentType: contentType,
			Raw:         doc,
			Flags:       flags,
		}
		a, err := wire.Parse(f, contentType, doc)
		switch {
		case err != nil && len(docs) == 1:
			return nil, err
		case err == nil:
			env.ID, env.Version = wire.Identity(a)
		}
		// A publisher's message id names the message, so it identifies a
		// story only when the message holds one.
		if env.ID == "" && msgID != "" && len(docs) == 1 {
			env.ID, env.Version = msgIDIdentity(msgID, received)
		}
		if env.ID == "" {
			env.ID, env.Version = "sha256-"+textHash(doc), 1
		}
		if env.Version == 0 {
			env.Version = received.UnixMilli()
		}
		envs = append(envs, env)
	}
	return envs, nil
}

// textCharset checks that a text story is text and returns the content
// type to read it with: contentType itself when it declares a charset (the
// normalize stage decodes it) or the bytes are UTF-8; contentType with
// charset=windows-1252 added when the bytes are not UTF-8 but are
// plausible windows-1252 text. Anything else is refused.
func textCharset(contentType string, data []byte) (string, error) {
	mediaType, params, err := mime.ParseMediaType(contentType)
	if cs := strings.ToLower(params["charset"]); err == nil && cs != "" && cs != "utf-8" && cs != "utf8" {
		return contentType, nil
	}
	off := firstInvalid(data)
	if off < 0 {
		return contentType, nil
	}
	if bad := notLegacyText(data); bad >= 0 {
		return "", fmt.Errorf("not valid UTF-8 (first bad byte at offset %d), no charset declared in Content-Type, and not windows-1252 text either (byte 0x%02x at offset %d): binary data?", off, data[bad], bad)
	}
	if err != nil || mediaType == "" {
		mediaType, params = "text/plain", map[string]string{}
	}
	params["charset"] = "windows-1252"
	return mime.FormatMediaType(mediaType, params), nil
}

// notLegacyText returns the offset of the first byte that plain windows-1252
// text does not hold (NUL and the other C0 controls but tab, LF, VT, FF and
// CR; DEL; the five bytes windows-1252 leaves undefined), or -1.
func notLegacyText(b []byte) int {
	for i, c := range b {
		switch {
		case c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r':
		case c < 0x20 || c == 0x7f:
			return i
		case c == 0x81 || c == 0x8d || c == 0x8f || c == 0x90 || c == 0x9d:
			return i
		}
	}
	return -1
}

func firstInvalid(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return -1
}

var versionSuffix = regexp.MustCompile(`^(.+):(\d{1,18})$`)

// msgIDIdentity reads a publisher's Nats-Msg-Id as "<id>:<version>" when
// it ends in a number, else as an id ordered by arrival.
func msgIDIdentity(msgID string, now time.Time) (string, int64) {
	if m := versionSuffix.FindStringSubmatch(msgID); m != nil {
		v, _ := strconv.ParseInt(m[2], 10, 64)
		return m[1], v
	}
	return msgID, now.UnixMilli()
}

func hashHex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// textHash addresses a story by its text, insensitive to Unicode
// normalization form, line endings and runs of white space.
func textHash(b []byte) string {
	folded := strings.Join(strings.Fields(norm.NFC.String(string(b))), " ")
	sum := sha256.Sum256([]byte(folded))
	return hex.EncodeToString(sum[:16])
}

func jsonError(data []byte) error {
	var v any
	return json.Unmarshal(data, &v)
}
