package language_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/newsroom-pipeline/newsroom/pkg/language"
	"github.com/newsroom-pipeline/newsroom/pkg/language/evalset"
	"github.com/newsroom-pipeline/newsroom/pkg/sharedtest"
)

// accuracyFloors is the least accuracy Detect must keep on each row of the
// evaluation set (package evalset; ../shared/data), set just under what was
// measured when the detector was chosen. A row is corpus and language.
// Undetermined ("") counts as a miss. The wire rows are small (a few stories
// per language), so one story more or less moves them a lot; the short-text
// rows (titles, NER sentences) hold headlines with little else than names.
var accuracyFloors = map[string]float64{
	"id indosum":        0.999, // the issue asks for >= 0.995
	"id indosum/title":  0.91,
	"id ner/nergrit":    0.985,
	"id ner/nerp":       0.99,
	"id ner/nerugm":     0.995,
	"id ner/nerui":      0.995,
	"id id-web":         1,
	"id seed":           1,
	"en bbc":            0.999,
	"en bbc/title":      0.9,
	"en reuters":        0.975,
	"en reuters/title":  0.88,
	"en ner/conll2003":  0.835,
	"en wire":           1,
	"en wire/paragraph": 0.96,
	"de wire":           1,
	"de wire/paragraph": 0.97,
	"fr wire":           1,
	"fr wire/paragraph": 1,
	"pt wire":           1,
	"pt wire/paragraph": 0.91,
	"fi wire":           1,
	"fi wire/paragraph": 0.975,
	"no wire":           1,
	"no wire/paragraph": 0.89,
	"da wire":           1,
	"da wire/paragraph": 0.88,
	"sv wire":           1,
	"sv wire/paragraph": 0.95,
}

// wrongCeiling is the most wrong answers (not undetermined) Detect may give
// on whole stories of any row: a wrong language is worse than none.
const wrongCeiling = 0.005

// TestLanguageAccuracyTable measures Detect and the stopword baseline on the
// evaluation set, prints the accuracy table (go test -run
// TestLanguageAccuracyTable -v) and checks Detect against accuracyFloors.
// scripts/langeval prints the same table for all the candidates.
func TestLanguageAccuracyTable(t *testing.T) {
	root := sharedtest.Path(t, ".")
	samples, err := evalset.Load(root, evalset.Options{})
	if err != nil {
		t.Fatal(err)
	}
	detectors := []struct {
		name   string
		detect func(string) (string, float64)
	}{
		{"Detect", language.Detect},
		{"stopwords", language.DetectStopwords},
	}
	type tally struct{ n, right, wrong, fullN, fullWrong int }
	rows := map[string][]tally{}
	var order []string
	var took []time.Duration
	for i, d := range detectors {
		start := time.Now()
		for _, s := range samples {
			row := s.Lang + " " + s.Corpus
			if rows[row] == nil {
				rows[row] = make([]tally, len(detectors))
				order = append(order, row)
			}
			got, _ := d.detect(s.Text)
			tl := &rows[row][i]
			tl.n++
			full := evalset.Bucket(s.Text) == "full"
			if full {
				tl.fullN++
			}
			switch got {
			case s.Lang:
				tl.right++
			case "":
			default:
				tl.wrong++
				if full {
					tl.fullWrong++
				}
			}
		}
		took = append(took, time.Since(start))
	}

	var b strings.Builder
	fmt.Fprintf(&b, "accuracy %% (wrong %%) on %d samples; the rest undetermined\n", len(samples))
	fmt.Fprintf(&b, "%-22s %6s", "row", "n")
	for _, d := range detectors {
		fmt.Fprintf(&b, " %16s", d.name)
	}
	b.WriteString("\n")
	for _, row := range order {
		fmt.Fprintf(&b, "%-22s %6d", row, rows[row][0].n)
		for _, tl := range rows[row] {
			fmt.Fprintf(&b, " %16s", fmt.Sprintf("%.2f (%.2f)", pct(tl.right, tl.n), pct(tl.wrong, tl.n)))
		}
		b.WriteString("\n")
	}
	fmt.Fprintf(&b, "%-29s", "time for all samples")
	for _, d := range took {
		fmt.Fprintf(&b, " %16v", d.Round(time.Millisecond))
	}
	t.Log("\n" + b.String())

	for _, row := range order {
		tl := rows[row][0]
		floor, ok := accuracyFloors[row]
		if !ok {
			t.Errorf("%s: no accuracy floor; add one to accuracyFloors", row)
			continue
		}
		if acc := float64(tl.right) / float64(tl.n); acc < floor {
			t.Errorf("%s: Detect accuracy %.4f < floor %.4f (%d of %d)", row, acc, floor, tl.right, tl.n)
		}
		if tl.fullN > 0 && float64(tl.fullWrong)/float64(tl.fullN) > wrongCeiling {
			t.Errorf("%s: Detect gives %d of %d whole stories a wrong language", row, tl.fullWrong, tl.fullN)
		}
	}
	for row := range accuracyFloors {
		if rows[row] == nil {
			t.Errorf("accuracy floor for %s, which the evaluation set no longer has", row)
		}
	}
}

func pct(a, n int) float64 { return 100 * float64(a) / float64(n) }
