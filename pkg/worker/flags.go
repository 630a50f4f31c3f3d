package worker

import (
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/newsroom-pipeline/newsroom/pkg/config"
	"github.com/newsroom-pipeline/newsroom/pkg/health"
)

// Flags handles the command-line flags every worker shares: -help prints
// about and the environment variables read so far through r; -healthcheck
// probes the running worker's /readyz at s.HTTPAddr (for container health
// checks) and reports through the error. A worker's own mode (s.Tool, such
// as normalize -file) registers its flags here and runs when it claims the
// invocation. exit is true when main should stop after the call.
func Flags(service, about string, r *config.Reader, s Settings, args []string, stdout io.Writer) (exit bool, err error) {
	fs := flag.NewFlagSet(service, flag.ContinueOnError)
	fs.SetOutput(stdout)
	healthcheck := fs.Bool("healthcheck", false, "probe the running worker's /readyz (NATS connected, stages consuming and not paused, Elasticsearch answering) and exit 0 when ready")
	var tool func(io.Writer) (bool, error)
	if s.Tool != nil {
		tool = s.Tool(fs)
	}
	fs.Usage = func() {
		fmt.Fprintf(stdout, "Usage: %s [-healthcheck]\n", service)
		if s.Usage != "" {
			fmt.Fprintf(stdout, "       %s %s\n", service, s.Usage)
		}
		fmt.Fprintf(stdout, "\n%s\n\nFlags:\n", about)
		fs.PrintDefaults()
		fmt.Fprintf(stdout, "\n%s", r.Usage())
		fmt.Fprint(stdout, "\nTracing (OpenTelemetry, off by default) follows the standard variables:\n"+
			"  OTEL_TRACES_EXPORTER=otlp|console|none, OTEL_EXPORTER_OTLP_ENDPOINT (OTLP/HTTP),\n"+
			"  OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES, OTEL_SDK_DISABLED.\n")
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return true, nil
		}
		return true, err
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return true, fmt.Errorf("unexpected arguments %v", fs.Args())
	}
	if tool != nil {
		if handled, err := tool(stdout); handled {
			return true, err
		}
	}
	if *healthcheck {
		if err := health.Probe(s.HTTPAddr); err != nil {
			return true, fmt.Errorf("unhealthy: %w", err)
		}
		return true, nil
	}
	return false, nil
}
