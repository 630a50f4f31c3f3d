package language

import (
	"slices"
	"strings"
	"testing"
)

// detectCases has a short news text in every language Detect supports (written
// for these tests), headlines in the pipeline's two main languages, and texts
// that must stay undetermined.
var detectCases = []struct {
	name, text, want string
}{
	{"indonesian", "Pemerintah akan membahas rencana tersebut dengan para pelaku usaha pada pekan depan, kata menteri itu di Jakarta. Menurut dia, aturan yang baru harus dapat melindungi semua pihak.", "id"},
	{"indonesian headline", "Harga cabai rawit melonjak menjelang Lebaran", "id"},
	{"indonesian without stopwords", "Presiden Joko Widodo meresmikan jembatan penghubung antarpulau di Kalimantan Timur", "id"},
	{"english", "The government said on Tuesday that it would not change the rules, but ministers have been asked to look at the plans again before the end of the year.", "en"},
	{"english headline", "Floods force thousands from their homes in northern England", "en"},
	{"german", "Die Regierung hat am Dienstag mitgeteilt, dass sie die Regeln nicht ändern wird, aber die Minister sollen sich die Pläne noch einmal ansehen.", "de"},
	{"dutch", "De regering heeft dinsdag gezegd dat zij de regels niet zal veranderen, maar de ministers moeten de plannen nog een keer bekijken voor het einde van het jaar.", "nl"},
	{"french", "Le gouvernement a annoncé mardi qu'il ne changerait pas les règles, mais les ministres doivent encore examiner les projets avant la fin de l'année.", "fr"},
	{"spanish", "El gobierno dijo el martes que no cambiará las reglas, pero los ministros deben revisar los planes otra vez antes del final del año.", "es"},
	{"italian", "Il governo ha detto martedì che non cambierà le regole, ma i ministri dovranno esaminare di nuovo i progetti prima della fine dell'anno.", "it"},
	{"portuguese", "O governo disse na terça-feira que não vai mudar as regras, mas os ministros devem rever os planos mais uma vez antes do fim do ano.", "pt"},
	{"finnish", "Hallitus kertoi tiistaina, että se ei muuta sääntöjä, mutta ministerien on vielä tarkasteltava suunnitelmia ja myös niiden kustannuksia ennen vuoden loppua.", "fi"},
	{"norwegian", "Regjeringen sier at den ikke vil endre reglene, men ministrene skal se på planene igjen før det blir nytt år, og det er noen som mener at det er for sent.", "no"},
	{"danish", "Regeringen siger at den ikke vil ændre reglerne, men ministrene skal se på planerne igen efter nytår, og der er nogen som mener at det er meget for sent.", "da"},
	{"swedish", "Regeringen säger att den inte kommer att ändra reglerna, men ministrarna ska titta på planerna igen efter nyår, och det är någon som menar att det är för sent.", "sv"},
	{"empty", "", ""},
	{"one word", "Hello", ""},
	{"numbers only", "12 345 6789 2011 (18/10)", ""},
	{"name only", "Joko Widodo", ""},
	{"cyrillic", "Лорем ипсум долор сит амет, консектетур адипискинг элит.", ""},
	{"greek", "Η κυβέρνηση είπε την Τρίτη ότι δεν θα αλλάξει τους κανόνες.", ""},
}

func TestDetect(t *testing.T) {
	for _, tt := range detectCases {
		t.Run(tt.name, func(t *testing.T) {
			got, conf := Detect(tt.text)
			if got != tt.want {
				t.Fatalf("Detect(%q) = %q (%.2f), want %q", tt.text, got, conf, tt.want)
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

// TestDetectWholeStory checks the case the pipeline calls Detect with: a
// headline, a blank line and a body of several paragraphs.
func TestDetectWholeStory(t *testing.T) {
	story := "Banjir rendam ratusan rumah di Bekasi\n\n" +
		strings.Repeat("Ratusan rumah warga di Kecamatan Bekasi Utara terendam banjir setinggi satu meter setelah hujan deras mengguyur sejak Senin malam. Petugas BPBD mengevakuasi warga ke tempat yang lebih aman.\n\n", 20)
	if got, conf := Detect(story); got != "id" || conf < 0.99 {
		t.Errorf("Detect(story) = %q (%.3f), want \"id\" with confidence >= 0.99", got, conf)
	}
}

func TestDetectConfidenceGrowsWithEvidence(t *testing.T) {
	short := "Dia mengatakan bahwa itu tidak benar sama sekali."
	long := strings.Repeat("Dia mengatakan bahwa rencana itu tidak akan dibatalkan dan masih dibahas dengan para pihak. ", 5)
	ls, cs := Detect(short)
	ll, cl := Detect(long)
	if ls != "id" || ll != "id" {
		t.Fatalf("Detect = %q and %q, want id", ls, ll)
	}
	if cs >= cl {
		t.Errorf("confidence short=%.3f long=%.3f, want short < long", cs, cl)
	}
}

// TestDetectInvalidUTF8 checks that broken input is read, not rejected.
func TestDetectInvalidUTF8(t *testing.T) {
	text := "Pemerintah akan membahas rencana tersebut \xff\xfe dengan para pelaku usaha pada pekan depan."
	if got, _ := Detect(text); got != "id" {
		t.Errorf("Detect = %q, want id", got)
	}
}

func TestEmbeddedModel(t *testing.T) {
	m, err := defaultModel()
	if err != nil {
		t.Fatalf("embedded model: %v", err)
	}
	want := []string{"id", "en", "de", "nl", "fr", "es", "it", "pt", "fi", "no", "da", "sv"}
	if got := m.Languages(); !slices.Equal(got, want) {
		t.Errorf("languages = %v, want %v", got, want)
	}
	if len(m.index) < 20000 {
		t.Errorf("model holds %d trigrams, want the full tables (> 20000)", len(m.index))
	}
}

func TestLoadModel(t *testing.T) {
	const model = "# test\nlang aa\nabc 10\nbcd 20\nlang bb\nxyz 10\nabc 40\n"
	m, err := LoadModel(strings.NewReader(model))
	if err != nil {
		t.Fatal(err)
	}
	if got := m.Languages(); !slices.Equal(got, []string{"aa", "bb"}) {
		t.Errorf("languages = %v", got)
	}
	// Nine "abc" trigrams, two per "abcd": aa's are cheaper.
	if got, _ := m.DetectTrigrams(strings.Repeat("abcd ", 5)); got != "aa" {
		t.Errorf("DetectTrigrams = %q, want aa", got)
	}
	if got, _ := m.DetectTrigrams("xyz xyz"); got != "" {
		t.Errorf("two trigrams: DetectTrigrams = %q, want undetermined", got)
	}
}

func TestLoadModelErrors(t *testing.T) {
	for _, bad := range []string{
		"",                              // no language
		"lang aa\nabc 1\n",              // one language
		"abc 1\nlang aa\nlang bb\n",     // trigram before a lang line
		"lang aa\nab 1\nlang bb\n",      // not a trigram
		"lang aa\nabc 0\nlang bb\n",     // cost out of range
		"lang aa\nabc 256\nlang bb\n",   // cost out of range
		"lang aa\nabc x\nlang bb\n",     // not a number
		"lang aa\nabc\nlang bb\n",       // no cost
		"\x1f\x8b not really gzip data", // broken gzip
	} {
		if _, err := LoadModel(strings.NewReader(bad)); err == nil {
			t.Errorf("LoadModel(%q) succeeded, want an error", bad)
		}
	}
}

var benchStory = "Banjir rendam ratusan rumah di Bekasi\n\n" + strings.Repeat(
	"Ratusan rumah warga di Kecamatan Bekasi Utara terendam banjir setinggi satu meter setelah hujan deras mengguyur sejak Senin malam. "+
		"Petugas BPBD mengevakuasi warga ke tempat yang lebih aman, sementara dapur umum didirikan di halaman kantor kecamatan.\n\n", 12)

// BenchmarkDetect measures Detect on a whole story (about 3 KB) and on a
// headline; scripts/langeval compares it with the other candidates.
func BenchmarkDetect(b *testing.B) {
	for _, bc := range []struct{ name, text string }{
		{"story", benchStory},
		{"headline", "Banjir rendam ratusan rumah di Bekasi"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			Detect("") // load the model outside the timing
			b.SetBytes(int64(len(bc.text)))
			b.ReportAllocs()
			for b.Loop() {
				Detect(bc.text)
			}
		})
	}
}

func BenchmarkDetectStopwords(b *testing.B) {
	b.SetBytes(int64(len(benchStory)))
	b.ReportAllocs()
	for b.Loop() {
		DetectStopwords(benchStory)
	}
}
