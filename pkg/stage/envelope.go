package stage

import (
	"context"
	"fmt"
	"strconv"

	"github.com/nats-io/nats.go"

	"github.com/newsroom-pipeline/newsroom/pkg/article"
	"github.com/newsroom-pipeline/newsroom/pkg/bus"
)

// EnvelopeFunc is a stage's logic over envelopes. It returns the envelope to
// pass on, or nil to pass nothing on. Errors follow the Handler contract.
type EnvelopeFunc func(ctx context.Context, in *article.Envelope) (*article.Envelope, error)

// Envelopes adapts fn into a Handler for a stage whose input is an
// envelope. An input that does not decode is a permanent error. The output
// goes to subject(out) with the message id out.MsgID(stageName), the article
// id and version headers, and the input's trace context.
func Envelopes(stageName string, subject func(*article.Envelope) string, fn EnvelopeFunc) Handler {
	return func(ctx context.Context, in Message) ([]*Output, error) {
		env, err := article.Decode(in.Data)
		if err != nil {
			return nil, Permanent(err)
		}
		out, err := fn(ctx, env)
		if err != nil || out == nil {
			return nil, err
		}
		o, err := EnvelopeOutput(stageName, subject(out), in.Header, out)
		if err != nil {
			return nil, err
		}
		return []*Output{o}, nil
	}
}

// EnvelopeOutput encodes env as the Output of stageName on subject, carrying
// over the trace context and the replay token from the input header
// inHeader (may be nil). A replayed pass's message id ends in its token
// (see bus.HeaderReplay).
func EnvelopeOutput(stageName, subject string, inHeader nats.Header, env *article.Envelope) (*Output, error) {
	data, err := env.Encode()
	if err != nil {
		return nil, Permanent(fmt.Errorf("encode envelope %s: %w", env.ID, err))
	}
	h := nats.Header{}
	if tp := inHeader.Get(bus.HeaderTraceParent); tp != "" {
		h.Set(bus.HeaderTraceParent, tp)
	}
	h.Set(bus.HeaderArticleID, env.ID)
	h.Set(bus.HeaderVersion, strconv.FormatInt(env.Version, 10))
	h.Set(bus.HeaderContentType, "application/json")
	msgID := env.MsgID(stageName)
	if r := inHeader.Get(bus.HeaderReplay); r != "" {
		h.Set(bus.HeaderReplay, r)
		msgID += "/" + r
	}
	return &Output{Subject: subject, Header: h, Data: data, MsgID: msgID, ArticleID: env.ID}, nil
}
