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
// probes the running worker's /healthz at httpAddr (for container health
// checks) and reports through the error. exit is true when main should stop
// after the call.
func Flags(service, about string, r *config.Reader, httpAddr string, args []string, stdout io.Writer) (exit bool, err error) {
	fs := flag.NewFlagSet(service, flag.ContinueOnError)
	fs.SetOutput(stdout)
	healthcheck := fs.Bool("healthcheck", false, "probe the running worker's /healthz and exit 0 when healthy")
	fs.Usage = func() {
		fmt.Fprintf(stdout, "Usage: %s [-healthcheck]\n\n%s\n\nFlags:\n", service, about)
		fs.PrintDefaults()
		fmt.Fprintf(stdout, "\n%s", r.Usage())
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
	if *healthcheck {
		if err := health.Probe(httpAddr); err != nil {
			return true, fmt.Errorf("unhealthy: %w", err)
		}
		return true, nil
	}
	return false, nil
}
