// Package worker wires a pipeline process: it connects to NATS, creates the
// streams and consumers, runs one stage runner per stage and serves the ops
// endpoints, until its context ends. Services call it from main; the
// all-in-one process runs all four stages through it.
package worker

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"go.uber.org/zap"

	"github.com/newsroom-pipeline/newsroom/pkg/bus"
	"github.com/newsroom-pipeline/newsroom/pkg/config"
	"github.com/newsroom-pipeline/newsroom/pkg/health"
	"github.com/newsroom-pipeline/newsroom/pkg/stage"
)

// Stage is one stage to run in this process.
type Stage struct {
	Name    string // a bus.Stage* name
	Handler stage.Handler
	// Concurrency overrides NEWSROOM_CONCURRENCY for this stage when > 0:
	// the index stage's handlers mostly wait for a bulk request and want
	// many more messages in flight than CPU-bound stages.
	Concurrency int
	// Probe checks the stage's downstream while its circuit breaker pauses
	// it. nil: the stage publishes to JetStream, and the probe checks that
	// its output stream accepts messages.
	Probe stage.Probe
}

// Options are the parts of a process that are not stages.
type Options struct {
	Name     string                  // NATS connection name, e.g. "newsroom-ingest"
	Checks   map[string]health.Check // extra readiness checks (Elasticsearch)
	Registry *prometheus.Registry    // nil: a new one
	// Started, if set, is called once the streams exist and every runner is
	// about to consume (tests and the all-in-one mode wait on it).
	Started func()
	// Collectors are the stages' own metrics (Elasticsearch bulk timings,
	// arrivals per source), served on /metrics with the runner's.
	Collectors []prometheus.Collector
	// LagInterval is how often each stage's consumer lag and dead letters
	// are read for /metrics (default 10 s).
	LagInterval time.Duration
}

// Run runs stages until ctx ends; it returns nil on a clean stop and an
// error when a stage cannot work (its consumer was deleted): the process
// then exits non-zero and its supervisor restarts it.
//
// It creates the streams its stages use when they are missing (and logs,
// never rewrites, those whose settings differ) and creates or updates only
// its own stages' consumers.
func Run(ctx context.Context, c config.Common, log *zap.Logger, opts Options, stages ...Stage) error {
	nc, err := Connect(c, opts.Name, log)
	if err != nil {
		return err
	}
	defer nc.Close()
	js, err := jetstream.New(nc)
	if err != nil {
		return fmt.Errorf("jetstream: %w", err)
	}
	var streams []string
	for _, s := range stages {
		names, err := bus.StageStreams(s.Name)
		if err != nil {
			return err
		}
		for _, n := range names {
			if !slices.Contains(streams, n) {
				streams = append(streams, n)
			}
		}
	}
	ectx, cancel := context.WithTimeout(ctx, 30*time.Second)
	_, err = bus.EnsureStreams(ectx, js, c.Topology, streams, log)
	cancel()
	if err != nil {
		return err
	}

	reg := opts.Registry
	if reg == nil {
		reg = prometheus.NewRegistry()
		reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	}
	metrics := stage.NewMetrics(reg)
	for _, col := range opts.Collectors {
		if err := reg.Register(col); err != nil {
			return fmt.Errorf("metrics: %w", err)
		}
	}
	lagEvery := opts.LagInterval
	if lagEvery <= 0 {
		lagEvery = 10 * time.Second
	}
	dlq, err := js.Stream(ctx, bus.StreamDLQ)
	if err != nil {
		return fmt.Errorf("stream %s: %w", bus.StreamDLQ, err)
	}
	type watch struct {
		stage string
		cons  jetstream.Consumer
	}
	var watches []watch

	checks := map[string]health.Check{"nats": func(context.Context) error {
		if !nc.IsConnected() {
			return fmt.Errorf("nats %s", nc.Status())
		}
		return nil
	}}
	maxMsg := min(int(c.Topology.MaxMsgSize), int(nc.MaxPayload()))
	runners := make([]*stage.Runner, 0, len(stages))
	for _, s := range stages {
		cons, err := bus.EnsureConsumer(ctx, js, c.Topology, s.Name)
		if err != nil {
			return err
		}
		concurrency := c.Concurrency
		if s.Concurrency > 0 {
			concurrency = s.Concurrency
		}
		if concurrency > c.Topology.MaxAckPending {
			return fmt.Errorf("stage %s: concurrency %d exceeds NEWSROOM_MAX_ACK_PENDING %d", s.Name, concurrency, c.Topology.MaxAckPending)
		}
		probe := s.Probe
		if out := bus.OutputStream(s.Name); probe == nil && out != "" {
			probe = func(ctx context.Context) error { return bus.StreamAccepts(ctx, js, out) }
		}
		r, err := stage.NewRunner(stage.Config{
			Stage:            s.Name,
			Concurrency:      concurrency,
			AckWait:          c.Topology.AckWait,
			BackoffBase:      c.BackoffBase,
			BackoffMax:       c.BackoffMax,
			ShutdownGrace:    c.ShutdownGrace,
			MaxPanics:        c.MaxPanics,
			MaxMsgBytes:      maxMsg,
			BreakerThreshold: c.BreakerThreshold,
			ProbeMax:         c.BreakerProbeMax,
			Probe:            probe,
		}, js, cons, stage.PanicOn(c.FaultPanicMarker, s.Handler), log, metrics)
		if err != nil {
			return err
		}
		runners = append(runners, r)
		watches = append(watches, watch{s.Name, cons})
		checks["stage "+s.Name] = r.Ready
	}
	if c.FaultPanicMarker != "" {
		log.Warn("fault injection on: handlers panic on messages containing the marker", zap.String("marker", c.FaultPanicMarker))
	}
	for k, v := range opts.Checks {
		checks[k] = v
	}

	runCtx, stop := context.WithCancel(ctx)
	defer stop()
	var wg sync.WaitGroup
	errs := make(chan error, len(runners)+1)
	if c.HTTPAddr != "" {
		ops, err := health.Listen(c.HTTPAddr, reg, checks, c.PProf)
		if err != nil {
			return err
		}
		log.Info("ops endpoints", zap.String("addr", ops.Addr()))
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := ops.Serve(runCtx); err != nil {
				errs <- err
				stop()
			}
		}()
	}
	for _, w := range watches {
		wg.Add(1)
		go func() {
			defer wg.Done()
			metrics.WatchConsumer(runCtx, w.stage, w.cons, dlq, lagEvery)
		}()
	}
	for _, r := range runners {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := r.Run(runCtx); err != nil {
				errs <- err
				stop()
			}
		}()
	}
	if opts.Started != nil {
		opts.Started()
	}
	wg.Wait()
	close(errs)
	var all []error
	for err := range errs {
		all = append(all, err)
	}
	return errors.Join(all...)
}

// Connect opens a NATS connection that reconnects for ever and logs its
// state changes. It authenticates with the credentials file or the user
// and password of c, and uses TLS when c names a CA or a client
// certificate. Credentials never reach the log: URLs are logged without
// their user information.
func Connect(c config.Common, name string, log *zap.Logger) (*nats.Conn, error) {
	opts := []nats.Option{
		nats.Name(name),
		nats.MaxReconnects(-1),
		nats.ReconnectWait(time.Second),
		nats.RetryOnFailedConnect(false),
		nats.DisconnectErrHandler(func(_ *nats.Conn, err error) {
			if err != nil {
				log.Warn("nats disconnected", zap.Error(err))
			}
		}),
		nats.ReconnectHandler(func(nc *nats.Conn) { log.Info("nats reconnected", zap.String("url", Redact(nc.ConnectedUrl()))) }),
		nats.ErrorHandler(func(_ *nats.Conn, _ *nats.Subscription, err error) {
			// Permission violations arrive here: a service configured
			// with a user that may not do its work says so.
			log.Error("nats error", zap.Error(err))
		}),
	}
	if c.NATSCreds != "" {
		opts = append(opts, nats.UserCredentials(c.NATSCreds))
	}
	if c.NATSUser != "" {
		opts = append(opts, nats.UserInfo(c.NATSUser, c.NATSPassword))
	}
	if c.NATSCA != "" {
		opts = append(opts, nats.RootCAs(c.NATSCA))
	}
	if c.NATSCert != "" {
		opts = append(opts, nats.ClientCert(c.NATSCert, c.NATSKey))
	}
	nc, err := nats.Connect(strings.TrimSpace(c.NATSURL), opts...)
	if err != nil {
		return nil, fmt.Errorf("connect nats %s: %w", Redact(c.NATSURL), err)
	}
	return nc, nil
}

// Redact returns a comma-separated list of URLs without their user
// information ("nats://u:secret@h:4222" becomes "nats://***@h:4222").
func Redact(urls string) string {
	parts := strings.Split(urls, ",")
	for i, p := range parts {
		u, err := url.Parse(strings.TrimSpace(p))
		if err != nil || u.User == nil {
			if strings.Contains(p, "@") {
				parts[i] = "(unparseable URL with credentials)"
			}
			continue
		}
		u.User = nil
		parts[i] = strings.Replace(u.String(), "://", "://***@", 1)
	}
	return strings.Join(parts, ",")
}
