// Command newsctl is the operator's companion to the pipeline: publish raw
// story files to news.raw.<source>, list what is searchable, and check or
// apply the JetStream stream settings.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"go.uber.org/zap"

	"github.com/newsroom-pipeline/newsroom/pkg/bus"
	"github.com/newsroom-pipeline/newsroom/pkg/config"
	"github.com/newsroom-pipeline/newsroom/pkg/deadletter"
	"github.com/newsroom-pipeline/newsroom/pkg/esconn"
	"github.com/newsroom-pipeline/newsroom/pkg/reprocess"
	"github.com/newsroom-pipeline/newsroom/pkg/worker"
	"github.com/newsroom-pipeline/newsroom/services/index/esindex"
	"github.com/newsroom-pipeline/newsroom/services/newsctl/dlq"
	"github.com/newsroom-pipeline/newsroom/services/newsctl/newsearch"
	"github.com/newsroom-pipeline/newsroom/services/newsctl/progress"
	"github.com/newsroom-pipeline/newsroom/services/newsctl/publish"
	"github.com/newsroom-pipeline/newsroom/services/newsctl/status"
	"github.com/newsroom-pipeline/newsroom/services/newsctl/streams"
)

const usage = `Usage:
  newsctl publish [-nats URL] [-source NAME] [-content-type TYPE] FILE...
      Publish each file as one raw story to news.raw.<source> and wait for
      JetStream to store it. Without -source, the source is the file name up
      to its first '-' or '_'.
  newsctl search [-es URL] [-index NAME] [-q QUERY] [-topic T] [-entity NAME] [-wait-for N] [-timeout D] [-size N]
      Print indexed articles as a table (id, language, headline, Media
      Topics, people, places), optionally after waiting until N are
      searchable. -topic takes an IPTC Media Topic code or name
      (medtop:15000000, 15000000, sport); -entity a person, organisation,
      place or event by any of its names (KPK finds Komisi Pemberantasan
      Korupsi).
  newsctl dlq list [-stage S] [-subject PATTERN] [-since D] [-reason TEXT] [-seq A-B]
      Print the dead letters of NEWS_DLQ, oldest first: SEQ STAGE SUBJECT AGE
      REASON. -since takes a duration (24h) or an RFC 3339 time.
  newsctl dlq show [-full] SEQ
      Print one dead letter's headers and payload (its first KiB without -full).
  newsctl dlq replay [-stage S] [-subject PATTERN] [-since D] [-reason TEXT] [-seq A-B] [-dry-run]
      Publish the selected dead letters back to the subjects they failed on,
      keeping each story's identity, and remove each from NEWS_DLQ once its
      re-publish is acked. Fix the cause first (a deploy, a mapping): a
      replayed story that fails again is dead-lettered again.
  newsctl status [-nats URL] [-es URL] [-index NAME] [-no-es] [-json]
      One row per stage: its input stream, messages pending and unacknowledged,
      redelivered, replicas' open pulls, dead letters; then the index alias,
      its indices, searchable documents and the newest story per source.
      Exit 1 when a stage has no consumer or no replica working it.
  newsctl reprocess -since D [-until T] [-source S] [-run NAME] [-dry-run]
      Run the raw stories NEWS_RAW stored since D (a duration back from now,
      or an RFC 3339 time) through the pipeline again, e.g. after a tagger or
      parser change. Each story keeps its id and version, so the index
      overwrites its document with the new output; the streams' duplicate
      windows are bypassed on purpose (the pass is named by -run, default
      the start time: a run repeated with the same name adds nothing).
      Shows count, rate and ETA.
  newsctl reindex -to vN [-es URL]
      Move the index to version N while the pipeline runs: create
      <prefix>-vN from the current template, move the write alias there,
      copy every document of the current index at its revision (scroll and
      bulk; a newer write is never overwritten), then move the read alias.
      The old index is kept: delete it when satisfied. Reads the index
      worker's NEWSROOM_ES_* settings (NEWSROOM_ES_INDEX_PREFIX, credentials).
  newsctl streams [-nats URL] [-apply]
      Compare the pipeline's streams with the stream settings in the
      environment (NEWSROOM_RAW_MAX_AGE, NEWSROOM_QUEUE_MAX_BYTES, ...: see
      any worker's -help) and print the differences; exit 1 when any stream
      differs or is missing. Workers never rewrite existing streams; -apply
      creates or updates every stream to these settings.

NATS credentials and TLS come from the environment, as for the workers:
NEWSROOM_NATS_USER and NEWSROOM_NATS_PASSWORD (or NEWSROOM_NATS_PASSWORD_FILE),
NEWSROOM_NATS_CREDS, NEWSROOM_NATS_CA, NEWSROOM_NATS_CERT and NEWSROOM_NATS_KEY.
Elasticsearch's, for search, as for the index worker: NEWSROOM_ES_URLS,
NEWSROOM_ES_USERNAME and NEWSROOM_ES_PASSWORD (or _FILE), NEWSROOM_ES_API_KEY
(or _FILE), NEWSROOM_ES_CA_CERT or NEWSROOM_ES_CA_FINGERPRINT.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintf(os.Stderr, "newsctl: %v\n", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprint(stdout, usage)
		return nil
	}
	switch args[0] {
	case "publish":
		return runPublish(ctx, args[1:], stdout)
	case "search":
		return runSearch(ctx, args[1:], stdout, stderr)
	case "streams":
		return runStreams(ctx, args[1:], stdout)
	case "dlq":
		return runDLQ(ctx, args[1:], stdout, stderr)
	case "status":
		return runStatus(ctx, args[1:], stdout)
	case "reprocess":
		return runReprocess(ctx, args[1:], stdout, stderr)
	case "reindex":
		return runReindex(ctx, args[1:], stdout, stderr)
	}
	fmt.Fprint(stderr, usage)
	return fmt.Errorf("unknown command %q", args[0])
}

func runPublish(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("publish", flag.ContinueOnError)
	url := fs.String("nats", envOr("NEWSROOM_NATS_URL", "nats://127.0.0.1:4222"), "NATS URL")
	source := fs.String("source", "", "source token (default: from each file name)")
	contentType := fs.String("content-type", "", "Content-Type header (default: text/plain for .txt, none otherwise)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return errors.New("publish: no files given")
	}
	nc, js, err := connect(*url)
	if err != nil {
		return err
	}
	defer nc.Close()
	for _, path := range fs.Args() {
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		src, ct := *source, *contentType
		if src == "" {
			src = publish.SourceFromFile(path)
		}
		if ct == "" {
			ct = publish.ContentTypeFromFile(path)
		}
		pctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		ack, err := publish.Story(pctx, js, src, ct, data)
		cancel()
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		fmt.Fprintf(stdout, "published %s to news.raw.%s (stream %s seq %d, %d bytes)\n", path, src, ack.Stream, ack.Sequence, len(data))
	}
	return nil
}

func runSearch(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("search", flag.ContinueOnError)
	r := config.NewReader(os.Getenv)
	conn := esconn.Read(r)
	if err := r.Err(); err != nil {
		return err
	}
	url := fs.String("es", conn.URLs[0], "Elasticsearch URL (default: the first of NEWSROOM_ES_URLS)")
	index := fs.String("index", "news", "index or alias to read")
	q := fs.String("q", "", "query string (Lucene syntax), e.g. 'people:\"Dmitry Rogozin\"'")
	topic := fs.String("topic", "", "only stories with this IPTC Media Topic: code (medtop:15000000, 15000000) or name (sport)")
	entity := fs.String("entity", "", "only stories naming this person, organisation, place or event, by any of its names (KPK, Jokowi)")
	waitFor := fs.Int("wait-for", 0, "wait until at least this many documents are searchable")
	timeout := fs.Duration("timeout", 2*time.Minute, "how long -wait-for waits")
	size := fs.Int("size", 20, "rows to print")
	if err := fs.Parse(args); err != nil {
		return err
	}
	hc, err := newsearch.NewHTTPClient(conn)
	if err != nil {
		return err
	}
	c := &newsearch.Client{URL: *url, Auth: conn, Index: *index, HTTP: hc}
	if *waitFor > 0 {
		wctx, cancel := context.WithTimeout(ctx, *timeout)
		defer cancel()
		last := -1
		err := c.WaitFor(wctx, *waitFor, func(have int) {
			if have != last {
				fmt.Fprintf(stderr, "waiting: %d of %d stories searchable\n", have, *waitFor)
				last = have
			}
		})
		if err != nil {
			return err
		}
	}
	articles, err := c.Search(ctx, newsearch.Query{Text: *q, Topic: *topic, Entity: *entity}, *size)
	if err != nil {
		return err
	}
	return newsearch.Table(stdout, articles)
}

func runStreams(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("streams", flag.ContinueOnError)
	url := fs.String("nats", envOr("NEWSROOM_NATS_URL", "nats://127.0.0.1:4222"), "NATS URL")
	apply := fs.Bool("apply", false, "create or update every stream to the settings in the environment")
	if err := fs.Parse(args); err != nil {
		return err
	}
	r := config.NewReader(os.Getenv)
	common := config.ReadCommon(r, "")
	if err := errors.Join(r.Err(), common.Validate()); err != nil {
		return err
	}
	nc, js, err := connect(*url)
	if err != nil {
		return err
	}
	defer nc.Close()
	sctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if *apply {
		if err := bus.ApplyStreams(sctx, js, common.Topology); err != nil {
			return err
		}
		fmt.Fprintln(stdout, "applied the stream settings")
	}
	differ, err := streams.Report(sctx, js, common.Topology, stdout)
	if err != nil {
		return err
	}
	if differ > 0 {
		return fmt.Errorf("%d streams differ from the settings (newsctl streams -apply updates them)", differ)
	}
	return nil
}

func runReindex(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	r := config.NewReader(os.Getenv)
	cfg := esindex.ReadConfig(r)
	if err := r.Err(); err != nil {
		return err
	}
	fs := flag.NewFlagSet("reindex", flag.ContinueOnError)
	to := fs.String("to", "", "the new index version, e.g. v3 (required)")
	esURL := fs.String("es", cfg.URLs[0], "Elasticsearch URL (default: the first of NEWSROOM_ES_URLS)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	version, err := esindex.ParseVersion(*to)
	if err != nil {
		return fmt.Errorf("-to %q: %w", *to, err)
	}
	cfg.URLs = []string{*esURL}
	if err := cfg.Validate(); err != nil {
		return err
	}
	client, err := esindex.NewClient(cfg)
	if err != nil {
		return err
	}
	meter := progress.For(stderr, "reindex")
	res, err := esindex.Reindex(ctx, client, cfg, version, meter.UpdateOf)
	meter.Done()
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "reindexed %s -> %s: %d documents copied, %d already newer there; both aliases on %s\n", res.From, res.To, res.Copied, res.Newer, res.To)
	fmt.Fprintf(stdout, "the old index %s is kept: delete it when satisfied (curl -X DELETE .../%s)\n", res.From, res.From)
	return nil
}

func runReprocess(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("reprocess", flag.ContinueOnError)
	url := fs.String("nats", envOr("NEWSROOM_NATS_URL", "nats://127.0.0.1:4222"), "NATS URL")
	since := fs.String("since", "", "stories stored since: a duration back from now (24h, 7d) or an RFC 3339 time (required)")
	until := fs.String("until", "", "and stored before this RFC 3339 time (default: the start of the run)")
	var o reprocess.Options
	fs.StringVar(&o.Source, "source", "", "only this source (news.raw.<source>)")
	fs.StringVar(&o.Run, "run", "", "name of the pass (default: the start time)")
	fs.BoolVar(&o.DryRun, "dry-run", false, "count what would be re-published, publish nothing")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *since == "" {
		return errors.New("newsctl reprocess: -since is required")
	}
	var err error
	now := time.Now()
	if o.Since, err = parseSince(*since, now); err != nil {
		return err
	}
	if *until != "" {
		if o.Until, err = time.Parse(time.RFC3339, *until); err != nil {
			return fmt.Errorf("-until %q: want an RFC 3339 time", *until)
		}
	}
	nc, js, err := connect(*url)
	if err != nil {
		return err
	}
	defer nc.Close()
	meter := progress.For(stderr, "reprocess (NEWS_RAW sequence)")
	var first uint64
	res, err := reprocess.Run(ctx, js, o, func(done int, seq, last uint64) {
		if first == 0 {
			first = seq
		}
		meter.UpdateOf(int(seq-first+1), int(last-first+1))
	})
	meter.Done()
	verb := "re-published"
	if o.DryRun {
		verb = "would re-publish"
	}
	fmt.Fprintf(stdout, "%s %d stories (NEWS_RAW %d-%d), skipped %d earlier reprocess copies\n", verb, res.Republished, res.FirstSeq, res.LastSeq, res.Skipped)
	return err
}

func runStatus(ctx context.Context, args []string, stdout io.Writer) error {
	r := config.NewReader(os.Getenv)
	conn := esconn.Read(r)
	if err := r.Err(); err != nil {
		return err
	}
	fs := flag.NewFlagSet("status", flag.ContinueOnError)
	url := fs.String("nats", envOr("NEWSROOM_NATS_URL", "nats://127.0.0.1:4222"), "NATS URL")
	esURL := fs.String("es", conn.URLs[0], "Elasticsearch URL (default: the first of NEWSROOM_ES_URLS)")
	index := fs.String("index", envOr("NEWSROOM_ES_INDEX_PREFIX", "news"), "the read alias")
	noES := fs.Bool("no-es", false, "leave Elasticsearch out")
	asJSON := fs.Bool("json", false, "print JSON for scripts")
	if err := fs.Parse(args); err != nil {
		return err
	}
	nc, js, err := connect(*url)
	if err != nil {
		return err
	}
	defer nc.Close()
	sctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	var rep status.Report
	if rep.Stages, err = status.Stages(sctx, js); err != nil {
		return err
	}
	if !*noES {
		hc, err := newsearch.NewHTTPClient(conn)
		if err != nil {
			return err
		}
		rep.Index = status.ReadIndex(sctx, &newsearch.Client{URL: *esURL, Auth: conn, Index: *index, HTTP: hc})
	}
	if *asJSON {
		err = rep.JSON(stdout)
	} else {
		err = rep.Table(stdout, time.Now())
	}
	if err != nil {
		return err
	}
	if unbound := rep.Unbound(); len(unbound) > 0 {
		return fmt.Errorf("no replica is working stage %s", strings.Join(unbound, ", "))
	}
	return nil
}

func runDLQ(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || (args[0] != "list" && args[0] != "show" && args[0] != "replay") {
		return errors.New("newsctl dlq: want list, show or replay (newsctl -help)")
	}
	sub := args[0]
	fs := flag.NewFlagSet("dlq "+sub, flag.ContinueOnError)
	url := fs.String("nats", envOr("NEWSROOM_NATS_URL", "nats://127.0.0.1:4222"), "NATS URL")
	var f deadletter.Filter
	var since, seq string
	full, dryRun := new(bool), new(bool)
	if sub == "show" {
		full = fs.Bool("full", false, "print the whole payload")
	} else {
		fs.StringVar(&f.Stage, "stage", "", "only dead letters of this stage (ingest, normalize, entitytag, index)")
		fs.StringVar(&f.Subject, "subject", "", "only those that failed on this subject (NATS wildcards allowed: news.raw.>)")
		fs.StringVar(&since, "since", "", "only those dead-lettered within this duration (24h) or after this RFC 3339 time")
		fs.StringVar(&f.Reason, "reason", "", "only those whose reason contains this text (case-insensitive)")
		fs.StringVar(&seq, "seq", "", "only this NEWS_DLQ sequence range: A-B, A- or A")
		if sub == "replay" {
			dryRun = fs.Bool("dry-run", false, "list what would be replayed, change nothing")
		}
	}
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	var err error
	if f.Since, err = parseSince(since, time.Now()); err != nil {
		return err
	}
	if f.FromSeq, f.ToSeq, err = dlq.SeqRange(seq); err != nil {
		return err
	}
	nc, js, err := connect(*url)
	if err != nil {
		return err
	}
	defer nc.Close()

	if sub == "show" {
		if fs.NArg() != 1 {
			return errors.New("newsctl dlq show: want one SEQ")
		}
		n, err := strconv.ParseUint(fs.Arg(0), 10, 64)
		if err != nil {
			return fmt.Errorf("newsctl dlq show: SEQ %q is not a number", fs.Arg(0))
		}
		l, err := deadletter.Get(ctx, js, n)
		if err != nil {
			return err
		}
		return dlq.Show(stdout, l, *full)
	}
	letters, err := deadletter.List(ctx, js, f)
	if err != nil {
		return err
	}
	if sub == "list" || *dryRun {
		if err := dlq.Table(stdout, letters, time.Now()); err != nil {
			return err
		}
		if *dryRun {
			fmt.Fprintf(stdout, "dry run: would replay %d\n", len(letters))
		}
		return nil
	}
	if len(letters) == 0 {
		fmt.Fprintln(stdout, "replayed 0/0: no dead letter matches")
		return nil
	}
	n, err := deadletter.Replay(ctx, js, letters, func(done, total int, l deadletter.Letter, err error) {
		if err == nil && (done%100 == 0 || done == total) {
			fmt.Fprintf(stderr, "replaying: %d/%d\n", done, total)
		}
	})
	fmt.Fprintf(stdout, "replayed %d/%d\n", n, len(letters))
	return err
}

// parseSince reads -since: a duration back from now, or an RFC 3339 time.
func parseSince(s string, now time.Time) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if d, err := config.ParseDuration(s); err == nil {
		return now.Add(-d), nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	return time.Time{}, fmt.Errorf("-since %q: want a duration (24h, 7d) or an RFC 3339 time", s)
}

// connect opens newsctl's connection to NATS at url, with the credentials
// and TLS settings the workers read (NEWSROOM_NATS_USER,
// NEWSROOM_NATS_PASSWORD or _FILE, NEWSROOM_NATS_CREDS, NEWSROOM_NATS_CA,
// NEWSROOM_NATS_CERT and _KEY).
func connect(url string) (*nats.Conn, jetstream.JetStream, error) {
	r := config.NewReader(os.Getenv)
	c := config.ReadCommon(r, "")
	if err := r.Err(); err != nil {
		return nil, nil, err
	}
	c.NATSURL = url
	nc, err := worker.Connect(c, "newsctl", zap.NewNop())
	if err != nil {
		return nil, nil, err
	}
	js, err := jetstream.New(nc)
	if err != nil {
		nc.Close()
		return nil, nil, fmt.Errorf("jetstream: %w", err)
	}
	return nc, js, nil
}

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}
