// Command index is the last pipeline worker: it consumes tagged articles
// from news.tagged.> and writes them to Elasticsearch behind the "news"
// aliases.
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
	"github.com/newsroom-pipeline/newsroom/services/index/esindex"
)

const about = "index consumes tagged articles from news.tagged.<lang> and writes them to Elasticsearch:\n" +
	"index template and versioned index <prefix>-v1, read alias <prefix>, write alias <prefix>-write.\n" +
	"A stale revision never overwrites a newer one; refused documents go to news.dlq.index."

func main() {
	if err := run(); err != nil {
		fmt.Fprintf(os.Stderr, "index: %v\n", err)
		os.Exit(1)
	}
}

func run() error {
	r := config.NewReader(os.Getenv)
	common := config.ReadCommon(r, ":8084")
	cfg := esindex.ReadConfig(r)
	if exit, err := worker.Flags("index", about, r, common.HTTPAddr, os.Args[1:], os.Stdout); exit {
		return err
	}
	if err := errors.Join(r.Err(), common.Validate(), cfg.Validate()); err != nil {
		return err
	}
	log, err := logging.New("index", common.LogLevel)
	if err != nil {
		return err
	}
	defer func() { _ = log.Sync() }()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	stg, closeIndex, err := esindex.Stage(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer closeIndex()
	return worker.Run(ctx, common, log, worker.Options{Name: "newsroom-index", Checks: stg.Checks}, stg.Stage)
}
