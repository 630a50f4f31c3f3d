package suite

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os/exec"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/newsroom-pipeline/newsroom/pkg/esconn"
	"github.com/newsroom-pipeline/newsroom/scripts/chaossuite/corpus"
	"github.com/newsroom-pipeline/newsroom/scripts/chaossuite/esclient"
)

// ComposeConfig is the compose test's view of a running compose stack
// (scripts/compose-test starts it): where its published ports are, whose
// credentials to use, and which replicas to kill mid-run.
type ComposeConfig struct {
	NATSURL       string
	Publisher     [2]string // user and password of the publisher (may publish news.raw.> only)
	Admin         [2]string // user and password that may read NEWS_DLQ
	ES            esconn.Options
	IndexPrefix   string
	Stories       []corpus.Story
	Rate          float64
	Kill          []string // containers to `docker kill` once half the stories are searchable
	Workers       []string // every worker container, whose acks are read before the kill
	Replicas      string   // "ingest=1 normalize=2 ...", for the report line
	SearchTimeout time.Duration
}

// ComposeResult is what the compose test found.
type ComposeResult struct {
	tally
	Replicas       string
	FirstSearch    time.Duration // first publish ack -> first story searchable
	AllSearchable  time.Duration // first publish ack -> every story searchable
	Killed         []string
	KilledInFlight int // messages the killed stages held unacknowledged at the kill
	// Acks is, per worker container, the messages it had acked when half
	// the stories were searchable: a replica with none got no work.
	Acks map[string]int
}

// Line is the report line scripts/compose-test prints.
func (r ComposeResult) Line() string {
	return fmt.Sprintf("compose: replicas %s; published %d, searchable %d, duplicated %d, dead-lettered %d",
		r.Replicas, r.Published, r.Indexed, r.Duplicated, r.DeadLettered)
}

// Failures lists the broken guarantees ("" for none).
func (r ComposeResult) Failures() []string {
	var f []string
	if r.Lost > 0 {
		f = append(f, fmt.Sprintf("%d stories never searchable (e.g. %s)", r.Lost, strings.Join(r.Examples, ", ")))
	}
	if r.Duplicated > 0 {
		f = append(f, fmt.Sprintf("%d duplicated documents", r.Duplicated))
	}
	for _, name := range sortedKeys(r.Acks) {
		if r.Acks[name] <= 0 {
			f = append(f, fmt.Sprintf("replica %s had acked no message when half the stories were searchable", name))
		}
	}
	if r.DeadLettered > 0 || r.DeadUnmatched > 0 {
		f = append(f, fmt.Sprintf("%d good stories dead-lettered, %d unmatched dead letters", r.DeadLettered, r.DeadUnmatched))
	}
	return f
}

// Compose publishes the stories to a running compose stack through its
// published NATS port as the publisher user, kills the containers of
// cfg.Kill once half of them are searchable, and checks that every story
// became searchable exactly once and none was dead-lettered.
func Compose(ctx context.Context, cfg ComposeConfig) (res ComposeResult, err error) {
	res.Replicas = cfg.Replicas
	connect := func(name string, cred [2]string) (*nats.Conn, jetstream.JetStream, error) {
		nc, err := nats.Connect(cfg.NATSURL, nats.Name(name), nats.UserInfo(cred[0], cred[1]),
			nats.MaxReconnects(-1), nats.ReconnectWait(250*time.Millisecond))
		if err != nil {
			return nil, nil, fmt.Errorf("connect to %s as %s: %w", cfg.NATSURL, cred[0], err)
		}
		js, err := jetstream.New(nc)
		if err != nil {
			nc.Close()
			return nil, nil, err
		}
		return nc, js, nil
	}
	pubConn, pubJS, err := connect("compose-test-publisher", cfg.Publisher)
	if err != nil {
		return res, err
	}
	defer pubConn.Close()
	adminConn, adminJS, err := connect("compose-test-checker", cfg.Admin)
	if err != nil {
		return res, err
	}
	defer adminConn.Close()

	s := &stack{
		name: "compose", es: ES{URL: strings.TrimRight(cfg.ES.URLs[0], "/")},
		prefix: cfg.IndexPrefix, nc: adminConn, js: adminJS,
		http: &http.Client{Timeout: 10 * time.Second},
	}
	s.esc = &esclient.Client{URL: s.es.URL, Auth: cfg.ES, HTTP: s.http}
	if n, err := s.countDocs(ctx); err == nil && n > 0 {
		return res, fmt.Errorf("the index %s already holds %d documents: start from an empty stack (docker compose down -v)", cfg.IndexPrefix, n)
	}

	items := plan("compose", cfg.Stories)
	l := newLoad(items, cfg.Rate)
	lctx, cancelLoad := context.WithCancel(ctx)
	defer cancelLoad()
	go l.run(lctx, pubJS)

	l.waitPublished(ctx, 1)
	start := time.Now()
	if _, err := s.waitSearchable(ctx, 1, start.Add(cfg.SearchTimeout)); err != nil {
		return res, fmt.Errorf("first story: %w", err)
	}
	res.FirstSearch = time.Since(start)

	if len(cfg.Kill) > 0 || len(cfg.Workers) > 0 {
		if _, err := s.waitSearchable(ctx, len(items)/2, start.Add(cfg.SearchTimeout)); err != nil {
			return res, fmt.Errorf("before the kill: %w", err)
		}
		if res.Acks, err = containerAcks(ctx, s.http, cfg.Workers); err != nil {
			return res, err
		}
	}
	if len(cfg.Kill) > 0 {
		for _, stage := range []string{"entitytag", "index"} {
			if n := (&run{s: s}).inFlight(ctx, stage); n > 0 {
				res.KilledInFlight += n
			}
		}
		out, err := exec.CommandContext(ctx, "docker", append([]string{"kill"}, cfg.Kill...)...).CombinedOutput()
		if err != nil {
			return res, fmt.Errorf("docker kill %s: %w: %s", strings.Join(cfg.Kill, " "), err, out)
		}
		res.Killed = cfg.Kill
	}

	<-l.done
	if l.err != nil {
		return res, fmt.Errorf("publisher: %w", l.err)
	}
	if _, err := s.waitSearchable(ctx, len(items), time.Now().Add(cfg.SearchTimeout)); err != nil {
		return res, err
	}
	res.AllSearchable = time.Since(start)
	// Late duplicates and late dead letters would show up in these seconds.
	_ = sleep(ctx, 3*time.Second)
	res.tally, err = s.check(ctx, items, int(l.published.Load()))
	return res, err
}

// containerAcks reads newsroom_stage_messages_total{fate="ack"} from each
// container's /metrics (port 8080, NEWSROOM_HTTP_ADDR in the compose file),
// reached at its address on the compose network: workers publish no ports.
func containerAcks(ctx context.Context, hc *http.Client, containers []string) (map[string]int, error) {
	acks := map[string]int{}
	for _, name := range containers {
		out, err := exec.CommandContext(ctx, "docker", "inspect", "-f", "{{range .NetworkSettings.Networks}}{{.IPAddress}} {{end}}", name).Output()
		if err != nil {
			return nil, fmt.Errorf("docker inspect %s: %w", name, err)
		}
		ips := strings.Fields(string(out))
		if len(ips) == 0 {
			return nil, fmt.Errorf("container %s has no address", name)
		}
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+ips[0]+":8080/metrics", nil)
		res, err := hc.Do(req)
		if err != nil {
			return nil, fmt.Errorf("metrics of %s: %w", name, err)
		}
		body, err := io.ReadAll(res.Body)
		res.Body.Close()
		if err != nil {
			return nil, fmt.Errorf("metrics of %s: %w", name, err)
		}
		acks[name] = ackCount(string(body))
	}
	return acks, nil
}

// ackCount sums the ack counters of a Prometheus text exposition.
func ackCount(metrics string) int {
	n := 0
	for _, line := range strings.Split(metrics, "\n") {
		if !strings.HasPrefix(line, "newsroom_stage_messages_total{") || !strings.Contains(line, `fate="ack"`) {
			continue
		}
		f := strings.Fields(line)
		if v, err := strconv.ParseFloat(f[len(f)-1], 64); err == nil {
			n += int(v)
		}
	}
	return n
}

func sortedKeys(m map[string]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
