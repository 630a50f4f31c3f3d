// Command index is the last pipeline worker: it consumes tagged articles
// from news.tagged.> and writes them to Elasticsearch behind the "news"
// aliases.
package main

import (
	"context"
	"os"

	"go.uber.org/zap"

	"github.com/newsroom-pipeline/newsroom/pkg/config"
	"github.com/newsroom-pipeline/newsroom/pkg/worker"
	"github.com/newsroom-pipeline/newsroom/services/index/esindex"
)

const about = "index consumes tagged articles from news.tagged.<lang> and writes them to Elasticsearch:\n" +
	"index template and versioned index <prefix>-vN (v3 on a fresh cluster; after a reindex, the write alias's),\n" +
	"read alias <prefix>, write alias <prefix>-write.\n" +
	"A stale revision never overwrites a newer one; refused documents go to news.dlq.index."

func main() {
	var common config.Common
	var cfg esindex.Config
	os.Exit(worker.Main("index", about, os.Args[1:], os.Stdout, os.Stderr,
		func(r *config.Reader) worker.Settings {
			common, cfg = config.ReadCommon(r, ":8084"), esindex.ReadConfig(r)
			return worker.Settings{HTTPAddr: common.HTTPAddr, LogLevel: common.LogLevel, Validate: []func() error{common.Validate, cfg.Validate}}
		},
		func(ctx context.Context, log *zap.Logger) error {
			index, closeIndex, err := esindex.Stage(ctx, cfg, log)
			if err != nil {
				return err
			}
			defer closeIndex()
			return worker.Run(ctx, common, log, worker.Options{Name: "newsroom-index", Checks: index.Checks, Collectors: index.Collectors}, index.Stage)
		}))
}
