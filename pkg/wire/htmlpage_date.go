package wire

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"golang.org/x/net/html"
)

// dates returns the publication and version times of the page.
func (p *page) dates() (first, version *time.Time) {
	shown, shownOK := p.shownDate()
	zone := time.UTC
	if shownOK && shown.zoned {
		zone = shown.t.Location()
	}
	stamps := p.stamps()
	falseZ := false
	if shownOK && shown.zoned && zone != time.UTC {
		for _, s := range stamps {
			if s.z && sameMinute(s.wall, shown.t) {
				falseZ = true
			}
		}
	}
	resolve := func(s stamp) time.Time {
		if s.zoned && !(s.z && falseZ) {
			return s.t.UTC()
		}
		return s.wallIn(zone).UTC()
	}
	var pub, mod *time.Time
	for _, s := range stamps {
		t := resolve(s)
		switch {
		case s.kind == stampPublished && pub == nil:
			pub = &t
		case s.kind == stampModified && mod == nil:
			mod = &t
		}
	}
	if pub == nil && shownOK {
		t := shown.t.UTC()
		pub = &t
	}
	if pub == nil {
		return nil, nil
	}
	if mod != nil && mod.After(*pub) {
		return pub, mod
	}
	v := *pub
	return pub, &v
}

// stamps are the page's machine-readable times, publication times first in
// the order of the comment at the top, then modification times.
func (p *page) stamps() []stamp {
	var out []stamp
	add := func(kind int, values ...string) {
		for _, v := range values {
			if s, ok := parseStamp(v); ok {
				s.kind = kind
				out = append(out, s)
			}
		}
	}
	add(stampPublished, p.meta["article:published_time"], p.ld.published)
	var itemTimes, otherTimes []string
	for _, n := range p.times {
		if strings.EqualFold(htmlAttr(n, "itemprop"), "datePublished") {
			itemTimes = append(itemTimes, htmlAttr(n, "datetime"))
		} else if p.titleNode != nil && nearTitle(p.titleNode, n) {
			otherTimes = append(otherTimes, htmlAttr(n, "datetime"))
		}
	}
	add(stampPublished, p.meta["datepublished"])
	add(stampPublished, itemTimes...)
	add(stampPublished, p.meta["pubdate"], p.meta["publishdate"], p.meta["publish-date"], p.meta["date"],
		p.meta["dc.date.issued"], p.meta["dc.date"], p.meta["parsely-pub-date"], p.meta["sailthru.date"])
	add(stampPublished, otherTimes...)
	add(stampModified, p.meta["article:modified_time"], p.ld.modified, p.meta["datemodified"])
	add(stampCreated, p.meta["datecreated"])
	return out
}

// inArticleItem reports whether n is a property of a schema.org microdata
// item of an article type: its nearest itemscope ancestor has an itemtype
// ending in "Article".
func inArticleItem(n *html.Node) bool {
	if _, ok := attrOK(n, "itemscope"); ok {
		return false // n is an item of its own (a Person, an ImageObject)
	}
	for m := n.Parent; m != nil; m = m.Parent {
		if m.Type != html.ElementNode {
			continue
		}
		if _, ok := attrOK(m, "itemscope"); ok {
			return strings.HasSuffix(strings.TrimRight(strings.TrimSpace(htmlAttr(m, "itemtype")), "/"), "Article")
		}
	}
	return false
}

// nearTitle reports whether n is in the title's part of the page: inside
// the title heading's parent or grandparent.
func nearTitle(title, n *html.Node) bool {
	anc := title.Parent
	if anc != nil && anc.Parent != nil {
		anc = anc.Parent
	}
	for m := n; m != nil; m = m.Parent {
		if m == anc {
			return true
		}
	}
	return false
}

// Kinds of machine-readable page times.
const (
	stampPublished = iota
	stampModified
	stampCreated
)

// stamp is one machine-readable time of a page (a meta content, a JSON-LD
// value, a <time datetime>).
type stamp struct {
	t     time.Time // the instant when zoned; else the wall clock in UTC
	zoned bool      // the value names a zone or offset
	z     bool      // ... and that zone is UTC ("Z", "+00:00")
	wall  time.Time // the wall-clock fields as written, in UTC
	kind  int
}

// wallIn reads the stamp's wall clock in loc.
func (s stamp) wallIn(loc *time.Location) time.Time {
	w := s.wall
	return time.Date(w.Year(), w.Month(), w.Day(), w.Hour(), w.Minute(), w.Second(), w.Nanosecond(), loc)
}

// stampLayouts are the forms publishers write, zoned ones first. Fractional
// seconds are accepted after the seconds of any of them.
var stampLayouts = []struct {
	layout string
	zoned  bool
}{
	{time.RFC3339, true},
	{"2006-01-02T15:04:05Z0700", true},
	{"2006-01-02T15:04Z07:00", true},
	{"2006-01-02 15:04:05Z07:00", true},
	{"2006-01-02 15:04:05 Z07:00", true},
	{"2006-01-02 15:04:05 -0700", true},
	{time.RFC1123Z, true},
	{time.RFC1123, true},
	{"2006-01-02T15:04:05", false},
	{"2006-01-02 15:04:05", false},
	{"2006-01-02T15:04", false},
	{"2006-01-02 15:04", false},
	{"2006-01-02", false},
}

// parseStamp reads a machine-readable date-time. "2015-11-05 T10:08:58Z"
// (a space before the T) is read as "2015-11-05T10:08:58Z". Years outside
// 1900..2200 are refused: they are placeholders or typos.
func parseStamp(s string) (stamp, bool) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 64 {
		return stamp{}, false
	}
	s = strings.Replace(s, " T", "T", 1)
	for _, l := range stampLayouts {
		t, err := time.Parse(l.layout, s)
		if err != nil {
			continue
		}
		if t.Year() < 1900 || t.Year() > 2200 {
			return stamp{}, false
		}
		st := stamp{t: t, zoned: l.zoned, kind: stampPublished}
		st.wall = time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC)
		if l.zoned {
			_, off := t.Zone()
			st.z = off == 0
		}
		return st, true
	}
	return stamp{}, false
}

// shown is a date as the page shows it to readers.
type shown struct {
	t     time.Time // in the named zone, else UTC
	zoned bool
}

// Indonesian (and English) month names and abbreviations.
var monthNames = map[string]time.Month{
	"januari": 1, "january": 1, "jan": 1,
	"februari": 2, "pebruari": 2, "february": 2, "feb": 2, "peb": 2,
	"maret": 3, "march": 3, "mar": 3,
	"april": 4, "apr": 4,
	"mei": 5, "may": 5,
	"juni": 6, "june": 6, "jun": 6,
	"juli": 7, "july": 7, "jul": 7,
	"agustus": 8, "august": 8, "agu": 8, "agt": 8, "aug": 8, "ags": 8,
	"september": 9, "sept": 9, "sep": 9,
	"oktober": 10, "october": 10, "okt": 10, "oct": 10,
	"november": 11, "nopember": 11, "nov": 11, "nop": 11,
	"desember": 12, "december": 12, "des": 12, "dec": 12,
}

// monthAlternation is a regexp alternation of the month names, longest
// first so that "Februari" is not read as "Feb".
var monthAlternation = func() string {
	names := make([]string, 0, len(monthNames))
	for n := range monthNames {
		names = append(names, n)
	}
	sort.Slice(names, func(i, j int) bool {
		if len(names[i]) != len(names[j]) {
			return len(names[i]) > len(names[j])
		}
		return names[i] < names[j]
	})
	return strings.Join(names, "|")
}()

// shownZones are the zone labels of shown dates.
var shownZones = map[string]*time.Location{
	"wib":  time.FixedZone("WIB", 7*3600),
	"wita": time.FixedZone("WITA", 8*3600),
	"wit":  time.FixedZone("WIT", 9*3600),
	"gmt":  time.UTC,
	"utc":  time.UTC,
}

// shownDatePattern matches "Kamis, 5 November 2015 14:56 WIB",
// "Rabu, 4 November 2015 | 21:04 WIB", "05/11/2015 10:08 WIB",
// "on 16 Feb 2016 at 09:10 WIB", "Jum'at, 17 Februari 2017 - 13:30 wib",
// "5 November 2015, 14.56 GMT+7". Groups: 1 day, 2 month name, 3 year;
// 4 day, 5 month, 6 year; 7 hour, 8 minute, 9 second; 10 zone, 11 offset
// hours, 12 offset minutes.
var shownDatePattern = regexp.MustCompile(`(?i)\b(?:(\d{1,2})\s+(` + monthAlternation + `)\.?,?\s+(\d{4})|(\d{1,2})[/-](\d{1,2})[/-](\d{4}))\b` +
	`(?:(?:\s|[,|–—-]|\bat\b|\bpukul\b|\bjam\b)*(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?\b` +
	`(?:\s*(WITA|WIB|WIT|GMT|UTC)\b(?:\s*([+-]\d{1,2})(?::?(\d{2}))?)?)?)?`)

// datelineDate is a date after the place of a dateline: "ISTANBUL, 23
// Februari 2016 (Antara/PRNewswire) -".
var datelineDate = regexp.MustCompile(`(?i),\s*(?:\d{1,2}\s+(?:` + monthAlternation + `)|(?:` + monthAlternation + `)\s+\d{1,2})\.?,?(?:\s+\d{4})?$`)

// parseShown reads one match of shownDatePattern.
func parseShown(m []string) (shown, bool) {
	day, month, year := m[1], monthNames[strings.ToLower(m[2])], m[3]
	if m[1] == "" {
		day, year = m[4], m[6]
		mo, _ := strconv.Atoi(m[5])
		month = time.Month(mo)
	}
	d, _ := strconv.Atoi(day)
	y, _ := strconv.Atoi(year)
	h, _ := strconv.Atoi(m[7])
	mi, _ := strconv.Atoi(m[8])
	s, _ := strconv.Atoi(m[9])
	if month < 1 || month > 12 || d < 1 || d > 31 || y < 1900 || y > 2200 || h > 23 || mi > 59 || s > 59 {
		return shown{}, false
	}
	loc, zoned := time.UTC, false
	if z := strings.ToLower(m[10]); z != "" {
		loc, zoned = shownZones[z], true
		if m[11] != "" {
			oh, _ := strconv.Atoi(m[11])
			om, _ := strconv.Atoi(m[12])
			off := oh*3600 + om*60
			if oh < 0 {
				off = oh*3600 - om*60
			}
			if oh < -14 || oh > 14 {
				return shown{}, false
			}
			loc = time.FixedZone(strings.ToUpper(z)+m[11], off)
		}
	}
	t := time.Date(y, month, d, h, mi, s, 0, loc)
	if t.Day() != d { // 31 February
		return shown{}, false
	}
	return shown{t: t, zoned: zoned}, true
}

// maxShownDistance is how far (in characters of page text) from the
// headline a shown date may be to count as the story's date rather than a
// teaser's.
const maxShownDistance = 1500

// maxShownLen is more than the length of any shown date.
const maxShownLen = 100

// shownDate finds the date shown nearest the headline (or, without one, the
// start of the main content block), preferring dates with a time of day.
// ok is false when the page shows none within maxShownDistance.
func (p *page) shownDate() (shown, bool) {
	anchor := p.titleNode
	if anchor == nil {
		anchor = p.contentNode
	}
	if anchor == nil {
		return shown{}, false
	}
	var b strings.Builder
	start, end := -1, -1
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n == anchor {
			start = b.Len()
			defer func() { end = b.Len() }()
		}
		switch n.Type {
		case html.TextNode:
			b.WriteString(cleanLine(n.Data))
			b.WriteByte(' ')
		case html.ElementNode:
			if dropped[n.DataAtom] {
				return
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(p.doc)
	if start < 0 {
		return shown{}, false
	}
	// Distances count from the headline's ends, or from the start of the
	// main block; only the text around them can hold the date.
	if anchor != p.titleNode {
		end = start
	}
	end = min(end, start+maxTitleText)
	from, to := max(0, start-maxShownDistance-maxShownLen), min(b.Len(), end+maxShownDistance+maxShownLen)
	text := b.String()[from:to]
	start, end = start-from, end-from
	best, bestCost := shown{}, -1
	for _, loc := range shownDatePattern.FindAllStringSubmatchIndex(text, -1) {
		dist := loc[0] - end
		if loc[0] < start {
			dist = start - loc[1]
		}
		if dist < 0 {
			dist = 0
		}
		if dist > maxShownDistance {
			continue
		}
		cost := dist
		if loc[14] < 0 { // no time of day
			cost += maxShownDistance
		}
		if bestCost >= 0 && cost >= bestCost {
			continue
		}
		m := make([]string, len(loc)/2)
		for i := range m {
			if loc[2*i] >= 0 {
				m[i] = text[loc[2*i]:loc[2*i+1]]
			}
		}
		if s, ok := parseShown(m); ok {
			best, bestCost = s, cost
		}
	}
	return best, bestCost >= 0
}

// sameMinute reports whether the wall clock w (as written) shows the same
// date, hour and minute as s in its own zone.
func sameMinute(w, s time.Time) bool {
	return w.Year() == s.Year() && w.Month() == s.Month() && w.Day() == s.Day() &&
		w.Hour() == s.Hour() && w.Minute() == s.Minute()
}
