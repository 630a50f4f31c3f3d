package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/newsroom-pipeline/newsroom/pkg/article"
	"github.com/newsroom-pipeline/newsroom/pkg/bus"
	"github.com/newsroom-pipeline/newsroom/pkg/config"
	"github.com/newsroom-pipeline/newsroom/pkg/estest"
	"github.com/newsroom-pipeline/newsroom/pkg/natstest"
	"github.com/newsroom-pipeline/newsroom/services/index/esindex"
	"github.com/newsroom-pipeline/newsroom/services/newsctl/status"
)

// newsctl dlq list, show and replay against a real JetStream server.
func TestDLQCommands(t *testing.T) {
	srv := natstest.Run(t)
	ctx := natstest.Context(t, 30*time.Second)
	if err := bus.ApplyStreams(ctx, srv.JS, bus.DefaultTopology()); err != nil {
		t.Fatal(err)
	}
	t.Setenv("NEWSROOM_NATS_URL", srv.URL)
	for i, d := range []struct{ stage, subject, stream, reason, data string }{
		{"ingest", "news.raw.antara", bus.StreamRaw, "empty story", " "},
		{"normalize", "news.ingested.bbc", bus.StreamIngested, "parse: unexpected EOF", `{"id":"x"}`},
	} {
		h := nats.Header{}
		h.Set(bus.HeaderDLQStage, d.stage)
		h.Set(bus.HeaderDLQSubject, d.subject)
		h.Set(bus.HeaderDLQStream, d.stream)
		h.Set(bus.HeaderDLQReason, d.reason)
		h.Set(bus.HeaderDLQTime, time.Now().Add(-time.Duration(i+1)*time.Hour).UTC().Format(time.RFC3339Nano))
		if _, err := srv.JS.PublishMsg(ctx, &nats.Msg{Subject: bus.DLQSubject(d.stage), Header: h, Data: []byte(d.data)}); err != nil {
			t.Fatal(err)
		}
	}
	newsctl := func(args ...string) (string, error) {
		var out, errOut bytes.Buffer
		err := run(context.Background(), args, &out, &errOut)
		return out.String(), err
	}

	out, err := newsctl("dlq", "list")
	if err != nil || strings.Count(out, "\n") != 3 || !strings.Contains(out, "news.ingested.bbc") || !strings.Contains(out, "empty story") {
		t.Fatalf("dlq list: %v\n%s", err, out)
	}
	out, _ = newsctl("dlq", "list", "-since", "90m")
	if strings.Count(out, "\n") != 2 || !strings.Contains(out, "empty story") {
		t.Errorf("dlq list -since 90m: want only the letter of an hour ago\n%s", out)
	}
	out, err = newsctl("dlq", "show", "2")
	if err != nil || !strings.Contains(out, "Newsroom-Dlq-Reason: parse: unexpected EOF") || !strings.Contains(out, `{"id":"x"}`) {
		t.Errorf("dlq show 2: %v\n%s", err, out)
	}
	out, err = newsctl("dlq", "replay", "-stage", "normalize", "-dry-run")
	if err != nil || !strings.Contains(out, "would replay 1") {
		t.Errorf("dlq replay -dry-run: %v\n%s", err, out)
	}
	out, err = newsctl("dlq", "replay", "-stage", "normalize")
	if err != nil || !strings.Contains(out, "replayed 1/1") {
		t.Fatalf("dlq replay: %v\n%s", err, out)
	}
	st, _ := srv.JS.Stream(ctx, bus.StreamIngested)
	if m, err := st.GetLastMsgForSubject(ctx, "news.ingested.bbc"); err != nil || string(m.Data) != `{"id":"x"}` {
		t.Errorf("the replayed letter is not back on news.ingested.bbc: %v", err)
	}
	out, _ = newsctl("dlq", "list")
	if strings.Count(out, "\n") != 2 || strings.Contains(out, "news.ingested.bbc") {
		t.Errorf("after the replay, want only the ingest letter left:\n%s", out)
	}
	if _, err := newsctl("dlq", "show", "2"); err == nil {
		t.Error("dlq show of a replayed letter succeeded")
	}
}

// newsctl status against a real JetStream server and the real
// Elasticsearch node: the numbers are the consumers', a stage nobody pulls
// from makes it exit non-zero, and the index part names the alias, its
// index, the searchable documents and the newest story per source.
func TestStatusCommand(t *testing.T) {
	srv := natstest.Run(t)
	ctx := natstest.Context(t, 60*time.Second)
	t.Setenv("NEWSROOM_NATS_URL", srv.URL)
	top := bus.DefaultTopology()
	if err := bus.ApplyStreams(ctx, srv.JS, top); err != nil {
		t.Fatal(err)
	}
	consumers := map[string]jetstream.Consumer{}
	for _, st := range []string{bus.StageIngest, bus.StageNormalize, bus.StageEntityTag, bus.StageIndex} {
		c, err := bus.EnsureConsumer(ctx, srv.JS, top, st)
		if err != nil {
			t.Fatal(err)
		}
		consumers[st] = c
	}
	for i := 0; i < 3; i++ {
		if _, err := srv.JS.Publish(ctx, "news.raw.antara", []byte(fmt.Sprintf("story %d", i))); err != nil {
			t.Fatal(err)
		}
	}
	h := nats.Header{}
	h.Set(bus.HeaderDLQStage, bus.StageNormalize)
	if _, err := srv.JS.PublishMsg(ctx, &nats.Msg{Subject: bus.DLQSubject(bus.StageNormalize), Header: h, Data: []byte("x")}); err != nil {
		t.Fatal(err)
	}
	// Replicas of three stages pull (ingest takes one message and holds it);
	// nobody works index.
	for _, st := range []string{bus.StageIngest, bus.StageNormalize, bus.StageEntityTag} {
		go func(c jetstream.Consumer) { _, _ = c.Fetch(1, jetstream.FetchMaxWait(30*time.Second)) }(consumers[st])
	}

	esURL := estest.URL(t)
	prefix := estest.Prefix(t, esURL)
	esPut(t, esURL+"/"+prefix+"-v1", `{"mappings":{"properties":{"source":{"type":"keyword"},"received_at":{"type":"date"}}},"aliases":{"`+prefix+`":{}}}`)
	esPut(t, esURL+"/"+prefix+"-v1/_doc/a?refresh=true", `{"source":"antara","received_at":"2026-12-04T10:00:00Z"}`)
	esPut(t, esURL+"/"+prefix+"-v1/_doc/b?refresh=true", `{"source":"antara","received_at":"2026-12-04T11:30:00Z"}`)
	esPut(t, esURL+"/"+prefix+"-v1/_doc/c?refresh=true", `{"source":"bbc","received_at":"2026-12-03T08:00:00Z"}`)

	var rep status.Report
	deadline := time.Now().Add(10 * time.Second)
	for {
		var out, errOut bytes.Buffer
		err := run(context.Background(), []string{"status", "-json", "-es", esURL, "-index", prefix}, &out, &errOut)
		if err == nil || !strings.Contains(err.Error(), "no replica is working stage index") {
			t.Fatalf("status: err %v, want one naming only index", err)
		}
		rep = status.Report{}
		if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
			t.Fatalf("status -json: %v\n%s", err, out.String())
		}
		if len(rep.Unbound()) == 1 || time.Now().After(deadline) {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	want := map[string]status.Stage{
		bus.StageIngest:    {Stage: "ingest", Stream: bus.StreamRaw, Consumer: true, Pending: 2, AckPending: 1},
		bus.StageNormalize: {Stage: "normalize", Stream: bus.StreamIngested, Consumer: true, WaitingPulls: 1, DeadLetters: 1},
		bus.StageEntityTag: {Stage: "entitytag", Stream: bus.StreamNormalized, Consumer: true, WaitingPulls: 1},
		bus.StageIndex:     {Stage: "index", Stream: bus.StreamTagged, Consumer: true},
	}
	if len(rep.Stages) != 4 {
		t.Fatalf("%d stages", len(rep.Stages))
	}
	for _, got := range rep.Stages {
		if got != want[got.Stage] {
			t.Errorf("stage %s: got %+v, want %+v", got.Stage, got, want[got.Stage])
		}
	}
	ix := rep.Index
	if ix == nil || ix.Error != "" || ix.Documents != 3 || len(ix.Indices) != 1 || ix.Indices[0] != prefix+"-v1" {
		t.Fatalf("index part: %+v", ix)
	}
	if got := ix.LastStory["antara"]; !got.Equal(time.Date(2026, 12, 4, 11, 30, 0, 0, time.UTC)) || len(ix.LastStory) != 2 {
		t.Errorf("last story by source: %v", ix.LastStory)
	}

	var table, errOut bytes.Buffer
	_ = run(context.Background(), []string{"status", "-es", esURL, "-index", prefix}, &table, &errOut)
	for _, want := range []string{"NO REPLICA", "index " + prefix + " -> " + prefix + "-v1: 3 searchable documents", "antara  2026-12-04T11:30:00Z"} {
		if !strings.Contains(table.String(), want) {
			t.Errorf("status table lacks %q:\n%s", want, table.String())
		}
	}
}

func esPut(t *testing.T, url, body string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPut, url, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode >= 300 {
		b, _ := io.ReadAll(res.Body)
		t.Fatalf("PUT %s: %s %s", url, res.Status, b)
	}
}

// newsctl reprocess against a real JetStream server: the stories of the
// range are published again, plain progress lines go to stderr off a
// terminal, and -dry-run publishes nothing.
func TestReprocessCommand(t *testing.T) {
	srv := natstest.Run(t)
	ctx := natstest.Context(t, 30*time.Second)
	t.Setenv("NEWSROOM_NATS_URL", srv.URL)
	if err := bus.ApplyStreams(ctx, srv.JS, bus.DefaultTopology()); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 3; i++ {
		if _, err := srv.JS.Publish(ctx, "news.raw.antara", []byte(fmt.Sprint(i))); err != nil {
			t.Fatal(err)
		}
	}
	newsctl := func(args ...string) (string, string, error) {
		var out, errOut bytes.Buffer
		err := run(context.Background(), args, &out, &errOut)
		return out.String(), errOut.String(), err
	}
	if _, _, err := newsctl("reprocess"); err == nil || !strings.Contains(err.Error(), "-since is required") {
		t.Errorf("reprocess without -since: %v", err)
	}
	out, _, err := newsctl("reprocess", "-since", "1h", "-dry-run")
	if err != nil || !strings.Contains(out, "would re-publish 3 stories") {
		t.Fatalf("dry run: %v %q", err, out)
	}
	out, errOut, err := newsctl("reprocess", "-since", "1h", "-run", "t1")
	if err != nil || !strings.Contains(out, "re-published 3 stories (NEWS_RAW 1-3)") || !strings.Contains(errOut, "reprocess (NEWS_RAW sequence): 3/3 (100%)") {
		t.Fatalf("reprocess: %v\nstdout %q\nstderr %q", err, out, errOut)
	}
	raw, _ := srv.JS.Stream(ctx, bus.StreamRaw)
	if info, _ := raw.Info(ctx); info.State.Msgs != 6 {
		t.Errorf("%d messages in NEWS_RAW, want 6 (3 stories, 3 copies)", info.State.Msgs)
	}
}

// newsctl reindex against the real Elasticsearch node: the documents move
// to the new version with both aliases, and status then shows it.
func TestReindexCommand(t *testing.T) {
	esURL := estest.URL(t)
	prefix := estest.Prefix(t, esURL)
	t.Setenv("NEWSROOM_ES_URLS", esURL)
	t.Setenv("NEWSROOM_ES_INDEX_PREFIX", prefix)
	t.Setenv("NEWSROOM_ES_TIMEOUT", "200ms") // the wait for writes in flight
	r := config.NewReader(func(k string) string {
		return map[string]string{"NEWSROOM_ES_URLS": esURL, "NEWSROOM_ES_INDEX_PREFIX": prefix}[k]
	})
	cfg := esindex.ReadConfig(r)
	client, err := esindex.NewClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := esindex.Bootstrap(context.Background(), client, cfg); err != nil {
		t.Fatal(err)
	}
	for i, id := range []string{"a", "b"} {
		esPut(t, esURL+"/"+prefix+"-write/_doc/"+id+"?refresh=true", fmt.Sprintf(`{"id":%q,"version":%d,"source":"antara","received_at":"2026-12-04T10:00:00Z","indexed_at":"2026-12-04T10:00:01Z"}`, id, i+1))
	}
	var out, errOut bytes.Buffer
	if err := run(context.Background(), []string{"reindex", "-to", "v4"}, &out, &errOut); err != nil {
		t.Fatalf("reindex: %v\n%s", err, errOut.String())
	}
	if want := "reindexed " + prefix + "-v3 -> " + prefix + "-v4: 2 documents copied"; !strings.Contains(out.String(), want) {
		t.Errorf("output %q lacks %q", out.String(), want)
	}
	if !strings.Contains(errOut.String(), "reindex: 2/2 (100%)") {
		t.Errorf("no progress line: %q", errOut.String())
	}
	for _, bad := range [][]string{{"reindex"}, {"reindex", "-to", "v3"}, {"reindex", "-to", "two"}} {
		if err := run(context.Background(), bad, &out, &errOut); err == nil {
			t.Errorf("newsctl %v succeeded", bad)
		}
	}
}

// newsctl search -topic and -entity against the real Elasticsearch node
// and the index worker's strict mapping: a topic by code or name, source
// or inferred, and an entity by its canonical name or an alias.
func TestSearchFilters(t *testing.T) {
	esURL := estest.URL(t)
	prefix := estest.Prefix(t, esURL)
	t.Setenv("NEWSROOM_ES_URLS", esURL)
	cfg := esindex.ReadConfig(config.NewReader(func(k string) string {
		return map[string]string{"NEWSROOM_ES_URLS": esURL, "NEWSROOM_ES_INDEX_PREFIX": prefix}[k]
	}))
	client, err := esindex.NewClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := esindex.Bootstrap(context.Background(), client, cfg); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 12, 5, 8, 0, 0, 0, time.UTC)
	for i, a := range []*article.Article{
		{Language: "id", Headline: "KPK periksa saksi", Organisations: []string{"Komisi Pemberantasan Korupsi"},
			Entities: []article.Entity{{Name: "Komisi Pemberantasan Korupsi", Type: "ORG", Aliases: []string{"KPK"}, Count: 2}},
			Subject:  []article.Subject{{Code: "medtop:02000000", Name: "crime, law and justice", Origin: article.SubjectInferred, Confidence: 0.8}}},
		{Language: "id", Headline: "Persib menang", Organisations: []string{"Persib Bandung"},
			Entities: []article.Entity{{Name: "Persib Bandung", Type: "ORG", Count: 1}},
			Subject: []article.Subject{{Code: "subj:15054000", Name: "soccer"},
				{Code: "medtop:15000000", Name: "sport", Origin: article.SubjectFromSource, MappedFrom: "subj:15054000"}}},
		{Language: "en", Headline: "Talks in Moscow", Places: []string{"Moscow"},
			Subject: []article.Subject{{Code: "medtop:11000000", Name: "politics", Origin: article.SubjectInferred, Confidence: 0.6}}},
	} {
		env := &article.Envelope{ID: fmt.Sprintf("s%d", i), Version: 1, ReceivedAt: now.Add(time.Duration(i) * time.Minute), Article: a}
		b, err := json.Marshal(esindex.NewDocument(env, now))
		if err != nil {
			t.Fatal(err)
		}
		esPut(t, esURL+"/"+prefix+"-write/_doc/"+env.ID+"?refresh=true", string(b))
	}
	for _, c := range []struct {
		args []string
		want []string
	}{
		{[]string{"-topic", "sport"}, []string{"s1"}},
		{[]string{"-topic", "15000000"}, []string{"s1"}},
		{[]string{"-topic", "medtop:02000000"}, []string{"s0"}},
		{[]string{"-topic", "Politics"}, []string{"s2"}},
		{[]string{"-entity", "KPK"}, []string{"s0"}},
		{[]string{"-entity", "komisi pemberantasan korupsi"}, []string{"s0"}},
		{[]string{"-entity", "Moscow", "-topic", "politics"}, []string{"s2"}},
		{[]string{"-entity", "KPK", "-topic", "sport"}, nil},
		{[]string{"-q", "headline:menang OR headline:talks"}, []string{"s2", "s1"}},
	} {
		var out, errOut bytes.Buffer
		if err := run(context.Background(), append([]string{"search", "-index", prefix}, c.args...), &out, &errOut); err != nil {
			t.Fatalf("search %v: %v\n%s", c.args, err, errOut.String())
		}
		lines := strings.Split(strings.TrimSpace(out.String()), "\n")[1:]
		var got []string
		for _, l := range lines {
			got = append(got, strings.Fields(l)[0])
		}
		if strings.Join(got, ",") != strings.Join(c.want, ",") {
			t.Errorf("search %v: got %v, want %v\n%s", c.args, got, c.want, out.String())
		}
		if len(c.want) > 0 && c.args[0] == "-topic" && !strings.Contains(out.String(), "TOPICS") {
			t.Errorf("no topics column:\n%s", out.String())
		}
	}
}
