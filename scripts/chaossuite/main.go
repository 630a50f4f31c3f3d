// Command chaossuite runs the chaos suite (see scripts/chaos, which builds
// the binaries, starts Elasticsearch and calls it): every scenario of
// package suite against real processes, one line per scenario and a total
// line. It exits 1 when any scenario loses, duplicates or wrongly
// dead-letters a story, or cannot run.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"os/signal"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/newsroom-pipeline/newsroom/scripts/chaossuite/bench"
	"github.com/newsroom-pipeline/newsroom/scripts/chaossuite/corpus"
	"github.com/newsroom-pipeline/newsroom/scripts/chaossuite/suite"
)

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		name := "chaos" // the subcommand names the tool in its errors
		if len(os.Args) > 1 && (os.Args[1] == "bench" || os.Args[1] == "compose") {
			name = os.Args[1]
		}
		fmt.Fprintln(os.Stderr, name+":", err)
		os.Exit(1)
	}
}

func run(args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 && args[0] == "compose" {
		return runCompose(args[1:], stdout, stderr)
	}
	if len(args) > 0 && args[0] == "bench" {
		return runBench(args[1:], stdout, stderr)
	}
	fs := flag.NewFlagSet("chaossuite", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var cfg suite.Config
	fs.StringVar(&cfg.Bin, "bin", "", "folder holding nats-server, ingest, normalize, entitytag and index (required)")
	fs.StringVar(&cfg.Work, "work", "/var/tmp/newsroom-chaos", "folder for the scenarios' NATS stores and logs")
	fs.StringVar(&cfg.ES.URL, "es-url", "http://127.0.0.1:9270", "the Elasticsearch node")
	fs.IntVar(&cfg.ES.Port, "es-port", 9270, "its port, for scripts/es stop/start")
	fs.StringVar(&cfg.ES.Script, "es-script", "scripts/es", "scripts/es")
	fs.StringVar(&cfg.ES.PidFile, "es-pidfile", "/var/tmp/newsroom-es/es-9270.pid", "the node's pid file (for SIGSTOP)")
	shared := fs.String("shared", "../shared/data", "the shared corpora")
	fs.BoolVar(&cfg.Short, "short", false, "the short form: fewer stories, shorter outages (CI)")
	fs.IntVar(&cfg.Count, "stories", 0, "good stories per scenario (default 2000; short 300)")
	fs.IntVar(&cfg.Hostile, "hostile", 0, "hostile inputs in the poison scenario (default 1000; short 100)")
	fs.Float64Var(&cfg.Rate, "rate", 0, "stories published per second (default 100; short 60)")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: chaossuite -bin DIR [flags] [scenario ...]\n\nScenarios:\n")
		for _, s := range suite.Scenarios {
			fmt.Fprintf(stderr, "  %-15s %s\n", s.Name, s.Doc)
		}
		fmt.Fprintf(stderr, "\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return nil
		}
		return err
	}
	if cfg.Bin == "" {
		fs.Usage()
		return fmt.Errorf("-bin is required")
	}
	defaults := map[bool][3]float64{false: {2000, 1000, 100}, true: {300, 100, 60}}[cfg.Short]
	if cfg.Count == 0 {
		cfg.Count = int(defaults[0])
	}
	if cfg.Hostile == 0 {
		cfg.Hostile = int(defaults[1])
	}
	if cfg.Rate == 0 {
		cfg.Rate = defaults[2]
	}
	scenarios, err := suite.Find(fs.Args())
	if err != nil {
		return err
	}
	stories, err := corpus.Good(*shared)
	if err != nil {
		return fmt.Errorf("corpus: %w", err)
	}
	cfg.Stories = stories

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	fmt.Fprintf(stderr, "chaos: %d scenarios, %d good stories each (of %d), %.0f/s, %s outages; logs under %s\n",
		len(scenarios), cfg.Count, len(stories), cfg.Rate, map[bool]string{false: "full", true: "short"}[cfg.Short], cfg.Work)
	var total suite.Result
	failed := 0
	for i, sc := range scenarios {
		fmt.Fprintf(stderr, "chaos: %s — %s\n", sc.Name, sc.Doc)
		res := suite.Run(ctx, cfg, sc, i*cfg.Count)
		fmt.Fprintln(stdout, res.Line())
		for _, n := range res.Notes {
			fmt.Fprintf(stdout, "  %s: %s\n", sc.Name, n)
		}
		if f := res.Failures(); len(f) > 0 {
			failed++
			fmt.Fprintf(stdout, "  %s: FAILED: %s\n", sc.Name, strings.Join(f, "; "))
		}
		fmt.Fprintf(stderr, "chaos: %s took %s\n", sc.Name, res.Took.Round(time.Second))
		total.Published += res.Published
		total.Indexed += res.Indexed
		total.Lost += res.Lost
		total.Duplicated += res.Duplicated
		total.DeadLettered += res.DeadLettered
		if ctx.Err() != nil {
			return ctx.Err()
		}
	}
	fmt.Fprintf(stdout, "chaos total: %d scenarios, %d failed; published %d, indexed %d, lost %d, duplicated %d, dead-lettered %d\n",
		len(scenarios), failed, total.Published, total.Indexed, total.Lost, total.Duplicated, total.DeadLettered)
	if failed > 0 {
		return fmt.Errorf("%d of %d scenarios failed", failed, len(scenarios))
	}
	return nil
}

// runCompose is the checking half of scripts/compose-test, which starts the
// compose stack and passes its published ports, secrets and the replicas
// to kill.
func runCompose(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("chaossuite compose", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var cfg suite.ComposeConfig
	fs.StringVar(&cfg.NATSURL, "nats", "nats://127.0.0.1:4222", "the stack's published NATS port")
	pubPW := fs.String("publisher-password-file", "deploy/secrets/nats_publisher_password", "password of the NATS user publisher")
	adminPW := fs.String("admin-password-file", "deploy/secrets/nats_admin_password", "password of the NATS user admin (reads NEWS_DLQ)")
	esURL := fs.String("es", "http://127.0.0.1:9200", "the stack's published Elasticsearch port")
	esPW := fs.String("es-password-file", "deploy/secrets/elastic_password", "password of the Elasticsearch user elastic")
	fs.StringVar(&cfg.IndexPrefix, "index-prefix", "news", "the index worker's NEWSROOM_ES_INDEX_PREFIX")
	shared := fs.String("shared", "../shared/data", "the shared corpora")
	count := fs.Int("stories", 2000, "distinct corpus stories to publish")
	fs.Float64Var(&cfg.Rate, "rate", 100, "stories published per second")
	kill := fs.String("kill", "", "containers to docker kill once half the stories are searchable, comma-separated")
	workers := fs.String("workers", "", "every worker container, comma-separated: each must have acked messages before the kill")
	fs.StringVar(&cfg.Replicas, "replicas", "", "replicas of each stage, for the report line")
	fs.DurationVar(&cfg.SearchTimeout, "timeout", 5*time.Minute, "how long stories may take to become searchable")
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return nil
		}
		return err
	}
	read := func(path string) (string, error) {
		b, err := os.ReadFile(path)
		if err != nil {
			return "", fmt.Errorf("secret: %w", err)
		}
		return strings.TrimSpace(string(b)), nil
	}
	var err error
	cfg.Publisher[0], cfg.Admin[0] = "publisher", "admin"
	if cfg.Publisher[1], err = read(*pubPW); err != nil {
		return err
	}
	if cfg.Admin[1], err = read(*adminPW); err != nil {
		return err
	}
	cfg.ES.URLs, cfg.ES.Username = []string{*esURL}, "elastic"
	if cfg.ES.Password, err = read(*esPW); err != nil {
		return err
	}
	if *kill != "" {
		cfg.Kill = strings.Split(*kill, ",")
	}
	if *workers != "" {
		cfg.Workers = strings.Split(*workers, ",")
	}
	stories, err := corpus.Good(*shared)
	if err != nil {
		return fmt.Errorf("corpus: %w", err)
	}
	if *count > len(stories) {
		return fmt.Errorf("-stories %d: the corpus has %d distinct stories", *count, len(stories))
	}
	cfg.Stories = stories[:*count]

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	fmt.Fprintf(stderr, "compose: publishing %d stories at %.0f/s to %s as publisher\n", *count, cfg.Rate, cfg.NATSURL)
	res, err := suite.Compose(ctx, cfg)
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "compose: first story searchable %.1f s after its publish, all %d in %.1f s; killed %s holding %d unacked messages of their stages\n",
		res.FirstSearch.Seconds(), res.Indexed, res.AllSearchable.Seconds(), strings.Join(res.Killed, " "), res.KilledInFlight)
	var acks []string
	for _, name := range slices.Sorted(maps.Keys(res.Acks)) {
		acks = append(acks, fmt.Sprintf("%s=%d", name, res.Acks[name]))
	}
	if len(acks) > 0 {
		fmt.Fprintf(stderr, "compose: messages acked per replica at half-way: %s\n", strings.Join(acks, " "))
	}
	fmt.Fprintln(stdout, res.Line())
	if f := res.Failures(); len(f) > 0 {
		return fmt.Errorf("FAILED: %s", strings.Join(f, "; "))
	}
	return nil
}

// runBench is the end-to-end benchmark of scripts/bench -e2e.
func runBench(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("chaossuite bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var cfg bench.Config
	fs.StringVar(&cfg.Bin, "bin", "", "folder holding nats-server, ingest, normalize, entitytag, index and newsroom (required)")
	fs.StringVar(&cfg.Work, "work", "/var/tmp/newsroom-bench", "stores and logs")
	fs.StringVar(&cfg.ESURL, "es-url", "http://127.0.0.1:9260", "the Elasticsearch node")
	shared := fs.String("shared", "../shared/data", "the shared corpora")
	count := fs.Int("stories", 5000, "distinct corpus stories")
	modes := fs.String("mode", "separate,allinone", "separate (one process per stage), allinone, or both")
	rates := fs.String("rate", "0", "comma-separated publish rates in stories/s; 0 is a burst (all at once)")
	warmup := fs.Int("warmup", 1000, "stories of an unmeasured first run, so that the node's JIT and caches are warm for every measured one (0: none)")
	fs.IntVar(&cfg.ESPid, "es-pid", 0, "the Elasticsearch node's process id, to report its CPU time (0: not reported)")
	fs.BoolVar(&cfg.MappingCosts, "mapping-costs", false, "after each burst, load the final documents again under variants of the mapping and print what each part costs")
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return nil
		}
		return err
	}
	if cfg.Bin == "" {
		return fmt.Errorf("-bin is required")
	}
	stories, err := corpus.Good(*shared)
	if err != nil {
		return fmt.Errorf("corpus: %w", err)
	}
	if *count > len(stories) {
		return fmt.Errorf("-stories %d: the corpus has %d distinct stories", *count, len(stories))
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if *warmup > 0 {
		// A fresh Elasticsearch node spends the first thousands of documents
		// compiling and loading classes: whichever mode ran first paid for
		// it (twice the node's CPU per story) and lost the comparison.
		w := cfg
		w.Mode, w.Rate, w.Stories, w.MappingCosts = strings.Split(*modes, ",")[0], 0, stories[:min(*warmup, *count)], false
		fmt.Fprintf(stderr, "bench: warm-up, %s, %d stories (not measured)\n", w.Mode, len(w.Stories))
		if _, err := bench.Run(ctx, w); err != nil {
			return fmt.Errorf("warm-up: %w", err)
		}
	}
	for _, mode := range strings.Split(*modes, ",") {
		for _, r := range strings.Split(*rates, ",") {
			rate, err := strconv.ParseFloat(r, 64)
			if err != nil {
				return fmt.Errorf("-rate %q: %w", r, err)
			}
			cfg.Mode, cfg.Rate = mode, rate
			n := *count
			if rate > 0 {
				n = min(n, int(rate*30)) // 30 s of steady load
			}
			cfg.Stories = stories[:n]
			fmt.Fprintf(stderr, "bench: %s, %d stories, %s\n", mode, n, map[bool]string{true: "burst", false: r + "/s"}[rate == 0])
			res, err := bench.Run(ctx, cfg)
			if err != nil {
				return fmt.Errorf("%s: %w", mode, err)
			}
			if rate == 0 {
				fmt.Fprintf(stdout, "e2e %s: %d stories, %.0f stories/s, ceiling %.0f docs/s, ratio %.2f, p50/p99 publish->searchable at burst %.2f/%.2f s\n",
					mode, res.Stories, res.StoriesPerSecond(), res.Ceiling, res.StoriesPerSecond()/res.Ceiling, res.Percentile(50).Seconds(), res.Percentile(99).Seconds())
			} else {
				fmt.Fprintf(stdout, "rate %s %.0f/s: %d stories, p50/p90/p99 publish->searchable %.2f/%.2f/%.2f s\n",
					mode, rate, res.Stories, res.Percentile(50).Seconds(), res.Percentile(90).Seconds(), res.Percentile(99).Seconds())
			}
			var means []string
			for _, stage := range []string{"ingest", "normalize", "entitytag", "index"} {
				if d, ok := res.HandleMean[stage]; ok {
					means = append(means, fmt.Sprintf("%s %.1f ms", stage, float64(d.Microseconds())/1000))
				}
			}
			fmt.Fprintf(stdout, "  mean handling time: %s\n", strings.Join(means, ", "))
			for _, p := range res.Procs {
				fmt.Fprintf(stdout, "  %-12s peak RSS %6.1f MiB, CPU %5.2f s per 1000 stories\n", p.Name, p.PeakRSSMiB, p.CPUSeconds*1000/float64(res.Stories))
			}
			if cfg.ESPid > 0 {
				fmt.Fprintf(stdout, "  %-12s CPU %5.2f s per 1000 stories (the ceiling's load: %.2f s per 1000 documents)\n", "elasticsearch",
					res.ESCPU*1000/float64(res.Stories), res.CeilingESCPU*1000/float64(max(res.CeilingDocs, 1)))
			}
			if len(res.MappingCosts) > 0 {
				fmt.Fprintf(stdout, "  mapping costs (%d final documents, loaded as the ceiling is):\n", res.CeilingDocs)
				fmt.Fprintf(stdout, "    %-62s %9s %16s %12s %9s\n", "variant", "docs/s", "ES CPU s/1000", "Lucene docs", "store MiB")
				for _, l := range res.MappingCosts {
					fmt.Fprintf(stdout, "    %-62s %9.0f %16.2f %12d %9.1f\n", l.Name, l.DocsPerSec, l.ESCPU*1000/float64(max(l.Docs, 1)), l.LuceneDocs, float64(l.StoreBytes)/(1<<20))
				}
			}
		}
	}
	return nil
}
