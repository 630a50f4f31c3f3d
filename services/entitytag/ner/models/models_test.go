package models

import (
	"runtime"
	"testing"

	"github.com/newsroom-pipeline/newsroom/pkg/sharedtest"
	"github.com/newsroom-pipeline/newsroom/services/entitytag/ner"
)

// The samples in ../testdata were written for this project (CC0): they check
// that each committed model loads and tags news of its language sensibly.
// Corpus scores are in TRAINING-<lang>.md.
func TestCommittedModels(t *testing.T) {
	for _, tc := range []struct {
		lang, sample string
		minF1        float64
	}{
		{"en", "../testdata/en-sample.conll", 90},
		{"id", "../testdata/id-sample.conll", 85},
	} {
		m, err := Load(tc.lang)
		if err != nil {
			t.Fatal(err)
		}
		sents, err := ner.ReadCoNLLFile(tc.sample, nil)
		if err != nil {
			t.Fatal(err)
		}
		s := ner.Evaluate(m, sents)
		t.Logf("%s: F1 %.2f on %d tokens (%s)", tc.lang, s.Overall.F1, s.Tokens, m.Describe())
		if s.Overall.F1 < tc.minF1 {
			t.Errorf("%s model: F1 %.2f on %s, want >= %.0f", tc.lang, s.Overall.F1, tc.sample, tc.minF1)
		}
	}
	if _, err := Load("xx"); err == nil {
		t.Error("Load(xx) succeeded")
	}
}

func benchmarkTag(b *testing.B, lang, sample string) {
	m, err := Load(lang)
	if err != nil {
		b.Fatal(err)
	}
	sents, err := ner.ReadCoNLLFile(sample, nil)
	if err != nil {
		b.Fatal(err)
	}
	toks := 0
	for _, s := range sents {
		toks += len(s.Tokens)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for _, s := range sents {
			m.TagIndexes(s.Tokens)
		}
	}
	b.ReportMetric(float64(toks*b.N)/b.Elapsed().Seconds(), "tokens/s")
	b.ReportMetric(0, "ns/op")
}

func BenchmarkTagEN(b *testing.B) { benchmarkTag(b, "en", "../testdata/en-sample.conll") }
func BenchmarkTagID(b *testing.B) { benchmarkTag(b, "id", "../testdata/id-sample.conll") }

// BenchmarkLoad reports the heap a loaded model occupies.
func BenchmarkLoad(b *testing.B) {
	for _, lang := range []string{"en", "id"} {
		b.Run(lang, func(b *testing.B) {
			var before, after runtime.MemStats
			for b.Loop() {
				mu.Lock()
				delete(loaded, lang)
				mu.Unlock()
				runtime.GC()
				runtime.ReadMemStats(&before)
				m, err := Load(lang)
				if err != nil {
					b.Fatal(err)
				}
				runtime.GC()
				runtime.ReadMemStats(&after)
				runtime.KeepAlive(m)
			}
			b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/1e6, "MB-heap")
		})
	}
}

// TestCommittedModelsOnCorpora guards the reported scores on the research
// corpora in ../shared (read, never copied), a little below what the
// training reports give.
func TestCommittedModelsOnCorpora(t *testing.T) {
	for _, tc := range []struct {
		lang, rel string
		mapping   ner.Mapping
		minF1     float64
	}{
		{"en", "ner/en-conll2003/iob1-original/eng.testb", ner.MapCoNLL, 85.5},
		{"en", "ner/en-conll2003/iob2-bio/test.txt", ner.MapCoNLL, 85.5},
		{"id", "ner/id-indonlu/nergrit/test_preprocess.txt", ner.MapIDNoEVT, 71},
		{"id", "ner/id-indonlu/nerp/test_preprocess.txt", ner.MapIDNoEVT, 79.5},
	} {
		path := sharedtest.Path(t, tc.rel)
		m, err := Load(tc.lang)
		if err != nil {
			t.Fatal(err)
		}
		sents, err := ner.ReadCoNLLFile(path, tc.mapping)
		if err != nil {
			t.Fatal(err)
		}
		s := ner.Evaluate(m, sents)
		t.Logf("%s: F1 %.2f, %d tokens, %.0f tokens/s", tc.rel, s.Overall.F1, s.Tokens, s.TokensPerSecond)
		if s.Overall.F1 < tc.minF1 {
			t.Errorf("%s: F1 %.2f, want >= %.1f", tc.rel, s.Overall.F1, tc.minF1)
		}
	}
}
