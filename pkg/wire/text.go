package wire

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/newsroom-pipeline/newsroom/pkg/article"
	"github.com/newsroom-pipeline/newsroom/pkg/format"
)

// Limits of the text rules; the package comment states them.
const (
	maxTitleRunes    = 200
	maxHeadlineRunes = 120
	// maxControlShare: a text story with more control characters than this
	// is binary data. Real wire text has none after transport; 1% leaves
	// room for the odd stray byte.
	maxControlShare = 0.01
	// minLetterShare: below this share of letters among visible characters
	// the bytes are not prose. News with tables (results, prices) stays well
	// above it: the lowest share in the IndoSum and BBC corpora is 0.62.
	minLetterShare = 0.40
)

// parseText reads a plain-text wire story; see the package comment.
func parseText(raw string) (*article.Article, error) {
	if share := controlShare(raw); share > maxControlShare {
		return nil, fmt.Errorf("binary data, not a text story: %.0f%% of characters are control characters", share*100)
	}
	text := cleanText(raw)
	if text == "" {
		return nil, errors.New("empty story")
	}
	if share := letterShare(text); share < minLetterShare {
		return nil, fmt.Errorf("not a text story (binary or garbage?): only %.0f%% of visible characters are letters, want at least %.0f%%", share*100, minLetterShare*100)
	}

	a := &article.Article{Format: format.Text}
	paras := extractTrailer(a, strings.Split(text, "\n\n"))
	if len(paras) == 0 {
		return nil, errors.New("empty story: nothing but trailer lines (desk code, editor, copyright)")
	}
	// A reporter credit may also open the story.
	if m := bylineLine.FindStringSubmatch(paras[0]); m != nil && len(paras) > 1 {
		a.Byline = strings.TrimSpace(m[1])
		paras = paras[1:]
	}
	if isTitle(paras) {
		a.Headline = paras[0]
		paras = paras[1:]
	}
	if d, ok := parseDateline(paras[0]); ok {
		a.Located, a.InfoSource = d.place, d.agency
		if d.rest == "" {
			paras = paras[1:]
		} else {
			paras[0] = d.rest
		}
	}
	if len(paras) == 0 && a.Headline == "" {
		return nil, errors.New("empty story: nothing but a dateline and trailer lines")
	}
	a.BodyText = strings.Join(paras, "\n\n")
	if a.Headline == "" {
		a.Headline = leadHeadline(paras[0])
	}
	return a, nil
}

// isTitle applies the headline rule of the package comment to the first of
// paras.
func isTitle(paras []string) bool {
	if len(paras) < 2 {
		return false
	}
	p := paras[0]
	if strings.Contains(p, "\n") || utf8.RuneCountInString(p) > maxTitleRunes {
		return false
	}
	if _, ok := parseDateline(p); ok {
		return false
	}
	end := strings.TrimRight(p, closers)
	if strings.HasSuffix(end, "...") {
		return true // an ellipsis, as in "Rivals of the £400 Apple..."
	}
	last, _ := utf8.DecodeLastRuneInString(end)
	return !strings.ContainsRune(".,;:?!", last)
}

// closers are the characters that may follow a sentence's final punctuation.
const closers = `"'”’»)]`

// leadHeadline derives a headline from a lead paragraph: its first sentence
// without the final full stop, cut at a word boundary to maxHeadlineRunes
// with "…" when longer.
func leadHeadline(lead string) string {
	s := strings.TrimSpace(strings.ReplaceAll(firstSentence(lead), "\n", " "))
	if utf8.RuneCountInString(s) <= maxHeadlineRunes {
		if t := strings.TrimSuffix(s, "."); !strings.HasSuffix(t, ".") { // keep "..."
			s = t
		}
		return strings.TrimSpace(s)
	}
	cut := 0 // byte offset of the last space before the limit
	n := 0
	for i, r := range s {
		if n == maxHeadlineRunes-1 { // room for "…"
			break
		}
		if r == ' ' {
			cut = i
		}
		n++
	}
	if cut == 0 { // one enormous word
		cut = len(string([]rune(s)[:maxHeadlineRunes-1]))
	}
	return strings.TrimRight(s[:cut], " ,;:-–—") + "…"
}

// firstSentence returns the first sentence of p: up to the first ".", "!"
// or "?" (and closing quotes) that is followed by white space and then an
// upper-case letter, digit or opening quote, and does not end a known
// abbreviation or an initial.
func firstSentence(p string) string {
	for i, r := range p {
		if r != '.' && r != '!' && r != '?' {
			continue
		}
		end := i + 1
		for end < len(p) {
			c, size := utf8.DecodeRuneInString(p[end:])
			if !strings.ContainsRune(closers, c) {
				break
			}
			end += size
		}
		rest := p[end:]
		trimmed := strings.TrimLeft(rest, " \n")
		if len(trimmed) == len(rest) || trimmed == "" {
			continue // no white space after it, or nothing after it
		}
		next, _ := utf8.DecodeRuneInString(trimmed)
		if !startsSentence(next) {
			continue
		}
		if r == '.' && isAbbreviation(p[:i]) {
			continue
		}
		return p[:end]
	}
	return p
}

func startsSentence(r rune) bool {
	return unicode.IsUpper(r) || unicode.IsDigit(r) || strings.ContainsRune(`"'“‘«(`, r)
}

// isAbbreviation reports whether before (the text up to a full stop) ends in
// a word that is an initial or a common abbreviation, so the stop does not
// end a sentence.
func isAbbreviation(before string) bool {
	i := strings.LastIndexAny(before, " \n(\"'")
	word := before[i+1:]
	if utf8.RuneCountInString(word) == 1 {
		return true // an initial: "J. Smith"
	}
	return abbreviations[strings.ToLower(word)]
}

// abbreviations are words that end with a full stop inside a sentence, in
// English and Indonesian news.
var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "prof": true, "st": true, "jr": true, "sr": true,
	"no": true, "vol": true, "inc": true, "ltd": true, "co": true, "corp": true, "gen": true, "col": true,
	"lt": true, "sgt": true, "capt": true, "rep": true, "sen": true, "gov": true, "pres": true, "u.s": true,
	"jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true, "aug": true, "sep": true,
	"sept": true, "oct": true, "nov": true, "dec": true, "vs": true, "etc": true, "approx": true,
	"jl": true, "rp": true, "tn": true, "ny": true, "sdr": true, "bpk": true, "hj": true, "ir": true,
	"drs": true, "kh": true, "hlm": true, "tgl": true,
}
