// Command ingest is the first pipeline worker: it consumes raw stories from
// news.raw.> and publishes envelopes on news.ingested.<source>.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/newsroom-pipeline/newsroom/pkg/bus"
	"github.com/newsroom-pipeline/newsroom/pkg/config"
	"github.com/newsroom-pipeline/newsroom/pkg/logging"
	"github.com/newsroom-pipeline/newsroom/pkg/worker"
	"github.com/newsroom-pipeline/newsroom/services/ingest/ingest"
)

const about = "ingest consumes raw stories published on news.raw.<source>, detects their format,\n" +
	"assigns their stable id and version and publishes them on news.ingested.<source>.\n" +
	"Bad input goes to news.dlq.ingest with the reason in the Newsroom-Dlq-Reason header."

func main() {
	if err := run(); err != nil {
		fmt.Fprintf(os.Stderr, "ingest: %v\n", err)
		os.Exit(1)
	}
}

func run() error {
	r := config.NewReader(os.Getenv)
	common := config.ReadCommon(r, ":8081")
	cfg := ingest.ReadConfig(r)
	if exit, err := worker.Flags("ingest", about, r, common.HTTPAddr, os.Args[1:], os.Stdout); exit {
		return err
	}
	if err := errors.Join(r.Err(), common.Validate(), cfg.Validate()); err != nil {
		return err
	}
	log, err := logging.New("ingest", common.LogLevel)
	if err != nil {
		return err
	}
	defer func() { _ = log.Sync() }()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return worker.Run(ctx, common, log, worker.Options{Name: "newsroom-ingest"},
		worker.Stage{Name: bus.StageIngest, Handler: ingest.New(cfg.MaxStoryBytes).Handle})
}
