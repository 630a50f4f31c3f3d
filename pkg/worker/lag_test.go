package worker

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"go.uber.org/zap"

	"github.com/newsroom-pipeline/newsroom/pkg/bus"
	"github.com/newsroom-pipeline/newsroom/pkg/config"
	"github.com/newsroom-pipeline/newsroom/pkg/natstest"
	"github.com/newsroom-pipeline/newsroom/pkg/stage"
)

// TestLagMetrics: /metrics shows a stage's consumer lag (pending),
// messages held (ack-pending) and its dead letters, as JetStream reports
// them, and follows them as they change.
func TestLagMetrics(t *testing.T) {
	srv := natstest.Run(t)
	r := config.NewReader(func(k string) string {
		return map[string]string{"NEWSROOM_NATS_URL": srv.URL, "NEWSROOM_HTTP_ADDR": "off", "NEWSROOM_CONCURRENCY": "2"}[k]
	})
	c := config.ReadCommon(r, "")
	if err := r.Err(); err != nil {
		t.Fatal(err)
	}
	release := make(chan struct{})
	handler := func(ctx context.Context, in stage.Message) ([]*stage.Output, error) {
		if strings.Contains(string(in.Data), "bad") {
			return nil, stage.Permanent(fmt.Errorf("refused"))
		}
		select {
		case <-release:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		return nil, nil
	}
	reg := prometheus.NewRegistry()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	started := make(chan struct{})
	go func() {
		done <- Run(ctx, c, zap.NewNop(), Options{Name: "lag-test", Registry: reg, LagInterval: 50 * time.Millisecond, Started: func() { close(started) }},
			Stage{Name: bus.StageIngest, Handler: handler})
	}()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run: %v", err)
		}
	})
	<-started
	pctx := natstest.Context(t, 10*time.Second)
	if _, err := srv.JS.Publish(pctx, "news.raw.x", []byte("bad story")); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 5; i++ {
		if _, err := srv.JS.Publish(pctx, "news.raw.x", []byte(fmt.Sprintf("story %d", i))); err != nil {
			t.Fatal(err)
		}
	}
	want := map[string]float64{"newsroom_consumer_pending": 3, "newsroom_consumer_ack_pending": 2, "newsroom_dlq_messages": 1}
	waitForGauges(t, reg, want)
	close(release)
	waitForGauges(t, reg, map[string]float64{"newsroom_consumer_pending": 0, "newsroom_consumer_ack_pending": 0, "newsroom_dlq_messages": 1})
}

func waitForGauges(t *testing.T, reg *prometheus.Registry, want map[string]float64) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		got := map[string]float64{}
		families, err := reg.Gather()
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range families {
			for _, m := range f.GetMetric() {
				for _, l := range m.GetLabel() {
					if l.GetName() == "stage" && l.GetValue() == bus.StageIngest && m.GetGauge() != nil {
						got[f.GetName()] = m.GetGauge().GetValue()
					}
				}
			}
		}
		ok := true
		for k, v := range want {
			if got[k] != v {
				ok = false
			}
		}
		if ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("gauges %v, want %v", got, want)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
