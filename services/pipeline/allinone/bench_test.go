package allinone_test

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// BenchmarkEndToEnd measures the all-in-one pipeline's throughput on this
// machine: b.N distinct ANTARA-sized stories published to news.raw.antara
// until all are searchable in the real Elasticsearch node.
func BenchmarkEndToEnd(b *testing.B) {
	b.StopTimer()
	p := startPipeline(b)
	seed := string(readSeed(b))
	stories := make([][]byte, b.N)
	for i := range stories {
		stories[i] = []byte(strings.Replace(seed, "Moskow (ANTARA News) - ", fmt.Sprintf("Moskow (ANTARA News) - [Bench %d %d] ", time.Now().UnixNano(), i), 1))
	}
	b.StartTimer()
	start := time.Now()
	// Publish as a busy wire does: asynchronously, many in flight.
	for _, s := range stories {
		if _, err := p.nats.JS.PublishAsync("news.raw.antara", s); err != nil {
			b.Fatal(err)
		}
	}
	select {
	case <-p.nats.JS.PublishAsyncComplete():
	case <-time.After(time.Minute):
		b.Fatal("publishes not acknowledged within a minute")
	}
	p.waitForCount(b.N, 5*time.Minute)
	b.StopTimer()
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "stories/s")
}
