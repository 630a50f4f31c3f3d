// Command newsroom runs the whole pipeline (ingest, normalize, entitytag,
// index) in one process, by default over an embedded NATS JetStream server.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/newsroom-pipeline/newsroom/pkg/config"
	"github.com/newsroom-pipeline/newsroom/pkg/logging"
	"github.com/newsroom-pipeline/newsroom/pkg/worker"
	"github.com/newsroom-pipeline/newsroom/services/pipeline/allinone"
)

const about = "newsroom runs the four pipeline stages (ingest, normalize, entitytag, index) in one process.\n" +
	"By default it embeds a NATS JetStream server on 127.0.0.1:4222: publish raw stories to\n" +
	"news.raw.<source> and find them in Elasticsearch behind the \"news\" alias."

func main() {
	if err := run(); err != nil {
		fmt.Fprintf(os.Stderr, "newsroom: %v\n", err)
		os.Exit(1)
	}
}

func run() error {
	r := config.NewReader(os.Getenv)
	cfg := allinone.ReadConfig(r)
	if exit, err := worker.Flags("newsroom", about, r, cfg.Common.HTTPAddr, os.Args[1:], os.Stdout); exit {
		return err
	}
	if err := errors.Join(r.Err(), cfg.Validate()); err != nil {
		return err
	}
	log, err := logging.New("newsroom", cfg.Common.LogLevel)
	if err != nil {
		return err
	}
	defer func() { _ = log.Sync() }()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return allinone.Run(ctx, cfg, log, func() { log.Info("pipeline ready") })
}
