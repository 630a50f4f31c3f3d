package esindex

import (
	"context"
	"fmt"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"go.uber.org/zap"

	"github.com/newsroom-pipeline/newsroom/pkg/article"
	"github.com/newsroom-pipeline/newsroom/pkg/bus"
	"github.com/newsroom-pipeline/newsroom/pkg/health"
	"github.com/newsroom-pipeline/newsroom/pkg/stage"
	"github.com/newsroom-pipeline/newsroom/pkg/worker"
)

// StageSetup is the index stage ready to run, with its readiness check.
type StageSetup struct {
	Stage      worker.Stage
	Checks     map[string]health.Check
	Collectors []prometheus.Collector // for worker.Options.Collectors
}

// Stage connects to Elasticsearch, bootstraps the index and returns the
// index stage. It waits for Elasticsearch (up to two minutes) because in a
// fresh deployment the cluster often starts after the workers. The returned
// close function flushes and stops the bulk indexer; call it after the
// stage has stopped.
func Stage(ctx context.Context, c Config, log *zap.Logger) (StageSetup, func(), error) {
	client, err := NewClient(c)
	if err != nil {
		return StageSetup{}, nil, err
	}
	wctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	for {
		err = Bootstrap(wctx, client, c)
		if err == nil {
			break
		}
		log.Warn("elasticsearch not ready, retrying", zap.Error(err))
		select {
		case <-wctx.Done():
			return StageSetup{}, nil, fmt.Errorf("bootstrap elasticsearch: %w", err)
		case <-time.After(2 * time.Second):
		}
	}
	if note, err := OutdatedIndex(ctx, client, c); err == nil && note != "" {
		log.Warn(note)
	}
	w, err := NewWriter(client, c, log)
	if err != nil {
		return StageSetup{}, nil, err
	}
	// The stage runner has already waited its grace period for in-flight
	// messages by the time this runs, so what is left is abandoned (and
	// redelivered) quickly rather than holding the process up.
	closeFn := func() {
		cctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		if err := w.Close(cctx); err != nil {
			log.Warn("close bulk indexer", zap.Error(err))
		}
	}
	setup := StageSetup{
		Stage: worker.Stage{
			Name:        bus.StageIndex,
			Concurrency: c.Concurrency,
			Handler:     stage.Envelopes(bus.StageIndex, func(*article.Envelope) string { return "" }, w.Handle),
			// While Elasticsearch fails, the stage pauses and probes it by
			// bootstrapping again: that succeeds only when the cluster takes
			// requests, and it re-creates the template and the aliases if
			// they are gone (a deleted write alias would otherwise fail
			// every write for ever).
			Probe: func(ctx context.Context) error { return Bootstrap(ctx, client, c) },
		},
		Checks:     map[string]health.Check{"elasticsearch": func(ctx context.Context) error { return Ping(ctx, client) }},
		Collectors: w.Collectors(),
	}
	return setup, closeFn, nil
}
