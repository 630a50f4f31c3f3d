package models

import (
	"os"
	"testing"

	"github.com/newsroom-pipeline/newsroom/pkg/article"
	"github.com/newsroom-pipeline/newsroom/pkg/format"
	"github.com/newsroom-pipeline/newsroom/pkg/sharedtest"
	"github.com/newsroom-pipeline/newsroom/pkg/wire"
	"github.com/newsroom-pipeline/newsroom/services/entitytag/topics"
)

// The committed models must keep the held-out scores of TRAINING-<lang>.md
// (pinned a little below the measured ones).
func TestCommittedModelsHeldOut(t *testing.T) {
	for _, tc := range []struct {
		lang              string
		minAcc, minMacro  float64
		minDocs, topicsIn int
	}{
		{"en", 0.97, 0.96, 500, 5},  // measured 0.980 / 0.975 on 549
		{"id", 0.80, 0.47, 650, 16}, // measured 0.830 / 0.499 on 693 (458 rule-labelled, 235 read-labelled; religion has no test document)
	} {
		for _, p := range topics.CorpusPaths(tc.lang) {
			sharedtest.Path(t, p) // skips the test, with the reason, when absent
		}
		dir, _ := sharedtest.Find(".")
		m, err := Load(tc.lang)
		if err != nil {
			t.Fatal(err)
		}
		docs, err := topics.LoadCorpus(dir, tc.lang)
		if err != nil {
			t.Fatal(err)
		}
		_, test := topics.Split(docs)
		r := topics.Evaluate(m, test)
		t.Logf("%s: accuracy %.3f, macro-F1 %.3f on %d documents (%s)", tc.lang, r.Accuracy, r.MacroF1, r.Docs, m.Describe())
		if r.Accuracy < tc.minAcc || r.MacroF1 < tc.minMacro || r.Docs < tc.minDocs || len(r.Topics) != tc.topicsIn {
			t.Errorf("%s: accuracy %.3f (want >= %.2f), macro-F1 %.3f (want >= %.2f), %d docs, %d topics",
				tc.lang, r.Accuracy, tc.minAcc, r.MacroF1, tc.minMacro, r.Docs, len(r.Topics))
		}
	}
}

func TestLoad(t *testing.T) {
	for _, lang := range Langs {
		m, err := Load(lang)
		if err != nil || m.Lang != lang || m.Temp < 1 {
			t.Fatalf("Load(%s) = %v, %v", lang, m, err)
		}
	}
	if _, err := Load("xx"); err == nil {
		t.Error("Load(xx) succeeded")
	}
}

// seedArticle parses the bundled ANTARA story the way normalize does.
func seedArticle(t testing.TB) *article.Article {
	// The seed story is in ../shared/data/seed and, as a copy, in pkg/wire's test data.
	path, ok := sharedtest.Find("seed/antara-2011-missile-defence-talks.txt")
	if !ok {
		path = "../../../../pkg/wire/testdata/antara-2011-missile-defence-talks.txt"
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("seed story: %v", err)
	}
	a, err := wire.Parse(format.Text, "text/plain", raw)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// The seed story (Russia-US missile defence talks, Indonesian) gets one
// inferred topic: politics and government. Before the hand-read IndoSum
// labels (topics/labels/indosum-read.tsv) the id model had no hard news and
// said economy (0.399); now it says politics with 0.537, conflict, war and
// peace 0.298 (below SecondMin, so not added); see README.md.
func TestAssignSeedStory(t *testing.T) {
	c, err := Classifier()
	if err != nil {
		t.Fatal(err)
	}
	a := seedArticle(t)
	c.Assign(a)
	t.Logf("%s: %+v", a.Headline, a.Subject)
	if len(a.Subject) != 1 || a.Subject[0].Origin != article.SubjectInferred || a.Subject[0].Code != "medtop:11000000" ||
		a.Subject[0].Confidence < 0.4 || a.Subject[0].Confidence >= 0.8 {
		t.Errorf("seed story subjects %+v, want one inferred politics topic, confidence in [0.4, 0.8)", a.Subject)
	}
	// English stories and the fallback.
	for _, tc := range []struct{ lang, headline, body, want string }{
		{"en", "Arsenal beat Chelsea", "Arsenal won 2-1 at Stamford Bridge with a late goal from their striker in the Premier League.", "medtop:15000000"},
		{"en", "Fed raises rates", "The Federal Reserve raised interest rates by a quarter point, and shares fell on Wall Street as bond yields rose.", "medtop:04000000"},
		{"id", "Timnas menang", "Tim nasional sepak bola Indonesia menang 2-0 atas Malaysia dalam pertandingan Piala AFF, gol dicetak oleh striker.", "medtop:15000000"},
		{"fr", "Le film", "Le festival de Cannes a présenté le nouveau film de l'actrice, avec la star Hollywood et le music album.", "medtop:01000000"},
	} {
		a := &article.Article{Language: tc.lang, Headline: tc.headline, BodyText: tc.body}
		c.Assign(a)
		if len(a.Subject) == 0 || a.Subject[0].Code != tc.want {
			t.Errorf("%s %q: %+v, want %s", tc.lang, tc.headline, a.Subject, tc.want)
		}
	}
}

// BenchmarkAssignSeed reports ns/story for Assign on the seed story.
func BenchmarkAssignSeed(b *testing.B) {
	c, err := Classifier()
	if err != nil {
		b.Fatal(err)
	}
	a := seedArticle(b)
	toks := len(topics.Tokens(a.Headline + "\n" + a.BodyText))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		c.Assign(a)
	}
	b.ReportMetric(float64(toks*b.N)/b.Elapsed().Seconds(), "tokens/s")
}

// BenchmarkAssignSeedParallel runs Assign from all cores at once.
func BenchmarkAssignSeedParallel(b *testing.B) {
	c, err := Classifier()
	if err != nil {
		b.Fatal(err)
	}
	a := seedArticle(b)
	b.RunParallel(func(pb *testing.PB) {
		own := *a
		for pb.Next() {
			c.Assign(&own)
		}
	})
}
