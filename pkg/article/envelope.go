package article

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// Schema is the envelope schema identifier. A consumer refuses envelopes of
// another schema (dead letter), so a breaking change gets a new identifier.
const Schema = "newsroom.article/v1"

// Envelope is what travels on news.ingested.*, news.normalized.* and
// news.tagged.*.
//
// ID and Version identify the revision: ID is stable across resends of the
// same story, Version orders revisions of one ID (larger wins everywhere).
// Raw carries the original bytes from ingest to normalize only; later stages
// drop it to keep messages small.
type Envelope struct {
	Schema  string `json:"schema"`
	ID      string `json:"id"`
	Version int64  `json:"version"`

	// ContentHash is the hex SHA-256 of the raw bytes as published. With ID
	// and Version it tells an exact resend from a changed story.
	ContentHash string    `json:"content_hash"`
	Source      string    `json:"source,omitempty"` // the <source> token of news.raw.<source>
	ReceivedAt  time.Time `json:"received_at"`      // when ingest accepted the raw bytes

	// Raw input, present between ingest and normalize.
	Format      string `json:"format,omitempty"`
	ContentType string `json:"content_type,omitempty"`
	Raw         []byte `json:"raw,omitempty"`

	// Flags note what ingest had to assume about the raw input
	// (FlagCharsetGuessed); normalize copies them onto the article.
	Flags []string `json:"flags,omitempty"`

	// Article is nil until normalize has run.
	Article *Article `json:"article,omitempty"`
}

// MsgID is the deterministic JetStream message id for this revision as
// published by stage. It includes the content hash so that two different
// contents sent with the same id and version are both kept (the later write
// wins downstream), while an exact resend collapses in the stream's
// duplicate window.
func (e *Envelope) MsgID(stage string) string {
	h := e.ContentHash
	if len(h) > 16 {
		h = h[:16]
	}
	return fmt.Sprintf("%s:%d:%s:%s", e.ID, e.Version, h, stage)
}

// Encode serialises the envelope (see EncodeJSON).
func (e *Envelope) Encode() ([]byte, error) {
	return EncodeJSON(e)
}

// EncodeJSON is the pipeline's JSON encoding, for envelopes and for the
// documents written to Elasticsearch: one line, and HTML not escaped ("<"
// stays "<", not "\u003c"), since bodies carry markup and escaping it
// would inflate a message up to six times for nothing.
func EncodeJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// ErrInvalidEnvelope is wrapped by Decode for every refused envelope.
var ErrInvalidEnvelope = errors.New("invalid envelope")

// Decode parses and validates an envelope. Any error wraps ErrInvalidEnvelope:
// such a message can never succeed and belongs in the dead-letter stream.
func Decode(data []byte) (*Envelope, error) {
	var e Envelope
	if err := json.Unmarshal(data, &e); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrInvalidEnvelope, err)
	}
	if e.Schema != Schema {
		return nil, fmt.Errorf("%w: schema %q, want %q", ErrInvalidEnvelope, e.Schema, Schema)
	}
	if e.ID == "" {
		return nil, fmt.Errorf("%w: empty id", ErrInvalidEnvelope)
	}
	if e.Version < 0 {
		return nil, fmt.Errorf("%w: negative version %d", ErrInvalidEnvelope, e.Version)
	}
	return &e, nil
}
