package topics

import (
	"slices"
	"strings"
	"unicode"
)

// Tokens splits text into lower-cased word tokens: maximal runs of letters
// and digits (an apostrophe or hyphen inside a word splits it). Tokens of
// one character and tokens of digits only are dropped: they say little
// about the topic and numbers would only grow the model. The tokens are
// substrings of one lower-cased copy of text.
func Tokens(text string) []string {
	lower := strings.ToLower(text)
	toks := make([]string, 0, len(lower)/6)
	start, letters, runes := -1, false, 0
	flush := func(end int) {
		if start >= 0 && letters && runes > 1 {
			toks = append(toks, lower[start:end])
		}
		start, letters, runes = -1, false, 0
	}
	for i, r := range lower {
		isLetter := unicode.IsLetter(r)
		if !isLetter && !unicode.IsDigit(r) {
			flush(i)
			continue
		}
		if start < 0 {
			start = i
		}
		letters = letters || isLetter
		runes++
	}
	flush(len(lower))
	return toks
}

// FNV-1a, 64 bits: stable across runs and platforms, so feature keys in a
// saved model keep their meaning.
const (
	fnvOffset uint64 = 14695981039346656037
	fnvPrime  uint64 = 1099511628211
)

func fnvAdd(h uint64, s string) uint64 {
	for i := range len(s) {
		h ^= uint64(s[i])
		h *= fnvPrime
	}
	return h
}

// unigramKey and bigramKey hash features; a bigram hashes both words with a
// separator byte no token contains.
func unigramKey(a string) uint64 { return fnvAdd(fnvOffset, a) }

func bigramKey(a, b string) uint64 {
	h := fnvAdd(fnvOffset, a)
	h ^= 0x1f
	h *= fnvPrime
	return fnvAdd(h, b)
}

// Features returns the sorted, distinct hashed unigram and bigram keys of
// the tokens (a document is a set of features: repeating a word does not
// make it count more).
func Features(toks []string) []uint64 {
	keys := make([]uint64, 0, 2*len(toks))
	for i, t := range toks {
		keys = append(keys, unigramKey(t))
		if i > 0 {
			keys = append(keys, bigramKey(toks[i-1], t))
		}
	}
	slices.Sort(keys)
	return slices.Compact(keys)
}

// docText is the text a document is classified by: headline and body.
func docText(headline, body string) string {
	if headline == "" {
		return body
	}
	return headline + "\n" + body
}
