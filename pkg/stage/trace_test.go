package stage_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"go.uber.org/zap"
	"go.uber.org/zap/zaptest/observer"

	"github.com/newsroom-pipeline/newsroom/pkg/bus"
	"github.com/newsroom-pipeline/newsroom/pkg/stage"
)

// Every log line about a message names its trace (the publisher's here,
// tracing itself being off), and the outputs carry the trace context on.
func TestLogLinesNameTheTrace(t *testing.T) {
	h := newHarness(t)
	core, logs := observer.New(zap.DebugLevel)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cons, err := bus.EnsureConsumer(ctx, h.srv.JS, h.top, bus.StageIngest)
	if err != nil {
		t.Fatal(err)
	}
	calls := 0
	handler := func(_ context.Context, in stage.Message) ([]*stage.Output, error) {
		calls++
		if calls == 1 {
			return nil, errors.New("downstream hiccup") // retried: logged
		}
		return []*stage.Output{{Subject: "news.ingested.x", Data: in.Data, MsgID: "out-1", ArticleID: "a-1"}}, nil
	}
	r, err := stage.NewRunner(h.testConfig(time.Second), h.srv.JS, cons, handler, zap.New(core), nil)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- r.Run(ctx) }()
	defer func() { cancel(); <-done }()

	const tp = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
	if _, err := h.srv.JS.PublishMsg(ctx, &nats.Msg{Subject: "news.raw.x", Data: []byte("story"), Header: nats.Header{bus.HeaderTraceParent: {tp}}}); err != nil {
		t.Fatal(err)
	}
	st, _ := h.srv.JS.Stream(ctx, bus.StreamIngested)
	var out *nats.Msg
	h.waitFor("the output", 10*time.Second, func() bool {
		m, err := st.GetLastMsgForSubject(ctx, "news.ingested.x")
		if err == nil {
			out = &nats.Msg{Header: m.Header}
		}
		return err == nil
	})
	if got := out.Header.Get(bus.HeaderTraceParent); len(got) != len(tp) || got[3:35] != tp[3:35] {
		t.Errorf("output traceparent %q, want trace %s", got, tp[3:35])
	}
	h.waitFor("the handled log line", 5*time.Second, func() bool { return logs.FilterMessage("handled").Len() > 0 })
	perMessage := 0
	for _, e := range logs.All() {
		if _, ok := e.ContextMap()["stream_seq"]; !ok {
			continue // not about a message
		}
		perMessage++
		if e.ContextMap()["trace_id"] != "4bf92f3577b34da6a3ce929d0e0e4736" {
			t.Errorf("log line %q without the trace id: %v", e.Message, e.ContextMap())
		}
	}
	if perMessage < 2 {
		t.Errorf("%d log lines about the message, want the retry and the ack", perMessage)
	}
}
