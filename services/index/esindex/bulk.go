package esindex

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"

	"github.com/elastic/go-elasticsearch/v8"
	"github.com/elastic/go-elasticsearch/v8/esapi"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"

	"github.com/newsroom-pipeline/newsroom/pkg/stage"
	"github.com/newsroom-pipeline/newsroom/pkg/tracing"
)

// errBulkClosed is the (transient) verdict on an item handed to a closed
// bulker: the stage is stopping and the message is redelivered.
var errBulkClosed = errors.New("bulk indexer stopped")

// bulker gathers index actions from concurrent stage handlers into _bulk
// requests and hands each handler the verdict on its own item.
//
// A batch is sent at once when no request is in flight, else when it
// reaches flushBytes or flushInterval after its first item, whichever comes
// first (see run). At most `workers` requests are in flight; while all are
// busy the next batch keeps growing. Every request has a client-side
// timeout, so a hung node frees the handlers (a transient failure) instead
// of holding them until the process stops.
//
// It is safe for concurrent use. Close stops it.
type bulker struct {
	client        *elasticsearch.Client
	flushBytes    int
	flushInterval time.Duration
	timeout       time.Duration
	metrics       *bulkMetrics // nil: none

	items   chan *bulkItem
	sem     chan struct{} // one token per request in flight
	closing chan struct{}
	loop    sync.WaitGroup // the batching loop
	sends   sync.WaitGroup // requests in flight

	// reqCtx is the parent of every request; Close cancels it when its own
	// deadline passes.
	reqCtx    context.Context
	cancelReq context.CancelFunc
	closeOnce sync.Once
}

type bulkItem struct {
	action []byte // the action line, without its newline
	source []byte // the document, without its newline
	result chan error
	span   trace.SpanContext // the index stage's span of the item's message
}

func newBulker(client *elasticsearch.Client, flushBytes int, flushInterval, timeout time.Duration, workers int, metrics *bulkMetrics) *bulker {
	ctx, cancel := context.WithCancel(context.Background())
	b := &bulker{
		client: client, flushBytes: flushBytes, flushInterval: flushInterval, timeout: timeout, metrics: metrics,
		items: make(chan *bulkItem), sem: make(chan struct{}, workers), closing: make(chan struct{}),
		reqCtx: ctx, cancelReq: cancel,
	}
	b.loop.Add(1)
	go b.run()
	return b
}

// index sends one index action and waits for Elasticsearch's verdict on it:
// nil when written (or refused as a stale version: see classifyItem), a
// stage.Permanent error when the document itself was refused, any other
// error when it should be retried. It returns ctx's error if ctx ends first;
// the item may still be written, and writing it again is idempotent.
func (b *bulker) index(ctx context.Context, action, source []byte) error {
	it := &bulkItem{action: action, source: source, result: make(chan error, 1), span: trace.SpanContextFromContext(ctx)}
	select {
	case b.items <- it:
	case <-b.closing:
		return errBulkClosed
	case <-ctx.Done():
		return ctx.Err()
	}
	select {
	case err := <-it.result:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// run batches items until Close.
//
// A batch is due when it reaches flushBytes, when flushInterval has passed
// since its first item, or at once when no request is in flight: an idle
// pipe sends what it has (the lowest latency at low rates), and while
// requests are out the next batch grows (large batches at high rates,
// like a group commit).
func (b *bulker) run() {
	defer b.loop.Done()
	var (
		batch    []*bulkItem
		size     int
		due      bool
		inFlight int
		finished = make(chan struct{}, cap(b.sem)) // one per request that ends
		timer    = time.NewTimer(time.Hour)
		timerC   <-chan time.Time
	)
	timer.Stop()
	for {
		var send chan struct{}
		if due && len(batch) > 0 {
			send = b.sem
		}
		select {
		case it := <-b.items:
			batch = append(batch, it)
			size += len(it.action) + len(it.source) + 2
			if size >= b.flushBytes || inFlight == 0 {
				due = true
			} else if !due && timerC == nil {
				timer.Reset(b.flushInterval)
				timerC = timer.C
			}
		case <-timerC:
			timerC, due = nil, true
		case <-finished:
			if inFlight--; inFlight == 0 && len(batch) > 0 {
				due = true
			}
		case send <- struct{}{}:
			items := batch
			batch, size, due = nil, 0, false
			if timerC != nil {
				timer.Stop()
				timerC = nil
			}
			inFlight++
			b.sends.Add(1)
			go func() {
				defer b.sends.Done()
				defer func() { finished <- struct{}{} }()
				defer func() { <-b.sem }()
				b.send(items)
			}()
		case <-b.closing:
			timer.Stop()
			for _, it := range batch {
				it.result <- errBulkClosed
			}
			return
		}
	}
}

// bulkResponse is the part of a _bulk response the bulker reads (the
// request's filter_path keeps it that small).
type bulkResponse struct {
	Items []map[string]struct {
		Status int `json:"status"`
		Error  struct {
			Type   string `json:"type"`
			Reason string `json:"reason"`
		} `json:"error"`
	} `json:"items"`
}

// send makes one _bulk request and hands every item its verdict.
func (b *bulker) send(items []*bulkItem) {
	var body bytes.Buffer
	for _, it := range items {
		body.Write(it.action)
		body.WriteByte('\n')
		body.Write(it.source)
		body.WriteByte('\n')
	}
	// The request's span is a child of its first item's span and links the
	// others': one request serves many messages, each in its own trace.
	parent := b.reqCtx
	var links []trace.Link
	for _, it := range items {
		switch {
		case !it.span.IsValid():
		case parent == b.reqCtx:
			parent = trace.ContextWithSpanContext(b.reqCtx, it.span)
		default:
			links = append(links, trace.Link{SpanContext: it.span})
		}
	}
	sctx, span := tracing.Tracer().Start(parent, "elasticsearch bulk", trace.WithSpanKind(trace.SpanKindClient),
		trace.WithLinks(links...), trace.WithAttributes(attribute.Int("newsroom.bulk_items", len(items)), attribute.Int("newsroom.bulk_bytes", body.Len())))
	defer span.End()
	ctx, cancel := context.WithTimeout(sctx, b.timeout)
	defer cancel()
	start := time.Now()
	requireAlias := true
	res, err := esapi.BulkRequest{
		Body:         &body,
		RequireAlias: &requireAlias,
		FilterPath:   []string{"items.*.status", "items.*.error.type", "items.*.error.reason"},
	}.Do(ctx, b.client)
	verdicts := make([]error, len(items))
	var statuses []int
	switch {
	case err != nil:
		fill(verdicts, fmt.Errorf("elasticsearch bulk request: %w", err))
	default:
		verdicts, statuses = readBulkResponse(res, len(items))
	}
	b.metrics.observe(time.Since(start), statuses, verdicts)
	if err != nil {
		span.SetStatus(codes.Error, err.Error())
	} else if res.IsError() {
		span.SetStatus(codes.Error, res.Status())
	}
	for i, it := range items {
		it.result <- verdicts[i]
	}
}

// readBulkResponse reads a _bulk response into one verdict per item, and
// each item's HTTP status (none when the whole request failed).
func readBulkResponse(res *esapi.Response, n int) ([]error, []int) {
	defer res.Body.Close()
	verdicts := make([]error, n)
	if res.IsError() {
		b, _ := io.ReadAll(io.LimitReader(res.Body, 4096))
		var e struct {
			Error struct {
				Type   string `json:"type"`
				Reason string `json:"reason"`
			} `json:"error"`
		}
		_ = json.Unmarshal(b, &e)
		err := fmt.Errorf("elasticsearch bulk request %d %s: %s", res.StatusCode, e.Error.Type, e.Error.Reason)
		if res.StatusCode == http.StatusRequestEntityTooLarge && n == 1 {
			// One document alone is over the cluster's request limit.
			err = stage.Permanent(fmt.Errorf("document too large for elasticsearch: %w", err))
		}
		fill(verdicts, err)
		return verdicts, nil
	}
	var br bulkResponse
	if err := json.NewDecoder(res.Body).Decode(&br); err != nil {
		fill(verdicts, fmt.Errorf("elasticsearch bulk response: %w", err))
		return verdicts, nil
	}
	if len(br.Items) != n {
		fill(verdicts, fmt.Errorf("elasticsearch bulk response has %d items for %d actions", len(br.Items), n))
		return verdicts, nil
	}
	statuses := make([]int, n)
	for i, item := range br.Items {
		for _, r := range item { // one key: the action
			verdicts[i] = classifyItem(r.Status, r.Error.Type, r.Error.Reason)
			statuses[i] = r.Status
		}
	}
	return verdicts, statuses
}

func fill(verdicts []error, err error) {
	for i := range verdicts {
		verdicts[i] = err
	}
}

// close stops taking items, fails the batch not yet sent (its messages are
// redelivered), waits for the requests in flight until ctx ends and then
// cancels them.
func (b *bulker) close(ctx context.Context) error {
	b.closeOnce.Do(func() { close(b.closing) })
	b.loop.Wait()
	done := make(chan struct{})
	go func() { b.sends.Wait(); close(done) }()
	defer b.cancelReq()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		b.cancelReq()
		<-done
		return fmt.Errorf("bulk requests cancelled on close: %w", ctx.Err())
	}
}
