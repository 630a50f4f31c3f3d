package esindex

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/elastic/go-elasticsearch/v8"
	"github.com/prometheus/client_golang/prometheus/testutil"
	dto "github.com/prometheus/client_model/go"
	"go.uber.org/zap/zaptest"

	"github.com/newsroom-pipeline/newsroom/pkg/article"
	"github.com/newsroom-pipeline/newsroom/pkg/esconn"
	"github.com/newsroom-pipeline/newsroom/pkg/estest"
	"github.com/newsroom-pipeline/newsroom/pkg/neardup"
	"github.com/newsroom-pipeline/newsroom/pkg/stage"
)

func TestClassifyItem(t *testing.T) {
	tests := []struct {
		name          string
		status        int
		errType       string
		reason        string
		wantNil       bool
		wantPermanent bool
	}{
		{"created", 201, "", "", true, false},
		{"stale revision is success", 409, "version_conflict_engine_exception", "", true, false},
		{"item rejected execution retries", 429, "es_rejected_execution_exception", "", false, false},
		{"unavailable shards retry", 503, "unavailable_shards_exception", "", false, false},
		{"missing write alias retries", 404, "index_not_found_exception", "no such index [news-write] and [require_alias] request flag is [true]", false, false},
		{"read-only cluster retries", 403, "cluster_block_exception", "index [news-v1] blocked by: [TOO_MANY_REQUESTS/12/disk usage exceeded flood-stage watermark]", false, false},
		{"closed index retries", 400, "index_closed_exception", "closed", false, false},
		{"an error nobody foresaw retries", 400, "some_new_exception", "", false, false},
		{"alias without a write index retries", 400, "illegal_argument_exception", "no write index is defined for alias [news-write]", false, false},
		{"mapping error dead-letters", 400, "mapper_parsing_exception", "", false, true},
		{"parsing error dead-letters", 400, "document_parsing_exception", "", false, true},
		{"strict mapping dead-letters", 400, "strict_dynamic_mapping_exception", "", false, true},
		{"immense term dead-letters", 400, "illegal_argument_exception", "Document contains at least one immense term in field=\"headline.keyword\"", false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := classifyItem(tt.status, tt.errType, tt.reason)
			if (err == nil) != tt.wantNil || stage.IsPermanent(err) != tt.wantPermanent {
				t.Errorf("classifyItem = %v (permanent %v)", err, stage.IsPermanent(err))
			}
		})
	}
}

type fixture struct {
	cfg    Config
	client *elasticsearch.Client
	w      *Writer
	url    string
}

// testConfig is the writer configuration of the tests: the shared test
// node, an index prefix of the test's own, one shard, quick flushes.
func testConfig(t *testing.T, url string) Config {
	return Config{
		Options: esconn.Options{URLs: []string{url}}, IndexPrefix: estest.Prefix(t, url), Shards: 1, Replicas: 0,
		RefreshInterval: time.Second, FlushInterval: 50 * time.Millisecond, FlushBytes: 1 << 20, BulkWorkers: 1, Timeout: 10 * time.Second,
	}
}

// newFixture starts a writer on an index of the test's own; opts change
// the configuration first.
func newFixture(t *testing.T, opts ...func(*Config)) *fixture {
	url := estest.URL(t)
	cfg := testConfig(t, url)
	for _, o := range opts {
		o(&cfg)
	}
	client, err := NewClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := Bootstrap(ctx, client, cfg); err != nil {
		t.Fatal(err)
	}
	w, err := NewWriter(client, cfg, zaptest.NewLogger(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = w.Close(context.Background()) })
	return &fixture{cfg: cfg, client: client, w: w, url: url}
}

func envelope(id string, version int64, headline string) *article.Envelope {
	return &article.Envelope{
		Schema: article.Schema, ID: id, Version: version, ContentHash: fmt.Sprintf("%064d", version),
		ReceivedAt: time.Now().UTC(),
		Article: &article.Article{
			Headline: headline, BodyText: "Body of " + headline, Language: "id", PubStatus: article.PubStatusUsable,
			People: []string{"Dmitry Rogozin"}, Entities: []article.Entity{{Name: "Dmitry Rogozin", Type: article.TypePerson, Count: 6, Salience: 0.9}},
		},
	}
}

// search runs query against index (an alias) after a refresh and returns
// the hits' sources.
func (f *fixture) search(t *testing.T, index, query string) []Document {
	t.Helper()
	estest.Refresh(t, f.url, f.cfg.IndexPrefix)
	res, err := f.client.Search(f.client.Search.WithIndex(index), f.client.Search.WithBody(strings.NewReader(query)))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.IsError() {
		t.Fatalf("search: %s", res.String())
	}
	var body struct {
		Hits struct {
			Hits []struct {
				Source Document `json:"_source"`
			} `json:"hits"`
		} `json:"hits"`
	}
	if err := json.NewDecoder(res.Body).Decode(&body); err != nil {
		t.Fatal(err)
	}
	var docs []Document
	for _, h := range body.Hits.Hits {
		docs = append(docs, h.Source)
	}
	return docs
}

func TestBootstrapIsIdempotent(t *testing.T) {
	f := newFixture(t)
	if err := Bootstrap(context.Background(), f.client, f.cfg); err != nil {
		t.Fatalf("second bootstrap: %v", err)
	}
	res, err := f.client.Indices.GetAlias(f.client.Indices.GetAlias.WithIndex(f.cfg.IndexName()))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var aliases map[string]struct {
		Aliases map[string]json.RawMessage `json:"aliases"`
	}
	if err := json.NewDecoder(res.Body).Decode(&aliases); err != nil {
		t.Fatal(err)
	}
	got := aliases[f.cfg.IndexName()].Aliases
	if _, ok := got[f.cfg.ReadAlias()]; !ok {
		t.Errorf("read alias missing: %v", got)
	}
	if _, ok := got[f.cfg.WriteAlias()]; !ok {
		t.Errorf("write alias missing: %v", got)
	}
}

func TestNewerRevisionWins(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	for _, env := range []*article.Envelope{envelope("story-1", 2, "Second version"), envelope("story-1", 1, "First version"), envelope("story-1", 2, "Second version")} {
		if err := f.w.Index(ctx, env); err != nil {
			t.Fatalf("index version %d: %v (a stale or repeated revision must count as success)", env.Version, err)
		}
	}
	docs := f.search(t, f.cfg.ReadAlias(), `{"query":{"term":{"id":"story-1"}}}`)
	if len(docs) != 1 || docs[0].Headline != "Second version" || docs[0].Version != 2 {
		t.Fatalf("docs = %+v, want one document at version 2", docs)
	}
	if len(docs[0].Entities) != 1 || docs[0].People[0] != "Dmitry Rogozin" {
		t.Errorf("entities not stored: %+v", docs[0])
	}
	// /metrics: each item counted by result, each request timed.
	items := func(result string) float64 { return testutil.ToFloat64(f.w.metrics.items.WithLabelValues(result)) }
	if items(itemIndexed) != 2 || items(itemStale) != 1 || items(itemRejected) != 0 || items(itemFailed) != 0 {
		t.Errorf("bulk items indexed %v stale %v rejected %v failed %v; want 2, 1, 0, 0",
			items(itemIndexed), items(itemStale), items(itemRejected), items(itemFailed))
	}
	if n := testutil.CollectAndCount(f.w.metrics.seconds); n != 1 {
		t.Errorf("bulk duration histogram: %d series, want 1", n)
	}
}

func TestRefusedDocumentIsPermanent(t *testing.T) {
	f := newFixture(t)
	env := envelope("story-bad", 1, "Urgency out of range")
	env.Article.Urgency = 1000 // mapped as byte: Elasticsearch refuses the document
	err := f.w.Index(context.Background(), env)
	if err == nil || !stage.IsPermanent(err) {
		t.Fatalf("err = %v, want a permanent error", err)
	}
	if !strings.Contains(err.Error(), "mapper_parsing_exception") && !strings.Contains(err.Error(), "document_parsing_exception") {
		t.Errorf("reason does not name the mapping failure: %v", err)
	}
	if n := testutil.ToFloat64(f.w.metrics.items.WithLabelValues(itemRejected)); n != 1 {
		t.Errorf("bulk items rejected = %v, want 1", n)
	}
}

func TestReadAliasHidesKilledWithheldAndEmbargoed(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	future := time.Now().Add(time.Hour).UTC()
	past := time.Now().Add(-time.Hour).UTC()
	visible := envelope("visible", 1, "Visible")
	killed := envelope("killed", 1, "Killed")
	killed.Article.PubStatus = article.PubStatusCanceled
	embargoed := envelope("embargoed", 1, "Embargoed")
	embargoed.Article.Embargoed = &future
	lifted := envelope("lifted", 1, "Embargo lifted")
	lifted.Article.Embargoed = &past
	withheld := envelope("withheld", 1, "Withheld")
	withheld.Article.PubStatus = article.PubStatusWithheld
	for _, env := range []*article.Envelope{visible, killed, embargoed, lifted, withheld} {
		if err := f.w.Index(ctx, env); err != nil {
			t.Fatal(err)
		}
	}
	var got []string
	for _, d := range f.search(t, f.cfg.ReadAlias(), `{"query":{"match_all":{}},"sort":["id"]}`) {
		got = append(got, d.ID)
	}
	if strings.Join(got, ",") != "lifted,visible" {
		t.Errorf("read alias shows %v, want [lifted visible]", got)
	}
	if all := f.search(t, f.cfg.IndexName(), `{"query":{"match_all":{}}}`); len(all) != 5 {
		t.Errorf("index holds %d documents, want 5 (tombstones, withheld and embargoed kept)", len(all))
	}
}

// TestIndonesianStopwordsAnalyzer: with NEWSROOM_ES_LANGUAGE_FIELDS the
// .id sub-field drops Indonesian stop words (the default mapping's
// query-time use of news_id is in TestDocumentedQueries).
func TestIndonesianStopwordsAnalyzer(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.LanguageFields = true })
	env := envelope("analyzed", 1, "Perundingan pertahanan rudal")
	env.Article.BodyText = "Perundingan pertahanan rudal antara Rusia dan Amerika Serikat"
	if err := f.w.Index(context.Background(), env); err != nil {
		t.Fatal(err)
	}
	// "dan" and "antara" are Indonesian stop words: a query of only stop
	// words on the .id sub-field matches nothing, on the main field it does.
	if docs := f.search(t, f.cfg.ReadAlias(), `{"query":{"match":{"body_text.id":"dan antara"}}}`); len(docs) != 0 {
		t.Errorf("stop-word query on body_text.id matched %d documents", len(docs))
	}
	if docs := f.search(t, f.cfg.ReadAlias(), `{"query":{"match":{"body_text":"dan antara"}}}`); len(docs) != 1 {
		t.Errorf("query on body_text matched %d documents, want 1", len(docs))
	}
	if docs := f.search(t, f.cfg.ReadAlias(), `{"query":{"match":{"body_text.id":"rudal"}}}`); len(docs) != 1 {
		t.Errorf("content query on body_text.id matched %d documents, want 1", len(docs))
	}
}

// TestKillLeavesTombstone: v1 and v2 indexed, then a kill at v3, then a late
// v1. The story is gone from the read alias for good, and the stored
// tombstone holds the kill record but not the text.
func TestKillLeavesTombstone(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	killedAt := time.Date(2026, 11, 27, 9, 30, 0, 0, time.UTC)
	kill := envelope("story", 3, "KILL: story withdrawn")
	kill.Article.PubStatus = article.PubStatusCanceled
	kill.Article.VersionCreated = &killedAt
	kill.Article.InfoSource = "ANTARA"
	kill.Article.EdNote = "Withdrawn: legal advice"
	for _, env := range []*article.Envelope{envelope("story", 1, "First"), envelope("story", 2, "Second"), kill, envelope("story", 1, "First again")} {
		if err := f.w.Index(ctx, env); err != nil {
			t.Fatalf("version %d: %v", env.Version, err)
		}
	}
	if docs := f.search(t, f.cfg.ReadAlias(), `{"query":{"match_all":{}}}`); len(docs) != 0 {
		t.Errorf("read alias shows %d documents after the kill, want 0", len(docs))
	}
	docs := f.search(t, f.cfg.IndexName(), `{"query":{"match_all":{}}}`)
	if len(docs) != 1 {
		t.Fatalf("index holds %d documents, want the one tombstone", len(docs))
	}
	d := docs[0]
	if d.Version != 3 || d.PubStatus != article.PubStatusCanceled {
		t.Errorf("tombstone version %d, pubstatus %q; want 3, canceled", d.Version, d.PubStatus)
	}
	if d.KilledAt == nil || !d.KilledAt.Equal(killedAt) || d.KilledBy != "ANTARA" || d.KillNote != "Withdrawn: legal advice" {
		t.Errorf("kill record at %v by %q note %q", d.KilledAt, d.KilledBy, d.KillNote)
	}
	if d.BodyText != "" || len(d.Entities) != 0 || len(d.People) != 0 {
		t.Errorf("tombstone keeps text or entities: %q %v", d.BodyText, d.People)
	}
}

// TestBootstrapAddsNewFieldsToAnOldIndex: an index created before the kill
// record fields existed accepts a tombstone once Bootstrap has run again.
func TestBootstrapAddsNewFieldsToAnOldIndex(t *testing.T) {
	url := estest.URL(t)
	cfg := testConfig(t, url)
	client, err := NewClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	old := cfg.properties()
	delete(old, "killed_by")
	delete(old, "kill_note")
	body, _ := json.Marshal(map[string]any{"settings": cfg.settings(), "mappings": map[string]any{"dynamic": "strict", "properties": old}})
	res, err := client.Indices.Create(cfg.IndexName(), client.Indices.Create.WithBody(strings.NewReader(string(body))))
	if err := check(res, err, "create old index"); err != nil {
		t.Fatal(err)
	}
	if err := Bootstrap(context.Background(), client, cfg); err != nil {
		t.Fatal(err)
	}
	w, err := NewWriter(client, cfg, zaptest.NewLogger(t))
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close(context.Background())
	kill := envelope("old", 2, "Killed")
	kill.Article.PubStatus = article.PubStatusCanceled
	kill.Article.EdNote = "kill note"
	kill.Article.Source = "antara"
	if err := w.Index(context.Background(), kill); err != nil {
		t.Fatalf("tombstone refused by the old index: %v", err)
	}
}

// story is an envelope whose article carries a fingerprint of its text, as
// the normalize stage sets it.
func story(t *testing.T, id string, version int64, headline, body string) *article.Envelope {
	t.Helper()
	env := envelope(id, version, headline)
	env.Article.BodyText = body
	fp, ok := neardup.FingerprintStory(headline, body)
	if !ok {
		t.Fatalf("story %s too short to fingerprint", id)
	}
	env.Article.Fingerprint = neardup.Format(fp)
	return env
}

// TestNearDuplicatesJoinTheFirstStorysCluster: the same wire story through
// a second feed, lightly edited and handled by another index replica, is
// marked duplicate_of the first and joins its cluster; an unrelated story is
// its own cluster; a revision of the first story keeps heading the cluster.
// All stay searchable.
func TestNearDuplicatesJoinTheFirstStorysCluster(t *testing.T) {
	f := newFixture(t)
	f.cfg.NearDuplicates, f.cfg.NearDuplicateWindow = true, time.Hour
	w, err := NewWriter(f.client, f.cfg, zaptest.NewLogger(t))
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close(context.Background())
	ctx := context.Background()
	body :=
		"Perundingan pertahanan rudal antara Rusia dan Amerika Serikat mengalami kebuntuan, kata utusan Rusia untuk NATO Dmitry Rogozin pada Rabu. " +
			"Rogozin menambahkan pemerintah di Moskow tidak akan melakukan konsesi dengan mengorbankan keamanan negaranya. " +
			"Wakil Menteri Luar Negeri Amerika Serikat Ellen Tauscher pada Selasa mengatakan Washington siap menawarkan jaminan tertulis bahwa instalasi pertahanan peluru kendali Eropa tidak bertujuan melawan Rusia. " +
			"Namun Tauscher menolak memberi komitmen yang mengikat secara hukum seperti yang diajukan oleh Moskow. " +
			"Rusia dan NATO setuju bekerja sama dalam sistem pertahanan rudal Eropa saat konferensi tingkat tinggi di Lisabon pada November 2010. " +
			"NATO memutuskan harus ada dua sistem mandiri yang bisa saling bertukar keterangan, sementara Rusia menginginkan sistem gabungan dengan operasi bersama."
	first := story(t, "antara-1", 1, "Perundingan rudal Rusia-AS buntu", body)
	copied := story(t, "other-feed-7", 1, "Perundingan rudal Rusia-AS menemui jalan buntu",
		strings.Replace(body, "pada Rabu", "pada hari Rabu", 1)+" Editor: Ruslan Burhani")
	other := story(t, "other-2", 1, "Banjir melanda Jakarta",
		"Banjir melanda sejumlah wilayah di Jakarta sejak Senin pagi setelah hujan deras mengguyur ibu kota selama lebih dari enam jam tanpa henti. "+
			"Badan Penanggulangan Bencana Daerah mencatat ketinggian air mencapai satu meter di beberapa permukiman warga di Jakarta Timur dan Jakarta Utara. "+
			"Ribuan warga mengungsi ke masjid, sekolah, dan kantor kelurahan terdekat sementara petugas mengerahkan perahu karet untuk mengevakuasi lansia dan anak-anak. "+
			"Gubernur meminta warga tetap waspada karena hujan diperkirakan masih turun hingga akhir pekan menurut prakiraan cuaca.")

	if err := w.Index(ctx, first); err != nil {
		t.Fatal(err)
	}
	// The copy arrives at another index replica, which learns the first
	// story from Elasticsearch (refreshed stories only).
	estest.Refresh(t, f.url, f.cfg.IndexPrefix)
	replica, err := NewWriter(f.client, f.cfg, zaptest.NewLogger(t))
	if err != nil {
		t.Fatal(err)
	}
	defer replica.Close(context.Background())
	if err := replica.Index(ctx, copied); err != nil {
		t.Fatal(err)
	}
	if err := w.Index(ctx, other); err != nil {
		t.Fatal(err)
	}
	estest.Refresh(t, f.url, f.cfg.IndexPrefix)
	if err := w.Index(ctx, story(t, "antara-1", 2, "Perundingan rudal Rusia-AS buntu, kata Rogozin", body)); err != nil {
		t.Fatal(err)
	}
	got := map[string]Document{}
	for _, d := range f.search(t, f.cfg.ReadAlias(), `{"query":{"match_all":{}}}`) {
		got[d.ID] = d
	}
	if len(got) != 3 {
		t.Fatalf("%d stories searchable, want 3", len(got))
	}
	if d := got["other-feed-7"]; d.DuplicateOf != "antara-1" || d.ClusterID != "antara-1" {
		t.Errorf("copy: duplicate_of %q, cluster %q; want antara-1", d.DuplicateOf, d.ClusterID)
	}
	if d := got["antara-1"]; d.DuplicateOf != "" || d.ClusterID != "antara-1" || d.Version != 2 {
		t.Errorf("first story (revised): duplicate_of %q, cluster %q, version %d", d.DuplicateOf, d.ClusterID, d.Version)
	}
	if d := got["other-2"]; d.DuplicateOf != "" || d.ClusterID != "other-2" {
		t.Errorf("unrelated: duplicate_of %q, cluster %q", d.DuplicateOf, d.ClusterID)
	}
}

// TestDeletedWriteAliasIsTransientAndTheProbeRestoresIt: with the write
// alias deleted, a write fails transiently (not dead-lettered); the
// stage's probe (Bootstrap) re-creates the aliases and the retry succeeds
// into the same index.
func TestDeletedWriteAliasIsTransientAndTheProbeRestoresIt(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	if err := f.w.Index(ctx, envelope("before", 1, "Before")); err != nil {
		t.Fatal(err)
	}
	res, err := f.client.Indices.DeleteAlias([]string{f.cfg.IndexName()}, []string{f.cfg.WriteAlias()})
	if err := check(res, err, "delete alias"); err != nil {
		t.Fatal(err)
	}
	err = f.w.Index(ctx, envelope("during", 1, "During"))
	if err == nil || stage.IsPermanent(err) || !strings.Contains(err.Error(), "index_not_found_exception") {
		t.Fatalf("write without the alias = %v, want a transient index_not_found error", err)
	}
	if err := Bootstrap(ctx, f.client, f.cfg); err != nil {
		t.Fatal(err)
	}
	if err := f.w.Index(ctx, envelope("during", 1, "During")); err != nil {
		t.Fatalf("retry after the probe: %v", err)
	}
	if n := len(f.search(t, f.cfg.ReadAlias(), `{"query":{"match_all":{}}}`)); n != 2 {
		t.Errorf("%d stories searchable, want 2 (the index kept the first)", n)
	}
}

// TestClosedIndexIsTransient: a closed index (maintenance) refuses writes;
// the failure is retried, never dead-lettered, and the write succeeds once
// the index is open again.
func TestClosedIndexIsTransient(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	res, err := f.client.Indices.Close([]string{f.cfg.IndexName()})
	if err := check(res, err, "close index"); err != nil {
		t.Fatal(err)
	}
	err = f.w.Index(ctx, envelope("closed", 1, "Closed"))
	if err == nil || stage.IsPermanent(err) {
		t.Fatalf("write to a closed index = %v, want a transient error", err)
	}
	res, err = f.client.Indices.Open([]string{f.cfg.IndexName()}, f.client.Indices.Open.WithWaitForActiveShards("1"))
	if err := check(res, err, "open index"); err != nil {
		t.Fatal(err)
	}
	if err := f.w.Index(ctx, envelope("closed", 1, "Closed")); err != nil {
		t.Fatalf("write after reopening: %v", err)
	}
}

// TestUnreachableAndHungNodesAreTransient: connection refused, and a node
// that accepts connections but never answers (a SIGSTOPped JVM, here a
// listener that never reads), fail the write transiently within the
// configured timeout instead of holding the handler.
func TestUnreachableAndHungNodesAreTransient(t *testing.T) {
	hung, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer hung.Close()
	refused, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	refusedURL := "http://" + refused.Addr().String()
	refused.Close()
	for name, url := range map[string]string{"refused": refusedURL, "hung": "http://" + hung.Addr().String()} {
		t.Run(name, func(t *testing.T) {
			cfg := Config{Options: esconn.Options{URLs: []string{url}}, IndexPrefix: "news", FlushInterval: 10 * time.Millisecond, FlushBytes: 1 << 20, BulkWorkers: 1, Timeout: 500 * time.Millisecond}
			client, err := NewClient(cfg)
			if err != nil {
				t.Fatal(err)
			}
			w, err := NewWriter(client, cfg, zaptest.NewLogger(t))
			if err != nil {
				t.Fatal(err)
			}
			defer w.Close(context.Background())
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			err = w.Index(ctx, envelope("x", 1, "X"))
			if err == nil || stage.IsPermanent(err) || ctx.Err() != nil {
				t.Errorf("Index = %v (test deadline passed: %v), want a transient error before the deadline", err, ctx.Err() != nil)
			}
		})
	}
}

// TestReindexMovesToANewVersion: newsctl reindex's work on the real node.
// The documents are copied at their revisions, both aliases end on the new
// index, later writes land there, a restart's Bootstrap stays there (never
// back to v1), and the old index is left as it was.
func TestReindexMovesToANewVersion(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	for i, env := range []*article.Envelope{envelope("r-1", 3, "One"), envelope("r-2", 1, "Two"), envelope("r-3", 7, "Three")} {
		if err := f.w.Index(ctx, env); err != nil {
			t.Fatalf("index %d: %v", i, err)
		}
	}
	var calls []string
	quick := f.cfg
	quick.Timeout = 100 * time.Millisecond // the wait for writes in flight during the move
	r, err := Reindex(ctx, f.client, quick, MappingVersion+1, func(done, total int) { calls = append(calls, fmt.Sprintf("%d/%d", done, total)) })
	if err != nil {
		t.Fatal(err)
	}
	v1, v2 := f.cfg.VersionedIndex(MappingVersion), f.cfg.VersionedIndex(MappingVersion+1) // the old and the new
	if r.From != v1 || r.To != v2 || r.Total != 3 || r.Copied != 3 || r.Newer != 0 || len(calls) != 1 || calls[0] != "3/3" {
		t.Fatalf("reindex %+v, progress %v", r, calls)
	}
	for _, alias := range []string{f.cfg.WriteAlias(), f.cfg.ReadAlias()} {
		if got, err := aliasIndices(ctx, f.client, alias); err != nil || len(got) != 1 || got[0] != v2 {
			t.Errorf("alias %s on %v, %v; want %s", alias, got, err, v2)
		}
	}
	if docs := f.search(t, v2, `{"query":{"term":{"id":"r-3"}}}`); len(docs) != 1 || docs[0].Version != 7 || docs[0].Headline != "Three" {
		t.Errorf("r-3 in %s: %+v", v2, docs)
	}
	// A worker restart keeps v2.
	if err := Bootstrap(ctx, f.client, f.cfg); err != nil {
		t.Fatal(err)
	}
	if cur, err := CurrentIndex(ctx, f.client, f.cfg); err != nil || cur != v2 {
		t.Errorf("current index after Bootstrap %s, %v; want %s", cur, err, v2)
	}
	if got, _ := aliasIndices(ctx, f.client, f.cfg.ReadAlias()); len(got) != 1 || got[0] != v2 {
		t.Errorf("read alias after Bootstrap on %v, want only %s", got, v2)
	}
	if err := f.w.Index(ctx, envelope("r-4", 1, "Four")); err != nil {
		t.Fatal(err)
	}
	if docs := f.search(t, f.cfg.ReadAlias(), `{"size":10,"query":{"match_all":{}}}`); len(docs) != 4 {
		t.Errorf("%d documents through the read alias, want 4", len(docs))
	}
	if docs := f.search(t, v1, `{"size":10,"query":{"match_all":{}}}`); len(docs) != 3 {
		t.Errorf("%d documents left in %s, want its 3", len(docs), v1)
	}
	if _, err := Reindex(ctx, f.client, f.cfg, MappingVersion+1, nil); err == nil {
		t.Error("a reindex to the version in use was accepted")
	}
	// Without a write alias, Bootstrap takes the highest version there is.
	if err := updateAliases(ctx, f.client, []any{map[string]any{"remove": map[string]any{"index": v2, "alias": f.cfg.WriteAlias()}}}); err != nil {
		t.Fatal(err)
	}
	if cur, err := CurrentIndex(ctx, f.client, f.cfg); err != nil || cur != v2 {
		t.Errorf("current index without a write alias %s, %v; want %s", cur, err, v2)
	}
}

// TestMigrationFromMappingV1: a cluster whose index was created by an
// earlier release (mapping v1: nested entities, language sub-fields) keeps
// working after the upgrade (Bootstrap leaves the changed fields alone,
// writes succeed), says how to migrate, and `newsctl reindex -to v3` moves
// it to the lean mapping with every document.
func TestMigrationFromMappingV1(t *testing.T) {
	url := estest.URL(t)
	cfg := testConfig(t, url)
	client, err := NewClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	// v1 as it was: language sub-fields on the prose, nested entities.
	withFields := cfg
	withFields.LanguageFields = true
	v1props := withFields.properties()
	v1props["entities"] = map[string]any{"type": "nested", "properties": map[string]any{
		"name": map[string]any{"type": "keyword"}, "type": map[string]any{"type": "keyword"},
		"count": map[string]any{"type": "integer"}, "salience": map[string]any{"type": "float"},
		"mentions": map[string]any{"type": "object", "enabled": false},
	}}
	body, _ := json.Marshal(map[string]any{"settings": cfg.settings(), "mappings": map[string]any{"dynamic": "strict", "properties": v1props},
		"aliases": map[string]any{cfg.WriteAlias(): map[string]any{"is_write_index": true}, cfg.ReadAlias(): map[string]any{"filter": readFilter()}}})
	res, err := client.Indices.Create(cfg.VersionedIndex(1), client.Indices.Create.WithBody(strings.NewReader(string(body))))
	if err := check(res, err, "create the v1 index"); err != nil {
		t.Fatal(err)
	}
	if err := Bootstrap(ctx, client, cfg); err != nil {
		t.Fatalf("Bootstrap on a v1 index: %v", err)
	}
	if note, err := OutdatedIndex(ctx, client, cfg); err != nil || !strings.Contains(note, fmt.Sprintf("newsctl reindex -to v%d", MappingVersion)) {
		t.Errorf("OutdatedIndex = %q, %v", note, err)
	}
	w, err := NewWriter(client, cfg, zaptest.NewLogger(t))
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close(ctx)
	for _, id := range []string{"m-1", "m-2"} {
		if err := w.Index(ctx, envelope(id, 1, "Before the migration")); err != nil {
			t.Fatalf("write to the v1 index: %v", err)
		}
	}
	quick := cfg
	quick.Timeout = 100 * time.Millisecond // the wait for writes in flight during the move
	r, err := Reindex(ctx, client, quick, MappingVersion, nil)
	if err != nil || r.Copied != 2 || r.To != cfg.IndexName() {
		t.Fatalf("reindex: %+v, %v", r, err)
	}
	props, err := indexProperties(ctx, client, cfg.IndexName())
	if err != nil {
		t.Fatal(err)
	}
	if string(props["entities"]) != `{"type":"object","enabled":false}` {
		t.Errorf("entities mapping after the migration %s, want stored, not indexed", props["entities"])
	}
	if string(props["body_text"]) != `{"type":"text","analyzer":"standard"}` {
		t.Errorf("body_text mapping after the migration %s, want analysed once", props["body_text"])
	}
	if note, _ := OutdatedIndex(ctx, client, cfg); note != "" {
		t.Errorf("still outdated after the migration: %s", note)
	}
	if docs := (&fixture{cfg: cfg, client: client, url: url}).search(t, cfg.ReadAlias(), `{"query":{"term":{"people":"Dmitry Rogozin"}}}`); len(docs) != 2 || len(docs[0].Entities) != 1 {
		t.Errorf("after the migration: %d documents by people, entities %v", len(docs), docs)
	}
}

// TestDocumentedQueries runs every kind of query the README and newsctl
// search show, on the current mapping: entity filters and facets, full
// text in Indonesian and English, a phrase, a date range, the newest-first
// sort of newsctl search, and the read alias hiding a killed story.
func TestDocumentedQueries(t *testing.T) {
	// Full text in one language on the default mapping: body_text with a
	// language filter, or the language's analyzer at query time.
	t.Run("default mapping", func(t *testing.T) {
		testDocumentedQueries(t, newFixture(t), []struct{ name, query, want string }{
			{"organisation and place filters (README example)", `{"query":{"bool":{"must":[{"match":{"body_text":{"query":"pertahanan rudal","analyzer":"news_id"}}}],"filter":[{"term":{"language":"id"}},{"term":{"organisations":"NATO"}},{"term":{"places":"Moskow"}}]}}}`, "q-id"},
			{"full text, Indonesian", `{"query":{"bool":{"must":{"match":{"body_text":"berlanjut"}},"filter":{"term":{"language":"id"}}}}}`, "q-id"},
			{"full text, English", `{"query":{"bool":{"must":{"match":{"body_text":"continued"}},"filter":{"term":{"language":"en"}}}}}`, "q-en"},
			{"Indonesian stop words dropped by news_id", `{"query":{"match":{"body_text":{"query":"dan","analyzer":"news_id"}}}}`, ""},
			{"the same word without it", `{"query":{"match":{"body_text":"dan"}}}`, "q-id"},
		})
	})
	// NEWSROOM_ES_LANGUAGE_FIELDS: the .id/.en sub-fields of v1 and v2.
	t.Run("language fields", func(t *testing.T) {
		testDocumentedQueries(t, newFixture(t, func(c *Config) { c.LanguageFields = true }), []struct{ name, query, want string }{
			{"full text, Indonesian", `{"query":{"match":{"body_text.id":"berlanjut"}}}`, "q-id"},
			{"full text, English", `{"query":{"match":{"body_text.en":"continued"}}}`, "q-en"},
			{"headline, Indonesian", `{"query":{"match":{"headline.id":"rudal"}}}`, "q-id"},
		})
	})
}

func testDocumentedQueries(t *testing.T, f *fixture, specific []struct{ name, query, want string }) {
	ctx := context.Background()
	id := envelope("q-id", 1, "Perundingan pertahanan rudal")
	id.Article.Language = "id"
	id.Article.BodyText = "Perundingan pertahanan rudal antara Rusia dan NATO di Moskow berlanjut."
	id.Article.Organisations, id.Article.Places = []string{"NATO"}, []string{"Moskow"}
	id.Article.Entities = []article.Entity{{Name: "NATO", Type: article.TypeOrganisation, Aliases: []string{"Pakta Pertahanan Atlantik Utara"}}}
	id.Article.Subject = []article.Subject{{Code: "medtop:11000000", Name: "politics", Origin: article.SubjectInferred, Confidence: 0.9}}
	en := envelope("q-en", 1, "Missile defence talks")
	en.Article.Language = "en"
	en.Article.BodyText = "Missile defence talks between Russia and NATO continued in Moscow."
	en.Article.Places = []string{"Moscow"}
	en.Article.Subject = []article.Subject{{Code: "subj:11000000", Name: "politics"},
		{Code: "medtop:11000000", Name: "politics", Origin: article.SubjectFromSource, MappedFrom: "subj:11000000"}}
	created := time.Date(2011, 3, 1, 0, 0, 0, 0, time.UTC)
	en.Article.VersionCreated = &created
	killed := envelope("q-killed", 1, "Killed")
	killed.Article.PubStatus = article.PubStatusCanceled
	for _, env := range []*article.Envelope{id, en, killed} {
		if err := f.w.Index(ctx, env); err != nil {
			t.Fatal(err)
		}
	}
	ids := func(query string) string {
		var got []string
		for _, d := range f.search(t, f.cfg.ReadAlias(), query) {
			got = append(got, d.ID)
		}
		sort.Strings(got)
		return strings.Join(got, ",")
	}
	for _, tc := range append([]struct{ name, query, want string }{
		{"people filter", `{"query":{"term":{"people":"Dmitry Rogozin"}}}`, "q-en,q-id"},
		{"phrase", `{"query":{"match_phrase":{"body_text":"missile defence talks"}}}`, "q-en"},
		{"headline", `{"query":{"match":{"headline":"rudal"}}}`, "q-id"},
		{"date range", `{"query":{"range":{"versioncreated":{"lt":"2012-01-01"}}}}`, "q-en"},
		{"people as text", `{"query":{"match":{"people.text":"rogozin"}}}`, "q-en,q-id"},
		{"killed stories hidden", `{"query":{"match_all":{}}}`, "q-en,q-id"},
		{"query string (newsctl search -q)", `{"query":{"query_string":{"query":"places:Moscow"}},"sort":[{"received_at":"desc"},"id"]}`, "q-en"},
		{"Media Topic (newsctl search -topic)", `{"query":{"term":{"subject.code":"medtop:11000000"}}}`, "q-en,q-id"},
		{"only inferred topics", `{"query":{"bool":{"filter":[{"term":{"subject.code":"medtop:11000000"}},{"term":{"subject.origin":"inferred"}}]}}}`, "q-id"},
		{"an entity by an alias (newsctl search -entity)", `{"query":{"term":{"entity_aliases":"Pakta Pertahanan Atlantik Utara"}}}`, "q-id"},
	}, specific...) {
		if got := ids(tc.query); got != tc.want {
			t.Errorf("%s: got [%s], want [%s]", tc.name, got, tc.want)
		}
	}
	// Facets on the name arrays.
	var out struct {
		Aggregations struct {
			People struct {
				Buckets []struct {
					Key   string `json:"key"`
					Count int    `json:"doc_count"`
				} `json:"buckets"`
			} `json:"people"`
		} `json:"aggregations"`
	}
	estest.Refresh(t, f.url, f.cfg.IndexPrefix)
	res, err := f.client.Search(f.client.Search.WithIndex(f.cfg.ReadAlias()), f.client.Search.WithBody(strings.NewReader(`{"size":0,"aggs":{"people":{"terms":{"field":"people"}}}}`)))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil {
		t.Fatal(err)
	}
	if b := out.Aggregations.People.Buckets; len(b) != 1 || b[0].Key != "Dmitry Rogozin" || b[0].Count != 2 {
		t.Errorf("people facet %+v", b)
	}
}

// TestIdleBulkerSendsAtOnce: with no request in flight a lone story goes
// out at once, not after the flush interval (an hour here: the test would
// time out), and stories arriving while a request is out are batched.
func TestIdleBulkerSendsAtOnce(t *testing.T) {
	f := newFixture(t)
	cfg := f.cfg
	cfg.FlushInterval = time.Hour
	w, err := NewWriter(f.client, cfg, zaptest.NewLogger(t))
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close(context.Background())
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := w.Index(ctx, envelope("alone", 1, "Alone")); err != nil {
		t.Fatalf("a lone story waited for the flush interval: %v", err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 50)
	for i := range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- w.Index(ctx, envelope(fmt.Sprintf("many-%d", i), 1, "Many"))
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	var m dto.Metric
	if err := w.metrics.seconds.Write(&m); err != nil {
		t.Fatal(err)
	}
	if n := m.GetHistogram().GetSampleCount(); n < 2 || n > 40 {
		t.Errorf("%d bulk requests for 51 stories, want the concurrent ones batched (between 2 and 40)", n)
	}
}
