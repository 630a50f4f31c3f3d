// Package publish sends raw story files to the pipeline's news.raw.<source>
// subjects, the way a newsroom system would.
package publish

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/newsroom-pipeline/newsroom/pkg/bus"
)

// SourceFromFile derives a source token from a file name: the part before
// the first '-' or '_' ("antara-2011-missile.txt" → "antara").
func SourceFromFile(path string) string {
	base := filepath.Base(path)
	base = strings.TrimSuffix(base, filepath.Ext(base))
	if i := strings.IndexAny(base, "-_"); i > 0 {
		base = base[:i]
	}
	return bus.Token(base)
}

// ContentTypeFromFile guesses a Content-Type from the extension; "" lets
// the pipeline sniff.
func ContentTypeFromFile(path string) string {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".txt":
		return "text/plain; charset=utf-8"
	}
	return ""
}

// Story publishes one story and waits for JetStream to store it. An empty
// contentType sends no header (the pipeline sniffs the format).
func Story(ctx context.Context, js jetstream.JetStream, source, contentType string, data []byte) (*jetstream.PubAck, error) {
	m := &nats.Msg{Subject: bus.RawSubject(source), Data: data, Header: nats.Header{}}
	if contentType != "" {
		m.Header.Set(bus.HeaderContentType, contentType)
	}
	ack, err := js.PublishMsg(ctx, m)
	if err != nil {
		return nil, fmt.Errorf("publish to %s: %w", m.Subject, err)
	}
	return ack, nil
}
