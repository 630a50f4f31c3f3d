package baseline

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// token is one word or punctuation mark of a text. text[start:end] == s always
// holds, for any input bytes, so mention offsets built from tokens are valid.
type token struct {
	start, end int
	s          string
	low        string // norm(s), the form looked up in the word lists
	word       bool   // letters and digits (with inner apostrophes, dotted initials)
	space      bool   // whitespace comes right before the token
	newline    bool   // a line break comes before the token (and after the previous one)
	sentStart  bool   // the first word of a sentence, paragraph or quotation
}

// tokenize splits text into tokens, keeping byte offsets.
//
// Words are runs of letters, digits and combining marks, with inner
// apostrophes kept (O'Brien, Ma'ruf); a possessive 's is split off so that
// "Britain's" is the word "Britain". Dotted acronyms (U.S.) and initials (W.)
// are one word, and so is an abbreviation whose full stop isAbbr accepts
// ("Mr.", "Dr."); such full stops do not end a sentence. Every other rune is a
// one-rune punctuation token; invalid UTF-8 bytes become one-byte tokens.
//
// A word starts a sentence when it is the first in the text or on a new line,
// follows ". ! ? : …", a spaced dash, or an opening quote.
func tokenize(text string, isAbbr func(string) bool) []token {
	toks := make([]token, 0, len(text)/5+1)
	space, newline, pending := true, true, true
	for i := 0; i < len(text); {
		r, w := utf8.DecodeRuneInString(text[i:])
		if unicode.IsSpace(r) {
			space = true
			if r == '\n' || r == '\r' {
				newline, pending = true, true
			}
			i += w
			continue
		}
		t := token{start: i, space: space, newline: newline}
		space, newline = false, false
		if !isWordRune(r) {
			t.end = i + w
			t.s = text[i:t.end]
			t.low = t.s
			switch {
			case strings.ContainsRune(".!?:…", r):
				pending = true
			case isDash(r) && t.space && t.end < len(text) && text[t.end] == ' ':
				pending = true // "Moskow (ANTARA News) - Perundingan ..."
			case isQuote(r) && t.space && t.end < len(text) && !isSpaceByte(text[t.end]):
				pending = true // an opening quote starts a quotation
			}
			toks = append(toks, t)
			i = t.end
			continue
		}
		end := scanWord(text, i)
		end = extendDotted(text, i, end, isAbbr)
		possessive := ""
		if p := possessiveSuffix(text[i:end]); p > 0 {
			possessive, end = text[end-p:end], end-p
		}
		t.end, t.s, t.word = end, text[i:end], true
		t.low = norm(t.s)
		t.sentStart, pending = pending, false
		toks = append(toks, t)
		if possessive != "" {
			toks = append(toks, token{start: end, end: end + len(possessive), s: possessive, low: norm(possessive)})
			end += len(possessive)
		}
		i = end
	}
	return toks
}

// scanWord returns the end of the word that starts at i.
func scanWord(text string, i int) int {
	j := i
	for j < len(text) {
		r, w := utf8.DecodeRuneInString(text[j:])
		if isWordRune(r) {
			j += w
			continue
		}
		if isApostrophe(r) && j > i && j+w < len(text) {
			if r2, _ := utf8.DecodeRuneInString(text[j+w:]); unicode.IsLetter(r2) {
				j += w
				continue
			}
		}
		break
	}
	return j
}

// extendDotted grows the word text[i:end] over the full stops of a dotted
// acronym ("U.S.", "D.C."), an initial ("W.") or a known abbreviation ("Mr.").
func extendDotted(text string, i, end int, isAbbr func(string) bool) int {
	if end >= len(text) || text[end] != '.' {
		return end
	}
	if r, w := utf8.DecodeRuneInString(text[i:end]); w == end-i && unicode.IsUpper(r) {
		j := end + 1 // past "U."
		for j < len(text) {
			r, w := utf8.DecodeRuneInString(text[j:])
			if !unicode.IsUpper(r) || j+w >= len(text) || text[j+w] != '.' {
				break
			}
			j += w + 1
		}
		return j
	}
	if isAbbr != nil && isAbbr(strings.ToLower(text[i:end])) {
		return end + 1
	}
	return end
}

// possessiveSuffix returns the byte length of a trailing 's or ’s, or 0.
func possessiveSuffix(word string) int {
	for _, suf := range []string{"'s", "’s"} {
		if len(word) > len(suf) && strings.HasSuffix(word, suf) {
			return len(suf)
		}
	}
	return 0
}

func isWordRune(r rune) bool {
	return r != utf8.RuneError && (unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r))
}

func isApostrophe(r rune) bool { return r == '\'' || r == '’' }

func isDash(r rune) bool { return r == '-' || r == '–' || r == '—' }

func isQuote(r rune) bool { return strings.ContainsRune("\"“”‘'«»„", r) }

func isSpaceByte(b byte) bool { return b == ' ' || b == '\t' || b == '\n' || b == '\r' }

// norm is the form used to look a token up in the word lists: lower case,
// without a trailing full stop.
func norm(s string) string { return strings.ToLower(strings.TrimSuffix(s, ".")) }

// isCapWord reports whether t is a word starting with an upper-case letter.
func isCapWord(t token) bool {
	if !t.word {
		return false
	}
	r, _ := utf8.DecodeRuneInString(t.s)
	return unicode.IsUpper(r) || unicode.IsTitle(r)
}

// isLowerWord reports whether t is a word starting with a lower-case letter.
func isLowerWord(t token) bool {
	if !t.word {
		return false
	}
	r, _ := utf8.DecodeRuneInString(t.s)
	return unicode.IsLower(r)
}

// capsLetters counts the letters of s and reports whether none is lower case.
func capsLetters(s string) (letters int, allUpper bool) {
	allUpper = true
	for _, r := range s {
		if unicode.IsLetter(r) {
			letters++
			if unicode.IsLower(r) {
				allUpper = false
			}
		}
	}
	return letters, allUpper
}

// isAcronymLike reports whether t starts with two capital letters ("MPs",
// "NGOs", "TBWA"): such words are acronyms or their plurals, never part of a
// person name. "McFadyen" and "DiCaprio" are not acronym-like.
func isAcronymLike(t token) bool {
	if !t.word {
		return false
	}
	r1, w := utf8.DecodeRuneInString(t.s)
	r2, _ := utf8.DecodeRuneInString(t.s[w:])
	return unicode.IsUpper(r1) && unicode.IsUpper(r2)
}

// isInitial reports whether t is a single letter, with or without a full
// stop ("W.", "J"): part of a name, never a name on its own.
func isInitial(t token) bool {
	s := strings.TrimSuffix(t.s, ".")
	_, w := utf8.DecodeRuneInString(s)
	return t.word && w == len(s)
}

// isAcronym reports whether t is an all-capital word of 2 to 6 letters
// ("NATO", "RIA", "U.S."). Longer all-capital words are shouting, not names.
func isAcronym(t token) bool {
	if !t.word {
		return false
	}
	n, up := capsLetters(t.s)
	return up && n >= 2 && n <= 6
}
