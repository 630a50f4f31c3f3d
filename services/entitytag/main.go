// Command entitytag is the third pipeline worker: it finds people,
// organisations and places in normalized articles and publishes the tagged
// articles on news.tagged.<lang>.
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
	"github.com/newsroom-pipeline/newsroom/services/entitytag/baseline"
	"github.com/newsroom-pipeline/newsroom/services/entitytag/tagging"
)

const about = "entitytag consumes articles from news.normalized.<lang>, tags people, organisations\n" +
	"and places (Indonesian and English; the rule-based baseline tagger for now) and publishes\n" +
	"them on news.tagged.<lang>."

func main() {
	if err := run(); err != nil {
		fmt.Fprintf(os.Stderr, "entitytag: %v\n", err)
		os.Exit(1)
	}
}

func run() error {
	r := config.NewReader(os.Getenv)
	common := config.ReadCommon(r, ":8083")
	if exit, err := worker.Flags("entitytag", about, r, common.HTTPAddr, os.Args[1:], os.Stdout); exit {
		return err
	}
	if err := errors.Join(r.Err(), common.Validate()); err != nil {
		return err
	}
	log, err := logging.New("entitytag", common.LogLevel)
	if err != nil {
		return err
	}
	defer func() { _ = log.Sync() }()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return worker.Run(ctx, common, log, worker.Options{Name: "newsroom-entitytag"}, worker.Stage{
		Name:    bus.StageEntityTag,
		Handler: stage.Envelopes(bus.StageEntityTag, tagging.Subject, tagging.Handler(baseline.New())),
	})
}
