// Package bench is the end-to-end benchmark of scripts/bench -e2e: the
// pipeline as real processes (nats-server and the four workers, or the
// all-in-one binary) against the real Elasticsearch node, fed from outside
// with distinct corpus stories, then the same final documents bulk-loaded
// straight into a fresh copy of the index: the ceiling the pipeline is
// measured against, in the same run.
package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/newsroom-pipeline/newsroom/pkg/bus"
	"github.com/newsroom-pipeline/newsroom/scripts/chaossuite/corpus"
	"github.com/newsroom-pipeline/newsroom/scripts/chaossuite/esclient"
	"github.com/newsroom-pipeline/newsroom/scripts/chaossuite/procs"
	"github.com/newsroom-pipeline/newsroom/services/ingest/ingest"
)

// Config is one benchmark run.
type Config struct {
	Bin     string // nats-server, ingest, normalize, entitytag, index, newsroom (all-in-one)
	Work    string // stores and logs
	ESURL   string
	Mode    string  // "separate" or "allinone"
	Rate    float64 // stories per second; 0: all at once (a burst)
	Stories []corpus.Story
	// ESPid is the Elasticsearch node's process (0: unknown), whose CPU
	// time the run reports: the pipeline and the node share the machine.
	ESPid int
	// MappingCosts loads the final documents again under each variant of
	// the mapping (mappingVariants) to price each part of it.
	MappingCosts bool
}

// Result is what one run measured.
type Result struct {
	Mode        string
	Stories     int
	Rate        float64
	Took        time.Duration   // first publish to last story searchable
	Latencies   []time.Duration // publish ack to searchable, per story, sorted
	Ceiling     float64         // documents per second, bulk-loaded straight into a copy of the index
	CeilingDocs int
	// ESCPU and CeilingESCPU are the node's CPU seconds while the pipeline
	// indexed the stories and while the ceiling loaded them (0: pid unknown).
	ESCPU, CeilingESCPU float64
	MappingCosts        []Load
	Procs               []ProcStats
	// HandleMean is each stage's mean delivery-to-settlement time, from the
	// workers' newsroom_stage_handle_seconds.
	HandleMean map[string]time.Duration
}

// ProcStats is one process's cost.
type ProcStats struct {
	Name       string
	PeakRSSMiB float64
	CPUSeconds float64
}

// StoriesPerSecond is the end-to-end throughput.
func (r Result) StoriesPerSecond() float64 { return float64(r.Stories) / r.Took.Seconds() }

// Percentile of the publish→searchable latencies (p in 0..100).
func (r Result) Percentile(p float64) time.Duration {
	if len(r.Latencies) == 0 {
		return 0
	}
	i := int(p / 100 * float64(len(r.Latencies)-1))
	return r.Latencies[i]
}

// Run starts the stack, feeds it, measures it, loads the ceiling and
// stops everything.
func Run(ctx context.Context, cfg Config) (res Result, err error) {
	res.Mode, res.Stories, res.Rate = cfg.Mode, len(cfg.Stories), cfg.Rate
	dir := filepath.Join(cfg.Work, "bench-"+cfg.Mode)
	if err := os.RemoveAll(dir); err != nil {
		return res, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return res, err
	}
	es := &esClient{esclient.Client{URL: strings.TrimRight(cfg.ESURL, "/"), HTTP: &http.Client{Timeout: 60 * time.Second}}}
	prefix := "bench-" + cfg.Mode
	defer es.deleteIndices(prefix)
	es.deleteIndices(prefix)

	// NATS.
	port, err := freePort()
	if err != nil {
		return res, err
	}
	conf := fmt.Sprintf("listen: 127.0.0.1:%d\nmax_payload: 8MB\njetstream { store_dir: %q }\n", port, filepath.Join(dir, "nats"))
	if err := os.WriteFile(filepath.Join(dir, "nats.conf"), []byte(conf), 0o644); err != nil {
		return res, err
	}
	natsProc, err := procs.Start("nats", filepath.Join(cfg.Bin, "nats-server"), []string{"-c", filepath.Join(dir, "nats.conf")}, nil, filepath.Join(dir, "nats.log"))
	if err != nil {
		return res, err
	}
	defer natsProc.Stop(10 * time.Second)
	natsURL := fmt.Sprintf("nats://127.0.0.1:%d", port)
	nc, err := connect(ctx, natsURL)
	if err != nil {
		return res, err
	}
	defer nc.Close()
	js, err := jetstream.New(nc)
	if err != nil {
		return res, err
	}

	// The workers.
	var workers []*procs.Proc
	names := []string{bus.StageIngest, bus.StageNormalize, bus.StageEntityTag, bus.StageIndex}
	if cfg.Mode == "allinone" {
		names = []string{"newsroom"}
	}
	var ops []string
	for _, name := range names {
		p, err := freePort()
		if err != nil {
			return res, err
		}
		addr := fmt.Sprintf("127.0.0.1:%d", p)
		ops = append(ops, addr)
		env := []string{
			"NEWSROOM_NATS_URL=" + natsURL, "NEWSROOM_ES_URLS=" + es.URL, "NEWSROOM_ES_INDEX_PREFIX=" + prefix,
			"NEWSROOM_HTTP_ADDR=" + addr, "NEWSROOM_LOG_LEVEL=warn", "NEWSROOM_EMBEDDED_NATS=false",
		}
		proc, err := procs.Start(name, filepath.Join(cfg.Bin, name), nil, env, filepath.Join(dir, name+".log"))
		if err != nil {
			return res, err
		}
		workers = append(workers, proc)
	}
	defer func() {
		for _, w := range workers {
			w.Stop(20 * time.Second)
		}
	}()
	for i, addr := range ops {
		if err := waitReady(ctx, addr, 3*time.Minute); err != nil {
			return res, fmt.Errorf("%s not ready: %w (log: %s)", names[i], err, filepath.Join(dir, names[i]+".log"))
		}
	}

	// Feed and watch.
	ids := make([]string, len(cfg.Stories))
	g := ingest.New(1 << 20)
	for i, s := range cfg.Stories {
		source, _, _ := strings.Cut(s.Key, "/")
		envs, err := g.Envelopes(bus.RawSubject(source), "", fmt.Sprintf("bench-%d", i), s.Data, time.Now())
		if err != nil || len(envs) != 1 {
			return res, fmt.Errorf("story %s: not one story (%v)", s.Key, err)
		}
		ids[i] = envs[0].ID
	}
	published := make([]time.Time, len(cfg.Stories))
	esCPU0 := esCPU(cfg.ESPid)
	start := time.Now()
	pubErr := make(chan error, 1)
	go func() { pubErr <- publish(ctx, js, cfg, published) }()
	searchable, err := es.watch(ctx, prefix, ids, 10*time.Minute)
	if err != nil {
		return res, err
	}
	if err := <-pubErr; err != nil {
		return res, err
	}
	last := start
	for i, t := range searchable {
		if t.After(last) {
			last = t
		}
		res.Latencies = append(res.Latencies, t.Sub(published[i]))
	}
	sort.Slice(res.Latencies, func(i, j int) bool { return res.Latencies[i] < res.Latencies[j] })
	res.Took = last.Sub(start)
	if cfg.ESPid > 0 {
		res.ESCPU = esCPU(cfg.ESPid) - esCPU0
	}
	res.HandleMean = map[string]time.Duration{}
	for _, addr := range ops {
		for stage, d := range handleMeans(addr) {
			res.HandleMean[stage] = d
		}
	}
	for i, w := range workers {
		if n := w.Restarts(); n > 0 {
			return res, fmt.Errorf("%s exited on its own %d time(s) during the run (log: %s)", names[i], n, filepath.Join(dir, names[i]+".log"))
		}
		res.Procs = append(res.Procs, procStats(names[i], w.Pid()))
	}
	res.Procs = append(res.Procs, procStats("nats-server", natsProc.Pid()))

	// The ceiling: the same final documents, straight into a copy.
	src, def, err := es.source(ctx, prefix)
	if err != nil {
		return res, err
	}
	docIDs, docs, err := es.finalDocs(ctx, src)
	if err != nil {
		return res, err
	}
	// Each load twice, the better one kept: one load of a few thousand
	// documents is at the mercy of a merge or a GC, and the first one
	// after the run competes with the pipeline index's merges.
	bestLoad := func(def indexDef) (Load, error) {
		var best Load
		for range 2 {
			l, err := es.load(ctx, prefix+"-ceiling", def, docIDs, docs, cfg.ESPid)
			if err != nil {
				return best, err
			}
			if l.DocsPerSec > best.DocsPerSec {
				best = l
			}
		}
		return best, nil
	}
	ceiling, err := bestLoad(def)
	if err != nil {
		return res, err
	}
	res.CeilingDocs, res.Ceiling, res.CeilingESCPU = ceiling.Docs, ceiling.DocsPerSec, ceiling.ESCPU
	if cfg.MappingCosts {
		for _, v := range mappingVariants {
			l, err := bestLoad(indexDef{def.Settings, v.apply(def.Mappings)})
			if err != nil {
				return res, fmt.Errorf("mapping variant %q: %w", v.name, err)
			}
			l.Name = v.name
			res.MappingCosts = append(res.MappingCosts, l)
		}
	}
	return res, nil
}

// publish sends every story from outside the pipeline: all at once with
// bounded asynchronous publishes (a burst), or at cfg.Rate; published[i]
// is when story i was acked.
func publish(ctx context.Context, js jetstream.JetStream, cfg Config, published []time.Time) error {
	var tick <-chan time.Time
	if cfg.Rate > 0 {
		t := time.NewTicker(time.Duration(float64(time.Second) / cfg.Rate))
		defer t.Stop()
		tick = t.C
	}
	var wg sync.WaitGroup
	errs := make(chan error, 1)
	window := make(chan struct{}, 256)
	for i, s := range cfg.Stories {
		if tick != nil {
			select {
			case <-tick:
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		source, _, _ := strings.Cut(s.Key, "/")
		m := &nats.Msg{Subject: bus.RawSubject(source), Data: s.Data, Header: nats.Header{}}
		f, err := js.PublishMsgAsync(m, jetstream.WithMsgID(fmt.Sprintf("bench-%d", i)))
		if err != nil {
			return fmt.Errorf("publish %s: %w", s.Key, err)
		}
		window <- struct{}{}
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			defer func() { <-window }()
			select {
			case <-f.Ok():
				published[i] = time.Now()
			case err := <-f.Err():
				select {
				case errs <- fmt.Errorf("publish %d: %w", i, err):
				default:
				}
			case <-ctx.Done():
			}
		}(i)
	}
	wg.Wait()
	select {
	case err := <-errs:
		return err
	default:
		return nil
	}
}

// procStats reads a process's peak resident memory and CPU time from /proc.
func procStats(name string, pid int) ProcStats {
	st := ProcStats{Name: name}
	if b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid)); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmHWM:" {
				kb, _ := strconv.ParseFloat(f[1], 64)
				st.PeakRSSMiB = kb / 1024
			}
		}
	}
	if b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid)); err == nil {
		// Fields after the command's closing parenthesis: utime is the 12th, stime the 13th.
		if i := bytes.LastIndexByte(b, ')'); i > 0 {
			f := strings.Fields(string(b[i+1:]))
			if len(f) > 12 {
				ut, _ := strconv.ParseFloat(f[11], 64)
				stime, _ := strconv.ParseFloat(f[12], 64)
				st.CPUSeconds = (ut + stime) / 100 // clock ticks (USER_HZ = 100 on Linux)
			}
		}
	}
	return st
}

// handleMeans reads the mean handling time per stage from a worker's
// /metrics (sum / count of newsroom_stage_handle_seconds).
func handleMeans(addr string) map[string]time.Duration {
	out := map[string]time.Duration{}
	res, err := http.Get("http://" + addr + "/metrics")
	if err != nil {
		return out
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	sums, counts := map[string]float64{}, map[string]float64{}
	for _, line := range strings.Split(string(b), "\n") {
		for suffix, m := range map[string]map[string]float64{"_sum": sums, "_count": counts} {
			prefix := "newsroom_stage_handle_seconds" + suffix + `{stage="`
			if rest, ok := strings.CutPrefix(line, prefix); ok {
				stage, val, _ := strings.Cut(rest, `"} `)
				if v, err := strconv.ParseFloat(val, 64); err == nil {
					m[stage] = v
				}
			}
		}
	}
	for stage, n := range counts {
		if n > 0 {
			out[stage] = time.Duration(sums[stage] / n * float64(time.Second))
		}
	}
	return out
}

func connect(ctx context.Context, url string) (*nats.Conn, error) {
	deadline := time.Now().Add(30 * time.Second)
	for {
		nc, err := nats.Connect(url, nats.Name("bench"))
		if err == nil {
			return nc, nil
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			return nil, fmt.Errorf("nats: %w", err)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

func waitReady(ctx context.Context, addr string, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for {
		res, err := http.Get("http://" + addr + "/readyz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return nil
			}
			err = errors.New(res.Status)
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			return err
		}
		time.Sleep(200 * time.Millisecond)
	}
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// esClient is the benchmark's own plain HTTP view of the node, with the
// requests only the benchmark makes.
type esClient struct{ esclient.Client }

// deleteIndices removes the run's indices and template (by name:
// Elasticsearch refuses wildcard deletes).
func (e *esClient) deleteIndices(prefix string) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	_ = e.DeletePrefix(ctx, prefix) // the versioned indices and the ceiling's copy
}

// watch polls the read alias until every id is searchable and returns when
// each became so (resolution: one poll, about 100 ms). Each poll is a
// _count; only when the count has grown (a refresh made stories visible,
// once a second) does it ask which of the pending ids are searchable, so
// the measuring costs Elasticsearch little of the work being measured.
func (e *esClient) watch(ctx context.Context, prefix string, ids []string, timeout time.Duration) ([]time.Time, error) {
	at := make([]time.Time, len(ids))
	pending := map[string][]int{}
	for i, id := range ids {
		pending[id] = append(pending[id], i)
	}
	deadline := time.Now().Add(timeout)
	seen := -1 // the count when pending was last checked
	for len(pending) > 0 {
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("%d of %d stories not searchable after %s", len(pending), len(ids), timeout)
		}
		if n, err := e.Count(ctx, prefix); err == nil && n != seen {
			if err := e.checkPending(ctx, prefix, pending, at, time.Now()); err == nil {
				seen = n
			}
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
	return at, nil
}

// checkPending asks which of the pending ids are searchable (2,000 per
// search), marks them searchable at now and removes them from pending.
func (e *esClient) checkPending(ctx context.Context, prefix string, pending map[string][]int, at []time.Time, now time.Time) error {
	all := make([]string, 0, len(pending))
	for id := range pending {
		all = append(all, id)
	}
	for lo := 0; lo < len(all); lo += 2000 {
		batch := all[lo:min(lo+2000, len(all))]
		q, _ := json.Marshal(map[string]any{"size": len(batch), "_source": false, "query": map[string]any{"ids": map[string]any{"values": batch}}})
		found, err := e.SearchIDs(ctx, prefix, string(q))
		if err != nil {
			return err
		}
		for _, id := range found {
			for _, i := range pending[id] {
				at[i] = now
			}
			delete(pending, id)
		}
	}
	return nil
}

// indexDef is an index's settings and mapping, as a copy needs them.
type indexDef struct {
	Settings map[string]any
	Mappings map[string]any
}

// source returns the index behind the run's write alias and its definition.
func (e *esClient) source(ctx context.Context, prefix string) (string, indexDef, error) {
	var idx map[string]struct {
		Settings struct {
			Index map[string]any `json:"index"`
		} `json:"settings"`
		Mappings map[string]any `json:"mappings"`
	}
	if err := e.Do(ctx, http.MethodGet, "/"+prefix+"-write", nil, &idx); err != nil {
		return "", indexDef{}, err
	}
	if len(idx) != 1 {
		return "", indexDef{}, fmt.Errorf("the write alias %s-write names %d indices", prefix, len(idx))
	}
	for name, def := range idx {
		settings := map[string]any{}
		for _, k := range []string{"analysis", "number_of_shards", "number_of_replicas", "refresh_interval"} {
			if v, ok := def.Settings.Index[k]; ok {
				settings[k] = v
			}
		}
		return name, indexDef{Settings: settings, Mappings: def.Mappings}, nil
	}
	panic("unreachable")
}

// finalDocs reads every document of index src (ids and sources).
func (e *esClient) finalDocs(ctx context.Context, src string) ([]string, []json.RawMessage, error) {
	var docs []json.RawMessage
	var ids []string
	var page struct {
		ScrollID string `json:"_scroll_id"`
		Hits     struct {
			Hits []struct {
				ID     string          `json:"_id"`
				Source json.RawMessage `json:"_source"`
			} `json:"hits"`
		} `json:"hits"`
	}
	if err := e.Do(ctx, http.MethodPost, "/"+src+"/_search?scroll=2m", strings.NewReader(`{"size":1000,"sort":["_doc"]}`), &page); err != nil {
		return nil, nil, err
	}
	for len(page.Hits.Hits) > 0 {
		for _, h := range page.Hits.Hits {
			docs, ids = append(docs, h.Source), append(ids, h.ID)
		}
		q, _ := json.Marshal(map[string]string{"scroll": "2m", "scroll_id": page.ScrollID})
		page.Hits.Hits = nil
		if err := e.Do(ctx, http.MethodPost, "/_search/scroll", bytes.NewReader(q), &page); err != nil {
			return nil, nil, err
		}
	}
	return ids, docs, nil
}

// Load is one bulk load of the final documents into a fresh index.
type Load struct {
	Name       string
	Docs       int
	DocsPerSec float64
	ESCPU      float64 // Elasticsearch CPU seconds during the load (0: pid unknown)
	LuceneDocs int64   // nested documents count as Lucene documents of their own
	StoreBytes int64
}

// load creates index dst with def and bulk-loads docs into it as fast as
// one well-tuned client can (500 per request, two requests in flight),
// timing until all are searchable; esPid (0: unknown) is the node's
// process, for its CPU time.
func (e *esClient) load(ctx context.Context, dst string, def indexDef, ids []string, docs []json.RawMessage, esPid int) (Load, error) {
	l := Load{Name: dst, Docs: len(docs)}
	_ = e.Do(ctx, http.MethodDelete, "/"+dst+"?ignore_unavailable=true", nil, nil)
	body, _ := json.Marshal(map[string]any{"settings": map[string]any{"index": def.Settings}, "mappings": def.Mappings})
	if err := e.Do(ctx, http.MethodPut, "/"+dst, bytes.NewReader(body), nil); err != nil {
		return l, err
	}
	cpu0 := esCPU(esPid)
	start := time.Now()
	const per, inFlight = 500, 2
	sem := make(chan struct{}, inFlight)
	errs := make(chan error, len(docs)/per+1)
	var wg sync.WaitGroup
	for lo := 0; lo < len(docs); lo += per {
		hi := min(lo+per, len(docs))
		var b bytes.Buffer
		for i := lo; i < hi; i++ {
			fmt.Fprintf(&b, `{"index":{"_index":%q,"_id":%q}}`+"\n", dst, ids[i])
			b.Write(docs[i])
			b.WriteByte('\n')
		}
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			var out struct {
				Errors bool `json:"errors"`
			}
			if err := e.Do(ctx, http.MethodPost, "/_bulk", &b, &out); err != nil || out.Errors {
				errs <- fmt.Errorf("bulk load into %s: %v (item errors: %v)", dst, err, out.Errors)
			}
		}()
	}
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		return l, err
	}
	// Searchable, as for the pipeline: the count reaches all of them.
	for {
		n, err := e.Count(ctx, dst)
		if err != nil {
			return l, err
		}
		if n >= len(docs) {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	l.DocsPerSec = float64(len(docs)) / time.Since(start).Seconds()
	if esPid > 0 {
		l.ESCPU = esCPU(esPid) - cpu0
	}
	var stats struct {
		All struct {
			Primaries struct {
				Docs struct {
					Count int64 `json:"count"`
				} `json:"docs"`
				Store struct {
					Size int64 `json:"size_in_bytes"`
				} `json:"store"`
			} `json:"primaries"`
		} `json:"_all"`
	}
	_ = e.Do(ctx, http.MethodPost, "/"+dst+"/_refresh", nil, nil)
	if err := e.Do(ctx, http.MethodGet, "/"+dst+"/_stats/docs,store", nil, &stats); err != nil {
		return l, err
	}
	l.LuceneDocs, l.StoreBytes = stats.All.Primaries.Docs.Count, stats.All.Primaries.Store.Size
	return l, nil
}

// esCPU is the node's CPU seconds so far (0 when pid is 0).
func esCPU(pid int) float64 {
	if pid <= 0 {
		return 0
	}
	return procStats("elasticsearch", pid).CPUSeconds
}
