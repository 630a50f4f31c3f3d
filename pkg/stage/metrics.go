package stage

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// Metrics counts message fates and handling time per stage and shows each
// stage's circuit breaker. One Metrics can serve several runners (the
// all-in-one process); a nil *Metrics records nothing.
type Metrics struct {
	fates    *prometheus.CounterVec
	duration *prometheus.HistogramVec
	breaker  *prometheus.GaugeVec
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
	reg.MustRegister(m.fates, m.duration, m.breaker)
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
