// Command ingest is the first pipeline worker: it consumes raw stories from
// news.raw.> and publishes envelopes on news.ingested.<source>.
package main

import (
	"context"
	"os"

	"go.uber.org/zap"

	"github.com/newsroom-pipeline/newsroom/pkg/bus"
	"github.com/newsroom-pipeline/newsroom/pkg/config"
	"github.com/newsroom-pipeline/newsroom/pkg/worker"
	"github.com/newsroom-pipeline/newsroom/services/ingest/ingest"
)

const about = "ingest consumes raw stories published on news.raw.<source>, detects their format,\n" +
	"assigns their stable id and version and publishes them on news.ingested.<source>.\n" +
	"Bad input goes to news.dlq.ingest with the reason in the Newsroom-Dlq-Reason header."

func main() {
	var common config.Common
	var cfg ingest.Config
	os.Exit(worker.Main("ingest", about, os.Args[1:], os.Stdout, os.Stderr,
		func(r *config.Reader) worker.Settings {
			common, cfg = config.ReadCommon(r, ":8081"), ingest.ReadConfig(r)
			return worker.Settings{HTTPAddr: common.HTTPAddr, LogLevel: common.LogLevel, Validate: []func() error{common.Validate, cfg.Validate}}
		},
		func(ctx context.Context, log *zap.Logger) error {
			g := ingest.New(cfg.MaxStoryBytes)
			return worker.Run(ctx, common, log, worker.Options{Name: "newsroom-ingest", Collectors: g.Collectors()},
				worker.Stage{Name: bus.StageIngest, Handler: g.Handle})
		}))
}
