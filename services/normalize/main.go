// Command normalize is the second pipeline worker: it turns ingested raw
// stories into canonical articles and publishes them on
// news.normalized.<lang>.
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
	"github.com/newsroom-pipeline/newsroom/pkg/stage"
	"github.com/newsroom-pipeline/newsroom/pkg/worker"
	"github.com/newsroom-pipeline/newsroom/services/normalize/normalize"
)

const about = "normalize consumes envelopes from news.ingested.<source>, parses the raw story\n" +
	"(plain-text wire, ninjs) into the canonical article and publishes it on news.normalized.<lang>.\n" +
	"Stories that cannot be parsed go to news.dlq.normalize with the reason."

func main() {
	if err := run(); err != nil {
		fmt.Fprintf(os.Stderr, "normalize: %v\n", err)
		os.Exit(1)
	}
}

func run() error {
	r := config.NewReader(os.Getenv)
	common := config.ReadCommon(r, ":8082")
	if exit, err := worker.Flags("normalize", about, r, common.HTTPAddr, os.Args[1:], os.Stdout); exit {
		return err
	}
	if err := errors.Join(r.Err(), common.Validate()); err != nil {
		return err
	}
	log, err := logging.New("normalize", common.LogLevel)
	if err != nil {
		return err
	}
	defer func() { _ = log.Sync() }()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return worker.Run(ctx, common, log, worker.Options{Name: "newsroom-normalize"}, worker.Stage{
		Name:    bus.StageNormalize,
		Handler: stage.Envelopes(bus.StageNormalize, normalize.Subject, normalize.Handle),
	})
}
