// Command normalize is the second pipeline worker: it turns ingested raw
// stories into canonical articles and publishes them on
// news.normalized.<lang>.
package main

import (
	"context"
	"os"

	"go.uber.org/zap"

	"github.com/newsroom-pipeline/newsroom/pkg/bus"
	"github.com/newsroom-pipeline/newsroom/pkg/config"
	"github.com/newsroom-pipeline/newsroom/pkg/stage"
	"github.com/newsroom-pipeline/newsroom/pkg/worker"
	"github.com/newsroom-pipeline/newsroom/services/normalize/normalize"
)

const about = "normalize consumes envelopes from news.ingested.<source>, parses the raw story\n" +
	"(plain-text wire, ninjs) into the canonical article and publishes it on news.normalized.<lang>.\n" +
	"Stories that cannot be parsed go to news.dlq.normalize with the reason."

func main() {
	var common config.Common
	os.Exit(worker.Main("normalize", about, os.Args[1:], os.Stdout, os.Stderr,
		func(r *config.Reader) worker.Settings {
			common = config.ReadCommon(r, ":8082")
			return worker.Settings{HTTPAddr: common.HTTPAddr, LogLevel: common.LogLevel, Validate: []func() error{common.Validate}}
		},
		func(ctx context.Context, log *zap.Logger) error {
			return worker.Run(ctx, common, log, worker.Options{Name: "newsroom-normalize"}, worker.Stage{
				Name:    bus.StageNormalize,
				Handler: stage.Envelopes(bus.StageNormalize, normalize.Subject, normalize.Handle),
			})
		}))
}
