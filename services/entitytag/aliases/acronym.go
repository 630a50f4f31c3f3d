package aliases

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// connectors are the lower-case words an organisation's full name may
// contain that its short form skips or keeps by their first letter: "Pusat
// Pelaporan dan Analisis Transaksi Keuangan (PPATK)", "Energi dan Sumber Daya
// Mineral (ESDM)", "Department of Trade and Industry (DTI)".
var connectors = map[string]bool{
	"dan": true, "dari": true, "untuk": true, "pada": true, "di": true, "ke": true, "se": true, "yang": true,
	"and": true, "of": true, "the": true, "for": true, "on": true, "in": true, "&": true,
}

// Expansion reports whether short is a short form of the words of long:
// taken in order from some word to the last, every capitalised word gives a
// non-empty prefix of itself (most give their initial, "Kemenkeu" takes
// "Kemen" + "Keu", "Jokowi" takes "Jo" + "Wi"), connectors give their initial
// or nothing, and nothing is left over. It returns the index of the word the
// short form starts at, so that a leading title or head word it does not
// cover ("Presiden Joko Widodo (Jokowi)", "Ketua Komisi Pemberantasan Korupsi
// (KPK)") can be dropped from the canonical name. Hyphens split words
// ("Perserikatan Bangsa-Bangsa (PBB)"). The comparison ignores case.
func Expansion(short string, long []string) (start int, ok bool) {
	s := []rune(strings.ToLower(strings.NewReplacer(".", "", "-", "", "&", "").Replace(short)))
	if len(s) < 2 {
		return 0, false
	}
	words := splitHyphens(long)
	if len(words) < 2 {
		return 0, false
	}
	// The short form must start at a capitalised word; try the latest start
	// first, so a title in front is left out.
	for i := len(words) - 2; i >= 0; i-- {
		if connectors[words[i]] || !capitalised(words[i]) {
			continue
		}
		if covers(s, words[i:]) {
			return wordIndex(long, words, i), true
		}
	}
	return 0, false
}

// covers reports whether s is made of one non-empty prefix of each
// capitalised word of words, in order, with connectors adding their initial
// or nothing.
func covers(s []rune, words []string) bool {
	if len(words) == 0 {
		return len(s) == 0
	}
	w := []rune(strings.ToLower(words[0]))
	if connectors[words[0]] {
		if covers(s, words[1:]) {
			return true
		}
		return len(s) > 0 && s[0] == w[0] && covers(s[1:], words[1:])
	}
	// Every capitalised word gives at least its first letter. Longest
	// prefixes first: "Kemenkeu" is "Kemen"+"keu", not "K"+...
	for n := min(len(w), len(s)); n >= 1; n-- {
		if string(w[:n]) == string(s[:n]) && covers(s[n:], words[1:]) {
			return true
		}
	}
	return false
}

func splitHyphens(words []string) []string {
	var out []string
	for _, w := range words {
		for _, p := range strings.Split(w, "-") {
			if p != "" {
				out = append(out, p)
			}
		}
	}
	return out
}

// wordIndex maps index i of the hyphen-split words back to the index of the
// word of long it came from.
func wordIndex(long, split []string, i int) int {
	n := 0
	for j, w := range long {
		for _, p := range strings.Split(w, "-") {
			if p == "" {
				continue
			}
			if n == i {
				return j
			}
			n++
		}
	}
	return len(long) - 1
}

func capitalised(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r)
}

// ShortForm reports whether w looks like an acronym or a short form a
// newsroom writes in parentheses after a full name: one word of 2 to 10
// letters or digits, starting with a capital, with at least two capitals
// (KPK, PDI-P, Kemenkeu is not one of these: see Pairs) or written as a
// single capitalised word.
func shortFormWord(w string) bool {
	n := utf8.RuneCountInString(w)
	if n < 2 || n > 12 || !capitalised(w) {
		return false
	}
	for _, r := range w {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-' && r != '.' && r != '&' {
			return false
		}
	}
	return true
}
