package tracing

import (
	"context"
	"strings"
	"testing"

	"github.com/nats-io/nats.go"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/trace"
)

func TestSetupFollowsTheStandardVariables(t *testing.T) {
	prev := otel.GetTracerProvider()
	t.Cleanup(func() { otel.SetTracerProvider(prev) })
	for _, tc := range []struct {
		env       map[string]string
		recording bool
		err       string
	}{
		{env: map[string]string{}},
		{env: map[string]string{"OTEL_TRACES_EXPORTER": "none"}},
		{env: map[string]string{"OTEL_TRACES_EXPORTER": "console", "OTEL_SDK_DISABLED": "true"}},
		{env: map[string]string{"OTEL_TRACES_EXPORTER": "console"}, recording: true},
		{env: map[string]string{"OTEL_TRACES_EXPORTER": "otlp", "OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:1"}, recording: true},
		{env: map[string]string{"OTEL_TRACES_EXPORTER": "otlp", "OTEL_EXPORTER_OTLP_PROTOCOL": "grpc"}, err: "only http/protobuf"},
		{env: map[string]string{"OTEL_TRACES_EXPORTER": "jaeger"}, err: "want otlp, console or none"},
	} {
		otel.SetTracerProvider(prev)
		shutdown, err := Setup(context.Background(), "newsroom-test", func(k string) string { return tc.env[k] })
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%v: err %v, want %q", tc.env, err, tc.err)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%v: %v", tc.env, err)
		}
		_, span := Tracer().Start(context.Background(), "probe")
		if span.IsRecording() != tc.recording {
			t.Errorf("%v: recording %v, want %v", tc.env, span.IsRecording(), tc.recording)
		}
		span.End()
		ctx, cancel := context.WithCancel(context.Background())
		cancel() // do not wait for an exporter that has nowhere to send
		_ = shutdown(ctx)
	}
}

func TestExtractInject(t *testing.T) {
	const tp = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
	ctx := Extract(context.Background(), nats.Header{"traceparent": {tp}})
	if TraceID(ctx) != "4bf92f3577b34da6a3ce929d0e0e4736" {
		t.Fatalf("trace id %q", TraceID(ctx))
	}
	h := nats.Header{}
	Inject(ctx, h)
	if h.Get("traceparent") != tp {
		t.Errorf("injected %q", h.Get("traceparent"))
	}
	if TraceID(context.Background()) != "" || TraceID(trace.ContextWithSpanContext(context.Background(), trace.SpanContext{})) != "" {
		t.Error("a trace id without a trace")
	}
	if Extract(context.Background(), nil) == nil {
		t.Error("nil header")
	}
}
