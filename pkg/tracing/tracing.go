// Package tracing turns on OpenTelemetry tracing for a worker and carries
// W3C trace context in NATS headers.
//
// Tracing is off by default. The standard variables turn it on:
// OTEL_TRACES_EXPORTER=otlp sends spans over OTLP/HTTP to
// OTEL_EXPORTER_OTLP_ENDPOINT (or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT; the
// exporter reads those and OTEL_EXPORTER_OTLP_HEADERS itself);
// OTEL_TRACES_EXPORTER=console writes them to standard output for local
// use; OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES name the process.
// OTEL_SDK_DISABLED=true turns it off whatever else is set.
//
// Whether or not spans are recorded, the trace context of a message passes
// on to the messages made from it, so a trace started by a publisher
// continues through the pipeline.
package tracing

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/nats-io/nats.go"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	"go.opentelemetry.io/otel/exporters/stdout/stdouttrace"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	semconv "go.opentelemetry.io/otel/semconv/v1.37.0"
	"go.opentelemetry.io/otel/trace"
)

// Name is the instrumentation scope of the pipeline's spans.
const Name = "github.com/newsroom-pipeline/newsroom"

// Tracer is the pipeline's tracer (the global provider's: a no-op one until
// Setup installs a real one).
func Tracer() trace.Tracer { return otel.Tracer(Name) }

// Setup installs the tracer provider OTEL_TRACES_EXPORTER asks for
// (getenv reads the environment) and returns the function that flushes
// and stops it. service is the default service name.
func Setup(ctx context.Context, service string, getenv func(string) string) (shutdown func(context.Context) error, err error) {
	none := func(context.Context) error { return nil }
	otel.SetTextMapPropagator(propagation.TraceContext{})
	if strings.EqualFold(getenv("OTEL_SDK_DISABLED"), "true") {
		return none, nil
	}
	var exp sdktrace.SpanExporter
	switch name := strings.ToLower(strings.TrimSpace(getenv("OTEL_TRACES_EXPORTER"))); name {
	case "", "none":
		return none, nil
	case "otlp":
		if p := getenv("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL"); p == "" && getenv("OTEL_EXPORTER_OTLP_PROTOCOL") == "grpc" || p == "grpc" {
			return nil, fmt.Errorf("OTEL_EXPORTER_OTLP_PROTOCOL=grpc: only http/protobuf is built in")
		}
		exp, err = otlptracehttp.New(ctx)
	case "console", "stdout":
		exp, err = stdouttrace.New(stdouttrace.WithWriter(os.Stdout))
	default:
		return nil, fmt.Errorf("OTEL_TRACES_EXPORTER=%q: want otlp, console or none", name)
	}
	if err != nil {
		return nil, fmt.Errorf("trace exporter: %w", err)
	}
	res, err := resource.Merge(resource.Default(), resource.NewSchemaless(semconv.ServiceName(service)))
	if err != nil {
		return nil, fmt.Errorf("trace resource: %w", err)
	}
	if env, err := resource.New(ctx, resource.WithFromEnv()); err == nil {
		if merged, err := resource.Merge(res, env); err == nil {
			res = merged
		}
	}
	tp := sdktrace.NewTracerProvider(sdktrace.WithBatcher(exp), sdktrace.WithResource(res))
	otel.SetTracerProvider(tp)
	return tp.Shutdown, nil
}

// headerCarrier lets the W3C propagator read and write NATS headers.
type headerCarrier nats.Header

func (h headerCarrier) Get(key string) string { return nats.Header(h).Get(key) }
func (h headerCarrier) Set(key, value string) { nats.Header(h).Set(key, value) }
func (h headerCarrier) Keys() []string {
	keys := make([]string, 0, len(h))
	for k := range h {
		keys = append(keys, k)
	}
	return keys
}

var w3c = propagation.TraceContext{}

// Extract returns ctx with the trace context of the headers h (none when
// the publisher sent none).
func Extract(ctx context.Context, h nats.Header) context.Context {
	if h == nil {
		return ctx
	}
	return w3c.Extract(ctx, headerCarrier(h))
}

// Inject writes the trace context of ctx into h (traceparent, tracestate).
func Inject(ctx context.Context, h nats.Header) {
	if h != nil {
		w3c.Inject(ctx, headerCarrier(h))
	}
}

// TraceID is the trace id of ctx's span, "" when there is none.
func TraceID(ctx context.Context) string {
	if sc := trace.SpanContextFromContext(ctx); sc.HasTraceID() {
		return sc.TraceID().String()
	}
	return ""
}
