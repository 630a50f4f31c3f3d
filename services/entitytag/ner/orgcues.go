package ner

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Organisation cues (featureVersion 10). Organisations were the weak type
// in Indonesian news (NERGrit test ORG F1 51, recall about 42 % on news):
// most are multi-word names built on a head word ("Kementerian Keuangan",
// "Universitas Jayabaya", "PT Bank Mandiri Tbk", "Persib Bandung FC") or
// acronyms introduced next to their expansion ("Komisi Pemberantasan
// Korupsi (KPK)"). Word identity alone learns each head word but not that
// the words after it belong to the same name, so two cues are added:
//
//   - name runs: every token of a run of capitalised words knows the cue
//     class of the run's first and last word, those words themselves and
//     its own position in it;
//   - acronym pairs: an acronym and its expansion in the same sentence
//     ("X Y Z ( XYZ )" or "XYZ ( X Y Z )") mark each other, and the
//     acronym elsewhere in the document remembers that it has an
//     expansion, what the expansion's head word is and (second pass) the
//     type the first pass gave the expansion.

// Cue classes of a word, by its lower-case form.
const (
	cueNone    = iota
	cueOrgHead // Kementerian, Badan, Partai, PT, Universitas, Polda, Bank ...
	cueOrgTail // Tbk, FC, Corp, Inc, Ltd, Group, United ...
	cueLocHead // Kabupaten, Kota, Provinsi, Pulau, Gunung, Jalan ...
	cueRole    // Menteri, Presiden, Gubernur, Ketua ...: offices, often ORG in NERGrit
	cueLocTail // Heights, Bay, Springs, Utara, Hilir ...: the last word of a place name
	cuePerHead // Prof, KH, AKBP, Bripka, Mr ...: honorifics and ranks before a name
)

var cueWords = map[string]uint8{}

func init() {
	// A word in two lists keeps its first class: "Bank Mandiri" starts
	// with an organisation head word, which is what the run feature needs.
	add := func(class uint8, words string) {
		for _, w := range strings.Fields(words) {
			if _, ok := cueWords[w]; !ok {
				cueWords[w] = class
			}
		}
	}
	add(cueOrgHead, `kementerian kemenkeu kemenkes kemendagri kemenlu kemenhub kemenag kemendikbud
		kemenpora kemensos kemenhan kemenaker kemnaker kementan kemenperin kemendag kemenkumham
		kemenpan kemenristekdikti kemenristek kemenkominfo kominfo kemenparekraf kemenpar kemenko
		departemen depdiknas depdikbud deplu depkes depdagri dephan
		badan komisi komite partai pt cv perum persero universitas institut politeknik sekolah
		akademi sma smp smk sd mts madrasah pesantren polda polres polresta polrestabes polsek
		mabes polri kodam korem kodim koramil lanud lantamal kopassus kostrad dinas disdik dishub
		pemkab pemkot pemprov pemda pemerintah dprd dpr mpr dpd bank pengadilan mahkamah kejaksaan
		kejati kejari kejagung dewan lembaga yayasan persatuan asosiasi ikatan himpunan federasi
		majelis direktorat ditjen fraksi rsud rs rumah koperasi perusahaan grup kelompok
		organisasi serikat gerakan aliansi front forum liga klub persatuan perhimpunan gabungan
		angkatan komando kepolisian kejaksaan sekretariat inspektorat kantor biro balai pusat
		otoritas bursa harian majalah radio televisi
		university ministry department council committee party association federation institute
		union agency commission court league club school college academy board bureau authority`)
	add(cueOrgTail, `tbk fc cf sc ac afc corp corporation inc incorporated ltd limited co company plc
		ag sa nv bv gmbh bhd llc lp group grup holdings holding united airlines airways air
		bank media foundation association institute university college party council press
		sekolah indonesia persero`)
	add(cueLocHead, `kabupaten kota provinsi propinsi kecamatan desa kelurahan dusun kampung pulau
		kepulauan gunung pegunungan sungai danau selat teluk laut samudra samudera tanjung
		jalan jl bandara pelabuhan stadion taman lake mount river gulf`)
	add(cueLocTail, `heights height bay springs spring point quay park village hill hills beach island
		islands street road avenue square valley lake river creek harbour harbor port station
		airport county town utara selatan barat timur tengah raya hilir hulu ilir baru
		laut darat pusat`)
	add(cuePerHead, `prof dr drs dra ir h hj kh gus habib syekh ustaz ustad haji bapak ibu pak bu
		mr mrs ms sir akbp kombes kompol iptu ipda aiptu bripka brigadir briptu bripda aipda
		irjen komjen brigjen mayjen letjen jenderal kolonel letkol mayor kapten lettu letda
		serka serma sertu pratu prada kopda koptu marsda marsma marsdya laksda laksma laksdya`)
	add(cueRole, `menteri presiden wakil gubernur bupati walikota wali ketua direktur kepala rektor
		dekan kapolda kapolres kapolri panglima jaksa hakim sekjen dirut komisaris
		president minister governor chairman director chief secretary`)
}

// cueClass is the cue class of a lower-cased word; "Kemenkeu"-style
// abbreviations of ministries share one prefix (which "kemenangan",
// victory, does not count as).
func cueClass(low []byte) uint8 {
	if c, ok := cueWords[string(low)]; ok {
		return c
	}
	if len(low) > 5 && string(low[:5]) == "kemen" && (len(low) < 8 || string(low[:8]) != "kemenang") {
		return cueOrgHead
	}
	return cueNone
}

// runConnector reports words that may join two capitalised words inside one
// name ("Dewan Perwakilan Rakyat dan Daerah", "Bank of England").
func runConnector(s string) bool {
	switch s {
	case "dan", "&", "of", "and", "for", "de", "van", "der", "la", "del", "-":
		return true
	}
	return false
}

// Run positions (tokInfo.runPos).
const (
	runOut = iota
	runFirst
	runInside
	runLast
	runSingle
)

// markRuns sets the run cues of infos (see the file comment): runs are
// capitalised words, joined by connectors and by numbers followed by a
// capitalised word ("SMA Negeri 14 Jakarta"). In a headline in capitals
// every word is capitalised, so runs say nothing there and are not marked.
func markRuns(toks []string, infos []tokInfo, allCaps bool) {
	if allCaps {
		return
	}
	n := len(infos)
	capital := func(i int) bool { return i < n && infos[i].caps != capsNone }
	for i := 0; i < n; {
		if !capital(i) {
			i++
			continue
		}
		j := i + 1
		for j < n {
			if capital(j) {
				j++
				continue
			}
			t := toks[j]
			if (runConnector(t) || (t != "" && t[0] >= '0' && t[0] <= '9')) && capital(j+1) {
				j += 2
				continue
			}
			break
		}
		// A capitalised sentence-initial word is usually an ordinary
		// word ("Menurut Kementerian ..."): the head is the next one.
		h := i
		if i == 0 && infos[0].cue == cueNone && j > 1 {
			h = 1
		}
		head, tail := infos[h].cue, infos[j-1].cue
		for k := i; k < j; k++ {
			p := uint8(runInside)
			switch {
			case j-i == 1:
				p = runSingle
			case k == i:
				p = runFirst
			case k == j-1:
				p = runLast
			}
			infos[k].runPos = p
			infos[k].runCue = head<<4 | tail
			infos[k].runLen = uint8(min(j-i, 4))
			infos[k].runHead, infos[k].runTail = infos[h].lower, infos[j-1].lower
		}
		i = j
	}
}

// acroPair is an acronym and its expansion [lo, hi) in one sentence.
type acroPair struct {
	acr, lo, hi int
}

// Acronym codes (tokInfo.acro).
const (
	acroNone     = iota
	acroHere     // an acronym whose expansion is in the sentence
	acroExpFirst // first word of an expansion of an acronym in the sentence
	acroExpRest  // other words of that expansion
	acroDoc      // an acronym whose expansion is elsewhere in the document
)

// isAcronymToken reports a single word that can be an acronym: 2 to 12
// letters (digits and hyphens allowed), starting with a capital and with
// more capitals than the first ("KPK", "BUMN", "PDI-P") or short and
// capitalised ("Kemenkeu", "Bawaslu").
func isAcronymToken(s string) bool {
	if len(s) < 2 || len(s) > 12 {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s)
	if !unicode.IsUpper(r) {
		return false
	}
	letters := 0
	for _, r := range s {
		switch {
		case unicode.IsLetter(r):
			letters++
		case unicode.IsDigit(r) || r == '-':
		default:
			return false
		}
	}
	return letters >= 2
}

// abbreviates reports whether acronym acr can abbreviate the words: its
// first letter starts the first word, its letters appear in order in the
// words (initials "KPK", or syllables "Kemenkeu" of "Kementerian
// Keuangan"), and every capitalised word gives at least one of them (so
// "MK" does not abbreviate "Majelis Permusyawaratan Rakyat").
func abbreviates(acr string, words []string) bool {
	var letters []rune
	for _, r := range strings.ToLower(acr) {
		if unicode.IsLetter(r) {
			letters = append(letters, r)
		}
	}
	if len(letters) < 2 || len(words) == 0 || len(words) > 12 {
		return false
	}
	lw := make([][]rune, len(words))
	capital := make([]bool, len(words))
	caps := 0
	for i, w := range words {
		lw[i] = []rune(strings.ToLower(w))
		if capital[i] = startsUpper(w); capital[i] {
			caps++
		}
	}
	if caps > len(letters) || len(lw[0]) == 0 || lw[0][0] != letters[0] {
		return false
	}
	// Search the alignments (letter k, word w, character p, whether word w
	// gave a letter yet), remembering the failed states: a few hundred at
	// most for a news acronym.
	type state struct {
		k, w, p int
		used    bool
	}
	failed := map[state]bool{}
	var align func(k, w, p int, used bool) bool
	align = func(k, w, p int, used bool) bool {
		if w == len(lw) {
			return k == len(letters)
		}
		if p == len(lw[w]) {
			return (used || !capital[w]) && align(k, w+1, 0, false)
		}
		st := state{k, w, p, used}
		if failed[st] {
			return false
		}
		if k < len(letters) && lw[w][p] == letters[k] && align(k+1, w, p+1, true) {
			return true
		}
		if align(k, w, p+1, used) {
			return true
		}
		failed[st] = true
		return false
	}
	return align(0, 0, 0, false)
}

// acronymPairs finds acronym–expansion pairs around parentheses:
// "Komisi Pemberantasan Korupsi ( KPK )" and "KPK ( Komisi Pemberantasan
// Korupsi )". The expansion is the longest run of capitalised words (and
// connectors) before the parenthesis that the acronym abbreviates.
func acronymPairs(toks []string) []acroPair {
	var out []acroPair
	for i, t := range toks {
		if t != "(" {
			continue
		}
		// "Expansion ( ACR )"
		if i+2 < len(toks) && toks[i+2] == ")" && isAcronymToken(toks[i+1]) {
			lo := i
			for lo > 0 && i-lo < 10 && (startsUpper(toks[lo-1]) || runConnector(toks[lo-1])) {
				lo--
			}
			for ; lo < i-1; lo++ {
				if startsUpper(toks[lo]) && abbreviates(toks[i+1], toks[lo:i]) {
					out = append(out, acroPair{i + 1, lo, i})
					break
				}
			}
			continue
		}
		// "ACR ( Expansion )"
		if i > 0 && isAllUpper(toks[i-1]) && isAcronymToken(toks[i-1]) {
			hi := i + 1
			for hi < len(toks) && hi-i <= 10 && toks[hi] != ")" && (startsUpper(toks[hi]) || runConnector(toks[hi])) {
				hi++
			}
			if hi < len(toks) && toks[hi] == ")" && hi-i > 2 && abbreviates(toks[i-1], toks[i+1:hi]) {
				out = append(out, acroPair{i - 1, i + 1, hi})
			}
		}
	}
	return out
}

func startsUpper(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r)
}

// hasParen reports whether a sentence has a "(" token: acronym pairs need one.
func hasParen(toks []string) bool {
	for _, t := range toks {
		if t == "(" {
			return true
		}
	}
	return false
}

// markAcronyms sets the acronym codes of one sentence from its own pairs
// and the document's (doc may be nil).
func markAcronyms(toks []string, infos []tokInfo, doc *DocContext) {
	if hasParen(toks) {
		for _, p := range acronymPairs(toks) {
			head := infos[p.lo].cue
			infos[p.acr].acro, infos[p.acr].acroCue = acroHere, head
			for k := p.lo; k < p.hi; k++ {
				infos[k].acro, infos[k].acroCue = acroExpRest, head
			}
			infos[p.lo].acro = acroExpFirst
			if doc != nil && doc.seen != nil {
				// Second pass: each side knows the other's first-pass type.
				infos[p.acr].pair = uint8(doc.long[infos[p.lo].lower] & 0xff)
				for k := p.lo; k < p.hi; k++ {
					infos[k].pair = uint8(doc.long[infos[p.acr].lower] & 0xff)
				}
			}
		}
	}
	if doc == nil || len(doc.acronyms) == 0 {
		return
	}
	for i := range infos {
		if infos[i].acro != acroNone || infos[i].caps == capsNone {
			continue
		}
		if a, ok := doc.acronyms[infos[i].lower]; ok {
			infos[i].acro, infos[i].acroCue = acroDoc, a.cue
			if doc.seen != nil {
				infos[i].pair = uint8(doc.long[a.expansion] & 0xff)
			}
		}
	}
}

// docAcronym is what a document says about one of its acronyms: the cue
// class of its expansion's head word and that word's hash.
type docAcronym struct {
	cue       uint8
	expansion uint64
}

// addAcronyms records the acronym pairs of one sentence in the document.
func (d *DocContext) addAcronyms(toks []string, buf []byte) []byte {
	if !hasParen(toks) {
		return buf
	}
	for _, p := range acronymPairs(toks) {
		buf = lowerBuf(buf, toks[p.acr])
		acr := hashBytes(fnvOffset, buf)
		buf = lowerBuf(buf, toks[p.lo])
		exp := hashBytes(fnvOffset, buf)
		if d.acronyms == nil {
			d.acronyms = map[uint64]docAcronym{}
		}
		d.acronyms[acr] = docAcronym{cueClass(buf), exp}
	}
	return buf
}
