package wire

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/newsroom-pipeline/newsroom/pkg/article"
)

// extractTrailer removes trailer lines from the end of paras into the fields
// of a, and returns the remaining paragraphs. It works line by line from the
// last line up and stops at the first line that is not a trailer, so the
// trailer vocabulary never touches the story itself.
func extractTrailer(a *article.Article, paras []string) []string {
	var codes []string // collected bottom-up
	for len(paras) > 0 {
		lines := strings.Split(paras[len(paras)-1], "\n")
		for len(lines) > 0 && takeTrailerLine(a, &codes, lines[len(lines)-1]) {
			lines = lines[:len(lines)-1]
		}
		if len(lines) > 0 {
			paras[len(paras)-1] = strings.Join(lines, "\n")
			break
		}
		paras = paras[:len(paras)-1]
	}
	// A desk code may also close the last sentence: "... kata dia. (D011)".
	if n := len(paras); n > 0 {
		if body, code, ok := cutTrailingDeskCode(paras[n-1]); ok {
			paras[n-1] = body
			codes = append(codes, code)
		}
	}
	for i := len(codes) - 1; i >= 0; i-- { // story order
		a.DeskCodes = append(a.DeskCodes, codes[i])
	}
	return paras
}

var (
	editorLine = regexp.MustCompile(`(?i)^editor\s*:\s*(\S.*)$`)
	// bylineLine: the reporter credit of Indonesian wires ("Pewarta" is
	// ANTARA's) and plain English ones.
	bylineLine    = regexp.MustCompile(`(?i)^(?:pewarta|reporter|penulis|wartawan)\s*:\s*(\S.*)$`)
	copyrightLine = regexp.MustCompile(`(?i)^(?:copyright\b|©|\(c\)\s)`)
)

// isCopyrightLine recognises a short line that starts like a copyright notice
// and carries the sign or a year, so that a last sentence which merely
// begins with the word "Copyright" stays in the story.
func isCopyrightLine(line string) bool {
	return utf8.RuneCountInString(line) <= 160 && copyrightLine.MatchString(line) &&
		(strings.Contains(line, "©") || strings.HasPrefix(strings.ToLower(line), "(c)") || yearPattern.MatchString(line))
}

// takeTrailerLine records line in a (or codes) and reports true when it is
// a trailer line.
func takeTrailerLine(a *article.Article, codes *[]string, line string) bool {
	line = strings.TrimSpace(line)
	if code, ok := deskCode(line); ok {
		*codes = append(*codes, code)
		return true
	}
	if m := editorLine.FindStringSubmatch(line); m != nil {
		if a.Editor == "" {
			a.Editor = strings.TrimSpace(m[1])
		}
		return true
	}
	if m := bylineLine.FindStringSubmatch(line); m != nil {
		if a.Byline == "" {
			a.Byline = strings.TrimSpace(m[1])
		}
		return true
	}
	if isCopyrightLine(line) {
		if a.CopyrightNotice == "" {
			a.CopyrightNotice = line
			a.CopyrightHolder, a.CopyrightYear = parseCopyright(line)
		}
		return true
	}
	return false
}

// cutTrailingDeskCode splits "... sentence. (CODE)" into the sentence and the
// code. The code must follow sentence-final punctuation, so a parenthesis
// that belongs to the sentence is left alone.
func cutTrailingDeskCode(p string) (body, code string, ok bool) {
	if !strings.HasSuffix(p, ")") {
		return "", "", false
	}
	i := strings.LastIndex(p, " (")
	if i <= 0 {
		return "", "", false
	}
	code, ok = deskCode(p[i+1:])
	if !ok {
		return "", "", false
	}
	before := strings.TrimRight(p[:i], " ")
	last, _ := utf8.DecodeLastRuneInString(strings.TrimRight(before, closers))
	if !strings.ContainsRune(".!?", last) {
		return "", "", false
	}
	return before, code, true
}

var (
	spaceAroundSep = regexp.MustCompile(`\s*([./-])\s*`)
	reporterCode   = regexp.MustCompile(`^[A-Z]{1,2}[0-9]{2,4}$`)
	deskToken      = regexp.MustCompile(`^(?:Uu|[A-Z0-9]{1,4})$`)
)

// deskCode recognises a desk code line such as "(UU.SDP-12/C003)",
// "(D011)", "(U.B018/T013)" or the tokenised "(Uu. H - RF / I015)", and
// returns the code with the spaces around its separators removed
// ("Uu.H-RF/I015"). A code is a sequence of alphanumeric tokens joined by
// ".", "/" or "-", the first starting with an upper-case letter, that holds
// a reporter code (a letter or two and digits: "C003") or, failing that, is
// made only of short upper-case tokens ("H-RF"). "(AP)", "(2011)" or
// "(Reuters)" are not desk codes.
func deskCode(line string) (string, bool) {
	if len(line) < 3 || len(line) > 64 || line[0] != '(' || line[len(line)-1] != ')' {
		return "", false
	}
	code := spaceAroundSep.ReplaceAllString(strings.TrimSpace(line[1:len(line)-1]), "$1")
	if code == "" || strings.ContainsFunc(code, unicode.IsSpace) {
		return "", false
	}
	tokens := strings.FieldsFunc(code, func(r rune) bool { return r == '.' || r == '/' || r == '-' })
	if len(tokens) == 0 {
		return "", false
	}
	hasReporter, allShort := false, true
	if !('A' <= tokens[0][0] && tokens[0][0] <= 'Z') {
		return "", false
	}
	for _, t := range tokens {
		if !isASCIIAlnum(t) {
			return "", false
		}
		if reporterCode.MatchString(t) {
			hasReporter = true
		}
		if !deskToken.MatchString(t) {
			allShort = false
		}
	}
	seps := strings.Count(code, ".") + strings.Count(code, "/") + strings.Count(code, "-")
	if hasReporter || (allShort && seps > 0 && len(tokens) >= 2) {
		return code, true
	}
	return "", false
}

func isASCIIAlnum(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9') {
			return false
		}
	}
	return true
}

var (
	yearPattern = regexp.MustCompile(`\b(?:19|20)[0-9]{2}\b`)
	// yearRange is a year or a range such as "2017-18" or "2016–2018", so
	// that the range's end is not taken for the holder.
	yearRange       = regexp.MustCompile(`\b(?:19|20)[0-9]{2}(?:\s*[-–/]\s*[0-9]{2,4}\b)?`)
	copyrightPrefix = regexp.MustCompile(`(?i)^(?:\s|copyright\b|©|\(c\)|[:.,-])+`)
	// holderEnd marks where a holder's name ends inside a longer notice.
	holderEnd = regexp.MustCompile(`(?i),|;|\s-\s|\.\s|\ball rights\b`)
)

// parseCopyright reads the holder and year from a copyright notice such as
// "Copyright © ANTARA 2011", "(c) 2011 Reuters" or "Copyright 2013 The News
// Agency, www.tna.org - all rights reserved." With several years (a range)
// the latest counts. Either result may be empty.
func parseCopyright(notice string) (holder string, year int) {
	for _, y := range yearPattern.FindAllString(notice, -1) {
		if n, err := strconv.Atoi(y); err == nil && n > year {
			year = n
		}
	}
	rest := copyrightPrefix.ReplaceAllString(notice, "")
	rest = yearRange.ReplaceAllString(rest, " ")
	rest = strings.TrimLeft(rest, " -–,.")
	if loc := holderEnd.FindStringIndex(rest); loc != nil {
		rest = rest[:loc[0]]
	}
	holder = strings.Trim(strings.Join(strings.Fields(rest), " "), " -–,.;:")
	return holder, year
}
