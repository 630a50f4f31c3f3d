// Package allinone runs the four pipeline stages in one process, by default
// over an embedded NATS JetStream server: the zero-setup mode for a single
// machine and for demos. The separate services are the scaled mode.
package allinone

import (
	"context"
	"errors"
	"fmt"

	"go.uber.org/zap"

	"github.com/newsroom-pipeline/newsroom/pkg/bus"
	"github.com/newsroom-pipeline/newsroom/pkg/config"
	"github.com/newsroom-pipeline/newsroom/pkg/embednats"
	"github.com/newsroom-pipeline/newsroom/pkg/stage"
	"github.com/newsroom-pipeline/newsroom/pkg/worker"
	"github.com/newsroom-pipeline/newsroom/services/entitytag/tagging"
	"github.com/newsroom-pipeline/newsroom/services/index/esindex"
	"github.com/newsroom-pipeline/newsroom/services/ingest/ingest"
	"github.com/newsroom-pipeline/newsroom/services/normalize/normalize"
)

// Config is the all-in-one process's configuration.
type Config struct {
	Common config.Common
	Ingest ingest.Config
	ES     esindex.Config
	Tagger string // NEWSROOM_TAGGER

	// Embedded NATS: when EmbeddedNATS is set, the process runs its own
	// JetStream server on NATSListen, storing under NATSStoreDir, and the
	// stages connect to it; NEWSROOM_NATS_URL is then ignored.
	EmbeddedNATS bool
	NATSHost     string
	NATSPort     int
	NATSStoreDir string
}

// ReadConfig reads the all-in-one settings: every stage's plus the embedded
// server's.
func ReadConfig(r *config.Reader) Config {
	return Config{
		Common:       config.ReadCommon(r, "127.0.0.1:8080"),
		Ingest:       ingest.ReadConfig(r),
		ES:           esindex.ReadConfig(r),
		Tagger:       tagging.ReadTaggerName(r),
		EmbeddedNATS: r.Bool("NEWSROOM_EMBEDDED_NATS", true, "run an embedded NATS JetStream server (all-in-one mode)"),
		NATSHost:     r.String("NEWSROOM_EMBEDDED_NATS_HOST", "127.0.0.1", "embedded NATS listen host"),
		NATSPort:     r.Int("NEWSROOM_EMBEDDED_NATS_PORT", 4222, "embedded NATS listen port"),
		NATSStoreDir: r.String("NEWSROOM_EMBEDDED_NATS_STORE", "/var/tmp/newsroom-nats", "embedded NATS JetStream store directory"),
	}
}

// Validate checks every part.
func (c Config) Validate() error {
	errs := []error{c.Common.Validate(), c.Ingest.Validate(), c.ES.Validate()}
	if c.EmbeddedNATS && c.NATSStoreDir == "" {
		errs = append(errs, errors.New("NEWSROOM_EMBEDDED_NATS_STORE is empty"))
	}
	return errors.Join(errs...)
}

// Run runs the pipeline until ctx ends. started, if not nil, is called once
// every stage is consuming.
func Run(ctx context.Context, c Config, log *zap.Logger, started func()) error {
	if c.EmbeddedNATS {
		srv, err := embednats.Start(embednats.Options{Host: c.NATSHost, Port: c.NATSPort, StoreDir: c.NATSStoreDir})
		if err != nil {
			return err
		}
		defer func() { srv.Shutdown(); srv.WaitForShutdown() }()
		c.Common.NATSURL = srv.ClientURL()
		log.Info("embedded nats running", zap.String("url", c.Common.NATSURL), zap.String("store", c.NATSStoreDir))
	}

	index, closeIndex, err := esindex.Stage(ctx, c.ES, log)
	if err != nil {
		return err
	}
	defer closeIndex()

	tg, err := tagging.New(c.Tagger)
	if err != nil {
		return err
	}
	tc, err := tagging.Topics()
	if err != nil {
		return err
	}
	g := ingest.New(c.Ingest.MaxStoryBytes)
	stages := []worker.Stage{
		{Name: bus.StageIngest, Handler: g.Handle},
		{Name: bus.StageNormalize, Handler: stage.Envelopes(bus.StageNormalize, normalize.Subject, normalize.Handle)},
		{Name: bus.StageEntityTag, Handler: stage.Envelopes(bus.StageEntityTag, tagging.Subject, tagging.Handler(tg, tc))},
		index.Stage,
	}
	if err := worker.Run(ctx, c.Common, log, worker.Options{
		Name: "newsroom-allinone", Checks: index.Checks, Started: started,
		Collectors: append(g.Collectors(), index.Collectors...),
	}, stages...); err != nil {
		return fmt.Errorf("pipeline: %w", err)
	}
	return nil
}
