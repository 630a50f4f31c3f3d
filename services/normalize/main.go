// Command normalize is the second pipeline worker: it turns ingested raw
// stories into canonical articles and publishes them on
// news.normalized.<lang>.
package main

import (
	"context"
	"flag"
	"io"
	"os"

	"go.uber.org/zap"

	"github.com/newsroom-pipeline/newsroom/pkg/bus"
	"github.com/newsroom-pipeline/newsroom/pkg/config"
	"github.com/newsroom-pipeline/newsroom/pkg/stage"
	"github.com/newsroom-pipeline/newsroom/pkg/worker"
	"github.com/newsroom-pipeline/newsroom/services/normalize/normalize"
	"github.com/newsroom-pipeline/newsroom/services/normalize/oneshot"
)

const about = "normalize consumes envelopes from news.ingested.<source>, parses the raw story\n" +
	"(plain-text wire, ninjs, NewsML-G2, NewsML 1, NITF, IPTC 7901, ANPA-1312, RSS, Atom, HTML pages,\n" +
	"Reuters SGML, Ritzau XML, e-mail) into the canonical article and publishes it on\n" +
	"news.normalized.<lang>. Stories that cannot be parsed go to news.dlq.normalize with the reason.\n\n" +
	"With -file it normalizes a raw story file once, prints the article as JSON and exits\n" +
	"(non-zero with the reason when the story is refused): check a feed before wiring it."

func main() {
	var common config.Common
	os.Exit(worker.Main("normalize", about, os.Args[1:], os.Stdout, os.Stderr,
		func(r *config.Reader) worker.Settings {
			common = config.ReadCommon(r, ":8082")
			return worker.Settings{
				HTTPAddr: common.HTTPAddr, LogLevel: common.LogLevel, Validate: []func() error{common.Validate},
				Tool:  func(fs *flag.FlagSet) func(io.Writer) (bool, error) { return oneshot.Flags(fs, os.Stdin) },
				Usage: oneshot.Usage,
			}
		},
		func(ctx context.Context, log *zap.Logger) error {
			return worker.Run(ctx, common, log, worker.Options{Name: "newsroom-normalize"}, worker.Stage{
				Name:    bus.StageNormalize,
				Handler: stage.Envelopes(bus.StageNormalize, normalize.Subject, normalize.Handle),
			})
		}))
}
