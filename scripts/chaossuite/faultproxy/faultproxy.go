// Package faultproxy is an HTTP reverse proxy placed in front of one
// Elasticsearch node on loopback that injects faults on demand, so the chaos
// suite can prove the pipeline loses nothing when Elasticsearch misbehaves.
//
// The proxy starts in pass-through mode: every request is forwarded unchanged
// and the response streamed back. Two faults can be switched on and off while
// traffic flows:
//
//   - Reject: _bulk requests are answered, alternately, with a whole-request
//     HTTP 429 and with an HTTP 200 whose every item failed with status 429;
//     _search requests always get the whole-request 429. Neither is forwarded.
//     All other requests (cluster health, aliases, templates, mappings, _count,
//     _refresh, _mget, ...) still pass through.
//   - Delay: _bulk requests wait a fixed time before being forwarded (or
//     rejected, when Reject is on too).
//
// It is test tooling: one target, standard library only, no TLS of its own.
package faultproxy

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// maxBulkBody bounds the bulk body read in per-item reject mode; it is
// Elasticsearch's default http.max_content_length.
const maxBulkBody = 100 << 20

// Stats counts what the proxy did since New. Each counter is read
// atomically, but a Stats is not a consistent snapshot of all of them.
type Stats struct {
	Requests      uint64 // requests received
	Forwarded     uint64 // requests handed to the target (including those answered 502)
	RejectedWhole uint64 // requests answered with a whole-request 429
	RejectedItems uint64 // bulk items answered with status 429 inside an HTTP 200
	Delayed       uint64 // bulk requests that started waiting (including those cancelled while waiting)
}

// Proxy is a fault-injecting reverse proxy to one Elasticsearch node. Its
// methods are safe for concurrent use, also while requests are in flight.
// A Proxy serves once: Start it, then Close it.
type Proxy struct {
	transport *http.Transport
	forward   *httputil.ReverseProxy

	reject   atomic.Bool
	bulkTurn atomic.Uint64 // bulk requests rejected since the last Reject(true)
	delay    atomic.Int64  // time.Duration

	requests, forwarded, rejectedWhole, rejectedItems, delayed atomic.Uint64

	mu       sync.Mutex         // guards the fields below (Start and Close)
	srv      *http.Server       // nil until Start
	stop     context.CancelFunc // cancels every request's context
	served   chan struct{}      // closed when the Serve goroutine has returned
	serveErr error              // Serve's result; read only after served is closed
}

// New returns a proxy forwarding to target, an http or https base URL such
// as "http://127.0.0.1:9270". It starts in pass-through mode and does not
// listen until Start.
func New(target string) (*Proxy, error) {
	u, err := url.Parse(target)
	if err != nil {
		return nil, fmt.Errorf("faultproxy: parse target %q: %w", target, err)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("faultproxy: target %q is not an http(s) base URL", target)
	}
	transport := http.DefaultTransport.(*http.Transport).Clone()
	return &Proxy{
		transport: transport,
		forward: &httputil.ReverseProxy{
			// Only the destination changes: no X-Forwarded-* headers are added.
			Rewrite:   func(r *httputil.ProxyRequest) { r.SetURL(u) },
			Transport: transport,
		},
	}, nil
}

// Start listens on addr ("127.0.0.1:0" picks a free port) and serves in the
// background until Close. It returns the proxy's base URL, such as
// "http://127.0.0.1:41234". It fails if the proxy was started before.
func (p *Proxy) Start(addr string) (string, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.srv != nil {
		return "", errors.New("faultproxy: already started")
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return "", fmt.Errorf("faultproxy: listen on %s: %w", addr, err)
	}
	base, stop := context.WithCancel(context.Background())
	srv := &http.Server{
		Handler:           http.HandlerFunc(p.serve),
		ReadHeaderTimeout: 10 * time.Second,
		BaseContext:       func(net.Listener) context.Context { return base },
	}
	served := make(chan struct{})
	p.srv, p.stop, p.served = srv, stop, served
	go func() { // owned by p: Close waits for it
		defer close(served)
		p.serveErr = srv.Serve(ln)
	}()
	return "http://" + ln.Addr().String(), nil
}

// Close stops accepting connections and waits for in-flight requests to
// finish. If ctx ends first, the remaining requests are cancelled (a
// delayed one stops waiting, a forwarded one is abandoned), their
// connections closed, and the context's error is returned, wrapped.
// Close on a proxy that was never started, or a second time, returns nil.
func (p *Proxy) Close(ctx context.Context) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.srv == nil {
		return nil
	}
	var errs []error
	if err := p.srv.Shutdown(ctx); err != nil {
		errs = append(errs, fmt.Errorf("faultproxy: shutdown: %w", err))
		p.stop()
		if err := p.srv.Close(); err != nil {
			errs = append(errs, fmt.Errorf("faultproxy: force close: %w", err))
		}
	}
	p.stop()
	<-p.served
	if p.serveErr != nil && !errors.Is(p.serveErr, http.ErrServerClosed) {
		errs = append(errs, fmt.Errorf("faultproxy: serve: %w", p.serveErr))
	}
	p.serveErr = nil // a second Close reports nothing new
	p.transport.CloseIdleConnections()
	return errors.Join(errs...)
}

// Reject switches reject mode on or off (see the package comment). Every
// call with on == true restarts the bulk alternation, so the next rejected
// bulk request gets the whole-request 429.
func (p *Proxy) Reject(on bool) {
	if on {
		p.bulkTurn.Store(0)
	}
	p.reject.Store(on)
}

// Delay makes every _bulk request that arrives from now on wait d before it
// is forwarded or rejected. d <= 0 switches the delay off. A delayed
// request's body is read into memory before the wait; a request whose client
// goes away while it waits is dropped without being forwarded.
func (p *Proxy) Delay(d time.Duration) {
	p.delay.Store(int64(max(d, 0)))
}

// Stats returns the counters.
func (p *Proxy) Stats() Stats {
	return Stats{
		Requests:      p.requests.Load(),
		Forwarded:     p.forwarded.Load(),
		RejectedWhole: p.rejectedWhole.Load(),
		RejectedItems: p.rejectedItems.Load(),
		Delayed:       p.delayed.Load(),
	}
}

func (p *Proxy) serve(w http.ResponseWriter, r *http.Request) {
	p.requests.Add(1)
	switch {
	case isBulk(r.URL.Path):
		if !p.wait(w, r) {
			return
		}
		if p.reject.Load() {
			p.rejectBulk(w, r)
			return
		}
	case isSearch(r.URL.Path):
		if p.reject.Load() {
			p.rejectWhole(w, searchRejected)
			return
		}
	}
	p.forwarded.Add(1)
	p.forward.ServeHTTP(w, r)
}

// wait holds a bulk request for the configured delay and reports whether it
// should go on. It does not when the request's context ends first (the
// client went away or the proxy is being force-closed): nobody reads an
// answer then.
func (p *Proxy) wait(w http.ResponseWriter, r *http.Request) bool {
	d := time.Duration(p.delay.Load())
	if d <= 0 {
		return true
	}
	p.delayed.Add(1)
	// net/http notices that the client went away only once the request body
	// has been read, so read it before waiting and forward the copy.
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBulkBody))
	if err != nil {
		http.Error(w, fmt.Sprintf("faultproxy: read bulk body: %v", err), http.StatusBadRequest)
		return false
	}
	r.Body = io.NopCloser(bytes.NewReader(body))

	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-r.Context().Done():
		return false
	}
}

// rejectBulk answers a bulk request without forwarding it: odd turns with a
// whole-request 429, even turns with a 429 for every item, or with a
// whole-request 429 when the body cannot be parsed as a bulk body.
func (p *Proxy) rejectBulk(w http.ResponseWriter, r *http.Request) {
	if p.bulkTurn.Add(1)%2 == 1 {
		p.rejectWhole(w, bulkRejected)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBulkBody))
	if err != nil {
		p.rejectWhole(w, bulkRejected)
		return
	}
	actions, err := parseBulk(body, indexFromPath(r.URL.Path))
	if err != nil {
		p.rejectWhole(w, bulkRejected)
		return
	}
	p.rejectedItems.Add(uint64(len(actions)))
	writeJSON(w, http.StatusOK, itemsRejected(actions))
}

func (p *Proxy) rejectWhole(w http.ResponseWriter, body []byte) {
	p.rejectedWhole.Add(1)
	writeJSON(w, http.StatusTooManyRequests, body)
}

// writeJSON answers like Elasticsearch does, including the product header
// that the official Go client checks on its first successful response.
func writeJSON(w http.ResponseWriter, status int, body []byte) {
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	h.Set("X-Elastic-Product", "Elasticsearch")
	w.WriteHeader(status)
	_, _ = w.Write(body) // a write error means the client is gone
}

// isBulk reports whether path is "/_bulk" or "/<index>/_bulk".
func isBulk(path string) bool { return strings.HasSuffix(path, "/_bulk") }

// isSearch reports whether path is "/_search" or "/<index>/_search".
func isSearch(path string) bool { return strings.HasSuffix(path, "/_search") }

// indexFromPath returns the index of a "/<index>/_bulk" path, or "" for
// "/_bulk".
func indexFromPath(path string) string {
	index := strings.TrimPrefix(strings.TrimSuffix(path, "/_bulk"), "/")
	index, _, _ = strings.Cut(index, "/")
	return index
}
