// Package suite runs the chaos scenarios: each starts a fresh pipeline of
// real processes (nats-server, one node or a three-node JetStream cluster,
// and the four workers) against the real Elasticsearch node, publishes
// corpus stories from outside at a bounded rate, injects one fault while
// they flow, and then checks that every story became searchable exactly
// once and none was dead-lettered.
package suite

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/newsroom-pipeline/newsroom/pkg/bus"
	"github.com/newsroom-pipeline/newsroom/scripts/chaossuite/esclient"
	"github.com/newsroom-pipeline/newsroom/scripts/chaossuite/faultproxy"
	"github.com/newsroom-pipeline/newsroom/scripts/chaossuite/procs"
)

// Stages are the worker programs, in flow order.
var Stages = []string{bus.StageIngest, bus.StageNormalize, bus.StageEntityTag, bus.StageIndex}

// PanicMarker makes the entitytag worker panic (fault injection, set only
// on that worker) so that the poison scenario has a story that crashes a
// stage in the middle of the pipeline.
const PanicMarker = "CHAOS-PANIC-b41d"

// ES controls the Elasticsearch node the suite runs against: it is started
// and stopped with scripts/es, which records the JVM's pid.
type ES struct {
	URL     string
	Port    int
	Script  string // scripts/es
	PidFile string // where scripts/es writes the node's pid
}

func (e ES) run(ctx context.Context, cmd string) error {
	c := exec.CommandContext(ctx, e.Script, cmd)
	c.Env = append(os.Environ(), "NEWSROOM_ES_PORT="+strconv.Itoa(e.Port))
	if out, err := c.CombinedOutput(); err != nil {
		return fmt.Errorf("scripts/es %s: %w\n%s", cmd, err, out)
	}
	return nil
}

// Stop stops the node (SIGTERM, as an operator's restart does).
func (e ES) Stop(ctx context.Context) error { return e.run(ctx, "stop") }

// Start starts it and waits for yellow health.
func (e ES) Start(ctx context.Context) error { return e.run(ctx, "start") }

// Signal sends sig to the node's JVM (SIGSTOP hangs it, SIGCONT resumes).
func (e ES) Signal(sig syscall.Signal) error {
	b, err := os.ReadFile(e.PidFile)
	if err != nil {
		return fmt.Errorf("elasticsearch pid: %w", err)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil {
		return fmt.Errorf("elasticsearch pid file %s: %w", e.PidFile, err)
	}
	return syscall.Kill(pid, sig)
}

// stack is one scenario's running pipeline.
type stack struct {
	name     string
	dir      string // stores and logs of this scenario
	bin      string
	es       ES
	esURL    string           // what the workers use: the node, or the fault proxy
	esc      *esclient.Client // the node itself, never the proxy
	prefix   string           // index prefix of this scenario
	proxy    *faultproxy.Proxy
	nats     []*procs.Proc
	natsURLs []string
	workers  map[string]*procs.Proc
	opsAddr  map[string]string
	nc       *nats.Conn
	js       jetstream.JetStream
	http     *http.Client
}

// stackOptions shape a scenario's stack.
type stackOptions struct {
	natsNodes int  // 1, or 3 for a JetStream cluster with R3 streams
	viaProxy  bool // workers reach Elasticsearch through the fault proxy
}

// freePort asks the kernel for a free loopback port.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// up starts NATS, the proxy if asked, and the four workers, and waits
// until every worker reports ready.
func up(ctx context.Context, name, workDir, bin string, es ES, o stackOptions) (*stack, error) {
	dir := filepath.Join(workDir, name)
	if err := os.RemoveAll(dir); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	s := &stack{
		name: name, dir: dir, bin: bin, es: es, esURL: es.URL,
		prefix:  "chaos-" + name,
		workers: map[string]*procs.Proc{}, opsAddr: map[string]string{},
		http: &http.Client{Timeout: 10 * time.Second},
	}
	s.esc = &esclient.Client{URL: es.URL, HTTP: s.http}
	if err := s.startNATS(ctx, o.natsNodes); err != nil {
		s.down()
		return nil, err
	}
	if o.viaProxy {
		p, err := faultproxy.New(es.URL)
		if err != nil {
			s.down()
			return nil, err
		}
		url, err := p.Start("127.0.0.1:0")
		if err != nil {
			s.down()
			return nil, err
		}
		s.proxy, s.esURL = p, url
	}
	s.deleteIndex() // a leftover of an interrupted run
	if n, err := s.countDocs(ctx); err == nil && n > 0 {
		s.down()
		return nil, fmt.Errorf("index %s-v* still holds %d documents after its deletion", s.prefix, n)
	}
	replicas := "1"
	if o.natsNodes > 1 {
		replicas = "3"
	}
	for _, stage := range Stages {
		port, err := freePort()
		if err != nil {
			s.down()
			return nil, err
		}
		s.opsAddr[stage] = fmt.Sprintf("127.0.0.1:%d", port)
		env := []string{
			"NEWSROOM_NATS_URL=" + strings.Join(s.natsURLs, ","),
			"NEWSROOM_ES_URLS=" + s.esURL,
			"NEWSROOM_ES_INDEX_PREFIX=" + s.prefix,
			"NEWSROOM_HTTP_ADDR=" + s.opsAddr[stage],
			"NEWSROOM_STREAM_REPLICAS=" + replicas,
			"NEWSROOM_STREAM_MAX_MSG_BYTES=20MiB", // the poison scenario's 16 MiB story must reach ingest
			"NEWSROOM_ACK_WAIT=10s",
			"NEWSROOM_LOG_LEVEL=info",
		}
		if stage == bus.StageEntityTag {
			env = append(env, "NEWSROOM_FAULT_PANIC_MARKER="+PanicMarker)
		}
		p, err := procs.Start(stage, filepath.Join(bin, stage), nil, env, filepath.Join(dir, stage+".log"))
		if err != nil {
			s.down()
			return nil, err
		}
		s.workers[stage] = p
	}
	if err := s.waitReady(ctx, 3*time.Minute); err != nil {
		s.down()
		return nil, err
	}
	return s, nil
}

// startNATS starts n nats-server processes (a cluster when n > 1) with file
// storage under the scenario's directory, and connects to them.
func (s *stack) startNATS(ctx context.Context, n int) error {
	ports := make([]int, 2*n)
	for i := range ports {
		p, err := freePort()
		if err != nil {
			return err
		}
		ports[i] = p
	}
	var routes []string
	for i := range n {
		routes = append(routes, fmt.Sprintf("nats://127.0.0.1:%d", ports[n+i]))
	}
	for i := range n {
		name := fmt.Sprintf("nats-%d", i+1)
		conf := fmt.Sprintf("server_name: %s\nlisten: 127.0.0.1:%d\n"+
			"max_payload: 24MB\nmax_pending: 64MB\n"+
			"jetstream { store_dir: %q }\n", name, ports[i], filepath.Join(s.dir, name))
		if n > 1 {
			conf += fmt.Sprintf("cluster { name: chaos, listen: 127.0.0.1:%d, routes: [%s] }\n", ports[n+i], strings.Join(routes, ", "))
		}
		path := filepath.Join(s.dir, name+".conf")
		if err := os.WriteFile(path, []byte(conf), 0o644); err != nil {
			return err
		}
		p, err := procs.Start(name, filepath.Join(s.bin, "nats-server"), []string{"-c", path}, nil, filepath.Join(s.dir, name+".log"))
		if err != nil {
			return err
		}
		s.nats = append(s.nats, p)
		s.natsURLs = append(s.natsURLs, fmt.Sprintf("nats://127.0.0.1:%d", ports[i]))
	}
	deadline := time.Now().Add(60 * time.Second)
	for {
		err := s.connect(ctx)
		if err == nil {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("nats not ready: %w", err)
		}
		time.Sleep(250 * time.Millisecond)
	}
}

// connect opens the suite's own connection (the publisher's and the
// checker's) once JetStream answers.
func (s *stack) connect(ctx context.Context) error {
	if s.nc == nil {
		nc, err := nats.Connect(strings.Join(s.natsURLs, ","), nats.Name("chaos-suite"), nats.MaxReconnects(-1), nats.ReconnectWait(250*time.Millisecond))
		if err != nil {
			return err
		}
		js, err := jetstream.New(nc)
		if err != nil {
			nc.Close()
			return err
		}
		s.nc, s.js = nc, js
	}
	actx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	_, err := s.js.AccountInfo(actx)
	return err
}

// waitReady polls every worker's /readyz.
func (s *stack) waitReady(ctx context.Context, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for _, stage := range Stages {
		for {
			err := s.ready(ctx, stage)
			if err == nil {
				break
			}
			if time.Now().After(deadline) {
				return fmt.Errorf("%s not ready after %s: %v (log: %s)", stage, timeout, err, filepath.Join(s.dir, stage+".log"))
			}
			time.Sleep(250 * time.Millisecond)
		}
	}
	return nil
}

func (s *stack) ready(ctx context.Context, stage string) error {
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+s.opsAddr[stage]+"/readyz", nil)
	res, err := s.http.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("%s: %s", res.Status, strings.TrimSpace(string(body)))
	}
	return nil
}

// restarts counts the workers' unexpected exits that were restarted.
func (s *stack) restarts() map[string]int {
	out := map[string]int{}
	for name, p := range s.workers {
		if n := p.Restarts(); n > 0 {
			out[name] = n
		}
	}
	return out
}

// down stops everything and deletes the scenario's index.
func (s *stack) down() {
	for _, p := range s.workers {
		p.Stop(20 * time.Second)
	}
	if s.nc != nil {
		s.nc.Close()
	}
	for _, p := range s.nats {
		p.Stop(10 * time.Second)
	}
	if s.proxy != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		_ = s.proxy.Close(ctx)
		cancel()
	}
	s.deleteIndex()
}

// deleteIndex deletes the scenario's index (by its name: Elasticsearch
// refuses wildcard deletes) and template; a missing one is fine.
func (s *stack) deleteIndex() {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	_ = s.esc.DeletePrefix(ctx, s.prefix)
}
