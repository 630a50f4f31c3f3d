package worker

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"go.uber.org/zap"

	"github.com/newsroom-pipeline/newsroom/pkg/config"
	"github.com/newsroom-pipeline/newsroom/pkg/logging"
	"github.com/newsroom-pipeline/newsroom/pkg/tracing"
)

// Settings is what Main needs from a binary's configuration.
type Settings struct {
	HTTPAddr string         // ops address, probed by -healthcheck
	LogLevel string         // zap level name
	Validate []func() error // every part's Validate

	// Tool, when set, adds a worker's own command-line mode (such as
	// normalize's one-shot -file). It registers its flags on fs and returns
	// the function to call after parsing: that function reports whether it
	// handled the invocation (then the worker does not start) and its error.
	// Usage is the mode's synopsis for -help, e.g. "[-file F [-format F]]".
	Tool  func(fs *flag.FlagSet) func(stdout io.Writer) (handled bool, err error)
	Usage string
}

// Main is the body of every worker binary's main: it reads the configuration
// through read (which records the variables it reads, so -help lists them),
// handles the shared flags, validates, builds the logger and a context that
// ends on SIGINT or SIGTERM, and calls run. It returns the process exit code;
// errors are printed once, here.
func Main(name, about string, args []string, stdout, stderr io.Writer,
	read func(r *config.Reader) Settings, run func(ctx context.Context, log *zap.Logger) error) int {
	if err := runMain(name, about, args, stdout, read, run); err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", name, err)
		return 1
	}
	return 0
}

func runMain(name, about string, args []string, stdout io.Writer,
	read func(r *config.Reader) Settings, run func(ctx context.Context, log *zap.Logger) error) error {
	r := config.NewReader(os.Getenv)
	s := read(r)
	if exit, err := Flags(name, about, r, s, args, stdout); exit {
		return err
	}
	errs := []error{r.Err()}
	for _, v := range s.Validate {
		errs = append(errs, v())
	}
	if err := errors.Join(errs...); err != nil {
		return err
	}
	log, err := logging.New(name, s.LogLevel)
	if err != nil {
		return err
	}
	defer func() { _ = log.Sync() }()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	shutdownTracing, err := tracing.Setup(ctx, "newsroom-"+name, os.Getenv)
	if err != nil {
		return err
	}
	defer func() {
		// Spans still buffered get a few seconds to leave.
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := shutdownTracing(sctx); err != nil {
			log.Warn("trace exporter shutdown", zap.Error(err))
		}
	}()
	return run(ctx, log)
}
