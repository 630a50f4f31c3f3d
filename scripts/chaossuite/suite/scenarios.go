package suite

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/newsroom-pipeline/newsroom/pkg/bus"
	"github.com/newsroom-pipeline/newsroom/scripts/chaossuite/corpus"
)

// Config is one run of the suite.
type Config struct {
	Bin     string         // nats-server and the four worker binaries
	Work    string         // stores and logs, one folder per scenario
	ES      ES             // the Elasticsearch node
	Stories []corpus.Story // good stories to draw from
	Count   int            // good stories per scenario
	Hostile int            // hostile inputs in the poison scenario
	Rate    float64        // stories published per second
	Short   bool           // short outages (the CI form)
}

// outage is how long a fault lasts, full and short.
func (c Config) outage(full, short time.Duration) time.Duration {
	if c.Short {
		return short
	}
	return full
}

// shutdownGrace is the workers' NEWSROOM_SHUTDOWN_GRACE (the default).
const shutdownGrace = 10 * time.Second

// Scenario is one fault and how the pipeline is set up for it.
type Scenario struct {
	Name    string
	Doc     string
	stack   stackOptions
	hostile bool
	// fault injects the fault while the load runs and returns when the
	// fault is over (the recovery clock starts then).
	fault func(ctx context.Context, r *run) (time.Time, error)
}

// run is one scenario in progress.
type run struct {
	cfg   Config
	s     *stack
	load  *load
	notes []string
}

func (r *run) note(format string, args ...any) {
	r.notes = append(r.notes, fmt.Sprintf(format, args...))
}

// sleep waits d or until ctx ends.
func sleep(ctx context.Context, d time.Duration) error {
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-time.After(d):
		return nil
	}
}

// inFlight is how many messages a stage's consumer has delivered and not
// yet seen acknowledged: the work a kill interrupts.
func (r *run) inFlight(ctx context.Context, stage string) int {
	stream, _, _ := bus.InputStream(stage)
	c, err := r.s.js.Consumer(ctx, stream, stage)
	if err != nil {
		return -1
	}
	info, err := c.Info(ctx)
	if err != nil {
		return -1
	}
	return info.NumAckPending
}

// Scenarios are the faults of the suite, in the order they run.
var Scenarios = []Scenario{
	{
		Name: "es-down", Doc: "Elasticsearch stopped (SIGTERM, as a restart or upgrade) mid-run for 90 s (short: 15 s), then started",
		fault: func(ctx context.Context, r *run) (time.Time, error) {
			r.load.waitPublished(ctx, r.load.at(0.25))
			d := r.cfg.outage(90*time.Second, 15*time.Second)
			r.note("stopped at %d published, down for %s", r.load.published.Load(), d)
			if err := r.s.es.Stop(ctx); err != nil {
				return time.Time{}, err
			}
			// The index stage must say it is paused, and why.
			paused := time.Now()
			_ = sleep(ctx, d/3)
			if err := r.s.ready(ctx, bus.StageIndex); err != nil {
				r.note("index /readyz %.0f s into the outage: %s", time.Since(paused).Seconds(), lineWith(err.Error(), "stage index"))
			} else {
				r.note("index /readyz said ready %.0f s into the outage", time.Since(paused).Seconds())
			}
			_ = sleep(ctx, d-time.Since(paused))
			if err := r.s.es.Start(context.WithoutCancel(ctx)); err != nil {
				return time.Time{}, err
			}
			return time.Now(), nil
		},
	},
	{
		Name: "es-hung", Doc: "the Elasticsearch JVM SIGSTOPped for 60 s (short: 10 s): connections open, nothing answers",
		fault: func(ctx context.Context, r *run) (time.Time, error) {
			r.load.waitPublished(ctx, r.load.at(0.25))
			d := r.cfg.outage(60*time.Second, 10*time.Second)
			r.note("hung at %d published for %s", r.load.published.Load(), d)
			if err := r.s.es.Signal(syscall.SIGSTOP); err != nil {
				return time.Time{}, err
			}
			_ = sleep(ctx, d)
			if err := r.s.es.Signal(syscall.SIGCONT); err != nil {
				return time.Time{}, err
			}
			return time.Now(), nil
		},
	},
	{
		Name: "es-429", Doc: "a fault proxy answers 429 to bulk requests (whole request and per item, alternately) and searches for 60 s (short: 10 s)",
		stack: stackOptions{viaProxy: true},
		fault: func(ctx context.Context, r *run) (time.Time, error) {
			r.load.waitPublished(ctx, r.load.at(0.25))
			d := r.cfg.outage(60*time.Second, 10*time.Second)
			r.s.proxy.Reject(true)
			_ = sleep(ctx, d)
			r.s.proxy.Reject(false)
			st := r.s.proxy.Stats()
			r.note("429 for %s: %d whole requests and %d items rejected", d, st.RejectedWhole, st.RejectedItems)
			return time.Now(), nil
		},
	},
	{
		Name: "alias-gone", Doc: "the write alias deleted mid-run, twice",
		fault: func(ctx context.Context, r *run) (time.Time, error) {
			var end time.Time
			for _, f := range []float64{0.25, 0.6} {
				r.load.waitPublished(ctx, r.load.at(f))
				if err := r.s.esc.Do(ctx, http.MethodDelete, "/"+r.s.prefix+"-v*/_alias/"+r.s.prefix+"-write", nil, nil); err != nil {
					return time.Time{}, err
				}
				end = time.Now()
				r.note("write alias deleted at %d published", r.load.published.Load())
			}
			return end, nil
		},
	},
	{
		Name: "kill-each", Doc: "SIGKILL of ingest, normalize, entitytag and index, one at a time mid-batch, each restarted a second later",
		fault: func(ctx context.Context, r *run) (time.Time, error) {
			for i, stage := range Stages {
				r.load.waitPublished(ctx, r.load.at(0.2+0.15*float64(i)))
				// Mid-batch: wait (a few seconds at most) until the stage
				// holds delivered, unacknowledged messages.
				n := 0
				for deadline := time.Now().Add(5 * time.Second); n <= 0 && time.Now().Before(deadline); {
					n = r.inFlight(ctx, stage)
				}
				r.s.workers[stage].Kill()
				r.note("%s killed with %d in flight", stage, n)
				_ = sleep(ctx, time.Second)
				if err := r.s.workers[stage].Restart(); err != nil {
					return time.Time{}, err
				}
			}
			return time.Now(), nil
		},
	},
	{
		Name: "nats-restart", Doc: "nats-server SIGKILLed and restarted on the same file store after 20 s (short: 5 s)",
		fault: func(ctx context.Context, r *run) (time.Time, error) {
			r.load.waitPublished(ctx, r.load.at(0.25))
			d := r.cfg.outage(20*time.Second, 5*time.Second)
			r.note("killed at %d published, down for %s", r.load.published.Load(), d)
			r.s.nats[0].Kill()
			_ = sleep(ctx, d)
			if err := r.s.nats[0].Restart(); err != nil {
				return time.Time{}, err
			}
			return time.Now(), nil
		},
	},
	{
		Name: "nats-node-loss", Doc: "a 3-node JetStream cluster (R3 streams) loses the node leading most pipeline streams (SIGKILL, not restarted)",
		stack: stackOptions{natsNodes: 3},
		fault: func(ctx context.Context, r *run) (time.Time, error) {
			r.load.waitPublished(ctx, r.load.at(0.25))
			leads := map[string][]string{}
			for _, name := range bus.StreamNames {
				st, err := r.s.js.Stream(ctx, name)
				if err != nil {
					return time.Time{}, err
				}
				info, err := st.Info(ctx)
				if err != nil || info.Cluster == nil {
					return time.Time{}, fmt.Errorf("stream %s cluster info: %v", name, err)
				}
				leads[info.Cluster.Leader] = append(leads[info.Cluster.Leader], name)
			}
			var victim string
			for server, streams := range leads {
				if victim == "" || len(streams) > len(leads[victim]) || (len(streams) == len(leads[victim]) && server < victim) {
					victim = server
				}
			}
			for _, p := range r.s.nats {
				if p.Name == victim {
					p.Kill()
					r.note("%s, leader of %s, killed at %d published", victim, strings.Join(leads[victim], ", "), r.load.published.Load())
					return time.Now(), nil
				}
			}
			return time.Time{}, fmt.Errorf("no server named %q among the cluster", victim)
		},
	},
	{
		Name: "poison", Doc: "hostile inputs mixed into the good ones: binary, 16 MiB, XML bombs and XXE, deep and broken JSON, empty, no words, and stories that make entitytag panic",
		hostile: true,
		fault: func(ctx context.Context, r *run) (time.Time, error) {
			select {
			case <-r.load.done:
			case <-ctx.Done():
			}
			return time.Now(), nil
		},
	},
	{
		Name: "sigterm", Doc: "SIGTERM to every worker at once under load while Elasticsearch answers slowly (2 s per bulk request); each must exit within its grace period",
		stack: stackOptions{viaProxy: true},
		fault: func(ctx context.Context, r *run) (time.Time, error) {
			r.s.proxy.Delay(2 * time.Second)
			r.load.waitPublished(ctx, r.load.at(0.4))
			n := r.inFlight(ctx, bus.StageIndex)
			start := time.Now()
			for _, stage := range Stages {
				if err := r.s.workers[stage].Signal(syscall.SIGTERM); err != nil {
					return time.Time{}, err
				}
			}
			var mu sync.Mutex
			var wg sync.WaitGroup
			var errs []error
			took := map[string]time.Duration{}
			for _, stage := range Stages {
				wg.Add(1)
				go func() {
					defer wg.Done()
					code, err := r.s.workers[stage].WaitExit(shutdownGrace + 20*time.Second)
					mu.Lock()
					defer mu.Unlock()
					took[stage] = time.Since(start)
					switch {
					case err != nil:
						errs = append(errs, err)
					case code != 0:
						errs = append(errs, fmt.Errorf("%s exited with code %d", stage, code))
					case took[stage] > shutdownGrace+2*time.Second:
						errs = append(errs, fmt.Errorf("%s took %.1f s to exit, over its %s grace period", stage, took[stage].Seconds(), shutdownGrace))
					}
				}()
			}
			wg.Wait()
			var parts []string
			for _, stage := range Stages {
				parts = append(parts, fmt.Sprintf("%s %.1f s", stage, took[stage].Seconds()))
			}
			r.note("SIGTERM with %d in flight at index; exits: %s (grace %s)", n, strings.Join(parts, ", "), shutdownGrace)
			if err := errors.Join(errs...); err != nil {
				return time.Time{}, err
			}
			r.s.proxy.Delay(0)
			for _, stage := range Stages {
				if err := r.s.workers[stage].Restart(); err != nil {
					return time.Time{}, err
				}
			}
			return time.Now(), nil
		},
	},
}

// Find returns the scenarios named (all when names is empty).
func Find(names []string) ([]Scenario, error) {
	if len(names) == 0 {
		return Scenarios, nil
	}
	var out []Scenario
	for _, n := range names {
		i := slices.IndexFunc(Scenarios, func(s Scenario) bool { return s.Name == n })
		if i < 0 {
			var known []string
			for _, s := range Scenarios {
				known = append(known, s.Name)
			}
			return nil, fmt.Errorf("unknown scenario %q (known: %s)", n, strings.Join(known, ", "))
		}
		out = append(out, Scenarios[i])
	}
	return out, nil
}

// Result is the outcome of one scenario.
type Result struct {
	Name string
	tally
	Recovered time.Duration
	Took      time.Duration
	Notes     []string
	Err       error
}

// Line is the scenario's line of the report, in the form the issue fixed.
func (r Result) Line() string {
	return fmt.Sprintf("chaos %s: published %d, indexed %d, lost %d, duplicated %d, dead-lettered %d, recovered in %.1f s",
		r.Name, r.Published, r.Indexed, r.Lost, r.Duplicated, r.DeadLettered, r.Recovered.Seconds())
}

// Failures lists what broke a guarantee; empty when the scenario passed.
func (r Result) Failures() []string {
	var f []string
	if r.Err != nil {
		f = append(f, r.Err.Error())
	}
	if r.Lost > 0 || r.Duplicated > 0 || r.DeadLettered > 0 {
		f = append(f, fmt.Sprintf("lost %d, duplicated %d, dead-lettered %d", r.Lost, r.Duplicated, r.DeadLettered))
	}
	if r.HostileDead != r.Hostile || r.HostileIndexed > 0 {
		f = append(f, fmt.Sprintf("%d of %d hostile inputs dead-lettered, %d indexed", r.HostileDead, r.Hostile, r.HostileIndexed))
	}
	if len(f) > 0 && len(r.Examples) > 0 {
		f = append(f, "e.g. "+strings.Join(r.Examples, ", "))
	}
	if r.DeadNoReason > 0 || r.DeadUnmatched > 0 {
		f = append(f, fmt.Sprintf("%d dead letters without a reason, %d matching no published story", r.DeadNoReason, r.DeadUnmatched))
	}
	return f
}

// Run runs one scenario on stories[offset:] and tears its stack down.
func Run(ctx context.Context, cfg Config, sc Scenario, offset int) (res Result) {
	start := time.Now()
	res.Name = sc.Name
	defer func() { res.Took = time.Since(start) }()
	stories := make([]corpus.Story, cfg.Count)
	for i := range stories {
		stories[i] = cfg.Stories[(offset+i)%len(cfg.Stories)]
	}
	if sc.hostile {
		stories = interleave(stories, corpus.Hostile(cfg.Hostile, stories, PanicMarker, uint64(offset)))
	}
	items := plan(sc.Name, stories)

	if sc.stack.natsNodes == 0 {
		sc.stack.natsNodes = 1
	}
	s, err := up(ctx, sc.Name, cfg.Work, cfg.Bin, cfg.ES, sc.stack)
	if err != nil {
		res.Err = fmt.Errorf("start the stack: %w", err)
		return res
	}
	defer s.down()
	r := &run{cfg: cfg, s: s, load: newLoad(items, cfg.Rate)}
	lctx, cancelLoad := context.WithTimeout(ctx, 10*time.Minute)
	defer cancelLoad()
	go r.load.run(lctx, s.js)

	faultEnd, err := sc.fault(ctx, r)
	res.Notes = r.notes
	if err != nil {
		res.Err = fmt.Errorf("fault: %w", err)
		return res
	}
	<-r.load.done
	if r.load.err != nil {
		res.Err = fmt.Errorf("publisher: %w", r.load.err)
		return res
	}
	good := 0
	for _, it := range items {
		if it.story.Hostile == "" {
			good++
		}
	}
	reached, err := s.waitSearchable(ctx, good, faultEnd.Add(cfg.outage(6*time.Minute, 3*time.Minute)))
	if err != nil {
		res.Err = err
	} else if res.Recovered = reached.Sub(faultEnd); res.Recovered < 0 {
		res.Recovered = 0
	}
	// Late duplicates and late dead letters would show up in these seconds.
	_ = sleep(ctx, 3*time.Second)
	cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Minute)
	defer cancel()
	t, err := s.check(cctx, items, int(r.load.published.Load()))
	if err != nil && res.Err == nil {
		res.Err = err
	}
	res.tally = t
	if sc.hostile {
		var kinds []string
		for k, n := range t.HostileByReason {
			kinds = append(kinds, fmt.Sprintf("%s %d", k, n))
		}
		sort.Strings(kinds)
		res.Notes = append(res.Notes, fmt.Sprintf("hostile %d, dead-lettered with a reason %d (%s), indexed %d",
			t.Hostile, t.HostileDead, strings.Join(kinds, ", "), t.HostileIndexed))
	}
	for name, n := range s.restarts() {
		res.Notes = append(res.Notes, fmt.Sprintf("%s exited on its own and was restarted %d time(s) (log: %s)", name, n, s.dir))
	}
	return res
}

// lineWith returns the first line of s that contains sub, else s's first line.
func lineWith(s, sub string) string {
	lines := strings.Split(s, "\n")
	for _, l := range lines {
		if strings.Contains(l, sub) {
			return strings.TrimSpace(l)
		}
	}
	return lines[0]
}

// interleave spreads hostile evenly among good, keeping both in order.
func interleave(good, hostile []corpus.Story) []corpus.Story {
	n := len(good) + len(hostile)
	out := make([]corpus.Story, 0, n)
	g, h := 0, 0
	for len(out) < n {
		if h < len(hostile) && (g >= len(good) || (h+1)*n <= (len(out)+1)*len(hostile)) {
			out = append(out, hostile[h])
			h++
		} else {
			out = append(out, good[g])
			g++
		}
	}
	return out
}
