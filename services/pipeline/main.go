// Command newsroom runs the whole pipeline (ingest, normalize, entitytag,
// index) in one process, by default over an embedded NATS JetStream server.
package main

import (
	"context"
	"os"

	"go.uber.org/zap"

	"github.com/newsroom-pipeline/newsroom/pkg/config"
	"github.com/newsroom-pipeline/newsroom/pkg/worker"
	"github.com/newsroom-pipeline/newsroom/services/pipeline/allinone"
)

const about = "newsroom runs the four pipeline stages (ingest, normalize, entitytag, index) in one process.\n" +
	"By default it embeds a NATS JetStream server on 127.0.0.1:4222: publish raw stories to\n" +
	"news.raw.<source> and find them in Elasticsearch behind the \"news\" alias."

func main() {
	var cfg allinone.Config
	os.Exit(worker.Main("newsroom", about, os.Args[1:], os.Stdout, os.Stderr,
		func(r *config.Reader) worker.Settings {
			cfg = allinone.ReadConfig(r)
			return worker.Settings{HTTPAddr: cfg.Common.HTTPAddr, LogLevel: cfg.Common.LogLevel, Validate: []func() error{cfg.Validate}}
		},
		func(ctx context.Context, log *zap.Logger) error {
			return allinone.Run(ctx, cfg, log, func() { log.Info("pipeline ready") })
		}))
}
