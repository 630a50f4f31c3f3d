// Command langeval measures language detectors on the labelled evaluation set
// of package language/evalset (read from ../shared/data) and prints three
// tables: accuracy per corpus, accuracy per language and text length, and
// speed and memory. It is how the detector behind language.Detect was chosen;
// run it again before changing that detector.
//
// It is a module of its own, outside go.work, so that the candidates it
// compares (lingua-go brings 120 MB of models) are not dependencies of the
// project:
//
//	cd scripts/langeval && GOWORK=off go run . [-detectors a,b] [-max N] [-misses NAME]
//
// A cell of the accuracy tables reads "acc (wrong)": the percentage of texts
// given the right language, and in brackets the percentage given a wrong one;
// the rest were left undetermined (""), which the pipeline treats as unknown.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/newsroom-pipeline/newsroom/pkg/language/evalset"
)

func main() {
	data := flag.String("data", "", "the shared data folder (default: ../shared/data beside the repository)")
	names := flag.String("detectors", "", "comma-separated detectors to measure (default: all): "+strings.Join(detectorNames(), ","))
	max := flag.Int("max", 0, "at most this many samples per corpus (0: all)")
	misses := flag.String("misses", "", "print the texts this detector gets wrong")
	speed := flag.Bool("speed", true, "measure speed and memory")
	accuracy := flag.Bool("accuracy", true, "measure accuracy")
	heapOf := flag.String("heap-of", "", "print the heap the named detector holds after warming up, and exit (used by the speed table)")
	modelOut := flag.String("write-model", "", "write the trigram model to this file and exit")
	modelTop := flag.Int("model-top", 0, "with -write-model: keep this many trigrams per language (0: all)")
	flag.Parse()

	if *heapOf != "" {
		dets, err := selectDetectors(*heapOf)
		if err != nil {
			fail(err)
		}
		fmt.Printf("%.1f\n", heapAfter(dets[0]))
		return
	}
	if *modelOut != "" {
		if err := writeModel(*modelOut, *modelTop); err != nil {
			fail(err)
		}
		return
	}

	root := *data
	if root == "" {
		var err error
		if root, err = findData(); err != nil {
			fail(err)
		}
	}
	samples, err := evalset.Load(root, evalset.Options{MaxPerCorpus: *max})
	if err != nil {
		fail(err)
	}
	dets, err := selectDetectors(*names)
	if err != nil {
		fail(err)
	}
	fmt.Printf("evaluation set: %d samples from %s\n\n", len(samples), root)

	if *accuracy {
		measureAccuracy(dets, samples, *misses)
	}
	if *speed {
		printSpeedTable(dets, samples)
	}
}

func measureAccuracy(dets []detector, samples []evalset.Sample, misses string) {
	results := make([][]string, len(dets)) // [detector][sample] answer
	elapsed := make([]time.Duration, len(dets))
	for i, d := range dets {
		start := time.Now()
		fn := d.build()
		ans := make([]string, len(samples))
		for j, s := range samples {
			ans[j] = fn(s.Text)
		}
		results[i] = ans
		elapsed[i] = time.Since(start)
		fmt.Fprintf(os.Stderr, "%-18s %d samples in %v\n", d.name, len(samples), elapsed[i].Round(time.Millisecond))
	}

	printCorpusTable(dets, samples, results)
	printBucketTable(dets, samples, results)
	if misses != "" {
		printMisses(misses, dets, samples, results)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "langeval:", err)
	os.Exit(1)
}

// findData looks for shared/data beside the directory that holds go.work.
func findData() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.work")); err == nil {
			p := filepath.Join(filepath.Dir(dir), "shared", "data")
			if _, err := os.Stat(p); err != nil {
				return "", fmt.Errorf("no shared data beside the repository: %w (use -data)", err)
			}
			return p, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("no go.work above the working directory (use -data)")
		}
		dir = parent
	}
}

// tally counts right and wrong answers of one group of samples.
type tally struct{ n, right, wrong int }

func (t *tally) add(want, got string) {
	t.n++
	switch got {
	case want:
		t.right++
	case "":
	default:
		t.wrong++
	}
}

func (t tally) String() string {
	if t.n == 0 {
		return "-"
	}
	return fmt.Sprintf("%.2f (%.2f)", pct(t.right, t.n), pct(t.wrong, t.n))
}

func pct(a, n int) float64 { return 100 * float64(a) / float64(n) }

func printCorpusTable(dets []detector, samples []evalset.Sample, results [][]string) {
	type key struct{ corpus, lang string }
	rows := map[key][]tally{}
	var keys []key
	for j, s := range samples {
		k := key{s.Corpus, s.Lang}
		if _, ok := rows[k]; !ok {
			rows[k] = make([]tally, len(dets))
			keys = append(keys, k)
		}
		for i := range dets {
			rows[k][i].add(s.Lang, results[i][j])
		}
	}
	sort.SliceStable(keys, func(a, b int) bool {
		if keys[a].lang != keys[b].lang {
			return langOrder(keys[a].lang) < langOrder(keys[b].lang)
		}
		return false // keep load order within a language
	})
	fmt.Println("Accuracy per corpus: acc% (wrong%); the rest is undetermined")
	header := []string{"lang", "corpus", "n"}
	for _, d := range dets {
		header = append(header, d.name)
	}
	var table [][]string
	for _, k := range keys {
		r := []string{k.lang, k.corpus, fmt.Sprint(rows[k][0].n)}
		for _, t := range rows[k] {
			r = append(r, t.String())
		}
		table = append(table, r)
	}
	printTable(header, table)
}

func printBucketTable(dets []detector, samples []evalset.Sample, results [][]string) {
	type key struct{ lang, bucket string }
	rows := map[key][]tally{}
	for j, s := range samples {
		k := key{s.Lang, evalset.Bucket(s.Text)}
		if rows[k] == nil {
			rows[k] = make([]tally, len(dets))
		}
		for i := range dets {
			rows[k][i].add(s.Lang, results[i][j])
		}
	}
	var keys []key
	for k := range rows {
		keys = append(keys, k)
	}
	bucketOrder := map[string]int{}
	for i, b := range evalset.Buckets {
		bucketOrder[b] = i
	}
	sort.Slice(keys, func(a, b int) bool {
		if keys[a].lang != keys[b].lang {
			return langOrder(keys[a].lang) < langOrder(keys[b].lang)
		}
		return bucketOrder[keys[a].bucket] < bucketOrder[keys[b].bucket]
	})
	fmt.Println("\nAccuracy per language and length (short < 100 characters, medium < 500, full): acc% (wrong%)")
	header := []string{"lang", "length", "n"}
	for _, d := range dets {
		header = append(header, d.name)
	}
	var table [][]string
	for _, k := range keys {
		r := []string{k.lang, k.bucket, fmt.Sprint(rows[k][0].n)}
		for _, t := range rows[k] {
			r = append(r, t.String())
		}
		table = append(table, r)
	}
	printTable(header, table)
}

// printSpeedTable times each detector on whole stories and on short texts
// (headlines and sentences), and reports the heap its models take.
func printSpeedTable(dets []detector, samples []evalset.Sample) {
	var full, short []string
	for _, s := range samples {
		switch {
		case (s.Corpus == "indosum" || s.Corpus == "bbc") && len(full) < 400:
			full = append(full, s.Text)
		case (s.Corpus == "indosum/title" || s.Corpus == "bbc/title") && len(short) < 400:
			short = append(short, s.Text)
		}
	}
	fmt.Println("\nSpeed (one core; full = IndoSum and BBC stories, short = their headlines) and heap held by the detector's models")
	header := []string{"detector", "full ns/op", "full MB/s", "full allocs/op", "short ns/op", "short MB/s", "heap MB"}
	var table [][]string
	for _, d := range dets {
		heap := heapInFreshProcess(d.name)
		fn := d.build()
		// Load lazily loaded models before the timing.
		for _, t := range append(append(full[:len(full):len(full)], short...), warmup...) {
			fn(t)
		}
		rf := bench(fn, full)
		rs := bench(fn, short)
		table = append(table, []string{
			d.name,
			fmt.Sprint(rf.NsPerOp()), mbps(rf), fmt.Sprint(rf.AllocsPerOp()),
			fmt.Sprint(rs.NsPerOp()), mbps(rs),
			heap,
		})
	}
	printTable(header, table)
}

// warmup holds a sentence in every language the detectors are asked about.
var warmup = []string{
	"Pemerintah akan membahas rencana tersebut dengan para pelaku usaha.",
	"The government said on Tuesday that it would not change the rules.",
	"Die Regierung hat am Dienstag mitgeteilt, dass sie die Regeln nicht ändern wird.",
	"Hallitus kertoi tiistaina, että se ei muuta sääntöjä.",
	"Regjeringen sier at den ikke vil endre reglene.",
	"Regeringen siger at den ikke vil ændre reglerne.",
	"Regeringen säger att den inte kommer att ändra reglerna.",
	"O governo disse na terça-feira que não vai mudar as regras.",
	"El gobierno dijo el martes que no cambiará las reglas.",
	"Le gouvernement a annoncé mardi qu'il ne changerait pas les règles.",
	"De regering heeft dinsdag gezegd dat zij de regels niet zal veranderen.",
	"Il governo ha detto martedì che non cambierà le regole.",
}

// heapAfter returns the heap, in MiB, that the detector holds once built and
// warmed up on every language (so that lazily loaded models count). It is
// only meaningful in a process that has not used the detector before.
func heapAfter(d detector) float64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	fn := d.build()
	for _, t := range warmup {
		fn(t)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(fn)
	return float64(int64(after.HeapAlloc)-int64(before.HeapAlloc)) / (1 << 20)
}

// heapInFreshProcess runs heapAfter in a new langeval process, because the
// libraries keep their models in package variables once loaded.
func heapInFreshProcess(name string) string {
	exe, err := os.Executable()
	if err != nil {
		return "?"
	}
	out, err := exec.Command(exe, "-heap-of", name).Output()
	if err != nil {
		return "?"
	}
	return strings.TrimSpace(string(out))
}

func bench(fn func(string) string, texts []string) testing.BenchmarkResult {
	var bytes int64
	for _, t := range texts {
		bytes += int64(len(t))
	}
	return testing.Benchmark(func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(bytes / int64(len(texts)))
		for i := 0; i < b.N; i++ {
			fn(texts[i%len(texts)])
		}
	})
}

func mbps(r testing.BenchmarkResult) string {
	if r.T <= 0 {
		return "-"
	}
	return fmt.Sprintf("%.1f", float64(r.Bytes)*float64(r.N)/r.T.Seconds()/1e6)
}

func printMisses(name string, dets []detector, samples []evalset.Sample, results [][]string) {
	for i, d := range dets {
		if d.name != name {
			continue
		}
		fmt.Printf("\nMisses of %s:\n", name)
		for j, s := range samples {
			if got := results[i][j]; got != s.Lang {
				text := strings.Join(strings.Fields(s.Text), " ")
				if len(text) > 160 {
					text = text[:160] + "…"
				}
				fmt.Printf("%s want %s got %q: %s\n", s.Source, s.Lang, got, text)
			}
		}
		return
	}
	fmt.Fprintf(os.Stderr, "langeval: -misses %s: no such detector among those measured\n", name)
}

var langs = []string{"id", "en", "de", "nl", "fr", "es", "it", "pt", "fi", "no", "da", "sv"}

func langOrder(l string) int {
	for i, x := range langs {
		if x == l {
			return i
		}
	}
	return len(langs)
}

func printTable(header []string, rows [][]string) {
	w := make([]int, len(header))
	for i, h := range header {
		w[i] = len(h)
	}
	for _, r := range rows {
		for i, c := range r {
			w[i] = max(w[i], len([]rune(c)))
		}
	}
	line := func(cells []string) {
		var b strings.Builder
		b.WriteString("|")
		for i, c := range cells {
			pad := w[i] - len([]rune(c))
			if i < 3 {
				b.WriteString(" " + c + strings.Repeat(" ", pad) + " |")
			} else {
				b.WriteString(" " + strings.Repeat(" ", pad) + c + " |")
			}
		}
		fmt.Println(b.String())
	}
	line(header)
	sep := make([]string, len(header))
	for i := range sep {
		sep[i] = strings.Repeat("-", w[i])
	}
	line(sep)
	for _, r := range rows {
		line(r)
	}
}
