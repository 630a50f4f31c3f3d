package aliases

import (
	"slices"
	"strings"
)

// Pair is a full name and the short form a story introduced it with.
type Pair struct {
	Long  string // "Komisi Pemberantasan Korupsi", leading titles dropped
	Short string // "KPK"
}

// maxLongWords bounds how many words a full name may have.
const maxLongWords = 10

// Pairs returns the full name / short form pairs the text introduces, as
// "Long Name (SHORT)" or "SHORT (Long Name)", where the short form is made
// of the full name's words as Expansion says. Each pair is returned once, in
// order of first appearance.
//
// It looks only around parentheses (a story has a few), so its cost is a
// byte scan of the text: it runs on every story the entity-tag stage sees.
func Pairs(text string) []Pair {
	var out []Pair
	seen := map[Pair]bool{}
	for i := 0; i < len(text); i++ {
		if text[i] != '(' {
			continue
		}
		end := strings.IndexAny(text[i+1:min(len(text), i+1+maxInner)], "()\n")
		if end < 0 || text[i+1+end] != ')' {
			continue
		}
		inner := strings.TrimSpace(text[i+1 : i+1+end])
		before := precedingWords(text[:i])
		var p Pair
		var ok bool
		if words := strings.Fields(inner); len(words) == 1 {
			p, ok = longThenShort(before, trimPunct(inner))
		} else if len(words) <= maxLongWords && len(before) > 0 {
			p, ok = shortThenLong(before[len(before)-1], words)
		}
		if ok && !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
		i += end
	}
	return out
}

// maxInner bounds the text between parentheses looked at, in bytes.
const maxInner = 120

// precedingWords returns up to maxLongWords words right before a
// parenthesis, on its line and after any earlier parenthesis.
func precedingWords(text string) []string {
	text = text[max(0, len(text)-maxLongWords*24):]
	if k := strings.LastIndexAny(text, "()\n"); k >= 0 {
		text = text[k+1:]
	}
	words := strings.Fields(text)
	return words[max(0, len(words)-maxLongWords):]
}

// longThenShort reads "Komisi Pemberantasan Korupsi (KPK)".
func longThenShort(before []string, short string) (Pair, bool) {
	if !shortFormWord(short) || len(before) == 0 {
		return Pair{}, false
	}
	long, ok := fullName(short, slices.Clone(before))
	return Pair{Long: long, Short: short}, ok
}

// shortThenLong reads "KPK (Komisi Pemberantasan Korupsi)": the whole
// parenthesis must be the full name.
func shortThenLong(word string, inner []string) (Pair, bool) {
	short := trimPunct(word)
	if short != word && !strings.HasSuffix(word, short) || !shortFormWord(short) {
		return Pair{}, false
	}
	long, ok := fullName(short, slices.Clone(inner))
	if !ok || long != strings.Join(inner, " ") {
		return Pair{}, false
	}
	return Pair{Long: long, Short: short}, true
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
