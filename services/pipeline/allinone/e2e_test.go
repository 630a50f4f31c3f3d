package allinone_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"go.uber.org/zap"
	"go.uber.org/zap/zaptest"

	"github.com/newsroom-pipeline/newsroom/pkg/article"
	"github.com/newsroom-pipeline/newsroom/pkg/bus"
	"github.com/newsroom-pipeline/newsroom/pkg/config"
	"github.com/newsroom-pipeline/newsroom/pkg/estest"
	"github.com/newsroom-pipeline/newsroom/pkg/natstest"
	"github.com/newsroom-pipeline/newsroom/pkg/sharedtest"
	"github.com/newsroom-pipeline/newsroom/services/index/esindex"
	"github.com/newsroom-pipeline/newsroom/services/pipeline/allinone"
)

// pipeline is the whole pipeline running in-process against a real NATS
// server and the real Elasticsearch node.
type pipeline struct {
	t      testing.TB
	nats   *natstest.Server
	esURL  string
	prefix string
	top    bus.Topology
}

// testConfig is the all-in-one configuration of a test: short ack wait and
// back-off so redeliveries happen within the test's patience. extra sets
// more variables (or overrides these).
func testConfig(natsURL, esURL, prefix string, extra ...map[string]string) allinone.Config {
	r := config.NewReader(func(name string) string {
		for _, e := range extra {
			if v, ok := e[name]; ok {
				return v
			}
		}
		return map[string]string{
			"NEWSROOM_NATS_URL":            natsURL,
			"NEWSROOM_HTTP_ADDR":           "127.0.0.1:0",
			"NEWSROOM_ES_URLS":             esURL,
			"NEWSROOM_ES_INDEX_PREFIX":     prefix,
			"NEWSROOM_ES_FLUSH_INTERVAL":   "50ms",
			"NEWSROOM_ACK_WAIT":            "2s",
			"NEWSROOM_RETRY_BACKOFF":       "100ms",
			"NEWSROOM_RETRY_BACKOFF_MAX":   "500ms",
			"NEWSROOM_SHUTDOWN_GRACE":      "2s",
			"NEWSROOM_EMBEDDED_NATS":       "false",
			"NEWSROOM_ES_REFRESH_INTERVAL": "200ms",
		}[name]
	})
	return allinone.ReadConfig(r)
}

func startPipeline(t testing.TB) *pipeline {
	esURL := estest.URL(t)
	p := &pipeline{t: t, nats: natstest.Run(t), esURL: esURL, prefix: estest.Prefix(t, esURL)}
	t.Cleanup(p.start(nil))
	return p
}

// start runs the pipeline's workers on p's NATS server and index, with the
// extra variables env, and returns the function that stops them (a
// restart is stop, then start again, as after a deploy).
func (p *pipeline) start(env map[string]string) (stop func()) {
	t := p.t
	cfg := testConfig(p.nats.URL, p.esURL, p.prefix, env)
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	p.top = cfg.Common.Topology
	ctx, cancel := context.WithCancel(context.Background())
	started := make(chan struct{})
	done := make(chan error, 1)
	go func() {
		done <- allinone.Run(ctx, cfg, zaptest.NewLogger(t, zaptest.Level(zap.InfoLevel)), func() { close(started) })
	}()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel()
			if err := <-done; err != nil {
				t.Errorf("pipeline: %v", err)
			}
		})
	}
	select {
	case <-started:
	case err := <-done:
		t.Fatalf("pipeline did not start: %v", err)
	case <-time.After(60 * time.Second):
		t.Fatal("pipeline did not start within 60s")
	}
	return stop
}

// publish sends raw bytes, with optional headers, as a newsroom system would.
func (p *pipeline) publish(subject string, data []byte, header nats.Header) {
	p.t.Helper()
	m := &nats.Msg{Subject: subject, Data: data, Header: header}
	if _, err := p.nats.JS.PublishMsg(context.Background(), m); err != nil {
		p.t.Fatal(err)
	}
}

// idle waits until every stage consumer has nothing pending or in flight.
func (p *pipeline) idle(timeout time.Duration) {
	p.t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		busy := ""
		for _, st := range []string{bus.StageIngest, bus.StageNormalize, bus.StageEntityTag, bus.StageIndex} {
			stream, _, _ := bus.InputStream(st)
			c, err := p.nats.JS.Consumer(context.Background(), stream, st)
			if err != nil {
				p.t.Fatal(err)
			}
			info, err := c.Info(context.Background())
			if err != nil {
				p.t.Fatal(err)
			}
			if info.NumPending > 0 || info.NumAckPending > 0 {
				busy = fmt.Sprintf("%s: %d pending, %d in flight", st, info.NumPending, info.NumAckPending)
				break
			}
		}
		if busy == "" {
			return
		}
		if time.Now().After(deadline) {
			p.t.Fatalf("pipeline not idle after %s: %s", timeout, busy)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// search queries the read alias after a refresh.
func (p *pipeline) search(query string) []esindex.Document {
	p.t.Helper()
	return p.searchIn(p.prefix, query)
}

// searchStored queries the index itself, past the read alias's filter:
// tombstones and embargoed stories included.
func (p *pipeline) searchStored(query string) []esindex.Document {
	p.t.Helper()
	return p.searchIn(p.prefix+"-write", query) // the index itself: no read filter
}

func (p *pipeline) searchIn(index, query string) []esindex.Document {
	p.t.Helper()
	estest.Refresh(p.t, p.esURL, p.prefix)
	res, err := http.Post(p.esURL+"/"+index+"/_search?size=500", "application/json", strings.NewReader(query))
	if err != nil {
		p.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode == http.StatusNotFound {
		return nil // the index worker has not created the index yet
	}
	if res.StatusCode != http.StatusOK {
		p.t.Fatalf("search: %s %s", res.Status, b)
	}
	var body struct {
		Hits struct {
			Hits []struct {
				Source esindex.Document `json:"_source"`
			} `json:"hits"`
		} `json:"hits"`
	}
	if err := json.Unmarshal(b, &body); err != nil {
		p.t.Fatal(err)
	}
	var docs []esindex.Document
	for _, h := range body.Hits.Hits {
		docs = append(docs, h.Source)
	}
	return docs
}

// waitForDocs polls the read alias until query returns n documents.
func (p *pipeline) waitForDocs(query string, n int, timeout time.Duration) []esindex.Document {
	p.t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		docs := p.search(query)
		if len(docs) >= n {
			return docs
		}
		if time.Now().After(deadline) {
			p.t.Fatalf("%d documents for %s after %s, want %d", len(docs), query, timeout, n)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// count returns how many documents the read alias shows.
func (p *pipeline) count() int {
	p.t.Helper()
	estest.Refresh(p.t, p.esURL, p.prefix)
	res, err := http.Get(p.esURL + "/" + p.prefix + "/_count")
	if err != nil {
		p.t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode == http.StatusNotFound {
		return 0
	}
	var body struct {
		Count int `json:"count"`
	}
	if err := json.NewDecoder(res.Body).Decode(&body); err != nil {
		p.t.Fatal(err)
	}
	return body.Count
}

// waitForCount polls until the read alias shows n documents.
func (p *pipeline) waitForCount(n int, timeout time.Duration) {
	p.t.Helper()
	deadline := time.Now().Add(timeout)
	for p.count() < n {
		if time.Now().After(deadline) {
			p.t.Fatalf("%d documents after %s, want %d", p.count(), timeout, n)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func (p *pipeline) dlq() []*jetstream.RawStreamMsg {
	p.t.Helper()
	s, err := p.nats.JS.Stream(context.Background(), bus.StreamDLQ)
	if err != nil {
		p.t.Fatal(err)
	}
	info, err := s.Info(context.Background())
	if err != nil {
		p.t.Fatal(err)
	}
	var out []*jetstream.RawStreamMsg
	for seq := info.State.FirstSeq; seq <= info.State.LastSeq && info.State.Msgs > 0; seq++ {
		m, err := s.GetMsg(context.Background(), seq)
		if err != nil {
			p.t.Fatal(err)
		}
		out = append(out, m)
	}
	return out
}

func readSeed(t testing.TB) []byte {
	b, err := os.ReadFile("testdata/antara-2011-missile-defence-talks.txt")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestSeedStoryEndToEnd(t *testing.T) {
	p := startPipeline(t)
	start := time.Now()
	p.publish("news.raw.antara", readSeed(t), nil) // bytes only: no Content-Type, no Nats-Msg-Id
	docs := p.waitForDocs(`{"query":{"match":{"body_text":"Rogozin"}}}`, 1, 15*time.Second)
	t.Logf("seed story searchable %s after publish", time.Since(start).Round(time.Millisecond))
	d := docs[0]
	checks := []struct {
		what string
		ok   bool
	}{
		{"language id", d.Language == "id"},
		{"located Moskow", d.Located == "Moskow"},
		{"infosource ANTARA News", d.InfoSource == "ANTARA News"},
		{"headline", strings.HasPrefix(d.Headline, "Perundingan pertahanan rudal antara Rusia-Amerika Serikat mengalami kebuntuan")},
		{"body mentions Rogozin", strings.Contains(d.BodyText, "Rogozin")},
		{"body without trailer", !strings.Contains(d.BodyText, "Editor:") && !strings.Contains(d.BodyText, "Copyright")},
		{"editor", d.Editor == "Ruslan Burhani"},
		{"desk code", slices.Contains(d.DeskCodes, "UU.SDP-12/C003")},
		{"copyright", d.CopyrightHolder == "ANTARA" && d.CopyrightYear == 2011},
		{"people Dmitry Rogozin", slices.Contains(d.People, "Dmitry Rogozin")},
		{"people Ellen Tauscher", slices.Contains(d.People, "Ellen Tauscher")},
		{"organisations NATO", slices.Contains(d.Organisations, "NATO")},
		{"places Moskow", slices.Contains(d.Places, "Moskow")},
		{"places Chicago", slices.Contains(d.Places, "Chicago")},
		{"places Washington", slices.Contains(d.Places, "Washington")},
		{"source antara", d.Source == "antara"},
		{"tagger version", d.TaggerVersion != ""},
		// "AS" five times and "Amerika Serikat" once: one place, the full
		// name, with the short form as an alias.
		{"places Amerika Serikat, not AS", slices.Contains(d.Places, "Amerika Serikat") && !slices.Contains(d.Places, "AS")},
		{"alias AS", slices.Contains(d.EntityAliases, "AS")},
		{"an inferred Media Topic", slices.ContainsFunc(d.Subject, func(s article.Subject) bool {
			return strings.HasPrefix(s.Code, "medtop:") && s.Origin == article.SubjectInferred && s.Confidence > 0 && s.Confidence <= 1 && s.Name != ""
		})},
		{"id from content", strings.HasPrefix(d.ID, "sha256-")},
	}
	for _, c := range checks {
		if !c.ok {
			t.Errorf("%s: document %+v", c.what, d)
		}
	}
	// Searchable by entity facet too.
	if got := p.search(`{"query":{"term":{"people":"Ellen Tauscher"}}}`); len(got) != 1 {
		t.Errorf("people facet query found %d documents", len(got))
	}
}

func TestSameStoryTwiceIsOneDocument(t *testing.T) {
	p := startPipeline(t)
	seed := readSeed(t)
	p.publish("news.raw.antara", seed, nil)
	p.publish("news.raw.antara", seed, nil)
	p.waitForDocs(`{"query":{"match_all":{}}}`, 1, 15*time.Second)
	p.idle(15 * time.Second)
	if docs := p.search(`{"query":{"match_all":{}}}`); len(docs) != 1 {
		t.Fatalf("%d documents, want 1", len(docs))
	}
	// The second copy collapsed at ingest's output: one message went on.
	s, err := p.nats.JS.Stream(context.Background(), bus.StreamIngested)
	if err != nil {
		t.Fatal(err)
	}
	info, err := s.Info(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if info.State.LastSeq != 1 {
		t.Errorf("NEWS_INGESTED received %d messages, want 1 (exact duplicate dropped)", info.State.LastSeq)
	}
}

func ninjs(version int, headline, body string) []byte {
	b, _ := json.Marshal(map[string]any{
		"uri": "urn:newsml:example.com:20261127:story-42", "version": fmt.Sprint(version), "type": "text",
		"language": "en", "headlines": []any{map[string]any{"role": "main", "value": headline}},
		"bodies": []any{map[string]any{"role": "main", "contenttype": "text/plain", "value": body}},
	})
	return b
}

func TestOlderRevisionNeverOverwritesNewer(t *testing.T) {
	p := startPipeline(t)
	p.publish("news.raw.example", ninjs(2, "Minister resigns after inquiry", "The minister resigned on Friday, officials in London said."), nil)
	p.waitForDocs(`{"query":{"term":{"version":2}}}`, 1, 15*time.Second)
	p.publish("news.raw.example", ninjs(1, "Minister under pressure", "The minister faced calls to resign, officials in London said."), nil)
	p.idle(15 * time.Second)
	docs := p.search(`{"query":{"match_all":{}}}`)
	if len(docs) != 1 || docs[0].Headline != "Minister resigns after inquiry" || docs[0].Version != 2 {
		t.Fatalf("documents %+v, want only version 2", docs)
	}
	if n := len(p.dlq()); n != 0 {
		t.Errorf("%d dead letters: a stale revision is not an error", n)
	}
}

func TestBadInputIsDeadLetteredAndPipelineContinues(t *testing.T) {
	p := startPipeline(t)
	bad := map[string][]byte{
		"garbage":        {0x00, 0x9c, 0xff, 0x01, 0x02, 0xfe, 0x00},
		"invalid utf-8":  []byte("Jakarta (ANTARA News) - Berita \xff\x00 rusak di tengah kalimat."), // not windows-1252 text either (NUL)
		"malformed json": []byte(`{"uri": "urn:x", "headline": "broken`),
	}
	for _, data := range bad {
		p.publish("news.raw.x", data, nil)
	}
	p.publish("news.raw.antara", readSeed(t), nil)
	p.waitForDocs(`{"query":{"match":{"body_text":"Rogozin"}}}`, 1, 15*time.Second)
	p.idle(15 * time.Second)

	letters := p.dlq()
	if len(letters) != len(bad) {
		t.Fatalf("%d dead letters, want %d", len(letters), len(bad))
	}
	reasons := map[string]bool{}
	for _, m := range letters {
		reason := m.Header.Get(bus.HeaderDLQReason)
		if reason == "" || m.Header.Get(bus.HeaderDLQStage) != bus.StageIngest || m.Header.Get(bus.HeaderDLQSubject) != "news.raw.x" {
			t.Errorf("dead letter headers %v", m.Header)
		}
		reasons[reason] = true
		found := false
		for _, data := range bad {
			found = found || string(m.Data) == string(data)
		}
		if !found {
			t.Errorf("dead letter does not keep the original bytes: %q", m.Data)
		}
	}
	for _, want := range []string{"not valid UTF-8", "malformed JSON"} {
		ok := false
		for r := range reasons {
			ok = ok || strings.Contains(r, want)
		}
		if !ok {
			t.Errorf("no dead letter reason mentions %q: %v", want, reasons)
		}
	}
}

func TestEnglishBBCStory(t *testing.T) {
	path := sharedtest.Path(t, "en-news-bbc/bbc/politics/001.txt")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	p := startPipeline(t)
	p.publish("news.raw.bbc", data, nats.Header{"Content-Type": []string{"text/plain; charset=utf-8"}})
	docs := p.waitForDocs(`{"query":{"match":{"headline":"maternity"}}}`, 1, 15*time.Second)
	d := docs[0]
	if d.Language != "en" || d.Headline != "Labour plans maternity pay rise" {
		t.Errorf("language %q headline %q", d.Language, d.Headline)
	}
	for _, person := range []string{"Patricia Hewitt", "Gordon Brown", "Tony Blair"} {
		if !slices.Contains(d.People, person) {
			t.Errorf("people %v lack %s", d.People, person)
		}
	}
}

// TestLatin1BBCStoryIsGuessedNotRefused: the one BBC story whose pound sign
// is a raw Latin-1 byte, published with no Content-Type at all, is read as
// windows-1252, flagged charset_guessed and indexed with its "£".
func TestLatin1BBCStoryIsGuessedNotRefused(t *testing.T) {
	data, err := os.ReadFile(sharedtest.Path(t, "en-news-bbc/bbc/sport/199.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if utf8.Valid(data) {
		t.Fatal("sport/199.txt is valid UTF-8: the fixture no longer tests a legacy charset")
	}
	p := startPipeline(t)
	p.publish("news.raw.bbc", data, nil)
	docs := p.waitForDocs(`{"query":{"term":{"flags":"charset_guessed"}}}`, 1, 15*time.Second)
	if d := docs[0]; !strings.Contains(d.BodyText, "£") || d.Language != "en" {
		t.Errorf("language %q, body without the pound sign: %.200q", d.Language, d.BodyText)
	}
	if n := len(p.dlq()); n != 0 {
		t.Errorf("%d dead letters, want 0", n)
	}
}
