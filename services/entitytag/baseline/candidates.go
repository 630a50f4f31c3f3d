package baseline

import (
	"strings"

	"github.com/newsroom-pipeline/newsroom/pkg/article"
)

// maxRun bounds a run of capitalised words; longer runs are cut, which keeps
// the work per run constant on pathological input.
const maxRun = 12

// cand is one candidate mention: tokens [lo, hi) of a field.
type cand struct {
	f      int // index into doc.fields
	lo, hi int
	typ    string // entity type; "" while unresolved (single unknown words)
	name   string // canonical name; set when typ is set
	gaz    bool   // found in the gazetteer

	// Evidence for unresolved single words.
	per, loc bool
}

// findCandidates collects candidate mentions from the fields whose
// capitalisation is meaningful.
func (d *doc) findCandidates() {
	for f := range d.fields {
		if d.fields[f].evidenceOnly {
			continue
		}
		toks := d.fields[f].toks
		for i := 0; i < len(toks); {
			if !d.isCap(toks[i]) {
				i++
				continue
			}
			if n, _ := d.r.gaz.matchAt(toks, i, len(toks), nil); n == 0 && d.r.stop.hasTok(toks[i]) {
				i++ // "Namun", "The": never the start of a name
				continue
			}
			j := d.extendRun(toks, i)
			d.classify(f, i, j, false)
			i = j
		}
	}
}

// isCap reports whether t can be part of a name: a capitalised word that is
// not a long all-capital word (shouting) unless the gazetteer knows it.
func (d *doc) isCap(t token) bool {
	if !isCapWord(t) {
		return false
	}
	if n, up := capsLetters(t.s); up && n > 6 {
		_, known := d.r.gaz.m[t.s]
		return known
	}
	return true
}

// extendRun returns the end of the run of capitalised words that starts at i.
func (d *doc) extendRun(toks []token, i int) int {
	orgMode := d.r.orgcue.hasTok(toks[i])
	j := i + 1
	for j < len(toks) && j-i < maxRun {
		t := toks[j]
		switch {
		case t.newline:
			return j
		case d.isCap(t):
			orgMode = orgMode || d.r.orgcue.hasTok(t)
			j++
			continue
		case isHyphenTok(t) && !t.space && j+1 < len(toks) && !toks[j+1].space && d.isCap(toks[j+1]):
			orgMode = orgMode || d.r.orgcue.hasTok(toks[j+1])
			j += 2 // "Rusia-Amerika", "Abdul-Rahman"
			continue
		}
		k := d.connectorEnd(toks, j, orgMode)
		if k == j {
			break
		}
		j = k
	}
	return min(j, i+maxRun)
}

// connectorEnd returns the index after "connector(s) + capitalised word"
// starting at j ("bin Laden", "al-Assad", "of Commerce", "von der Leyen"), or
// j if there is none. In an organisation name "dan"/"and"/"for"/"&" also
// connect, but not in front of another organisation or known name, so that
// "Bank Indonesia dan Kementerian Keuangan" stays two names.
func (d *doc) connectorEnd(toks []token, j int, orgMode bool) int {
	k := j
	for n := 0; n < 2 && k < len(toks); n++ {
		t := toks[k]
		orgConn := orgMode && d.r.orgco.hasTok(t) && (t.word && isLowerWord(t) || t.s == "&")
		if t.newline || !(orgConn || isLowerWord(t) && d.r.connector.hasTok(t)) {
			return j
		}
		k++
		if k+1 < len(toks) && isHyphenTok(toks[k]) && !toks[k].space && !toks[k+1].space {
			k++ // "al-Assad"
		}
		if k < len(toks) && d.isCap(toks[k]) && !toks[k].newline {
			if orgConn {
				if g, _ := d.r.gaz.matchAt(toks, k, len(toks), nil); g > 0 || d.r.orgcue.hasTok(toks[k]) {
					return j
				}
			}
			return k + 1
		}
	}
	return j
}

func isHyphenTok(t token) bool { return !t.word && (t.s == "-" || t.s == "‐") }

// classify turns the run toks[lo:hi] of field f into candidates. perCue says
// a person title came right before it.
func (d *doc) classify(f, lo, hi int, perCue bool) {
	toks := d.fields[f].toks
	lo, hi = d.trim(toks, lo, hi)
	if lo >= hi {
		return
	}
	// 1. The whole run is a known name.
	if n, e := d.r.gaz.matchAt(toks, lo, hi, nil); n == hi-lo {
		d.add(f, lo, hi, e.typ, e.name, true)
		return
	}
	// 2. A person title: what follows it is a person, what precedes it is
	// classified on its own ("Russian Foreign Minister Sergei Lavrov").
	if ts, te, ok := d.lastTitle(toks, lo, hi); ok {
		if te == hi {
			d.classify(f, lo, ts, false) // title-only, or "Industry Secretary" with no name after
			return
		}
		if n, _ := d.r.gaz.matchAt(toks, te, hi, nil); n > 0 || d.nameLike(toks[te], true) || isAcronym(toks[te]) {
			d.classify(f, lo, ts, false)
			d.classify(f, te, hi, true)
			return
		}
		if d.headType(toks, te, hi) == article.TypeOrganisation {
			// "Kepala Dinas Kebudayaan ...": the title belongs to a person
			// not named here; the organisation is named without it.
			d.classify(f, lo, ts, false)
			d.classify(f, te, hi, false)
			return
		}
		// "Wakil Menteri Luar Negeri Urusan ...": a portfolio, not a name;
		// "General Election": a title word in an event name.
	}
	// 3. Known multi-word names other than places ("Partai Demokrat Anas ...").
	if d.splitGaz(f, lo, hi, perCue, func(e gazEntry) bool {
		return e.typ != article.TypePlace && e.typ != article.TypeMisc
	}, 2) {
		return
	}
	// 4. A head word: "Kementerian ...", "... Party", "KTT ...", "Kabupaten ...".
	if countWords(toks[lo:hi]) >= 2 {
		switch typ := d.headType(toks, lo, hi); typ {
		case "":
		case article.TypePlace:
			name := ""
			if n := d.r.locstrip.matchAt(toks, lo, hi); n > 0 {
				if g, e := d.r.gaz.matchAt(toks, lo+n, hi, nil); g == hi-lo-n && e.typ == article.TypePlace {
					name = e.name // "Provinsi Jawa Barat" is Jawa Barat
				}
			}
			d.add(f, lo, hi, typ, name, false)
			return
		case article.TypeEvent:
			d.add(f, lo, hi, typ, "", false)
			d.nested(f, lo, hi) // "Konferensi Tingkat Tinggi NATO" also mentions NATO
			return
		default:
			d.add(f, lo, hi, typ, "", false)
			return
		}
	}
	// 5. Any known name inside ("Rusia-Amerika Serikat", "Keamanan Internasional AS").
	if d.splitGaz(f, lo, hi, perCue, nil, 1) {
		return
	}
	// 6. Unknown.
	d.unknown(f, lo, hi, perCue)
}

// trim drops connectors, hyphens and other non-words from both ends of a
// run, and function words from its end ("Undang-Undang Nomor").
func (d *doc) trim(toks []token, lo, hi int) (int, int) {
	edge := func(t token) bool { return !t.word || !d.isCap(t) }
	for lo < hi && edge(toks[lo]) {
		lo++
	}
	for hi > lo && (edge(toks[hi-1]) || d.r.stop.hasTok(toks[hi-1])) {
		hi--
	}
	return lo, hi
}

// lastTitle finds the last person title inside toks[lo:hi].
func (d *doc) lastTitle(toks []token, lo, hi int) (ts, te int, ok bool) {
	for i := lo; i < hi; {
		if n := d.r.title.matchAt(toks, i, hi); n > 0 && isCapWord(toks[i]) {
			ts, te, ok = i, i+n, true
			i += n
			continue
		}
		i++
	}
	return ts, te, ok
}

// splitGaz emits the gazetteer names (accepted by keep, at least minLen
// tokens long) found inside toks[lo:hi] and classifies the gaps between them.
// It reports whether it found any.
func (d *doc) splitGaz(f, lo, hi int, perCue bool, keep func(gazEntry) bool, minLen int) bool {
	toks := d.fields[f].toks
	type hit struct {
		lo, hi int
		e      gazEntry
	}
	var hits []hit
	for i := lo; i < hi; {
		if n, e := d.r.gaz.matchAt(toks, i, hi, keep); n >= minLen {
			hits = append(hits, hit{i, i + n, e})
			i += n
			continue
		}
		i++
	}
	if len(hits) == 0 {
		return false
	}
	prev := lo
	for _, h := range hits {
		d.classify(f, prev, h.lo, perCue)
		d.add(f, h.lo, h.hi, h.e.typ, h.e.name, true)
		prev = h.hi
	}
	d.classify(f, prev, hi, perCue)
	return true
}

// nested emits the known organisations and places inside an event name.
func (d *doc) nested(f, lo, hi int) {
	toks := d.fields[f].toks
	for i := lo; i < hi; {
		n, e := d.r.gaz.matchAt(toks, i, hi, func(e gazEntry) bool {
			return e.typ == article.TypeOrganisation || e.typ == article.TypePlace
		})
		if n > 0 {
			d.add(f, i, i+n, e.typ, e.name, true)
			i += n
			continue
		}
		i++
	}
}

// unknown handles a run with no gazetteer name, title or head word.
func (d *doc) unknown(f, lo, hi int, perCue bool) {
	toks := d.fields[f].toks
	per, loc, loc1 := d.context(toks, lo, hi)
	per = per || perCue
	if countWords(toks[lo:hi]) == 1 {
		t := toks[lo]
		if isAcronym(t) {
			if !d.r.noacr.hasTok(t) {
				d.add(f, lo, hi, article.TypeOrganisation, "", false) // OANA, GMTV
			}
			return
		}
		if d.nameLike(t, per) && !isInitial(t) {
			d.cands = append(d.cands, cand{f: f, lo: lo, hi: hi, per: per, loc: loc || loc1})
		}
		return
	}
	if countWords(toks[lo:hi]) > 5 || !d.allNameLike(toks, lo, hi) {
		return
	}
	typ := article.TypePerson
	if loc && !per {
		typ = article.TypePlace // "di Bukit Tinggi", "in Bury St Edmunds"
	}
	d.add(f, lo, hi, typ, "", false)
}

// context reports the cues around toks[lo:hi]: a person cue before or after
// it, a place preposition before it, and a single-word place preposition.
func (d *doc) context(toks []token, lo, hi int) (per, loc, loc1 bool) {
	if lo > 0 && !toks[lo].newline {
		per = d.r.pbefore.endsAt(toks, 0, lo) > 0 || d.lowerTitleBefore(toks, lo)
		loc = d.r.locprep.endsAt(toks, 0, lo) > 0 && isLowerWord(toks[lo-1])
		loc1 = d.r.locprep1.endsAt(toks, 0, lo) > 0 && isLowerWord(toks[lo-1])
	}
	if hi < len(toks) && !toks[hi].newline {
		per = per || d.r.pafter.matchAt(toks, hi, len(toks)) > 0 && isLowerWord(toks[hi])
	}
	return per, loc, loc1
}

// lowerTitleBefore reports a lower-case role word right before toks[lo]
// ("spokeswoman Sandra Gidley", "juru bicara ...").
func (d *doc) lowerTitleBefore(toks []token, lo int) bool {
	n := d.r.title.endsAt(toks, 0, lo)
	return n > 0 && isLowerWord(toks[lo-n])
}

// nameLike reports whether t can be part of a person name. Calendar words
// are accepted only when allowCalendar is set ("Theresa May" but not "Mei").
func (d *doc) nameLike(t token, allowCalendar bool) bool {
	if !d.isCap(t) || isAcronymLike(t) {
		return false
	}
	r := d.r
	if r.stop.hasTok(t) || r.common.hasTok(t) || r.title.hasTok(t) ||
		r.orgcue.hasTok(t) || r.evtcue.hasTok(t) || r.loccue.hasTok(t) || r.misccue.hasTok(t) {
		return false
	}
	if !allowCalendar && r.calendar.hasTok(t) {
		return false
	}
	if r.lang == langID && (d.lowerVocab[t.low] || morphCommon(t.low)) {
		return false
	}
	return true
}

// allNameLike reports whether toks[lo:hi] reads as a person name: name-like
// words, with connectors and joining hyphens only inside.
func (d *doc) allNameLike(toks []token, lo, hi int) bool {
	for i := lo; i < hi; i++ {
		t := toks[i]
		switch {
		case d.isCap(t):
			if !d.nameLike(t, i > lo) {
				return false
			}
		case i == lo || i == hi-1:
			return false
		case isHyphenTok(t), isLowerWord(t) && d.r.connector.hasTok(t):
		default:
			return false
		}
	}
	return true
}

// headType returns the type marked by the head word of toks[lo:hi], or "".
// Head words inside gazetteer names do not count: "Serikat" heads trade
// unions, but not in "Rusia-Amerika Serikat". Indonesian names are
// head-initial, so the first head word wins ("Pemerintah Kabupaten Jayawijaya"
// is an organisation). English names are head-final, except that a head word
// before "of"/"for" wins ("Act of Parliament", "British Chambers of Commerce"
// against "Freedom of Information Act").
func (d *doc) headType(toks []token, lo, hi int) string {
	type hit struct {
		pos int
		typ string
	}
	cues := []struct {
		set *phraseSet
		typ string
	}{
		{d.r.orgcue, article.TypeOrganisation},
		{d.r.evtcue, article.TypeEvent},
		{d.r.loccue, article.TypePlace},
		{d.r.misccue, article.TypeMisc},
	}
	var hits []hit
	split := -1
	for i := lo; i < hi; {
		if n, _ := d.r.gaz.matchAt(toks, i, hi, nil); n > 0 {
			i += n
			continue
		}
		if split < 0 && isLowerWord(toks[i]) && d.r.headsplit.hasTok(toks[i]) {
			split = i
		}
		for _, c := range cues {
			if c.set.matchAt(toks, i, hi) > 0 {
				hits = append(hits, hit{i, c.typ})
				break
			}
		}
		i++
	}
	switch {
	case len(hits) == 0:
		return ""
	case d.r.lang == langID:
		return hits[0].typ
	}
	best := hits[len(hits)-1]
	for _, h := range hits {
		if split >= 0 && h.pos < split {
			best = h
		}
	}
	return best.typ
}

// add records a resolved candidate; an empty name means the text itself,
// with runs of white space collapsed.
func (d *doc) add(f, lo, hi int, typ, name string, gaz bool) {
	if name == "" {
		fd := &d.fields[f]
		name = strings.Join(strings.Fields(fd.text[fd.toks[lo].start:fd.toks[hi-1].end]), " ")
	}
	d.cands = append(d.cands, cand{f: f, lo: lo, hi: hi, typ: typ, name: name, gaz: gaz})
}

func countWords(toks []token) int {
	n := 0
	for _, t := range toks {
		if t.word {
			n++
		}
	}
	return n
}
