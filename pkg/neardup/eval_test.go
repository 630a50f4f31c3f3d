package neardup

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"sort"
	"strings"
	"testing"
	"time"
)

// maxSweep is the largest distance in the threshold sweep.
const maxSweep = 10

// config is a fingerprint variant under evaluation.
type config struct {
	words, minShingles int
}

func (c config) String() string {
	return fmt.Sprintf("%d-word shingles, min %d", c.words, c.minShingles)
}

// labelled is a pair of the sample: two texts, whether they are near-copies,
// and what kind of pair they are.
type labelled struct {
	corpus string
	kind   string // e.g. "resend", "template", "sentence-added"
	label  string // "dup", "distinct" or "borderline"
	real   bool   // a pair of corpus stories (false: synthetic edit or random pair)
	a, b   string // story keys (real) or texts (synthetic)
	days   float64
}

// corpora holds the stories of the three corpora by key.
type corpora struct {
	all   []story
	byKey map[string]story
}

func loadCorpora(t testing.TB) *corpora {
	t.Helper()
	c := &corpora{byKey: map[string]story{}}
	for _, load := range []func(testing.TB) []story{loadBBC, loadReuters, loadIndoSum} {
		for _, s := range load(t) {
			c.all = append(c.all, s)
			c.byKey[s.key()] = s
		}
	}
	return c
}

// loadLabels reads testdata/labels.tsv: label, kind, story key, story key,
// how the pair was found; "#" lines are comments.
func loadLabels(t testing.TB, c *corpora) []labelled {
	t.Helper()
	f, err := os.Open("testdata/labels.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []labelled
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fs := strings.Split(line, "\t")
		if len(fs) < 4 {
			t.Fatalf("labels.tsv:%d: want label, kind, key, key", n)
		}
		a, okA := c.byKey[fs[2]]
		b, okB := c.byKey[fs[3]]
		if !okA || !okB {
			t.Fatalf("labels.tsv:%d: unknown story %s or %s", n, fs[2], fs[3])
		}
		switch fs[0] {
		case "dup", "distinct", "borderline":
		default:
			t.Fatalf("labels.tsv:%d: label %q", n, fs[0])
		}
		out = append(out, labelled{corpus: a.corpus, kind: fs[1], label: fs[0], real: true,
			a: a.key(), b: b.key(), days: daysApart(a, b)})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// pairKey is the order-independent key of a pair of stories.
func pairKey(a, b string) string {
	if a > b {
		a, b = b, a
	}
	return a + "\t" + b
}

// daysApart is the time between two stories' dates, or -1 when either has
// none.
func daysApart(a, b story) float64 {
	ta, errA := parseStoryDate(a.date)
	tb, errB := parseStoryDate(b.date)
	if errA != nil || errB != nil {
		return -1
	}
	d := ta.Sub(tb).Hours() / 24
	if d < 0 {
		d = -d
	}
	return d
}

func parseStoryDate(s string) (time.Time, error) {
	if t, err := time.Parse("2-Jan-2006 15:04:05", s); err == nil {
		return t, nil
	}
	return time.Parse(time.RFC3339, s)
}

// synthetic builds the synthetic part of the sample from the corpora:
// perKind light edits of random stories per corpus and edit kind
// (positives), and negPerCorpus random pairs of different stories of the
// same category and outlet (hard negatives: same desk, same subject) that
// are not among the labelled real pairs (some are copies).
func synthetic(c *corpora, real []labelled, perKind, negPerCorpus int) []labelled {
	known := map[string]bool{}
	for _, p := range real {
		known[pairKey(p.a, p.b)] = true
	}
	r := rand.New(rand.NewPCG(2018, 1987))
	byCorpus := map[string][]story{}
	for _, s := range c.all {
		byCorpus[s.corpus] = append(byCorpus[s.corpus], s)
	}
	var out []labelled
	for _, name := range []string{"bbc", "reuters", "indosum"} {
		ss := byCorpus[name]
		for _, e := range edits {
			for made, tries := 0, 0; made < perKind && tries < 20*perKind; tries++ {
				s, donor := ss[r.IntN(len(ss))], ss[r.IntN(len(ss))]
				if donor.key() == s.key() {
					continue
				}
				h, body, ok := e.apply(r, s, donor)
				if !ok {
					continue
				}
				out = append(out, labelled{corpus: name, kind: e.kind, label: "dup",
					a: s.text(), b: h + "\n\n" + body, days: -1})
				made++
			}
		}
		groups := map[string][]story{}
		var names []string
		for _, s := range ss {
			g := s.category + "|" + s.outlet
			if len(groups[g]) == 0 {
				names = append(names, g)
			}
			groups[g] = append(groups[g], s)
		}
		sort.Strings(names)
		for made := 0; made < negPerCorpus; {
			g := groups[names[r.IntN(len(names))]]
			if len(g) < 2 {
				continue
			}
			a, b := g[r.IntN(len(g))], g[r.IntN(len(g))]
			if a.key() == b.key() || a.text() == b.text() || known[pairKey(a.key(), b.key())] {
				continue
			}
			out = append(out, labelled{corpus: name, kind: "same-category", label: "distinct",
				a: a.text(), b: b.text(), days: -1})
			made++
		}
	}
	return out
}

// scored is a labelled pair with its fingerprint distance (-1: at least
// one text has no fingerprint, never a duplicate).
type scored struct {
	labelled
	d int
}

// fingerprints computes every corpus story's fingerprint under cfg.
func fingerprints(c *corpora, cfg config) map[string]fpOK {
	out := make(map[string]fpOK, len(c.all))
	for _, s := range c.all {
		fp, _, ok := fingerprint(s.text(), cfg.words, cfg.minShingles)
		out[s.key()] = fpOK{fp, ok}
	}
	return out
}

type fpOK struct {
	fp uint64
	ok bool
}

func score(sample []labelled, fps map[string]fpOK, cfg config) []scored {
	out := make([]scored, len(sample))
	for i, p := range sample {
		var a, b fpOK
		if p.real {
			a, b = fps[p.a], fps[p.b]
		} else {
			a.fp, _, a.ok = fingerprint(p.a, cfg.words, cfg.minShingles)
			b.fp, _, b.ok = fingerprint(p.b, cfg.words, cfg.minShingles)
		}
		d := -1
		if a.ok && b.ok {
			d = Distance(a.fp, b.fp)
		}
		out[i] = scored{p, d}
	}
	return out
}

// flaggedPair is a pair of corpus stories whose fingerprints are within
// maxSweep of each other.
type flaggedPair struct {
	corpus, a, b string
	d            int
	days         float64
}

// scanCorpora compares every pair of stories within each corpus, as an
// index holding the whole corpus would, and returns the pairs within
// maxSweep.
func scanCorpora(c *corpora, fps map[string]fpOK) []flaggedPair {
	byCorpus := map[string][]story{}
	for _, s := range c.all {
		if fps[s.key()].ok {
			byCorpus[s.corpus] = append(byCorpus[s.corpus], s)
		}
	}
	var out []flaggedPair
	for _, name := range []string{"bbc", "reuters", "indosum"} {
		ss := byCorpus[name]
		v := make([]uint64, len(ss))
		for i, s := range ss {
			v[i] = fps[s.key()].fp
		}
		for i := range v {
			for j := i + 1; j < len(v); j++ {
				if d := Distance(v[i], v[j]); d <= maxSweep {
					out = append(out, flaggedPair{name, ss[i].key(), ss[j].key(), d, daysApart(ss[i], ss[j])})
				}
			}
		}
	}
	return out
}

// counts are confusion counts at one threshold.
type counts struct{ tp, fp, fn, tn int }

func (c *counts) add(dup, flagged bool) {
	switch {
	case dup && flagged:
		c.tp++
	case dup:
		c.fn++
	case flagged:
		c.fp++
	default:
		c.tn++
	}
}

func (c counts) precision() float64 { return ratio(c.tp, c.tp+c.fp) }
func (c counts) recall() float64    { return ratio(c.tp, c.tp+c.fn) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

// sweep counts the sample at every threshold 0..maxSweep; borderline pairs
// are left out.
func sweep(ss []scored, keep func(scored) bool) [maxSweep + 1]counts {
	var out [maxSweep + 1]counts
	for _, s := range ss {
		if s.label == "borderline" || !keep(s) {
			continue
		}
		for t := range out {
			out[t].add(s.label == "dup", s.d >= 0 && s.d <= t)
		}
	}
	return out
}

// corpusSweep counts, per threshold, the pairs of the corpus scan by label.
type scanCounts struct{ dup, distinct, borderline, unlabelled int }

func (s scanCounts) precision() float64 { return ratio(s.dup, s.dup+s.distinct) }

func corpusSweep(flagged []flaggedPair, labels map[string]string, maxDays float64) [maxSweep + 1]scanCounts {
	var out [maxSweep + 1]scanCounts
	for _, f := range flagged {
		if maxDays >= 0 && f.days > maxDays {
			continue
		}
		for t := f.d; t <= maxSweep; t++ {
			switch labels[pairKey(f.a, f.b)] {
			case "dup":
				out[t].dup++
			case "distinct":
				out[t].distinct++
			case "borderline":
				out[t].borderline++
			default:
				out[t].unlabelled++
			}
		}
	}
	return out
}

// evaluation is everything measured for one config.
type evaluation struct {
	cfg     config
	scored  []scored
	flagged []flaggedPair
	labels  map[string]string
}

func evaluate(c *corpora, real, synth []labelled, cfg config) evaluation {
	fps := fingerprints(c, cfg)
	e := evaluation{cfg: cfg, labels: map[string]string{}}
	e.scored = append(score(real, fps, cfg), score(synth, fps, cfg)...)
	e.flagged = scanCorpora(c, fps)
	for _, p := range real {
		e.labels[pairKey(p.a, p.b)] = p.label
	}
	return e
}

func isReal(s scored) bool  { return s.real }
func isSynth(s scored) bool { return !s.real }
func anyPair(scored) bool   { return true }

// kindTable reports, per corpus and kind, how many pairs there are and how
// many are flagged at threshold t: recall for near-copies, the false
// positive rate for distinct pairs.
func kindTable(ss []scored, t int) string {
	type key struct{ real, corpus, label, kind string }
	type agg struct{ n, flagged, noFP, dsum, dn int }
	m := map[key]*agg{}
	var keys []key
	for _, s := range ss {
		src := "synthetic"
		if s.real {
			src = "real"
		}
		k := key{src, s.corpus, s.label, s.kind}
		if m[k] == nil {
			m[k] = &agg{}
			keys = append(keys, k)
		}
		a := m[k]
		a.n++
		switch {
		case s.d < 0:
			a.noFP++
		default:
			a.dsum += s.d
			a.dn++
			if s.d <= t {
				a.flagged++
			}
		}
	}
	sort.Slice(keys, func(i, j int) bool {
		a, b := keys[i], keys[j]
		if a.real != b.real {
			return a.real < b.real
		}
		if a.label != b.label {
			return a.label > b.label
		}
		if a.corpus != b.corpus {
			return a.corpus < b.corpus
		}
		return a.kind < b.kind
	})
	var b strings.Builder
	fmt.Fprintf(&b, "| sample | corpus | label | kind | pairs | too short | flagged at d<=%d | rate | mean d |\n|---|---|---|---|---|---|---|---|---|\n", t)
	for _, k := range keys {
		a := m[k]
		mean := "-"
		if a.dn > 0 {
			mean = fmt.Sprintf("%.1f", float64(a.dsum)/float64(a.dn))
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %d | %d | %d | %.3f | %s |\n",
			k.real, k.corpus, k.label, k.kind, a.n, a.noFP, a.flagged, ratio(a.flagged, a.n), mean)
	}
	return b.String()
}

// sweepTable is the threshold sweep: precision and recall on the real
// labelled pairs, on the synthetic pairs and on both, and the pairs that a
// scan of the whole corpora flags (all of them, and only those at most
// window days apart where dates are known).
func sweepTable(e evaluation, windowDays float64) string {
	real := sweep(e.scored, isReal)
	synth := sweep(e.scored, isSynth)
	all := sweep(e.scored, anyPair)
	scan := corpusSweep(e.flagged, e.labels, -1)
	win := corpusSweep(e.flagged, e.labels, windowDays)
	var b strings.Builder
	fmt.Fprintf(&b, "| d<= | real P | real R | synth P | synth R | sample P | sample R | corpus scan: dup/distinct/borderline/unlabelled | scan P | scan P (<=%g days) |\n|---|---|---|---|---|---|---|---|---|---|\n", windowDays)
	for t := range all {
		fmt.Fprintf(&b, "| %d | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f | %d/%d/%d/%d | %.3f | %.3f |\n", t,
			real[t].precision(), real[t].recall(), synth[t].precision(), synth[t].recall(),
			all[t].precision(), all[t].recall(),
			scan[t].dup, scan[t].distinct, scan[t].borderline, scan[t].unlabelled,
			scan[t].precision(), win[t].precision())
	}
	return b.String()
}
