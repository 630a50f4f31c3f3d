package allinone_test

import (
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"go.opentelemetry.io/otel"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/newsroom-pipeline/newsroom/pkg/bus"
)

// TestOneStoryOneTrace: with tracing on, one story makes one trace: a span
// per stage, each the child of the one before (ingest's is the root when
// the publisher sent no trace context), and the Elasticsearch bulk request
// as the index span's child. A publisher's traceparent is continued.
func TestOneStoryOneTrace(t *testing.T) {
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	prev := otel.GetTracerProvider()
	otel.SetTracerProvider(tp)
	t.Cleanup(func() { otel.SetTracerProvider(prev); _ = tp.Shutdown(t.Context()) })

	p := startPipeline(t)
	p.publish("news.raw.antara", readSeed(t), nil)
	p.waitForCount(1, 20*time.Second)
	p.idle(10 * time.Second)

	spans := map[string][]sdktrace.ReadOnlySpan{}
	waitFor := func(name string, n int) {
		deadline := time.Now().Add(5 * time.Second)
		for {
			spans = map[string][]sdktrace.ReadOnlySpan{}
			for _, s := range rec.Ended() {
				spans[s.Name()] = append(spans[s.Name()], s)
			}
			if len(spans[name]) >= n || time.Now().After(deadline) {
				return
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	waitFor(bus.StageIndex, 1)
	chain := []string{bus.StageIngest, bus.StageNormalize, bus.StageEntityTag, bus.StageIndex, "elasticsearch bulk"}
	var traceID trace.TraceID
	for i, name := range chain {
		if len(spans[name]) != 1 {
			t.Fatalf("%d %q spans, want 1 (spans: %v)", len(spans[name]), name, names(rec.Ended()))
		}
		s := spans[name][0]
		if i == 0 {
			traceID = s.SpanContext().TraceID()
			if s.Parent().IsValid() {
				t.Errorf("ingest span has a parent %s, want a new trace", s.Parent().SpanID())
			}
			continue
		}
		if s.SpanContext().TraceID() != traceID {
			t.Errorf("%s span in trace %s, want %s", name, s.SpanContext().TraceID(), traceID)
		}
		if want := spans[chain[i-1]][0].SpanContext().SpanID(); s.Parent().SpanID() != want {
			t.Errorf("%s span's parent is %s, want %s's %s", name, s.Parent().SpanID(), chain[i-1], want)
		}
	}

	// A publisher's trace continues.
	const parent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
	story := append(readSeed(t), []byte("\n\nTambahan paragraf.")...)
	p.publish("news.raw.antara", story, nats.Header{bus.HeaderTraceParent: {parent}})
	p.waitForCount(2, 20*time.Second)
	waitFor(bus.StageIndex, 2)
	for _, s := range spans[bus.StageIngest] {
		if s.Parent().IsRemote() {
			if s.SpanContext().TraceID().String() != "4bf92f3577b34da6a3ce929d0e0e4736" || s.Parent().SpanID().String() != "00f067aa0ba902b7" {
				t.Errorf("ingest span %s/%s, parent %s: the publisher's trace was not continued", s.SpanContext().TraceID(), s.SpanContext().SpanID(), s.Parent().SpanID())
			}
			return
		}
	}
	t.Errorf("no ingest span continues the publisher's traceparent (spans: %v)", names(rec.Ended()))
}

func names(spans []sdktrace.ReadOnlySpan) []string {
	out := make([]string, 0, len(spans))
	for _, s := range spans {
		out = append(out, s.Name()+"/"+s.SpanContext().TraceID().String()[:8])
	}
	return out
}
