package esindex

import (
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/newsroom-pipeline/newsroom/pkg/stage"
)

// Results of one bulk item, the label of newsroom_es_bulk_items_total.
const (
	itemIndexed  = "indexed"  // written
	itemStale    = "stale"    // refused as an older revision than the stored one: success
	itemRejected = "rejected" // the document's own fault: dead-lettered
	itemFailed   = "failed"   // transient (request failed, 429, 5xx...): retried
)

// bulkMetrics times the _bulk requests and counts their items by result.
type bulkMetrics struct {
	seconds prometheus.Histogram
	items   *prometheus.CounterVec
}

func newBulkMetrics() *bulkMetrics {
	return &bulkMetrics{
		seconds: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "newsroom_es_bulk_seconds",
			Help:    "Duration of Elasticsearch _bulk requests, failed ones included.",
			Buckets: prometheus.ExponentialBuckets(0.005, 2, 14),
		}),
		items: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "newsroom_es_bulk_items_total",
			Help: "Items of Elasticsearch _bulk requests by result: indexed, stale (an older revision, refused as it should be), rejected (dead-lettered), failed (retried).",
		}, []string{"result"}),
	}
}

// Collectors are the metrics to serve on /metrics.
func (m *bulkMetrics) Collectors() []prometheus.Collector {
	return []prometheus.Collector{m.seconds, m.items}
}

// observe records one request: its duration, and each item's verdict with
// the HTTP status of the item (0 when the whole request failed).
func (m *bulkMetrics) observe(took time.Duration, statuses []int, verdicts []error) {
	if m == nil {
		return
	}
	m.seconds.Observe(took.Seconds())
	for i, err := range verdicts {
		result := itemIndexed
		switch {
		case err != nil && stage.IsPermanent(err):
			result = itemRejected
		case err != nil:
			result = itemFailed
		case i < len(statuses) && statuses[i] == http.StatusConflict:
			result = itemStale
		}
		m.items.WithLabelValues(result).Inc()
	}
}
