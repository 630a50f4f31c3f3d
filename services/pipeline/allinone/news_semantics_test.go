package allinone_test

import (
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/newsroom-pipeline/newsroom/pkg/article"
	"github.com/newsroom-pipeline/newsroom/services/index/esindex"
)

// wireSample reads a committed wire sample of pkg/wire's test data.
func wireSample(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("../../../pkg/wire/testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestG2RevisionsAndKill: two versions of one NewsML-G2 story published
// newest first leave the newest; a kill after them removes the story from
// the news alias; an older version after the kill does not bring it back,
// and the stored tombstone keeps the kill record.
func TestG2RevisionsAndKill(t *testing.T) {
	p := startPipeline(t)
	v1, v2, kill := wireSample(t, "g2/g2-story-v1.xml"), wireSample(t, "g2/g2-story-v2.xml"), wireSample(t, "g2/g2-story-kill.xml")

	p.publish("news.raw.g2", v2, nil)
	docs := p.waitForDocs(`{"query":{"term":{"version":2}}}`, 1, 15*time.Second)
	p.publish("news.raw.g2", v1, nil)
	p.idle(15 * time.Second)
	docs = p.search(`{"query":{"match_all":{}}}`)
	if len(docs) != 1 || docs[0].Version != 2 || docs[0].Format != "newsml-g2" {
		t.Fatalf("after v2 then v1: %+v, want only version 2", docs)
	}
	id, headline := docs[0].ID, docs[0].Headline

	p.publish("news.raw.g2", kill, nil)
	deadline := time.Now().Add(15 * time.Second)
	for p.count() != 0 {
		if time.Now().After(deadline) {
			t.Fatalf("killed story still in the news alias: %+v", p.search(`{"query":{"match_all":{}}}`))
		}
		time.Sleep(100 * time.Millisecond)
	}

	p.publish("news.raw.g2", v1, nil)
	p.idle(15 * time.Second)
	if docs := p.search(`{"query":{"match_all":{}}}`); len(docs) != 0 {
		t.Fatalf("an older version after the kill brought the story back: %+v", docs)
	}
	stored := p.searchStored(`{"query":{"match_all":{}}}`)
	if len(stored) != 1 {
		t.Fatalf("%d stored documents, want the one tombstone", len(stored))
	}
	tomb := stored[0]
	if tomb.ID != id || tomb.Version != 3 || tomb.PubStatus != article.PubStatusCanceled || tomb.KilledAt == nil || tomb.KilledBy == "" || tomb.BodyText != "" {
		t.Errorf("tombstone %+v (headline before the kill %q)", tomb, headline)
	}
	if n := len(p.dlq()); n != 0 {
		t.Errorf("%d dead letters: stale revisions and kills are not errors", n)
	}
}

// TestEmbargoLiftsWithoutResend: a ninjs story embargoed a few seconds
// ahead is stored but invisible through the news alias, and becomes
// visible once the embargo passes, without being sent again.
func TestEmbargoLiftsWithoutResend(t *testing.T) {
	p := startPipeline(t)
	until := time.Now().Add(4 * time.Second).UTC().Truncate(time.Second)
	story, _ := json.Marshal(map[string]any{
		"uri": "urn:newsml:antara.co.id:20261127:embargo-1", "version": "1", "language": "id",
		"embargoed": until.Format(time.RFC3339),
		"headline":  "Laporan inflasi November dirilis",
		"body_text": "Jakarta (ANTARA) - Badan Pusat Statistik merilis laporan inflasi bulan November pada Senin.",
	})
	p.publish("news.raw.antara", story, nil)
	deadline := time.Now().Add(15 * time.Second)
	for len(p.searchStored(`{"query":{"match_all":{}}}`)) == 0 {
		if time.Now().After(deadline) {
			t.Fatal("embargoed story not stored")
		}
		time.Sleep(50 * time.Millisecond)
	}
	if time.Now().Before(until) {
		if n := p.count(); n != 0 {
			t.Fatalf("embargoed story visible %s before its embargo", time.Until(until))
		}
	} else {
		t.Fatalf("the story took longer than its embargo to index; the test cannot check invisibility")
	}
	time.Sleep(time.Until(until))
	docs := p.waitForDocs(`{"query":{"match":{"headline":"inflasi"}}}`, 1, 5*time.Second)
	if docs[0].Embargoed == nil || !docs[0].Embargoed.Equal(until) {
		t.Errorf("embargoed = %v, want %v", docs[0].Embargoed, until)
	}
}

// TestFeedBecomesItsStories: one RSS feed published once gives one document
// per item, each with the id of its guid.
func TestFeedBecomesItsStories(t *testing.T) {
	p := startPipeline(t)
	p.publish("news.raw.antara", wireSample(t, "feeds/antara-sample.rss"), nil)
	p.waitForDocs(`{"query":{"match_all":{}}}`, 3, 15*time.Second)
	p.idle(15 * time.Second)
	var ids []string
	for _, d := range p.search(`{"query":{"match_all":{}}}`) {
		ids = append(ids, d.ID)
		if d.Format != "rss" || d.Language != "id" || d.Headline == "" || d.BodyText == "" {
			t.Errorf("item %+v", d)
		}
	}
	slices.Sort(ids)
	if len(ids) != 3 || len(slices.Compact(slices.Clone(ids))) != 3 {
		t.Errorf("ids %v, want 3 distinct", ids)
	}
	for _, id := range ids {
		if strings.HasPrefix(id, "sha256-") {
			t.Errorf("item id %q is a content address, want its guid", id)
		}
	}
}

// TestSyndicatedCopyIsMarkedDuplicate: the seed story, then the same wire
// story as a second outlet runs it (its own dateline form, one sentence
// trimmed, no trailer): the copy is indexed, stays searchable and carries
// duplicate_of the first story and its cluster.
func TestSyndicatedCopyIsMarkedDuplicate(t *testing.T) {
	p := startPipeline(t)
	seed := string(readSeed(t))
	p.publish("news.raw.antara", []byte(seed), nil)
	first := p.waitForDocs(`{"query":{"match_all":{}}}`, 1, 15*time.Second)[0]

	body, _, _ := strings.Cut(seed, "\n\nEditor:")
	body = strings.Replace(body, "Moskow (ANTARA News) - ", "MOSKOW, KOMPAS.com - ", 1)
	body = strings.Replace(body, " Ia juga mengingatkan Konferensi Tingkat Tinggi NATO akan diselenggarakan di Chicago pada Mei 2012.", "", 1)
	p.publish("news.raw.kompas", []byte(body), nil)
	docs := p.waitForDocs(`{"query":{"match_all":{}}}`, 2, 15*time.Second)
	var copied esindex.Document
	for _, d := range docs {
		if d.ID != first.ID {
			copied = d
		}
	}
	if copied.Source != "kompas" || copied.DuplicateOf != first.ID || copied.ClusterID != first.ID {
		t.Errorf("copy from %q: duplicate_of %q, cluster %q; want %q", copied.Source, copied.DuplicateOf, copied.ClusterID, first.ID)
	}
	if first.DuplicateOf != "" || first.ClusterID != first.ID || first.Fingerprint == "" {
		t.Errorf("first story: duplicate_of %q, cluster %q, fingerprint %q", first.DuplicateOf, first.ClusterID, first.Fingerprint)
	}
}
