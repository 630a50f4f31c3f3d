package faultproxy

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// recorded is one request as the fake Elasticsearch received it (Path
// still escaped).
type recorded struct {
	Method, Path, Query, Body string
	Header                    http.Header
}

// fakeES stands in for the Elasticsearch node; it records every request and
// answers 200 (or the status asked for in X-Want-Status) with a body naming
// the request.
type fakeES struct {
	*httptest.Server
	mu  sync.Mutex
	got []recorded
}

func newFakeES(t *testing.T) *fakeES {
	t.Helper()
	f := &fakeES{}
	f.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		f.mu.Lock()
		f.got = append(f.got, recorded{r.Method, r.URL.EscapedPath(), r.URL.RawQuery, string(body), r.Header.Clone()})
		f.mu.Unlock()
		status := http.StatusOK
		if s := r.Header.Get("X-Want-Status"); s != "" {
			status, _ = strconv.Atoi(s)
		}
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Elastic-Product", "Elasticsearch")
		w.Header().Set("X-Fake", "yes")
		w.WriteHeader(status)
		_, _ = io.WriteString(w, `{"fake":true,"method":"`+r.Method+`","path":"`+r.URL.EscapedPath()+`"}`)
	}))
	t.Cleanup(f.Close)
	return f
}

func (f *fakeES) requests() []recorded {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]recorded(nil), f.got...)
}

// startUnclosed starts a proxy to target on loopback; the test closes it.
func startUnclosed(t *testing.T, target string) (*Proxy, string) {
	t.Helper()
	p, err := New(target)
	if err != nil {
		t.Fatal(err)
	}
	base, err := p.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	return p, base
}

// startProxy starts a proxy to target on loopback and closes it when the test ends.
func startProxy(t *testing.T, target string) (*Proxy, string) {
	t.Helper()
	p, base := startUnclosed(t, target)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := p.Close(ctx); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return p, base
}

type response struct {
	Status int
	Header http.Header
	Body   string
}

var client = &http.Client{Timeout: 10 * time.Second}

func send(ctx context.Context, method, url, body string, header http.Header) (response, error) {
	req, err := http.NewRequestWithContext(ctx, method, url, strings.NewReader(body))
	if err != nil {
		return response{}, err
	}
	for k, v := range header {
		req.Header[k] = v
	}
	res, err := client.Do(req)
	if err != nil {
		return response{}, err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		return response{}, err
	}
	return response{res.StatusCode, res.Header, string(b)}, nil
}

func mustSend(t *testing.T, method, url, body string) response {
	t.Helper()
	res, err := send(t.Context(), method, url, body, nil)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	return res
}

// waitFor polls cond until it holds, failing the test after a generous timeout.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !cond(); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

const (
	wantBulk429   = `{"error":{"root_cause":[{"type":"es_rejected_execution_exception","reason":"rejected execution of bulk request (chaos fault proxy)"}],"type":"es_rejected_execution_exception","reason":"rejected execution of bulk request (chaos fault proxy)"},"status":429}`
	wantSearch429 = `{"error":{"root_cause":[{"type":"es_rejected_execution_exception","reason":"rejected execution of search request (chaos fault proxy)"}],"type":"es_rejected_execution_exception","reason":"rejected execution of search request (chaos fault proxy)"},"status":429}`
	bulkBody      = `{"index":{"_index":"news","_id":"1"}}` + "\n" + `{"headline":"one"}` + "\n"
)

func TestNewRejectsBadTarget(t *testing.T) {
	tests := []struct {
		name, target string
	}{
		{"empty", ""},
		{"no scheme", "127.0.0.1:9200"},
		{"wrong scheme", "ftp://127.0.0.1:9200"},
		{"no host", "http://"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := New(tt.target); err == nil {
				t.Errorf("New(%q) succeeded, want an error", tt.target)
			}
		})
	}
}

func TestPassThrough(t *testing.T) {
	es := newFakeES(t)
	p, base := startProxy(t, es.URL)

	tests := []struct {
		name, method, path, query, body string
		wantStatus                      int
	}{
		{"cluster health", http.MethodGet, "/_cluster/health", "wait_for_status=yellow&timeout=5s", "", 200},
		{"create index", http.MethodPut, "/news-v1", "", `{"settings":{"number_of_shards":1}}`, 201},
		{"bulk", http.MethodPost, "/news/_bulk", "refresh=wait_for", bulkBody, 200},
		{"search", http.MethodPost, "/news/_search", "q=places:Moskow&size=3", `{"query":{"match_all":{}}}`, 200},
		{"delete doc", http.MethodDelete, "/news/_doc/a%2Fb", "version=3&version_type=external", "", 404},
		{"index exists", http.MethodHead, "/news", "", "", 200},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			url := base + tt.path
			if tt.query != "" {
				url += "?" + tt.query
			}
			header := http.Header{
				"Authorization": {"ApiKey c2VjcmV0"},
				"X-Test":        {tt.name},
				"X-Want-Status": {strconv.Itoa(tt.wantStatus)},
			}
			res, err := send(t.Context(), tt.method, url, tt.body, header)
			if err != nil {
				t.Fatal(err)
			}

			if res.Status != tt.wantStatus {
				t.Errorf("status = %d, want %d", res.Status, tt.wantStatus)
			}
			if got := res.Header.Get("X-Fake"); got != "yes" {
				t.Errorf("response header X-Fake = %q, want %q", got, "yes")
			}
			if got := res.Header.Get("X-Elastic-Product"); got != "Elasticsearch" {
				t.Errorf("response header X-Elastic-Product = %q, want Elasticsearch", got)
			}
			wantBody := `{"fake":true,"method":"` + tt.method + `","path":"` + tt.path + `"}`
			if tt.method == http.MethodHead {
				wantBody = ""
			}
			if res.Body != wantBody {
				t.Errorf("body = %q, want %q", res.Body, wantBody)
			}

			got := es.requests()
			if len(got) != i+1 {
				t.Fatalf("target saw %d requests, want %d", len(got), i+1)
			}
			r := got[i]
			if r.Method != tt.method || r.Query != tt.query || r.Body != tt.body {
				t.Errorf("target saw %s ?%s %q, want %s ?%s %q", r.Method, r.Query, r.Body, tt.method, tt.query, tt.body)
			}
			if r.Path != tt.path {
				t.Errorf("target saw path %q, want %q", r.Path, tt.path)
			}
			for _, k := range []string{"Authorization", "X-Test"} {
				if !reflect.DeepEqual(r.Header[k], header[k]) {
					t.Errorf("target saw header %s = %q, want %q", k, r.Header[k], header[k])
				}
			}
		})
	}
	if s := p.Stats(); s.Requests != uint64(len(tests)) || s.Forwarded != uint64(len(tests)) {
		t.Errorf("Stats = %+v, want %d requests, all forwarded", s, len(tests))
	}
}

// item is one entry of a bulk response's items, under its op key.
type item struct {
	Index  string `json:"_index"`
	ID     string `json:"_id"`
	Status int    `json:"status"`
	Error  struct {
		Type   string `json:"type"`
		Reason string `json:"reason"`
	} `json:"error"`
}

// wantItem is what a test expects of one rejected item.
type wantItem struct{ op, index, id string }

func TestRejectAlternatesWholeAndPerItem(t *testing.T) {
	es := newFakeES(t)
	p, base := startProxy(t, es.URL)
	p.Reject(true)

	mixed := strings.Join([]string{
		`{"index":{"_index":"news-v1","_id":"a","version":3,"version_type":"external"}}`,
		`{"headline":"A"}`,
		``,
		`{"create":{"_id":"b"}}`,
		`{"headline":"B"}`,
		`{"update":{"_index":"other","_id":"c"}}` + "\r",
		`{"doc":{"headline":"C"}}`,
		`{"delete":{"_index":"news-v1","_id":"d"}}`,
		`   `,
		`{"delete":{"_id":"e"}}`,
		`{"index":{"_id":"f"}}`,
		`{"headline":"F"}`,
		``,
	}, "\n")

	tests := []struct {
		name, path, body string
		wantItems        []wantItem // nil: whole-request 429
	}{
		{"first is whole", "/_bulk", mixed, nil},
		{"second is per item, index from path", "/news/_bulk", mixed, []wantItem{
			{"index", "news-v1", "a"}, {"create", "news", "b"}, {"update", "other", "c"},
			{"delete", "news-v1", "d"}, {"delete", "news", "e"}, {"index", "news", "f"},
		}},
		{"third is whole", "/news/_bulk", bulkBody, nil},
		{"fourth is per item, no index in path", "/_bulk", mixed, []wantItem{
			{"index", "news-v1", "a"}, {"create", "", "b"}, {"update", "other", "c"},
			{"delete", "news-v1", "d"}, {"delete", "", "e"}, {"index", "", "f"},
		}},
		{"fifth is whole", "/_bulk", bulkBody, nil},
		{"sixth is per item, single action", "/_bulk", bulkBody, []wantItem{{"index", "news", "1"}}},
	}
	var wantWhole, wantItems uint64
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := mustSend(t, http.MethodPost, base+tt.path, tt.body)
			if got := res.Header.Get("Content-Type"); got != "application/json" {
				t.Errorf("Content-Type = %q, want application/json", got)
			}
			if tt.wantItems == nil {
				wantWhole++
				if res.Status != http.StatusTooManyRequests || res.Body != wantBulk429 {
					t.Errorf("got %d %s, want 429 %s", res.Status, res.Body, wantBulk429)
				}
				return
			}
			wantItems += uint64(len(tt.wantItems))
			if res.Status != http.StatusOK {
				t.Fatalf("status = %d, want 200", res.Status)
			}
			var body struct {
				Took   int               `json:"took"`
				Errors bool              `json:"errors"`
				Items  []map[string]item `json:"items"`
			}
			if err := json.Unmarshal([]byte(res.Body), &body); err != nil {
				t.Fatalf("decode %s: %v", res.Body, err)
			}
			if !body.Errors || body.Took != 1 {
				t.Errorf("took = %d, errors = %t, want 1, true", body.Took, body.Errors)
			}
			if len(body.Items) != len(tt.wantItems) {
				t.Fatalf("got %d items, want %d: %s", len(body.Items), len(tt.wantItems), res.Body)
			}
			for i, want := range tt.wantItems {
				got, ok := body.Items[i][want.op]
				if len(body.Items[i]) != 1 || !ok {
					t.Errorf("item %d = %v, want one key %q", i, body.Items[i], want.op)
					continue
				}
				if got.Index != want.index || got.ID != want.id || got.Status != 429 ||
					got.Error.Type != "es_rejected_execution_exception" ||
					got.Error.Reason != "rejected execution of bulk item (chaos fault proxy)" {
					t.Errorf("item %d = %+v, want %s _index %q _id %q rejected with 429", i, got, want.op, want.index, want.id)
				}
			}
		})
	}
	if n := len(es.requests()); n != 0 {
		t.Errorf("target saw %d requests, want none", n)
	}
	want := Stats{Requests: uint64(len(tests)), RejectedWhole: wantWhole, RejectedItems: wantItems}
	if got := p.Stats(); got != want {
		t.Errorf("Stats = %+v, want %+v", got, want)
	}
}

func TestRejectUnparseableBulkGetsWhole429(t *testing.T) {
	es := newFakeES(t)
	p, base := startProxy(t, es.URL)

	tests := []struct{ name, body string }{
		{"empty", ""},
		{"only blank lines", "\n\n  \n"},
		{"not JSON", "index a\n{}\n"},
		{"unknown op", `{"upsert":{"_id":"a"}}` + "\n{}\n"},
		{"two ops", `{"index":{"_id":"a"},"delete":{"_id":"b"}}` + "\n{}\n"},
		{"metadata not an object", `{"index":"a"}` + "\n{}\n"},
		{"metadata null", `{"index":null}` + "\n{}\n"},
		{"missing source", `{"delete":{"_id":"a"}}` + "\n" + `{"index":{"_id":"b"}}` + "\n"},
		{"source not JSON", `{"index":{"_id":"a"}}` + "\n{oops\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p.Reject(true) // restarts the alternation
			if res := mustSend(t, http.MethodPost, base+"/_bulk", bulkBody); res.Status != http.StatusTooManyRequests {
				t.Fatalf("first bulk: status = %d, want 429", res.Status)
			}
			res := mustSend(t, http.MethodPost, base+"/_bulk", tt.body)
			if res.Status != http.StatusTooManyRequests || res.Body != wantBulk429 {
				t.Errorf("got %d %s, want 429 %s", res.Status, res.Body, wantBulk429)
			}
		})
	}
	if s := p.Stats(); s.RejectedWhole != 2*uint64(len(tests)) || s.RejectedItems != 0 || s.Forwarded != 0 {
		t.Errorf("Stats = %+v, want %d whole rejections and nothing else", s, 2*len(tests))
	}
}

func TestRejectPassesOtherRequests(t *testing.T) {
	es := newFakeES(t)
	p, base := startProxy(t, es.URL)
	p.Reject(true)

	tests := []struct{ method, path string }{
		{http.MethodGet, "/_cluster/health"},
		{http.MethodGet, "/_alias/news"},
		{http.MethodPost, "/_aliases"},
		{http.MethodPut, "/_index_template/news"},
		{http.MethodGet, "/news/_mapping"},
		{http.MethodGet, "/news/_count"},
		{http.MethodPost, "/news/_refresh"},
		{http.MethodPost, "/_mget"},
		{http.MethodPut, "/news/_doc/1"},
		{http.MethodPost, "/news/_msearch"},
		{http.MethodPost, "/news_bulk"},
		{http.MethodGet, "/_bulk/x"},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			res := mustSend(t, tt.method, base+tt.path, "{}")
			if res.Status != http.StatusOK || res.Header.Get("X-Fake") != "yes" {
				t.Errorf("got %d %s, want it forwarded", res.Status, res.Body)
			}
		})
	}
	if n := len(es.requests()); n != len(tests) {
		t.Errorf("target saw %d requests, want %d", n, len(tests))
	}
	if s := p.Stats(); s.Forwarded != uint64(len(tests)) || s.RejectedWhole != 0 {
		t.Errorf("Stats = %+v, want all %d forwarded", s, len(tests))
	}
}

func TestRejectSearch(t *testing.T) {
	es := newFakeES(t)
	p, base := startProxy(t, es.URL)
	p.Reject(true)

	tests := []struct{ method, path, body string }{
		{http.MethodGet, "/news/_search?q=places:Moskow", ""},
		{http.MethodPost, "/news/_search", `{"query":{"match_all":{}}}`},
		{http.MethodPost, "/_search", `{"query":{"match_all":{}}}`},
		{http.MethodGet, "/news/_search", ""}, // never alternates to per item
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			res := mustSend(t, tt.method, base+tt.path, tt.body)
			if res.Status != http.StatusTooManyRequests || res.Body != wantSearch429 {
				t.Errorf("got %d %s, want 429 %s", res.Status, res.Body, wantSearch429)
			}
			if got := res.Header.Get("Content-Type"); got != "application/json" {
				t.Errorf("Content-Type = %q, want application/json", got)
			}
		})
	}
	if n := len(es.requests()); n != 0 {
		t.Errorf("target saw %d requests, want none", n)
	}
	if s := p.Stats(); s.RejectedWhole != uint64(len(tests)) {
		t.Errorf("Stats = %+v, want %d whole rejections", s, len(tests))
	}
}

func TestRejectOffRestoresPassThrough(t *testing.T) {
	es := newFakeES(t)
	p, base := startProxy(t, es.URL)

	p.Reject(true)
	if res := mustSend(t, http.MethodPost, base+"/_bulk", bulkBody); res.Status != http.StatusTooManyRequests {
		t.Fatalf("bulk in reject mode: status = %d, want 429", res.Status)
	}
	if res := mustSend(t, http.MethodPost, base+"/_search", "{}"); res.Status != http.StatusTooManyRequests {
		t.Fatalf("search in reject mode: status = %d, want 429", res.Status)
	}
	p.Reject(false)
	for _, path := range []string{"/_bulk", "/news/_bulk", "/_search"} {
		if res := mustSend(t, http.MethodPost, base+path, bulkBody); res.Status != http.StatusOK || res.Header.Get("X-Fake") != "yes" {
			t.Errorf("%s after Reject(false): got %d %s, want it forwarded", path, res.Status, res.Body)
		}
	}
	if got := es.requests(); len(got) != 3 || got[0].Body != bulkBody {
		t.Errorf("target saw %+v, want the 3 requests after Reject(false)", got)
	}
}

func TestDelay(t *testing.T) {
	es := newFakeES(t)
	p, base := startProxy(t, es.URL)

	const d = 150 * time.Millisecond
	p.Delay(d)
	start := time.Now()
	res := mustSend(t, http.MethodPost, base+"/news/_bulk", bulkBody)
	if elapsed := time.Since(start); elapsed < d {
		t.Errorf("delayed bulk took %v, want at least %v", elapsed, d)
	}
	if res.Status != http.StatusOK || len(es.requests()) != 1 {
		t.Errorf("delayed bulk: status %d, target saw %d requests; want it forwarded", res.Status, len(es.requests()))
	}

	p.Delay(time.Hour) // only _bulk waits; the client's 10s timeout would catch anything else
	for _, path := range []string{"/_cluster/health", "/news/_search", "/news/_count"} {
		if res := mustSend(t, http.MethodGet, base+path, ""); res.Status != http.StatusOK {
			t.Errorf("%s with a bulk delay: status = %d, want 200", path, res.Status)
		}
	}

	p.Delay(0)
	if res := mustSend(t, http.MethodPost, base+"/_bulk", bulkBody); res.Status != http.StatusOK {
		t.Errorf("bulk after Delay(0): status = %d, want 200", res.Status)
	}
	if s := p.Stats(); s.Delayed != 1 || s.Forwarded != 5 {
		t.Errorf("Stats = %+v, want 1 delayed and 5 forwarded", s)
	}
}

func TestDelayThenReject(t *testing.T) {
	es := newFakeES(t)
	p, base := startProxy(t, es.URL)

	const d = 100 * time.Millisecond
	p.Delay(d)
	p.Reject(true)
	start := time.Now()
	res := mustSend(t, http.MethodPost, base+"/_bulk", bulkBody)
	if elapsed := time.Since(start); elapsed < d {
		t.Errorf("delayed bulk took %v, want at least %v", elapsed, d)
	}
	if res.Status != http.StatusTooManyRequests {
		t.Errorf("status = %d, want 429", res.Status)
	}
	want := Stats{Requests: 1, RejectedWhole: 1, Delayed: 1}
	if got := p.Stats(); got != want || len(es.requests()) != 0 {
		t.Errorf("Stats = %+v, target saw %d requests; want %+v and none", got, len(es.requests()), want)
	}
}

// sendInBackground sends a bulk request on its own goroutine; the returned
// channel yields its outcome once.
func sendInBackground(ctx context.Context, url string) <-chan error {
	done := make(chan error, 1)
	go func() {
		res, err := send(ctx, http.MethodPost, url, bulkBody, nil)
		if err == nil && res.Status != http.StatusOK {
			err = errors.New("status " + strconv.Itoa(res.Status))
		}
		done <- err
	}()
	return done
}

func TestDelayCancelledDoesNotForward(t *testing.T) {
	es := newFakeES(t)
	p, base := startUnclosed(t, es.URL)
	p.Delay(time.Hour)

	ctx, cancel := context.WithCancel(t.Context())
	done := sendInBackground(ctx, base+"/_bulk")
	waitFor(t, "the request to start waiting", func() bool { return p.Stats().Delayed == 1 })
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled request: err = %v, want context.Canceled", err)
	}

	// Close waits for the handler: it returns in time only if the handler
	// stopped waiting when the client went away.
	closeCtx, stop := context.WithTimeout(context.Background(), 10*time.Second)
	defer stop()
	if err := p.Close(closeCtx); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if s := p.Stats(); s.Forwarded != 0 || len(es.requests()) != 0 {
		t.Errorf("Stats = %+v, target saw %d requests; want nothing forwarded", s, len(es.requests()))
	}
}

func TestUnreachableTargetIs502(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	dead := "http://" + ln.Addr().String()
	ln.Close()

	p, base := startProxy(t, dead)
	if res := mustSend(t, http.MethodGet, base+"/_cluster/health", ""); res.Status != http.StatusBadGateway {
		t.Errorf("status = %d, want 502", res.Status)
	}
	if s := p.Stats(); s.Forwarded != 1 {
		t.Errorf("Stats = %+v, want 1 forwarded", s)
	}
}

func TestCloseStopsServing(t *testing.T) {
	es := newFakeES(t)
	p, err := New(es.URL)
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	if err := p.Close(ctx); err != nil {
		t.Errorf("Close before Start: %v", err)
	}
	base, err := p.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Start("127.0.0.1:0"); err == nil {
		t.Error("second Start succeeded, want an error")
	}
	if res := mustSend(t, http.MethodGet, base+"/", ""); res.Status != http.StatusOK {
		t.Fatalf("before Close: status = %d, want 200", res.Status)
	}
	if err := p.Close(ctx); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if _, err := send(ctx, http.MethodGet, base+"/", "", nil); err == nil {
		t.Error("request after Close succeeded, want a connection error")
	}
	if err := p.Close(ctx); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if _, err := p.Start("127.0.0.1:0"); err == nil {
		t.Error("Start after Close succeeded, want an error")
	}
}

func TestCloseWaitsForInFlight(t *testing.T) {
	es := newFakeES(t)
	p, base := startUnclosed(t, es.URL)
	p.Delay(200 * time.Millisecond)
	done := sendInBackground(t.Context(), base+"/_bulk")
	waitFor(t, "the request to start waiting", func() bool { return p.Stats().Delayed == 1 })

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := p.Close(ctx); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if err := <-done; err != nil {
		t.Errorf("in-flight request: %v, want it answered", err)
	}
	if n := len(es.requests()); n != 1 {
		t.Errorf("target saw %d requests, want 1", n)
	}
}

func TestCloseHonoursContext(t *testing.T) {
	es := newFakeES(t)
	p, base := startUnclosed(t, es.URL)
	p.Delay(time.Hour)
	done := sendInBackground(t.Context(), base+"/_bulk")
	waitFor(t, "the request to start waiting", func() bool { return p.Stats().Delayed == 1 })

	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if err := p.Close(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Close = %v, want context.DeadlineExceeded", err)
	}
	if err := <-done; err == nil {
		t.Error("in-flight request succeeded, want its connection closed")
	}
	if n := len(es.requests()); n != 0 {
		t.Errorf("target saw %d requests, want none", n)
	}
}

func TestSettersDuringTraffic(t *testing.T) {
	es := newFakeES(t)
	p, base := startProxy(t, es.URL)

	const senders, each = 8, 20
	var wg sync.WaitGroup
	errs := make(chan error, senders*each)
	for range senders {
		wg.Go(func() {
			for range each {
				res, err := send(t.Context(), http.MethodPost, base+"/news/_bulk", bulkBody, nil)
				if err == nil && res.Status != http.StatusOK && res.Status != http.StatusTooManyRequests {
					err = errors.New("status " + strconv.Itoa(res.Status))
				}
				if err != nil {
					errs <- err
				}
			}
		})
	}
	for i := 0; i < 50; i++ {
		p.Reject(i%2 == 0)
		p.Delay(time.Duration(i%3) * time.Millisecond)
		_ = p.Stats()
		time.Sleep(time.Millisecond)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	s := p.Stats()
	if s.Requests != senders*each || s.Forwarded != uint64(len(es.requests())) {
		t.Errorf("Stats = %+v, target saw %d; want %d requests and Forwarded = target's count", s, len(es.requests()), senders*each)
	}
}

func TestParseBulk(t *testing.T) {
	tests := []struct {
		name, body, pathIndex string
		want                  []bulkAction
		wantErr               bool
	}{
		{
			name:      "all ops, blank lines, CRLF, index from path",
			body:      "\n{\"index\":{\"_index\":\"a\",\"_id\":\"1\"}}\r\n{\"x\":1}\n\n{\"create\":{\"_id\":\"2\"}}\n{}\n{\"update\":{\"_id\":\"3\"}}\n{\"doc\":{}}\n{\"delete\":{\"_id\":\"4\"}}\n",
			pathIndex: "p",
			want:      []bulkAction{{"index", "a", "1"}, {"create", "p", "2"}, {"update", "p", "3"}, {"delete", "p", "4"}},
		},
		{
			name: "no trailing newline, no _id",
			body: `{"delete":{"_index":"a"}}` + "\n" + `{"index":{}}` + "\n" + `{"x":1}`,
			want: []bulkAction{{"delete", "a", ""}, {"index", "", ""}},
		},
		{name: "empty", body: "", wantErr: true},
		{name: "source without action", body: `{"x":1}` + "\n", wantErr: true},
		{name: "index without source", body: `{"index":{"_id":"1"}}` + "\n", wantErr: true},
		{name: "numeric id", body: `{"delete":{"_id":1}}` + "\n", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseBulk([]byte(tt.body), tt.pathIndex)
			if (err != nil) != tt.wantErr {
				t.Fatalf("parseBulk error = %v, want error %t", err, tt.wantErr)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("parseBulk = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestIndexFromPath(t *testing.T) {
	tests := []struct{ path, want string }{
		{"/_bulk", ""},
		{"/news/_bulk", "news"},
		{"/news-v1/doc/_bulk", "news-v1"},
	}
	for _, tt := range tests {
		if got := indexFromPath(tt.path); got != tt.want {
			t.Errorf("indexFromPath(%q) = %q, want %q", tt.path, got, tt.want)
		}
	}
}
