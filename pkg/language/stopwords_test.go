package language

import (
	"strings"
	"testing"
)

// TestDetectStopwords checks the baseline stopword detector, which Detect
// uses as extra evidence and scripts/langeval measures.
func TestDetectStopwords(t *testing.T) {
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
			got, conf := DetectStopwords(tt.text)
			if got != tt.want {
				t.Fatalf("DetectStopwords() = %q (%.2f), want %q", got, conf, tt.want)
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

func TestDetectStopwordsConfidenceGrowsWithEvidence(t *testing.T) {
	short := "Dia mengatakan bahwa itu tidak benar."
	long := strings.Repeat("Dia mengatakan bahwa rencana itu tidak akan dibatalkan dan masih dibahas dengan para pihak. ", 5)
	_, cs := DetectStopwords(short)
	_, cl := DetectStopwords(long)
	if cs >= cl {
		t.Errorf("confidence short=%.2f long=%.2f, want short < long", cs, cl)
	}
}
