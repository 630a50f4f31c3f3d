package wire

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/newsroom-pipeline/newsroom/pkg/article"
	"github.com/newsroom-pipeline/newsroom/pkg/format"
	"github.com/newsroom-pipeline/newsroom/pkg/language"
)

// ANPA-1312 (format.ANPA), including the AP dialect. A message is
//
//	SYN SYN SOH selector-line LF keyword-line LF STX text ETX trailer EOT
//
// and is read as follows.
//
//	charset        as IPTC 7901: the content type's, else UTF-8 when valid,
//	               else windows-1252
//	selector line  "W2870<US>asian": service letter and message number
//	               ("W2870", used only to tell AP news alerts apart)
//	keyword line   "f l<DC3><DC1> BC-LT--Argentina-CancerB 1stLd-Writethru 11-13 1049":
//	               priority (f flash, b bulletin, u urgent, r routine,
//	               d deferred -> Urgency 1..5), category ("l" -> Subject code
//	               "anpa-category:l", no name: category letters are agency
//	               vocabularies), keyword (the story key, at most 24
//	               characters), take ("1stLd-Writethru"), filing date MM-DD,
//	               word count (ignored: WordCount is counted)
//	"^" lines      the header lines opening the text, "<" or "=" ending each:
//	               the slug line "^BC-LT--Argentina-Cancer Beauty,466<"
//	               (-> Slugline "Argentina-Cancer Beauty": cycle "BC-", desk
//	               "LT--" and word count removed; its comma-separated takes
//	               count as takes), then in any order the Headline (the first
//	               other line), "AP Photo ..." lines (dropped), "Eds: ..." and
//	               "EDITOR'S NOTE _ ..." lines (-> EdNote, "; "-joined), other
//	               lines (AP summaries: dropped when there is a body), and last
//	               "By ..." (-> Byline, "By " removed) with the credit line
//	               after it ("Associated Press", "AP Sports Writer": dropped)
//	body           a tab starts a paragraph, lines without tab, "^" or TLI
//	               continue it; "^" lines after the header are sub-headings,
//	               one paragraph each; TLI (BS) lines are table rows, kept as
//	               lines of one paragraph with their ";" cells space-separated;
//	               "___" rules and a final "END" are dropped. A message with
//	               no body (a headline list) takes the other header lines as
//	               its paragraphs.
//	AP typography  " _ " (the 7-bit dash) becomes " — ", a "_" cell "—",
//	               `` and '' become “ and ”, a single ` becomes ‘; the TTS
//	               space band (DLE) and other control characters are dropped
//	dateline       "BUENOS AIRES, Argentina (AP) _ " -> Located, InfoSource
//	               (see parseDateline), removed from the body
//	trailer lines  copyright, desk code and editor lines ending the body, as in
//	               plain text (extractTrailer)
//	trailer        after ETX, "AP-WF-11-13-13 1509GMT": source, MM-DD-YY and
//	               HHMM GMT -> VersionCreated (UTC). The keyword line's date
//	               has neither year nor time, so without the trailer
//	               VersionCreated is left unset.
//	signals        a take or Eds note saying "Writethru", "Ld", "Lead" or
//	               "Update(s)" -> update; "Correction", "Corrects" -> correction
//	subjects       AP sports desk codes of the slug ("BKN", "BBO", "SOC", ...)
//	               -> the IPTC subject ("subj:15008000" basketball, ...)
//	language       detected from the text; "en" when detection is unsure and
//	               the source is AP (ANPA-1312 is 7-bit, and AP's ANPA
//	               services are English)
//
// Identity. URI is "anpa1312:" source ":" MM-DD ":" keyword, e.g.
// "anpa1312:ap:11-13:us--ethanol-losinggra": the keyword of the keyword line
// without its cycle ("BC-", "AM-", "PM-", "AP-"), which AP keeps for every
// take and write-through of a story, so a "1stLd-Writethru" is a revision of
// the story it replaces, told apart by VersionCreated (Version is left
// empty). The filing date is part of the URI because keywords such as
// "BaseballExpanded" or "10ThingstoKnow-Today" come back every day. AP's
// generic "APNewsAlert" keyword names no story, so alerts add their message
// number. Missing parts are left out.
//
// Rejected: bytes without SOH or STX, and messages with no text.
func parseANPA(contentType string, raw []byte) (*article.Article, error) {
	text, err := decodeLegacy(contentType, raw)
	if err != nil {
		return nil, fmt.Errorf("ANPA-1312 message: %w", err)
	}
	m, hasSOH, hasSTX := cutWireMessage(text)
	switch {
	case !hasSOH:
		return nil, errors.New("ANPA-1312 message has no SOH (start of header) character")
	case !hasSTX:
		return nil, errors.New("ANPA-1312 message has a header but no STX (start of text): it carries no story")
	}
	h := parseANPAHeader(m.header)
	lines := classifyANPA(m.text)
	a := &article.Article{Urgency: h.priority}
	if h.category != "" {
		a.Subject = []article.Subject{{Code: "anpa-category:" + h.category}}
	}

	i := 0
	var slug anpaSlug
	if len(lines) > 0 && lines[0].kind == anpaHeader && isSlugLine(lines[0].text, h.keyword) {
		slug = parseSlugLine(lines[0].text)
		i = 1
	} else {
		slug = parseSlugLine(h.keyword)
	}
	a.Slugline = slug.slug
	if s, ok := sportsSubjects[strings.ToUpper(slug.desk)]; ok {
		a.Subject = append(a.Subject, s)
	}

	i, extras, notes := readANPAHeader(a, lines, i)
	paras := anpaParagraphs(lines[i:])
	if len(paras) == 0 {
		paras = extras // a headline list: the header lines are the text
	}
	paras = extractTrailer(a, paras)
	paras = takeDateline(a, paras, "")
	if len(paras) == 0 {
		return nil, fmt.Errorf("ANPA-1312 message %s has no body text", h.describe())
	}
	a.BodyText = strings.Join(paras, "\n\n")
	a.EdNote = strings.Join(notes, "; ")
	takes := append(append([]string{h.take}, slug.takes...), notes...)
	a.Signals = takeSignals(takes)

	tr, haveTrailer := parseANPATrailer(m.trailer)
	if haveTrailer {
		a.VersionCreated = &tr.created
	}
	if tr.source == "AP" || a.InfoSource == "AP" {
		if lang, _ := language.Detect(a.Headline + "\n\n" + a.BodyText); lang != "" {
			a.Language = lang
		} else {
			a.Language = "en"
		}
	}
	a.URI = h.uri(strings.ToLower(tr.source), slug)
	return a, nil
}

// splitANPA cuts a capture holding several messages into one document each
// (see splitRawWire).
func splitANPA(raw []byte) ([][]byte, error) { return splitRawWire(raw), nil }

func init() { register(format.ANPA, parseANPA, splitANPA) }

// anpaHeaderFields holds the selector and keyword lines.
type anpaHeaderFields struct {
	number     string // service letter and message number, "W2870"
	priority   int
	category   string
	keyword    string // "BC-LT--Argentina-CancerB"
	take       string // "1stLd-Writethru"
	month, day int    // filing date, 0 when absent
}

var (
	anpaSelector = regexp.MustCompile(`^([A-Za-z][0-9]{4})`)
	anpaKeyword  = regexp.MustCompile(`(?i)^([a-z])\s+([a-z]{1,2})[\x11-\x14]*\s+(\S+)(.*?)\s+([0-9]{1,2})-([0-9]{1,2})(?:\s+[0-9]{0,4})?\s*$`)
)

// anpaPriorities maps ANPA priority letters to urgency, most urgent first.
var anpaPriorities = map[string]int{"f": 1, "b": 2, "u": 3, "r": 4, "d": 5}

// parseANPAHeader reads the selector and keyword lines (between SOH and
// STX). It is lenient: what does not match the layout is left empty.
func parseANPAHeader(s string) anpaHeaderFields {
	var h anpaHeaderFields
	first, rest, _ := strings.Cut(s, "\n")
	if m := anpaSelector.FindStringSubmatch(first); m != nil {
		h.number = m[1]
	}
	kw := strings.TrimSpace(strings.Trim(rest, "\n"))
	kw, _, _ = strings.Cut(kw, "\n")
	m := anpaKeyword.FindStringSubmatch(kw)
	if m == nil {
		return h
	}
	h.priority = anpaPriorities[strings.ToLower(m[1])]
	h.category = strings.ToLower(m[2])
	h.keyword = cleanLine(m[3])
	h.take = cleanLine(m[4])
	month, _ := strconv.Atoi(m[5])
	day, _ := strconv.Atoi(m[6])
	if _, ok := validDate(2000, time.Month(month), day, 0, 0); ok { // a leap year: 02-29 is a date
		h.month, h.day = month, day
	}
	return h
}

// describe names the message in an error.
func (h anpaHeaderFields) describe() string {
	switch {
	case h.keyword != "":
		return strconv.Quote(h.keyword)
	case h.number != "":
		return "number " + h.number
	}
	return "without keyword"
}

// uri builds the story's identity; see parseANPA.
func (h anpaHeaderFields) uri(source string, slug anpaSlug) string {
	key := h.keyword
	if key == "" {
		key = strings.ReplaceAll(slug.base, " ", "")
	}
	key = identityToken(cycle.ReplaceAllString(key, ""))
	if key == "" {
		return ""
	}
	parts := []string{"anpa1312"}
	if source != "" {
		parts = append(parts, identityToken(source))
	}
	if h.month > 0 {
		parts = append(parts, fmt.Sprintf("%02d-%02d", h.month, h.day))
	}
	parts = append(parts, key)
	if strings.Contains(key, "apnewsalert") && h.number != "" {
		parts = append(parts, strings.ToLower(h.number))
	}
	return strings.Join(parts, ":")
}

// Kinds of ANPA text lines, told by their first character.
const (
	anpaBlank     = iota
	anpaHeader    // "^": header line, or a sub-heading inside the body
	anpaParagraph // tab: starts a paragraph
	anpaRow       // BS (TLI, tab line indicator): a table row
	anpaCont      // anything else: continues the paragraph
)

type anpaLine struct {
	kind int
	text string // cleaned, terminator and AP typography converted
}

// classifyANPA splits the text into classified lines.
func classifyANPA(text string) []anpaLine {
	var out []anpaLine
	for raw := range strings.SplitSeq(text, "\n") {
		kind := anpaCont
		if raw != "" {
			switch raw[0] {
			case '\t':
				kind, raw = anpaParagraph, raw[1:]
			case '\b':
				kind, raw = anpaRow, raw[1:]
			case '^':
				kind, raw = anpaHeader, raw[1:]
			}
		}
		var t string
		if kind == anpaRow {
			t = tableRow(raw)
		} else {
			t = apTypography(stripTerminator(cleanLine(raw)))
		}
		if t == "" && kind != anpaHeader {
			kind = anpaBlank
		}
		out = append(out, anpaLine{kind, t})
	}
	return out
}

// stripTerminator removes the "<" (quad left) or "=" (quad centre) that ends
// an ANPA line.
func stripTerminator(s string) string {
	s = strings.TrimSpace(s)
	if strings.HasSuffix(s, "<") || strings.HasSuffix(s, "=") {
		s = strings.TrimSpace(s[:len(s)-1])
	}
	return s
}

// apQuotes converts AP's 7-bit typography.
var apQuotes = strings.NewReplacer(" _ ", " — ", "``", "“", "''", "”", "`", "‘")

func apTypography(s string) string {
	s = apQuotes.Replace(s)
	if strings.HasSuffix(s, " _") { // a dash closing a wrapped line
		s = strings.TrimSuffix(s, "_") + "—"
	}
	return s
}

// tableRow renders a TLI table row: cells separated by ";" become words
// separated by a space, a lone "_" (no value) is a dash.
func tableRow(raw string) string {
	raw = stripTerminator(cleanLine(strings.TrimPrefix(raw, "^")))
	var cells []string
	for c := range strings.SplitSeq(raw, ";") {
		c = strings.TrimSpace(c)
		switch c {
		case "":
			continue
		case "_":
			c = "—"
		}
		cells = append(cells, apTypography(c))
	}
	return strings.Join(cells, " ")
}

// anpaSlug is the parsed slug line.
type anpaSlug struct {
	base  string   // "BC-LT--Argentina-Cancer Beauty"
	desk  string   // "LT"
	slug  string   // "Argentina-Cancer Beauty"
	takes []string // "1st Ld-Writethru"
}

var (
	cycle     = regexp.MustCompile(`(?i)^(?:am|pm|bc|ap)-`)
	wordCount = regexp.MustCompile(`,\s*[0-9]+$`)
)

// isSlugLine reports whether the first "^" line repeats the keyword: the
// keyword (spaces removed, case ignored) begins it, or it ends in the word
// count ",466".
func isSlugLine(line, keyword string) bool {
	line = lastSegment(line)
	norm := func(s string) string { return strings.ToLower(strings.ReplaceAll(s, " ", "")) }
	return (keyword != "" && strings.HasPrefix(norm(line), norm(keyword))) || wordCount.MatchString(line)
}

// lastSegment returns the text after the last "^" of a line that carries
// several ("*9006< ^AP-Top-Entertainment-Headlines,0176").
func lastSegment(line string) string {
	if i := strings.LastIndexByte(line, '^'); i >= 0 {
		return stripTerminator(line[i+1:])
	}
	return line
}

// parseSlugLine reads "BC-US--Ethanol-Losing Grassland, 1st Ld-Writethru,1140".
func parseSlugLine(line string) anpaSlug {
	line = wordCount.ReplaceAllString(lastSegment(line), "")
	parts := strings.Split(line, ",")
	s := anpaSlug{base: strings.TrimSpace(parts[0])}
	for _, t := range parts[1:] {
		if t = strings.TrimSpace(t); t != "" {
			s.takes = append(s.takes, t)
		}
	}
	rest := cycle.ReplaceAllString(s.base, "")
	if desk, slug, ok := strings.Cut(rest, "--"); ok {
		s.desk, s.slug = desk, slug
	} else {
		s.slug = rest
	}
	s.slug = strings.TrimSpace(s.slug)
	return s
}

var (
	photoLine    = regexp.MustCompile(`^AP (?:Photos?|Video|Graphics?|Audio)\b`)
	edsLine      = regexp.MustCompile(`^\(?Eds?:\s*(.*?)\)?$`)
	editorsNote  = regexp.MustCompile(`(?i)^EDITOR'?S NOTE\s*(?:[_—:-]\s*)?(.*)$`)
	anpaByline   = regexp.MustCompile(`^By\s+(.+)$`)
	bylineCredit = regexp.MustCompile(`(?i)^(?:the\s+)?associated press$|^AP\b.*\b(?:writers?|correspondents?|editors?|columnists?|reporters?|analysts?)$`)
)

// readANPAHeader reads the "^" header lines from lines[i]: Headline, Byline
// and the notes. It returns where the body starts, the header lines it did
// not place (summaries, or a headline list) and the notes.
func readANPAHeader(a *article.Article, lines []anpaLine, i int) (next int, extras, notes []string) {
	for ; i < len(lines); i++ {
		l := lines[i]
		if l.kind == anpaBlank {
			continue
		}
		if l.kind != anpaHeader {
			break
		}
		t := l.text
		if t == "" {
			continue
		}
		if m := anpaByline.FindStringSubmatch(t); m != nil && a.Headline != "" {
			a.Byline = m[1]
			if i+1 < len(lines) && lines[i+1].kind == anpaHeader && bylineCredit.MatchString(lines[i+1].text) {
				i++
			}
			return i + 1, extras, notes
		}
		switch {
		case photoLine.MatchString(t):
		case edsLine.MatchString(t):
			notes = append(notes, edsLine.FindStringSubmatch(t)[1])
		case editorsNote.MatchString(t):
			notes = append(notes, editorsNote.FindStringSubmatch(t)[1])
		case a.Headline == "":
			a.Headline = t
		default:
			extras = append(extras, t)
		}
	}
	return i, extras, notes
}

// finalMark is a last paragraph that only marks the end of the story.
var finalMark = regexp.MustCompile(`(?i)^\(?(?:end|-0-|xxx)\)?$`)

// anpaParagraphs builds the body paragraphs; see parseANPA.
func anpaParagraphs(lines []anpaLine) []string {
	var paras []string
	cur, table := "", false
	flush := func() {
		if cur != "" && strings.Trim(cur, "_ ") != "" { // "___" rules are dropped
			paras = append(paras, cur)
		}
		cur, table = "", false
	}
	for _, l := range lines {
		switch l.kind {
		case anpaBlank:
			flush()
		case anpaParagraph:
			flush()
			cur = l.text
		case anpaHeader:
			flush()
			cur = l.text
			flush()
		case anpaRow:
			if !table {
				flush()
				cur, table = l.text, true
			} else {
				cur += "\n" + l.text
			}
		case anpaCont:
			if table {
				flush()
			}
			cur = unwrapLine(cur, l.text)
		}
	}
	flush()
	if n := len(paras); n > 0 && finalMark.MatchString(paras[n-1]) {
		paras = paras[:n-1]
	}
	return paras
}

// anpaTrailer is the transmission line after ETX.
type anpaTrailer struct {
	source  string // "AP"
	created time.Time
}

var anpaTrailerLine = regexp.MustCompile(`^([A-Za-z]+)-[A-Za-z]+-([0-9]{2})-([0-9]{2})-([0-9]{2})\s+([0-9]{2})([0-9]{2})\s*(?:GMT|UTC)`)

// parseANPATrailer reads "AP-WF-11-13-13 1509GMT".
func parseANPATrailer(s string) (anpaTrailer, bool) {
	m := anpaTrailerLine.FindStringSubmatch(cleanLine(s))
	if m == nil {
		return anpaTrailer{}, false
	}
	n := make([]int, 7)
	for k := 2; k <= 6; k++ {
		n[k], _ = strconv.Atoi(m[k])
	}
	t, ok := validDate(twoDigitYear(n[4]), time.Month(n[2]), n[3], n[5], n[6])
	tr := anpaTrailer{source: strings.ToUpper(m[1]), created: t}
	return tr, ok
}

// sportsSubjects maps AP sports desk codes of the slug to IPTC subject codes.
var sportsSubjects = func() map[string]article.Subject {
	m := map[string]article.Subject{}
	add := func(code, name string, desks ...string) {
		for _, d := range desks {
			m[d] = article.Subject{Name: name, Code: "subj:" + code}
		}
	}
	add("15008000", "basketball", "BKC", "BKL", "BKN", "BKW", "BKO")
	add("15007000", "baseball", "BBA", "BBC", "BBM", "BBN", "BBO", "BBY")
	add("15014000", "boxing", "BOX")
	add("15039000", "motor racing", "CAR")
	add("15019000", "cycling", "CYC")
	add("15003000", "American football", "FBL", "FBN", "FBO")
	add("15025000", "figure skating", "FIG")
	add("15027000", "golf", "GLF")
	add("15031000", "ice hockey", "HKN", "HKO")
	add("15030000", "horse racing", "RAC")
	add("15054000", "soccer", "SOC")
	add("15065000", "tennis", "TEN")
	add("15017000", "cricket", "CRI")
	add("15048000", "rugby league", "RGL")
	return m
}()
