package health

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

func TestServer(t *testing.T) {
	var broken atomic.Bool
	checks := map[string]Check{"nats": func(context.Context) error {
		if broken.Load() {
			return errors.New("disconnected")
		}
		return nil
	}}
	reg := prometheus.NewRegistry()
	c := prometheus.NewCounter(prometheus.CounterOpts{Name: "test_total", Help: "x"})
	reg.MustRegister(c)
	c.Inc()
	s, err := Listen("127.0.0.1:0", reg, checks)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx) }()
	base := "http://" + s.Addr()

	get := func(path string) (int, string) {
		res, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	if code, _ := get("/healthz"); code != 200 {
		t.Errorf("/healthz %d", code)
	}
	if code, body := get("/readyz"); code != 200 || !strings.Contains(body, "nats: ok") {
		t.Errorf("/readyz %d %q", code, body)
	}
	broken.Store(true)
	if code, body := get("/readyz"); code != 503 || !strings.Contains(body, "disconnected") {
		t.Errorf("/readyz when broken %d %q", code, body)
	}
	// The container health check says unhealthy, with the reason, while a
	// dependency is down: alive is not enough.
	if err := Probe(s.Addr()); err == nil || !strings.Contains(err.Error(), "nats: disconnected") {
		t.Errorf("Probe while broken = %v, want the failing check", err)
	}
	broken.Store(false)
	if _, body := get("/metrics"); !strings.Contains(body, "test_total 1") {
		t.Errorf("/metrics lacks the counter:\n%s", body)
	}
	if err := Probe(s.Addr()); err != nil {
		t.Errorf("Probe: %v", err)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Serve: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Serve did not stop")
	}
	if err := Probe(s.Addr()); err == nil {
		t.Error("Probe succeeded after shutdown")
	}
}

// Profiles are served only when asked for.
func TestProfilingIsOffByDefault(t *testing.T) {
	for _, on := range []bool{false, true} {
		s, err := Listen("127.0.0.1:0", prometheus.NewRegistry(), nil, on)
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { done <- s.Serve(ctx) }()
		res, err := http.Get("http://" + s.Addr() + "/debug/pprof/goroutine?debug=1")
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if want := map[bool]int{false: http.StatusNotFound, true: http.StatusOK}[on]; res.StatusCode != want {
			t.Errorf("profiling %v: /debug/pprof/goroutine answered %d, want %d", on, res.StatusCode, want)
		}
		cancel()
		<-done
	}
}
