package ner

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Token is a word or punctuation mark with its byte offsets in the text.
type Token struct {
	Text       string
	Start, End int
}

// Tokenize splits text CoNLL-style: on white space, with punctuation split
// off words, except inner punctuation ("U.S.", "al-Qaeda", "1,400",
// "O'Neill") and the period of an abbreviation made of capitals and periods
// ("U.S.", "J.") or of a short title ("Mr.", "Dr."). Clitic "'s" is its own
// token, as in CoNLL-2003.
func Tokenize(text string) []Token {
	var out []Token
	i := 0
	for i < len(text) {
		r, n := utf8.DecodeRuneInString(text[i:])
		if unicode.IsSpace(r) {
			i += n
			continue
		}
		j := i
		for j < len(text) {
			r2, n2 := utf8.DecodeRuneInString(text[j:])
			if unicode.IsSpace(r2) {
				break
			}
			j += n2
		}
		out = splitWord(text, i, j, out)
		i = j
	}
	return out
}

// Tokenize splits text the way the model's training corpora are tokenised:
// as the package Tokenize, and for Indonesian also hyphens between
// capitalised parts ("Rusia-Amerika" is "Rusia - Amerika" in the IndoNLU
// and IndoLEM corpora, where no capitalised compound is one token), while
// CoNLL-2003 keeps "Mercedes-Benz" whole. Lower-case compounds
// ("teman-teman") stay whole in both.
func (m *Model) Tokenize(text string) []Token {
	toks := Tokenize(text)
	if m.Lang != "id" {
		return toks
	}
	return splitNameHyphens(text, toks)
}

// splitNameHyphens splits tokens of the form Xxx-Yyy (each part starting
// with a capital letter) at their hyphens.
func splitNameHyphens(text string, toks []Token) []Token {
	var out []Token
	for k, t := range toks {
		if !capitalisedCompound(t.Text) {
			if out != nil {
				out = append(out, t)
			}
			continue
		}
		if out == nil {
			out = append(make([]Token, 0, len(toks)+4), toks[:k]...)
		}
		start := t.Start
		for _, part := range strings.Split(t.Text, "-") {
			out = append(out, Token{text[start : start+len(part)], start, start + len(part)})
			start += len(part)
			if start < t.End {
				out = append(out, Token{text[start : start+1], start, start + 1})
				start++
			}
		}
	}
	if out == nil {
		return toks
	}
	return out
}

// capitalisedCompound reports "Rusia-Amerika", "Jakarta-Bandung": parts
// joined by single hyphens, each non-empty and starting with a capital.
func capitalisedCompound(w string) bool {
	if !strings.Contains(w, "-") {
		return false
	}
	for _, part := range strings.Split(w, "-") {
		r, _ := utf8.DecodeRuneInString(part)
		if part == "" || !unicode.IsUpper(r) {
			return false
		}
	}
	return true
}

// splitWord splits the white-space-free run text[a:b] into tokens.
func splitWord(text string, a, b int, out []Token) []Token {
	// Leading punctuation, one token each.
	for a < b {
		r, n := utf8.DecodeRuneInString(text[a:])
		if !isEdgePunct(r) {
			break
		}
		out = append(out, Token{text[a : a+n], a, a + n})
		a += n
	}
	// Trailing punctuation, collected right to left.
	var tail []Token
	for b > a {
		r, n := utf8.DecodeLastRuneInString(text[a:b])
		if !isEdgePunct(r) && r != '.' {
			break
		}
		if r == '.' && keepsPeriod(text[a:b]) {
			break
		}
		tail = append(tail, Token{text[b-n : b], b - n, b})
		b -= n
	}
	if b > a {
		w := text[a:b]
		// Possessive 's / ’s.
		if k := strings.LastIndex(w, "'s"); k > 0 && k == len(w)-2 {
			out = append(out, Token{w[:k], a, a + k}, Token{w[k:], a + k, b})
		} else if k := strings.LastIndex(w, "’s"); k > 0 && k == len(w)-len("’s") {
			out = append(out, Token{w[:k], a, a + k}, Token{w[k:], a + k, b})
		} else {
			out = append(out, Token{w, a, b})
		}
	}
	for k := len(tail) - 1; k >= 0; k-- {
		out = append(out, tail[k])
	}
	return out
}

func isEdgePunct(r rune) bool {
	switch r {
	case ',', ';', ':', '!', '?', '"', '\'', '(', ')', '[', ']', '{', '}', '“', '”', '‘', '’', '«', '»', '…':
		return true
	}
	return false
}

// keepsPeriod reports whether w (ending in '.') is an abbreviation whose
// period belongs to it.
func keepsPeriod(w string) bool {
	core := strings.TrimSuffix(w, ".")
	if core == "" {
		return false
	}
	if strings.Contains(core, ".") { // U.S., a.m.
		return true
	}
	if utf8.RuneCountInString(core) == 1 && unicode.IsUpper([]rune(core)[0]) { // initials
		return true
	}
	switch core {
	case "Mr", "Mrs", "Ms", "Dr", "Prof", "St", "Jr", "Sr", "Gen", "Col", "Lt", "Sgt", "Capt", "Gov", "Sen", "Rep", "Inc", "Corp", "Ltd", "Co", "Jan", "Feb", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "No", "vs":
		return true
	}
	return false
}

// SplitSentences groups tokens into sentences: a sentence ends after ".",
// "!" or "?" (optionally followed by closing quotes or brackets) when the
// next token starts with a capital letter, a digit or an opening quote, and
// at every paragraph break (a blank line in text). It returns token index
// ranges [start, end).
func SplitSentences(text string, toks []Token) [][2]int {
	var out [][2]int
	start := 0
	for i := range toks {
		end := false
		if i+1 < len(toks) && strings.Contains(text[toks[i].End:toks[i+1].Start], "\n\n") {
			end = true
		}
		if !end && (toks[i].Text == "." || toks[i].Text == "!" || toks[i].Text == "?") && i+1 < len(toks) {
			nr, _ := utf8.DecodeRuneInString(toks[i+1].Text)
			if unicode.IsUpper(nr) || unicode.IsDigit(nr) || nr == '"' || nr == '“' || nr == '(' {
				end = true
			}
		}
		if end {
			out = append(out, [2]int{start, i + 1})
			start = i + 1
		}
	}
	if start < len(toks) {
		out = append(out, [2]int{start, len(toks)})
	}
	return out
}
