// Package ingest is the first stage: it accepts raw story bytes published on
// news.raw.<source>, checks them, detects their format, gives them their
// stable id and version, and passes them on as an envelope on
// news.ingested.<source>.
//
// Identity rules (the id must be the same every time a story is re-sent):
//  1. the source's own identity: ninjs "uri" (its "version", else
//     "versioncreated", orders revisions);
//  2. else the publisher's Nats-Msg-Id header, read as "<id>:<version>"
//     when it ends in ":<digits>", otherwise as an id whose revisions are
//     ordered by arrival;
//  3. else a content address: "sha256-" and 32 hex digits of the SHA-256 of
//     the story text after Unicode NFC and white-space folding, with version
//  1. A changed text is then a different story: publishers that revise
//     stories must send an identity.
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
	"time"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/newsroom-pipeline/newsroom/pkg/article"
	"github.com/newsroom-pipeline/newsroom/pkg/bus"
	"github.com/newsroom-pipeline/newsroom/pkg/format"
	"github.com/newsroom-pipeline/newsroom/pkg/stage"
)

// Ingester is the ingest stage's logic. It is safe for concurrent use.
type Ingester struct {
	maxBytes int
	now      func() time.Time
}

// New returns an Ingester refusing stories larger than maxBytes.
func New(maxBytes int) *Ingester {
	return &Ingester{maxBytes: maxBytes, now: time.Now}
}

// Handle is the stage handler: raw message in, envelope out. Every error it
// returns is permanent (the bytes will never become a story).
func (g *Ingester) Handle(_ context.Context, in stage.Message) (*stage.Output, error) {
	env, err := g.Envelope(in.Subject, in.Header.Get(bus.HeaderContentType), in.Header.Get(bus.HeaderMsgID), in.Data)
	if err != nil {
		return nil, stage.Permanent(err)
	}
	return stage.EnvelopeOutput(bus.StageIngest, bus.IngestedSubject(env.Source), in.Header, env)
}

// Envelope builds the envelope of one raw story.
func (g *Ingester) Envelope(subject, contentType, msgID string, data []byte) (*article.Envelope, error) {
	source := bus.Token(strings.TrimPrefix(subject, bus.PrefixRaw))
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, errors.New("empty story")
	}
	if len(data) > g.maxBytes {
		return nil, fmt.Errorf("story of %d bytes exceeds the %d-byte limit", len(data), g.maxBytes)
	}
	f := format.Detect(contentType, data)
	if err := checkEncoding(f, contentType, data); err != nil {
		return nil, err
	}
	now := g.now().UTC()
	env := &article.Envelope{
		Schema:      article.Schema,
		ContentHash: hashHex(data),
		Source:      source,
		ReceivedAt:  now,
		Format:      f,
		ContentType: contentType,
		Raw:         data,
	}
	switch f {
	case format.NINJS:
		id, version, err := ninjsIdentity(data)
		if err != nil {
			return nil, err
		}
		env.ID, env.Version = id, version
	case format.Text:
		// identity from the header or the content, below
	case format.JSON:
		if !json.Valid(data) {
			return nil, fmt.Errorf("malformed JSON: %v", jsonError(data))
		}
		return nil, errors.New("JSON that is not a ninjs news item (no uri, headline or body)")
	case format.XML:
		return nil, errors.New("XML news formats are not supported yet")
	default:
		return nil, errors.New("unrecognised format: not text, JSON or XML")
	}
	if env.ID == "" && msgID != "" {
		env.ID, env.Version = msgIDIdentity(msgID, now)
	}
	if env.ID == "" {
		env.ID, env.Version = "sha256-"+textHash(data), 1
	}
	if env.Version == 0 {
		env.Version = now.UnixMilli()
	}
	return env, nil
}

// checkEncoding refuses bytes that are not text in a known encoding.
func checkEncoding(f, contentType string, data []byte) error {
	if f != format.Text && f != format.Unknown {
		return nil // JSON decoding checks its own encoding
	}
	if _, params, err := mime.ParseMediaType(contentType); err == nil {
		if cs := strings.ToLower(params["charset"]); cs != "" && cs != "utf-8" && cs != "utf8" {
			return nil // normalize decodes declared charsets
		}
	}
	if !utf8.Valid(data) {
		return fmt.Errorf("not valid UTF-8 (first bad byte at offset %d) and no charset declared in Content-Type", firstInvalid(data))
	}
	return nil
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

// ninjsIdentity reads the id and version of a ninjs item of any version.
func ninjsIdentity(data []byte) (string, int64, error) {
	var item struct {
		URI            string          `json:"uri"`
		GUID           string          `json:"guid"`
		Version        json.RawMessage `json:"version"`
		VersionCreated string          `json:"versioncreated"`
	}
	if err := json.Unmarshal(data, &item); err != nil {
		return "", 0, fmt.Errorf("malformed JSON: %v", err)
	}
	id := strings.TrimSpace(item.URI)
	if id == "" {
		id = strings.TrimSpace(item.GUID)
	}
	if id == "" {
		return "", 0, nil // fall back to the header or the content
	}
	if v := strings.Trim(string(item.Version), `" `); v != "" && v != "null" {
		if n, err := strconv.ParseInt(v, 10, 64); err == nil && n >= 0 {
			return id, n, nil
		}
	}
	if item.VersionCreated != "" {
		if t, err := parseTime(item.VersionCreated); err == nil {
			return id, t.UnixMilli(), nil
		}
	}
	return id, 0, nil
}

func parseTime(s string) (time.Time, error) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02T15:04:05Z0700"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("unrecognised time %q", s)
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
