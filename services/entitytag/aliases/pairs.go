package aliases

import (
	"regexp"
	"strings"
)

// Pair is a full name and the short form a story introduced it with.
type Pair struct {
	Long  string // "Komisi Pemberantasan Korupsi", leading titles dropped
	Short string // "KPK"
}

// maxLongWords bounds how far back a full name is looked for before "(".
const maxLongWords = 10

var (
	// longThenShort: "... Komisi Pemberantasan Korupsi (KPK)".
	longThenShort = regexp.MustCompile(`([^\s()]+(?:[ \t]+[^\s()]+){0,` + "9" + `})[ \t]+\(([^\s()]{2,12})\)`)
	// shortThenLong: "KPK (Komisi Pemberantasan Korupsi)".
	shortThenLong = regexp.MustCompile(`([^\s()]{2,12})[ \t]+\(([^()\n]{3,120})\)`)
)

// Pairs returns the full name / short form pairs the text introduces, as
// "Long Name (SHORT)" or "SHORT (Long Name)", where the short form is made
// of the full name's words as Expansion says. Each pair is returned once, in
// order of first appearance.
func Pairs(text string) []Pair {
	var out []Pair
	seen := map[Pair]bool{}
	add := func(p Pair) {
		if !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	for _, m := range longThenShort.FindAllStringSubmatch(text, -1) {
		short := trimPunct(m[2])
		if !shortFormWord(short) {
			continue
		}
		if long, ok := fullName(short, strings.Fields(m[1])); ok {
			add(Pair{Long: long, Short: short})
		}
	}
	for _, m := range shortThenLong.FindAllStringSubmatch(text, -1) {
		short := trimPunct(m[1])
		if !shortFormWord(short) {
			continue
		}
		words := strings.Fields(m[2])
		if len(words) > maxLongWords {
			continue
		}
		if long, ok := fullName(short, words); ok && strings.Join(words, " ") == long {
			add(Pair{Long: long, Short: short})
		}
	}
	return out
}

// fullName returns the words short abbreviates: the tail of words (the
// capitalised run before the parenthesis) from where the short form starts.
func fullName(short string, words []string) (string, bool) {
	// Keep only the run of name words right before the parenthesis: a full
	// stop, comma or lower-case word (other than a connector) ends it.
	start := len(words)
	for i := len(words) - 1; i >= 0; i-- {
		w := trimPunct(words[i])
		if w != words[i] && i != len(words)-1 && strings.ContainsAny(words[i][len(words[i])-1:], ".,;:!?\"'") {
			break
		}
		if w == "" || (!capitalised(w) && !connectors[w]) {
			break
		}
		start = i
	}
	run := words[start:]
	for len(run) > 0 && connectors[run[0]] {
		run = run[1:]
	}
	if len(run) < 2 {
		return "", false
	}
	for i := range run {
		run[i] = trimPunct(run[i])
	}
	at, ok := Expansion(short, run)
	if !ok {
		return "", false
	}
	return strings.Join(run[at:], " "), true
}

func trimPunct(w string) string {
	return strings.Trim(w, ".,;:!?\"'“”‘’")
}
