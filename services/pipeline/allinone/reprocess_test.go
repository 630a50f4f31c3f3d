package allinone_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/newsroom-pipeline/newsroom/pkg/estest"
	"github.com/newsroom-pipeline/newsroom/pkg/natstest"
	"github.com/newsroom-pipeline/newsroom/pkg/reprocess"
	"github.com/newsroom-pipeline/newsroom/services/entitytag/tagging"
)

// TestReprocessAfterTaggerChange: stories tagged by the baseline tagger
// are re-tagged by the learned one after the switch and a reprocess of
// NEWS_RAW: no document keeps the old tagger_version, none is added (each
// story keeps its id and version), and a story's entities are the new
// tagger's.
func TestReprocessAfterTaggerChange(t *testing.T) {
	esURL := estest.URL(t)
	p := &pipeline{t: t, nats: natstest.Run(t), esURL: esURL, prefix: estest.Prefix(t, esURL)}
	baselineVersion, learnedVersion := taggerVersion(t, tagging.Baseline), taggerVersion(t, tagging.Learned)
	stop := p.start(map[string]string{"NEWSROOM_TAGGER": "baseline"})

	files, err := filepath.Glob("../../../testdata/samples/*")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	start := time.Now()
	for _, f := range files {
		if strings.HasSuffix(f, ".md") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		p.publish("news.raw.samples", b, nil)
		n++
	}
	p.waitForCount(n, 30*time.Second)
	p.idle(20 * time.Second)
	if old := p.search(`{"size":100,"query":{"term":{"tagger_version":"` + baselineVersion + `"}}}`); len(old) != n {
		t.Fatalf("%d of %d documents tagged by %s before the switch", len(old), n, baselineVersion)
	}
	stop()

	defer p.start(nil)() // the learned tagger, the default
	ctx := natstest.Context(t, 2*time.Minute)
	res, err := reprocess.Run(ctx, p.nats.JS, reprocess.Options{Since: start.Add(-time.Minute)}, nil)
	if err != nil || res.Republished != n {
		t.Fatalf("reprocess: %+v, %v; want %d re-published", res, err, n)
	}
	deadline := time.Now().Add(60 * time.Second)
	for {
		p.idle(30 * time.Second)
		old := p.search(`{"size":100,"query":{"bool":{"must_not":{"term":{"tagger_version":"` + learnedVersion + `"}}}}}`)
		if len(old) == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d documents still not tagged by %s after the reprocess (e.g. %s: %s)", len(old), learnedVersion, old[0].ID, old[0].TaggerVersion)
		}
		time.Sleep(200 * time.Millisecond)
	}
	if c := p.count(); c != n {
		t.Errorf("%d documents after the reprocess, want %d: a story got a new identity", c, n)
	}
}

// taggerVersion is the tagger_version the stage stamps with tagger name.
func taggerVersion(t *testing.T, name string) string {
	t.Helper()
	tg, err := tagging.New(name)
	if err != nil {
		t.Fatal(err)
	}
	return tg.Version()
}
