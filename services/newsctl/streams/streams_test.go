package streams

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"go.uber.org/zap/zaptest"

	"github.com/newsroom-pipeline/newsroom/pkg/bus"
	"github.com/newsroom-pipeline/newsroom/pkg/natstest"
)

func TestReportThenApply(t *testing.T) {
	srv := natstest.Run(t)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	old := bus.DefaultTopology()
	if _, err := bus.EnsureStreams(ctx, srv.JS, old, []string{bus.StreamRaw, bus.StreamIngested}, zaptest.NewLogger(t)); err != nil {
		t.Fatal(err)
	}
	want := old
	want.QueueMaxBytes = 2 << 30

	var out bytes.Buffer
	differ, err := Report(ctx, srv.JS, want, &out)
	if err != nil {
		t.Fatal(err)
	}
	if differ != 4 { // NEWS_INGESTED's size, and three missing streams
		t.Errorf("%d streams differ, want 4:\n%s", differ, out.String())
	}
	for _, line := range []string{"as configured", "max_bytes: have 1073741824, want 2147483648", "NEWS_DLQ", "missing"} {
		if !strings.Contains(out.String(), line) {
			t.Errorf("report lacks %q:\n%s", line, out.String())
		}
	}

	if err := bus.ApplyStreams(ctx, srv.JS, want); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	if differ, err := Report(ctx, srv.JS, want, &out); err != nil || differ != 0 {
		t.Errorf("after apply: %d differ (%v):\n%s", differ, err, out.String())
	}
}
