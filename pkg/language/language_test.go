package language

import (
	"bufio"
	"encoding/json"
	"github.com/newsroom-pipeline/newsroom/pkg/sharedtest"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

func TestDetect(t *testing.T) {
	tests := []struct {
		name string
		text string
		want string
	}{
		{"indonesian", "Pemerintah akan membahas rencana tersebut dengan para pelaku usaha pada pekan depan, kata menteri itu di Jakarta. Menurut dia, aturan yang baru harus dapat melindungi semua pihak.", "id"},
		{"english", "The government said on Tuesday that it would not change the rules, but ministers have been asked to look at the plans again before the end of the year.", "en"},
		{"german", "Die Regierung hat am Dienstag mitgeteilt, dass sie die Regeln nicht ändern wird, aber die Minister sollen sich die Pläne noch einmal ansehen.", "de"},
		{"dutch", "De regering heeft dinsdag gezegd dat zij de regels niet zal veranderen, maar de ministers moeten de plannen nog een keer bekijken voor het einde van het jaar.", "nl"},
		{"french", "Le gouvernement a annoncé mardi qu'il ne changerait pas les règles, mais les ministres doivent encore examiner les projets avant la fin de l'année.", "fr"},
		{"spanish", "El gobierno dijo el martes que no cambiará las reglas, pero los ministros deben revisar los planes otra vez antes del final del año.", "es"},
		{"portuguese", "O governo disse na terça-feira que não vai mudar as regras, mas os ministros devem rever os planos mais uma vez antes do fim do ano.", "pt"},
		{"finnish", "Hallitus kertoi tiistaina, että se ei muuta sääntöjä, mutta ministerien on vielä tarkasteltava suunnitelmia ja myös niiden kustannuksia ennen vuoden loppua.", "fi"},
		{"norwegian", "Regjeringen sier at den ikke vil endre reglene, men ministrene skal se på planene igjen før det blir nytt år, og det er noen som mener at det er for sent.", "no"},
		{"danish", "Regeringen siger at den ikke vil ændre reglerne, men ministrene skal se på planerne igen efter nytår, og der er nogen som mener at det er meget for sent.", "da"},
		{"swedish", "Regeringen säger att den inte kommer att ändra reglerna, men ministrarna ska titta på planerna igen efter nyår, och det är någon som menar att det är för sent.", "sv"},
		{"empty", "", ""},
		{"one word", "Hello", ""},
		{"numbers only", "12 345 6789 2011 (18/10)", ""},
		{"unknown language", "Лорем ипсум долор сит амет, консектетур адипискинг элит.", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, conf := Detect(tt.text)
			if got != tt.want {
				t.Fatalf("Detect() = %q (%.2f), want %q", got, conf, tt.want)
			}
			if got == "" && conf != 0 {
				t.Errorf("no language but confidence %.2f, want 0", conf)
			}
			if got != "" && (conf <= 0 || conf > 1) {
				t.Errorf("confidence %.2f out of (0, 1]", conf)
			}
		})
	}
}

func TestDetectConfidenceGrowsWithEvidence(t *testing.T) {
	short := "Dia mengatakan bahwa itu tidak benar."
	long := strings.Repeat("Dia mengatakan bahwa rencana itu tidak akan dibatalkan dan masih dibahas dengan para pihak. ", 5)
	_, cs := Detect(short)
	_, cl := Detect(long)
	if cs >= cl {
		t.Errorf("confidence short=%.2f long=%.2f, want short < long", cs, cl)
	}
}

// TestDetectIndoSum measures accuracy on the first 300 IndoSum articles,
// which are all Indonesian.
func TestDetectIndoSum(t *testing.T) {
	p := sharedtest.Path(t, "id-news-indosum/derived/indosum_dev_articles.jsonl")
	f, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 1<<20), 16<<20)
	var texts []string
	for sc.Scan() && len(texts) < 300 {
		var row struct {
			Body string `json:"body"`
		}
		if err := json.Unmarshal(sc.Bytes(), &row); err != nil {
			t.Fatalf("parse %s line %d: %v", p, len(texts)+1, err)
		}
		texts = append(texts, row.Body)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	assertAccuracy(t, "IndoSum", texts, "id", 0.99)
}

// TestDetectBBC measures accuracy on 300 BBC stories (60 from each of the
// five sections), which are all English.
func TestDetectBBC(t *testing.T) {
	root := sharedtest.Path(t, "en-news-bbc/bbc")
	var texts []string
	for _, section := range []string{"business", "entertainment", "politics", "sport", "tech"} {
		files, err := filepath.Glob(filepath.Join(root, section, "*.txt"))
		if err != nil {
			t.Fatal(err)
		}
		sort.Strings(files)
		if len(files) < 60 {
			t.Fatalf("%s: %d files, want at least 60", section, len(files))
		}
		for _, fn := range files[:60] {
			b, err := os.ReadFile(fn)
			if err != nil {
				t.Fatal(err)
			}
			texts = append(texts, strings.ToValidUTF8(string(b), "\uFFFD"))
		}
	}
	assertAccuracy(t, "BBC", texts, "en", 0.99)
}

func assertAccuracy(t *testing.T, corpus string, texts []string, want string, min float64) {
	t.Helper()
	if len(texts) == 0 {
		t.Fatalf("%s: no texts", corpus)
	}
	right := 0
	wrong := map[string]int{}
	for _, text := range texts {
		got, _ := Detect(text)
		if got == want {
			right++
		} else {
			wrong[got]++
		}
	}
	acc := float64(right) / float64(len(texts))
	t.Logf("%s: %d/%d detected as %q, accuracy %.4f; misses by answer: %v", corpus, right, len(texts), want, acc, wrong)
	if acc < min {
		t.Errorf("%s accuracy %.4f < %.2f", corpus, acc, min)
	}
}
