package allinone_test

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/newsroom-pipeline/newsroom/pkg/sharedtest"
)

// BenchmarkEndToEnd measures the all-in-one pipeline's throughput on this
// machine: b.N distinct ANTARA-sized stories published to news.raw.antara
// until all are searchable in the real Elasticsearch node. Each story is the
// seed with the words of every paragraph shuffled, so the stories are not
// near-duplicates of each other (as in a real news flow; see
// BenchmarkEndToEndOneCluster for the opposite).
func BenchmarkEndToEnd(b *testing.B) {
	seed := string(readSeed(b))
	run := time.Now().UnixNano()
	benchmarkEndToEnd(b, func(i int) []byte {
		rng := rand.New(rand.NewPCG(uint64(run), uint64(i)))
		paras := strings.Split(seed, "\n\n")
		for j, p := range paras[:len(paras)-3] { // keep the trailer lines
			words := strings.Fields(p)
			rng.Shuffle(len(words), func(a, c int) { words[a], words[c] = words[c], words[a] })
			paras[j] = strings.Join(words, " ")
		}
		return []byte(strings.Join(paras, "\n\n"))
	})
}

// BenchmarkEndToEndCorpus publishes real stories: the IndoSum dev set
// (Indonesian, as raw text) and the BBC corpus (English), from
// ../shared/data. Real stories have the spread of fingerprints the
// near-duplicate lookup meets in production; beyond the corpus's 5,688
// stories, stories repeat with a marker (near-copies).
func BenchmarkEndToEndCorpus(b *testing.B) {
	var corpus []string
	f, err := os.Open(sharedtest.Path(b, "id-news-indosum/derived/indosum_dev_articles.jsonl"))
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<22)
	for sc.Scan() {
		var a struct{ Body string }
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			b.Fatal(err)
		}
		corpus = append(corpus, a.Body)
	}
	bbc, err := filepath.Glob(filepath.Join(sharedtest.Path(b, "en-news-bbc/bbc"), "*", "*.txt"))
	if err != nil {
		b.Fatal(err)
	}
	for _, p := range bbc {
		t, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		corpus = append(corpus, string(t))
	}
	benchmarkEndToEnd(b, func(i int) []byte {
		s := corpus[i%len(corpus)]
		if i >= len(corpus) {
			s += fmt.Sprintf("\n\n(ulang %d)", i)
		}
		return []byte(s)
	})
}

// BenchmarkEndToEndOneCluster is the worst case for near-duplicate
// detection: every story is the seed with a different bench tag, so all
// are near-copies of each other and every lookup matches every story
// indexed so far.
func BenchmarkEndToEndOneCluster(b *testing.B) {
	seed := string(readSeed(b))
	run := time.Now().UnixNano()
	benchmarkEndToEnd(b, func(i int) []byte {
		return []byte(strings.Replace(seed, "Moskow (ANTARA News) - ", fmt.Sprintf("Moskow (ANTARA News) - [Bench %d %d] ", run, i), 1))
	})
}

func benchmarkEndToEnd(b *testing.B, story func(i int) []byte) {
	b.StopTimer()
	p := startPipeline(b)
	stories := make([][]byte, b.N)
	for i := range stories {
		stories[i] = story(i)
	}
	b.StartTimer()
	start := time.Now()
	// Publish as a busy wire does: asynchronously, many in flight.
	for _, s := range stories {
		if _, err := p.nats.JS.PublishAsync("news.raw.antara", s); err != nil {
			b.Fatal(err)
		}
	}
	select {
	case <-p.nats.JS.PublishAsyncComplete():
	case <-time.After(time.Minute):
		b.Fatal("publishes not acknowledged within a minute")
	}
	p.waitForCount(b.N, 5*time.Minute)
	b.StopTimer()
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "stories/s")
}
