// Command entitytag is the third pipeline worker: it finds people,
// organisations and places in normalized articles and publishes the tagged
// articles on news.tagged.<lang>.
package main

import (
	"context"
	"os"

	"go.uber.org/zap"

	"github.com/newsroom-pipeline/newsroom/pkg/bus"
	"github.com/newsroom-pipeline/newsroom/pkg/config"
	"github.com/newsroom-pipeline/newsroom/pkg/stage"
	"github.com/newsroom-pipeline/newsroom/pkg/worker"
	"github.com/newsroom-pipeline/newsroom/services/entitytag/tagging"
)

const about = "entitytag consumes articles from news.normalized.<lang>, tags people, organisations\n" +
	"and places (learned models for Indonesian and English, the rule-based baseline for other\n" +
	"languages, labelled as such in tagger_version) under one canonical name across stories\n" +
	"(KPK and Komisi Pemberantasan Korupsi), gives each story IPTC Media Topics (mapped from the\n" +
	"wire's subject codes, and inferred from the text), and publishes them on news.tagged.<lang>."

func main() {
	var common config.Common
	var taggerName string
	os.Exit(worker.Main("entitytag", about, os.Args[1:], os.Stdout, os.Stderr,
		func(r *config.Reader) worker.Settings {
			common, taggerName = config.ReadCommon(r, ":8083"), tagging.ReadTaggerName(r)
			return worker.Settings{HTTPAddr: common.HTTPAddr, LogLevel: common.LogLevel, Validate: []func() error{common.Validate}}
		},
		func(ctx context.Context, log *zap.Logger) error {
			tg, err := tagging.New(taggerName)
			if err != nil {
				return err
			}
			tc, err := tagging.Topics()
			if err != nil {
				return err
			}
			return worker.Run(ctx, common, log, worker.Options{Name: "newsroom-entitytag"}, worker.Stage{
				Name:    bus.StageEntityTag,
				Handler: stage.Envelopes(bus.StageEntityTag, tagging.Subject, tagging.Handler(tg, tc)),
			})
		}))
}
