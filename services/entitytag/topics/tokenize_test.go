package topics

import (
	"reflect"
	"testing"
)

func TestTokens(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"Rogozin said: NATO's plan, 2011!", []string{"rogozin", "said", "nato", "plan"}},
		{"Perundingan pertahanan rudal Rusia-AS", []string{"perundingan", "pertahanan", "rudal", "rusia", "as"}},
		{"G20 in São Paulo a 5 x", []string{"g20", "in", "são", "paulo"}},
		{"ÉCONOMIE\tet\n\nSPORT", []string{"économie", "et", "sport"}},
	} {
		got := Tokens(tt.in)
		if len(got) == 0 && len(tt.want) == 0 {
			continue
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Tokens(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestFeatures(t *testing.T) {
	a := Features([]string{"bank", "rate", "bank", "rate"})
	// bank, rate, "bank rate", "rate bank": repeats count once.
	if len(a) != 4 {
		t.Errorf("features %v, want 4 distinct", a)
	}
	if bigramKey("ab", "c") == bigramKey("a", "bc") || bigramKey("a", "b") == unigramKey("a b") {
		t.Error("bigram keys collide with other token splits")
	}
	// The keys are part of the saved model format: pin one.
	if got := unigramKey("sport"); got != 0x5559658abc9ac26d { // FNV-1a 64 of "sport"
		t.Errorf("unigramKey changed: %x", got)
	}
}
