package stage

import (
	"context"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/newsroom-pipeline/newsroom/pkg/bus"
)

// Metrics counts message fates and handling time per stage and shows each
// stage's circuit breaker. One Metrics can serve several runners (the
// all-in-one process); a nil *Metrics records nothing.
type Metrics struct {
	fates      *prometheus.CounterVec
	duration   *prometheus.HistogramVec
	breaker    *prometheus.GaugeVec
	pending    *prometheus.GaugeVec
	ackPending *prometheus.GaugeVec
	dead       *prometheus.GaugeVec
}

// NewMetrics registers the stage metrics with reg.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		fates: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "newsroom_stage_messages_total",
			Help: "Messages handled by a pipeline stage, by fate (ack, retry, dead_letter, abandon).",
		}, []string{"stage", "fate"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "newsroom_stage_handle_seconds",
			Help:    "Time from delivery to settlement of one message.",
			Buckets: prometheus.ExponentialBuckets(0.0005, 2, 16),
		}, []string{"stage"}),
		breaker: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "newsroom_stage_breaker_state",
			Help: "Circuit breaker of a stage: 0 closed (fetching), 1 half-open (trying one message), 2 open (paused: downstream failing).",
		}, []string{"stage"}),
	}
	m.pending = prometheus.NewGaugeVec(prometheus.GaugeOpts{
		Name: "newsroom_consumer_pending",
		Help: "Messages in a stage's input stream not yet delivered to it (its lag), as its consumer last reported.",
	}, []string{"stage"})
	m.ackPending = prometheus.NewGaugeVec(prometheus.GaugeOpts{
		Name: "newsroom_consumer_ack_pending",
		Help: "Messages delivered to a stage's replicas and not yet acknowledged.",
	}, []string{"stage"})
	m.dead = prometheus.NewGaugeVec(prometheus.GaugeOpts{
		Name: "newsroom_dlq_messages",
		Help: "Dead letters of a stage in NEWS_DLQ.",
	}, []string{"stage"})
	reg.MustRegister(m.fates, m.duration, m.breaker, m.pending, m.ackPending, m.dead)
	return m
}

func (m *Metrics) observe(stage string, f Fate, d time.Duration) {
	if m == nil {
		return
	}
	m.fates.WithLabelValues(stage, f.String()).Inc()
	m.duration.WithLabelValues(stage).Observe(d.Seconds())
}

func (m *Metrics) breakerState(stage string, s BreakerState) {
	if m == nil {
		return
	}
	m.breaker.WithLabelValues(stage).Set(float64(s))
}

// WatchConsumer sets the stage's lag gauges (consumer pending and
// ack-pending, its dead letters in dlq) now and then every interval until
// ctx ends. Every replica reports the same stage-wide numbers: aggregate
// them with max, not sum. A failed read keeps the last values.
func (m *Metrics) WatchConsumer(ctx context.Context, stage string, cons jetstream.Consumer, dlq jetstream.Stream, every time.Duration) {
	if m == nil {
		return
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		rctx, cancel := context.WithTimeout(ctx, every)
		if info, err := cons.Info(rctx); err == nil {
			m.pending.WithLabelValues(stage).Set(float64(info.NumPending))
			m.ackPending.WithLabelValues(stage).Set(float64(info.NumAckPending))
		}
		if dlq != nil {
			subject := bus.DLQSubject(stage)
			if info, err := dlq.Info(rctx, jetstream.WithSubjectFilter(subject)); err == nil {
				m.dead.WithLabelValues(stage).Set(float64(info.State.Subjects[subject]))
			}
		}
		cancel()
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
