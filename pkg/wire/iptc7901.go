package wire

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/newsroom-pipeline/newsroom/pkg/article"
	"github.com/newsroom-pipeline/newsroom/pkg/format"
)

// IPTC 7901 (format.IPTC7901), including the dpa dialect. A message is
//
//	SOH header-line LF keyword-line(s) STX headline-block LF body ETX trailer EOT
//
// and is read as follows.
//
//	charset        the content type's charset; without one UTF-8 when the bytes
//	               are valid UTF-8, else windows-1252 (ISO-8859-1)
//	header line    "eca062 4 i 211 ccccb dpa 061": service id and message
//	               number ("eca", "062"), priority (a digit, -> Urgency),
//	               category ("i", -> Subject code "iptc7901-category:i", no
//	               name: category letters are agency vocabularies), word count
//	               (ignored: WordCount is counted), then optional fields whose
//	               last word before a trailing number is the agency ("dpa")
//	keyword lines  the lines before STX, "/"-terminated ("Germany-politics/",
//	               "Switzerland/migration/UN/"), joined by "/" -> Slugline
//	headline block the text lines up to the first line ending in "=" (within
//	               the first 8 lines): upper-case or parenthesised lines before
//	               the headline are take keys ("EXTRA", "REFILE", "1ST LEAD",
//	               "(Achtung)"), lines starting "By " after it the byline
//	               (-> Byline, "By " removed), the rest the Headline. Take keys
//	               go to EdNote; "LEAD"/"UPDATE"/"WRITETHRU" set Signals
//	               update, "CORRECTION"/"CORRECTS"/"KORREKTUR"/"BERICHTIGUNG"
//	               correction. Without an "=" line, a first line of at most 200
//	               characters followed by a blank or indented line is the
//	               headline.
//	body           paragraphs start after a blank line or at an indented line;
//	               hard-wrapped lines are joined (no space after a hyphen that
//	               ends a line inside a word); control characters are dropped
//	dateline       "Berlin (dpa) - " opening the first paragraph -> Located,
//	               InfoSource (see parseDateline), removed from the body
//	signature      a last line of the agency's name and staff initials
//	               ("dpa wsz jln npr") -> DeskCodes, removed
//	notebook       from a "# Notebook" / "# dpa NOTEBOOK" heading or a "The
//	               following information is not (intended) for publication"
//	               line to the end: removed from the body; the items under its
//	               "## Note(s) to editors" heading are appended to EdNote
//	trailer lines  copyright, desk code and editor lines ending the body, as in
//	               plain text (extractTrailer)
//	trailer        after ETX, "131137 GMT Nov 13": day, hour and minute, month
//	               (English or German abbreviation), two-digit year ->
//	               VersionCreated (UTC); without a year it is left unset
//
// Identity. URI is "iptc7901:" agency ":" service ":" date ":" keyword, e.g.
// "iptc7901:dpa:eca:2013-11-13:germany-politics": the keyword, not the message
// number, identifies a story, so resends, refiles and leads of one story on
// the same day share the URI and are told apart by VersionCreated (Version is
// left empty). The transmission date (from the trailer, GMT) is part of the
// URI because agencies reuse topic keywords day after day; a lead sent after
// midnight GMT therefore starts a new identity. Parts that are missing are
// left out; without a keyword the message number stands in ("msg-062").
//
// Rejected: bytes without SOH or without STX; line-test and imprint messages
// (the teleprinter test pattern "RYRYRY"); messages with no body text.
func parseIPTC7901(contentType string, raw []byte) (*article.Article, error) {
	text, err := decodeLegacy(contentType, raw)
	if err != nil {
		return nil, fmt.Errorf("IPTC 7901 message: %w", err)
	}
	m, hasSOH, hasSTX := cutWireMessage(text)
	switch {
	case !hasSOH:
		return nil, errors.New("IPTC 7901 message has no SOH (start of header) character")
	case !hasSTX:
		return nil, errors.New("IPTC 7901 message has a header but no STX (start of text): it carries no story")
	}
	h := parse7901Header(m.header)
	lines := strings.Split(m.text, "\n")
	if i := slices.IndexFunc(lines, isTestPatternLine); i >= 0 {
		return nil, fmt.Errorf("IPTC 7901 message %s is a line test or imprint transmission (teleprinter test pattern %q), not a story",
			h.describe(), strings.Fields(cleanLine(lines[i]))[0])
	}

	a := &article.Article{Urgency: h.priority, Slugline: h.keyword}
	if h.category != "" {
		a.Subject = []article.Subject{{Code: "iptc7901-category:" + h.category}}
	}
	head, body := cut7901Head(lines)
	takes := read7901Head(a, head)

	body, a.DeskCodes = cutSignature(body, h.agency)
	body, notes := cutNotebook(body)
	paras := wrappedParagraphs(body)
	if n := len(paras); n > 0 && strings.Trim(paras[n-1], "* ") == "" {
		paras = paras[:n-1] // the "* * * *" rule before a not-for-publication part
	}
	paras = extractTrailer(a, paras)
	paras = takeDateline(a, paras, h.agency)
	if len(paras) == 0 {
		return nil, fmt.Errorf("IPTC 7901 message %s has no body text", h.describe())
	}
	a.BodyText = strings.Join(paras, "\n\n")
	a.EdNote = strings.Join(nonEmpty(strings.Join(takes, " "), strings.Join(notes, "; ")), "; ")
	a.Signals = takeSignals(takes)

	created, haveDate := parse7901Trailer(m.trailer)
	if haveDate {
		a.VersionCreated = &created
	}
	a.URI = h.uri(created, haveDate)
	return a, nil
}

// splitIPTC7901 cuts a capture holding several messages into one document
// each (see splitRawWire).
func splitIPTC7901(raw []byte) ([][]byte, error) { return splitRawWire(raw), nil }

func init() { register(format.IPTC7901, parseIPTC7901, splitIPTC7901) }

// header7901 holds the fields of the header and keyword lines.
type header7901 struct {
	service, number string // "eca", "062"
	priority        int    // 1..9, 0 when absent
	category        string // "i"
	agency          string // "dpa"
	keyword         string // "Switzerland/migration/UN"
}

var (
	serviceNumber = regexp.MustCompile(`^([A-Za-z]*)([0-9]*)$`)
	allDigits     = regexp.MustCompile(`^[0-9]+$`)
	allLetters    = regexp.MustCompile(`^\p{L}+$`)
)

// parse7901Header reads the header line and keyword lines (the text between
// SOH and STX). It is lenient: a field that is not where the layout puts it
// is left empty.
func parse7901Header(s string) header7901 {
	var h header7901
	first, rest, _ := strings.Cut(s, "\n")
	fields := strings.Fields(cleanLine(first))
	if len(fields) > 0 {
		if m := serviceNumber.FindStringSubmatch(fields[0]); m != nil {
			h.service, h.number = strings.ToLower(m[1]), m[2]
		}
	}
	if len(fields) > 1 && len(fields[1]) == 1 && '1' <= fields[1][0] && fields[1][0] <= '9' {
		h.priority = int(fields[1][0] - '0')
	}
	if len(fields) > 2 && allLetters.MatchString(fields[2]) && len(fields[2]) <= 3 {
		h.category = strings.ToLower(fields[2])
	}
	if opt := fields[min(len(fields), 4):]; len(opt) >= 2 && allDigits.MatchString(opt[len(opt)-1]) &&
		allLetters.MatchString(opt[len(opt)-2]) {
		h.agency = strings.ToLower(opt[len(opt)-2])
	}
	var parts []string
	for line := range strings.SplitSeq(rest, "\n") {
		if p := strings.Trim(cleanLine(line), "/ "); p != "" {
			parts = append(parts, p)
		}
	}
	h.keyword = strings.Join(parts, "/")
	return h
}

// describe names the message in an error: its keyword, else its number.
func (h header7901) describe() string {
	switch {
	case h.keyword != "":
		return strconv.Quote(h.keyword)
	case h.number != "":
		return "number " + h.service + h.number
	}
	return "without keyword"
}

// uri builds the story's identity; see parseIPTC7901.
func (h header7901) uri(date time.Time, haveDate bool) string {
	parts := []string{"iptc7901"}
	if h.agency != "" {
		parts = append(parts, h.agency)
	}
	if h.service != "" {
		parts = append(parts, h.service)
	}
	if haveDate {
		parts = append(parts, date.Format("2006-01-02"))
	}
	switch k := identityToken(h.keyword); {
	case k != "":
		parts = append(parts, k)
	case h.number != "":
		parts = append(parts, "msg-"+h.number)
	default:
		return "" // nothing identifies the story
	}
	return strings.Join(parts, ":")
}

// testPattern is the teleprinter line test "RYRYRY" that imprint and test
// messages carry; no story has such a word.
var testPattern = regexp.MustCompile(`(?i)\b(?:ry){3,}\b`)

func isTestPatternLine(line string) bool { return testPattern.MatchString(line) }

// maxHeadLines is how far into the text the "=" that ends the headline block
// is looked for.
const maxHeadLines = 8

// cut7901Head splits the text lines into the headline block (non-blank lines,
// the "=" removed) and the body lines; see parseIPTC7901.
func cut7901Head(lines []string) (head, body []string) {
	seen := 0
	for i, raw := range lines {
		line := cleanLine(raw)
		if line == "" {
			continue
		}
		head = append(head, line)
		if before, ok := strings.CutSuffix(line, "="); ok {
			head[len(head)-1] = strings.TrimSpace(before)
			return head, lines[i+1:]
		}
		if seen++; seen >= maxHeadLines {
			break
		}
	}
	// No "=": a short first line set apart from what follows is the headline.
	for i, raw := range lines {
		line := cleanLine(raw)
		if line == "" {
			continue
		}
		if i+1 < len(lines) && utf8.RuneCountInString(line) <= maxTitleRunes &&
			(cleanLine(lines[i+1]) == "" || startsIndented(lines[i+1])) {
			if _, isDateline := parseDateline(line); !isDateline {
				return []string{line}, lines[i+1:]
			}
		}
		break
	}
	return nil, lines
}

// read7901Head sets Headline and Byline from the headline block and returns
// its take keys.
func read7901Head(a *article.Article, head []string) (takes []string) {
	var headline []string
	for _, line := range head {
		switch {
		case len(headline) > 0 && strings.HasPrefix(line, "By "):
			if a.Byline == "" {
				a.Byline = strings.TrimSpace(strings.TrimPrefix(line, "By "))
			}
		case len(headline) == 0 && isTakeKey(line):
			takes = append(takes, line)
		default:
			headline = append(headline, line)
		}
	}
	if len(headline) == 0 && len(takes) > 0 { // an upper-case headline
		headline, takes = takes[len(takes)-1:], takes[:len(takes)-1]
	}
	a.Headline = cleanLine(strings.Join(headline, " ")) // a headline line may be empty once its "=" is cut
	return takes
}

// isTakeKey recognises a take key line: short, and parenthesised or without
// lower-case letters.
func isTakeKey(line string) bool {
	if utf8.RuneCountInString(line) > 40 {
		return false
	}
	if strings.HasPrefix(line, "(") && strings.HasSuffix(line, ")") {
		return true
	}
	return strings.IndexFunc(line, unicode.IsLetter) >= 0 && strings.IndexFunc(line, unicode.IsLower) < 0
}

var (
	updateTake     = regexp.MustCompile(`(?i)\b(?:lead|update[ds]?|writethru|ld)\b|\d(?:st|nd|rd|th)\s*ld\b`)
	correctionTake = regexp.MustCompile(`(?i)\b(?:correction|corrects?|corrected|korrektur|berichtigung|berichtigt)\b`)
)

// takeSignals maps take keys to article signals.
func takeSignals(takes []string) []string {
	var sig []string
	t := strings.Join(takes, " ")
	if updateTake.MatchString(t) {
		sig = append(sig, article.SignalUpdate)
	}
	if correctionTake.MatchString(t) {
		sig = append(sig, article.SignalCorrection)
	}
	return sig
}

// cutSignature removes the last non-blank line when it is the agency's desk
// signature: the agency's name and staff initials ("dpa wsz jln npr"). The
// agency must be known, so that a story's last line is never taken for one.
func cutSignature(lines []string, agency string) (rest, codes []string) {
	if agency == "" {
		return lines, nil
	}
	for i := len(lines) - 1; i >= 0; i-- {
		line := cleanLine(lines[i])
		if line == "" {
			continue
		}
		if signatureLine.MatchString(line) && strings.EqualFold(strings.Fields(line)[0], agency) {
			return lines[:i], []string{line}
		}
		break
	}
	return lines, nil
}

var signatureLine = regexp.MustCompile(`^\p{L}{2,8}(?:[ /]+[a-z]{2,4}){1,8}$`)

var (
	notebookHeading   = regexp.MustCompile(`(?i)^#+\s*(?:dpa[\s-]*)?notebook$`)
	notForPublication = regexp.MustCompile(`(?i)^the following information is not (?:intended )?for publication`)
	subHeading        = regexp.MustCompile(`^##+\s*(.*)$`)
	noteToEditors     = regexp.MustCompile(`(?i)^notes? (?:to|for) editors$`)
)

// cutNotebook removes the notebook and the not-for-publication part from the
// body lines and returns the items of the notebook's note to editors.
func cutNotebook(lines []string) (body, notes []string) {
	end := len(lines)
	for i, raw := range lines {
		line := cleanLine(raw)
		if notebookHeading.MatchString(line) || notForPublication.MatchString(line) {
			end = i
			break
		}
	}
	inNote := false
	for _, raw := range lines[end:] {
		line := cleanLine(raw)
		if notForPublication.MatchString(line) {
			break
		}
		if m := subHeading.FindStringSubmatch(line); m != nil {
			inNote = noteToEditors.MatchString(strings.TrimSpace(m[1]))
			continue
		}
		if inNote && strings.Trim(line, "*- ") != "" { // not a "* * * *" rule
			notes = append(notes, strings.TrimSpace(strings.TrimLeft(line, "-*•")))
		}
	}
	return lines[:end], notes
}

// wrappedParagraphs builds paragraphs from hard-wrapped lines: a blank line
// or an indented line starts a paragraph, other lines continue it.
func wrappedParagraphs(lines []string) []string {
	var paras []string
	cur := ""
	flush := func() {
		if cur != "" {
			paras = append(paras, cur)
			cur = ""
		}
	}
	for _, raw := range lines {
		line := cleanLine(raw)
		if line == "" {
			flush()
			continue
		}
		if startsIndented(raw) {
			flush()
		}
		cur = unwrapLine(cur, line)
	}
	flush()
	return paras
}

// startsIndented reports a line that begins with white space (control
// characters before it, such as DEL fill, ignored).
func startsIndented(line string) bool {
	line = strings.TrimLeftFunc(line, func(r rune) bool { return unicode.IsControl(r) && r != '\t' })
	return strings.HasPrefix(line, " ") || strings.HasPrefix(line, "\t")
}

// trailer7901 is the transmission time after ETX: "131137 GMT Nov 13".
var trailer7901 = regexp.MustCompile(`^([0-9]{2})([0-9]{2})([0-9]{2})\s*(?:GMT|UTC|Z)\s+(\p{L}{3,9})\.?\s+([0-9]{2}|[0-9]{4})\b`)

// parse7901Trailer reads the transmission time of the trailer; ok is false
// when there is none or it has no year.
func parse7901Trailer(s string) (time.Time, bool) {
	m := trailer7901.FindStringSubmatch(cleanLine(s))
	if m == nil {
		return time.Time{}, false
	}
	day, _ := strconv.Atoi(m[1])
	hour, _ := strconv.Atoi(m[2])
	minute, _ := strconv.Atoi(m[3])
	year, _ := strconv.Atoi(m[5])
	if len(m[5]) == 2 {
		year = twoDigitYear(year)
	}
	return validDate(year, monthNumber(m[4]), day, hour, minute)
}

// takeDateline moves a dateline opening the first paragraph into Located
// and InfoSource. Besides the forms of parseDateline it knows the agency's
// own lower-case form, "Berlin (dpa) - ", which parseDateline leaves alone
// because a lower-case word in parentheses is usually part of a sentence.
func takeDateline(a *article.Article, paras []string, agency string) []string {
	if len(paras) == 0 {
		return paras
	}
	d, ok := parseDateline(paras[0])
	if !ok && agency != "" {
		d, ok = ownAgencyDateline(paras[0], agency)
	}
	if !ok {
		return paras
	}
	a.Located, a.InfoSource = d.place, d.agency
	if d.rest == "" {
		return paras[1:]
	}
	paras[0] = d.rest
	return paras
}

// ownAgencyDateline recognises "Place (agency) - " for the named agency, in any
// case.
func ownAgencyDateline(p, agency string) (dateline, bool) {
	re, err := regexp.Compile(`^(\p{Lu}[^()\n]{0,60}?)\s*,?\s*\(((?i)` + regexp.QuoteMeta(agency) + `)\)\s*` + dash)
	if err != nil {
		return dateline{}, false
	}
	m := re.FindStringSubmatchIndex(p)
	if m == nil {
		return dateline{}, false
	}
	place := strings.Trim(p[m[2]:m[3]], " ,")
	if !plausiblePlace(place) {
		return dateline{}, false
	}
	return dateline{place: place, agency: p[m[4]:m[5]], rest: p[m[1]:]}, true
}

// nonEmpty returns the non-empty strings of ss.
func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}
