package ner

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Features are hashed: every feature is a 64-bit hash of its template id and
// the values it looks at, reduced to a row of the weight table. There is no
// feature dictionary, so the model is one fixed-size table and extracting
// features allocates nothing. Collisions cost a little accuracy; the table
// size (Model.bits) trades that against memory.

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

func hashString(h uint64, s string) uint64 {
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= fnvPrime
	}
	return h
}

func hashByte(h uint64, b byte) uint64 {
	h ^= uint64(b)
	return h * fnvPrime
}

// mix combines a template id with up to three value hashes.
func mix(tmpl uint64, a, b, c uint64) uint64 {
	x := tmpl*0x9E3779B97F4A7C15 ^ a
	x = (x ^ (x >> 31)) * 0xBF58476D1CE4E5B9
	x ^= b
	x = (x ^ (x >> 29)) * 0x94D049BB133111EB
	x ^= c
	x = (x ^ (x >> 32)) * 0x9E3779B97F4A7C15
	return x ^ (x >> 29)
}

// tokInfo holds the per-token value hashes that feature templates combine.
type tokInfo struct {
	word, lower, shape uint64
	pre, suf           [4]uint64
	caps               uint8 // capsNone, capsInit, capsAll, capsMixed
	cls                wordClass
	doc                uint8  // DocContext flags
	hist               uint8  // DocContext prediction history
	gaz                uint8  // 0 or 1 + 2*gazetteer type index + (0 for B, 1 for I)
	seen               uint8  // DocContext first-pass labels (second pass only)
	long               uint16 // DocContext longest first-pass entity (second pass only)
	lists              uint16 // name-list match codes, 2 bits per list (nameLists.mark)
	length             uint8
	cue                uint8  // cueClass of a word with a capital (sentenceInfo)
	runPos, runLen     uint8  // position in its run of capitalised words, run length (markRuns)
	runCue             uint8  // cue classes of the run's first and last word (head<<4 | tail)
	runHead, runTail   uint64 // lower-case hashes of the run's first and last word
	acro, acroCue      uint8  // acronym-pair code and the expansion's head cue (markAcronyms)
	pair               uint8  // second pass: first-pass type of the other side of the pair
}

const (
	capsNone = iota
	capsInit
	capsAll
	capsMixed
)

// Value hashes for positions outside the sentence.
var (
	padBefore = tokInfo{word: 1, lower: 1, shape: 1, caps: 4, cls: wordClass{fine: 9999, mid: 9999, coarse: 9999, capr: 99}}
	padAfter  = tokInfo{word: 2, lower: 2, shape: 2, caps: 5, cls: wordClass{fine: 9998, mid: 9998, coarse: 9998, capr: 98}}
)

// lowerBuf lowercases s into buf without allocating for ASCII words.
func lowerBuf(buf []byte, s string) []byte {
	buf = buf[:0]
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			return append(buf[:0], strings.ToLower(s)...)
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf = append(buf, c)
	}
	return buf
}

// info computes the value hashes of one token; buf is scratch space.
func info(s string, buf []byte, lex lexicon) (tokInfo, []byte) {
	var t tokInfo
	t.word = hashString(fnvOffset, s)
	buf = lowerBuf(buf, s)
	low := buf
	t.lower = hashBytes(fnvOffset, low)
	t.cls = lex[t.lower]
	for k := 1; k <= 4; k++ {
		n := min(k, len(low))
		t.pre[k-1] = hashBytes(fnvOffset+uint64(k), low[:n])
		t.suf[k-1] = hashBytes(fnvOffset+uint64(k), low[len(low)-n:])
	}
	// Short shape: character classes with repeats collapsed, e.g.
	// "McDonald's" -> Xx'x, "1996" -> d, "U.S." -> X.
	h := uint64(fnvOffset)
	var last byte
	upper, lower, letters := 0, 0, 0
	first := true
	firstUpper := false
	for _, r := range s {
		var c byte
		switch {
		case unicode.IsUpper(r):
			c, upper = 'X', upper+1
		case unicode.IsLower(r):
			c, lower = 'x', lower+1
		case unicode.IsDigit(r):
			c = 'd'
		case r < utf8.RuneSelf:
			c = byte(r)
		default:
			c = '*'
		}
		if c == 'X' || c == 'x' {
			letters++
		}
		if first {
			firstUpper = c == 'X'
			first = false
		}
		if c != last {
			h = hashByte(h, c)
			last = c
		}
	}
	t.shape = h
	t.caps = capsClass(upper, lower, letters, firstUpper)
	t.length = uint8(min(len(s), 12))
	return t, buf
}

func hashBytes(h uint64, b []byte) uint64 {
	for _, c := range b {
		h ^= uint64(c)
		h *= fnvPrime
	}
	return h
}

// Template ids. Adding one changes every model: bump featureVersion.
const (
	fBias = iota + 1
	fWord
	fLower
	fShape
	fPre1
	_
	_
	_
	fSuf1
	_
	_
	_
	fLowPrev1
	fLowNext1
	fLowPrev2
	fLowNext2
	fShapePrev1
	fShapeNext1
	fShapePrevCur
	fShapeCurNext
	fShapeTri
	fBigramPrev
	fBigramNext
	fLowPrevShape
	fLowNextShape
	fFirstCaps
	fSentCapsShape
	fGaz
	fGazPrev
	fGazNext
	fLength
	fCapsCtx
	fSufPrev
	fSufNext
	fFine
	fCoarse
	fFinePrev
	fFineNext
	fCoarseBigram
	fCapr
	fCaprCtx
	fFineShape
	fDoc
	fDocCapr
	fDocCtx
	fHist
	fHistCtx
	fMid
	fMidCtx
	fLists
	fListsPrev
	fListsNext
	fListsPer
	fListsPlace
	fSeen
	fSeenCtx
	fSeenLong
	fSeenLongCtx
	fTable
	fTableNext
	fMajorSeen
	fMajorLists
	fRunHead
	fRunTail
	fAcro
	fListsOrg
	fRunHeadWord
	fRunTailWord
	nTemplates
)

// featureVersion identifies the feature set; models record it.
const featureVersion = 10

// allFeats is the number of features extracted for every token by a model
// with the organisation cues; the cue templates come last (from fRunHead),
// so a model without them (Model.OrgCues false: English) extracts exactly
// the features of feature version 9, cueFeats fewer.
const (
	allFeats = int(nTemplates) - 1
	cueFeats = int(nTemplates - fRunHead)
)

// featsPerToken is the number of features m extracts for every token.
func (m *Model) featsPerToken() int {
	if m.OrgCues {
		return allFeats
	}
	return allFeats - cueFeats
}

// sentenceInfo fills infos for toks.
func (m *Model) sentenceInfo(toks []string, infos []tokInfo, buf []byte) ([]tokInfo, []byte) {
	infos = infos[:0]
	for _, s := range toks {
		var t tokInfo
		t, buf = info(s, buf, m.lex)
		// Cues are only read for words with a capital (markRuns,
		// markAcronyms): the lookup is skipped for the rest, and for
		// models without the cues.
		if m.OrgCues && t.caps != capsNone {
			t.cue = cueClass(buf) // buf holds the lower-cased word
		}
		infos = append(infos, t)
	}
	m.gaz.mark(infos)
	m.names.mark(infos)
	return infos, buf
}

// sentContext is what features know about the whole sentence.
type sentContext struct {
	allCaps  bool  // headline-style capitals (sentenceAllCaps)
	table    uint8 // share of numbers (tableBucket): results tables, standings
	docMajor uint8 // DocContext.major
}

// tableBucket classes a sentence by its share of number tokens: 0 none,
// 1 some, 2 a third or more (a row of a results table or standings, where
// names are mostly teams and players).
func tableBucket(toks []string) uint8 {
	n := 0
	for _, t := range toks {
		if t != "" && t[0] >= '0' && t[0] <= '9' {
			n++
		}
	}
	switch {
	case n == 0:
		return 0
	case 3*n >= len(toks):
		return 2
	}
	return 1
}

// features appends the feature rows of token i to rows.
func (m *Model) features(infos []tokInfo, i int, sc sentContext, rows []uint32) []uint32 {
	allCaps := sc.allCaps
	at := func(j int) *tokInfo {
		if j < 0 {
			return &padBefore
		}
		if j >= len(infos) {
			return &padAfter
		}
		return &infos[j]
	}
	c, p1, n1, p2, n2 := at(i), at(i-1), at(i+1), at(i-2), at(i+2)
	mask := uint64(1)<<m.bits - 1
	add := func(tmpl uint64, a, b, d uint64) {
		rows = append(rows, uint32(mix(tmpl, a, b, d)&mask))
	}
	add(fBias, 0, 0, 0)
	add(fWord, c.word, 0, 0)
	add(fLower, c.lower, 0, 0)
	add(fShape, c.shape, 0, 0)
	for k := range 4 {
		add(fPre1+uint64(k), c.pre[k], 0, 0)
		add(fSuf1+uint64(k), c.suf[k], 0, 0)
	}
	add(fLowPrev1, p1.lower, 0, 0)
	add(fLowNext1, n1.lower, 0, 0)
	add(fLowPrev2, p2.lower, 0, 0)
	add(fLowNext2, n2.lower, 0, 0)
	add(fShapePrev1, p1.shape, 0, 0)
	add(fShapeNext1, n1.shape, 0, 0)
	add(fShapePrevCur, p1.shape, c.shape, 0)
	add(fShapeCurNext, c.shape, n1.shape, 0)
	add(fShapeTri, p1.shape, c.shape, n1.shape)
	add(fBigramPrev, p1.lower, c.lower, 0)
	add(fBigramNext, c.lower, n1.lower, 0)
	add(fLowPrevShape, p1.lower, c.shape, 0)
	add(fLowNextShape, n1.lower, c.shape, 0)
	first := uint64(0)
	if i == 0 {
		first = 1
	}
	add(fFirstCaps, first, uint64(c.caps), 0)
	ac := uint64(0)
	if allCaps {
		ac = 1
	}
	add(fSentCapsShape, ac, c.shape, c.lower)
	add(fGaz, uint64(c.gaz), 0, 0)
	add(fGazPrev, uint64(p1.gaz), uint64(c.gaz), 0)
	add(fGazNext, uint64(c.gaz), uint64(n1.gaz), 0)
	add(fLength, uint64(c.length), uint64(c.caps), 0)
	add(fCapsCtx, uint64(p1.caps), uint64(c.caps), uint64(n1.caps))
	add(fSufPrev, p1.suf[2], uint64(c.caps), 0)
	add(fSufNext, n1.suf[2], uint64(c.caps), 0)
	add(fFine, uint64(c.cls.fine), 0, 0)
	add(fCoarse, uint64(c.cls.coarse), uint64(c.caps), 0)
	add(fFinePrev, uint64(p1.cls.fine), 0, 0)
	add(fFineNext, uint64(n1.cls.fine), 0, 0)
	add(fCoarseBigram, uint64(p1.cls.coarse), uint64(c.cls.coarse), uint64(n1.cls.coarse))
	add(fCapr, uint64(c.cls.capr), uint64(c.caps), first)
	add(fCaprCtx, uint64(p1.cls.capr), uint64(c.cls.capr), uint64(n1.cls.capr))
	add(fFineShape, uint64(c.cls.fine), c.shape, 0)
	add(fDoc, uint64(c.doc), uint64(c.caps), first+2*ac)
	add(fDocCapr, uint64(c.doc), uint64(c.cls.capr), 0)
	add(fDocCtx, uint64(p1.doc), uint64(c.doc), uint64(n1.doc))
	add(fHist, uint64(c.hist), uint64(c.caps), 0)
	add(fHistCtx, uint64(p1.hist), uint64(c.hist), uint64(n1.hist))
	add(fMid, uint64(c.cls.mid), uint64(c.caps), 0)
	add(fMidCtx, uint64(p1.cls.mid), uint64(n1.cls.mid), 0)
	add(fLists, uint64(c.lists), uint64(c.caps), first)
	add(fListsPrev, uint64(p1.lists), uint64(c.lists), uint64(c.caps))
	add(fListsNext, uint64(c.lists), uint64(n1.lists), uint64(c.caps))
	// The first two lists of the committed models are first and last names,
	// the next three places (see gazetteers/); a feature per group lets the
	// model generalise over the other lists' codes.
	add(fListsPer, uint64(c.lists&0xf), uint64(c.caps), uint64(p1.lists&0xf))
	add(fListsPlace, uint64(c.lists>>4&0x3f), uint64(c.caps), 0)
	add(fSeen, uint64(c.seen), uint64(c.caps), first+2*ac)
	add(fSeenCtx, uint64(p1.seen), uint64(c.seen), uint64(n1.seen))
	// Longest entity over the word: its type, and whether it is longer
	// than one word (capped at 3).
	add(fSeenLong, uint64(c.long&0xff), uint64(min(c.long>>8, 3)), uint64(c.caps))
	add(fSeenLongCtx, uint64(p1.long&0xff), uint64(c.long&0xff), uint64(n1.long&0xff))
	add(fTable, uint64(sc.table), uint64(c.caps), first)
	add(fTableNext, uint64(sc.table), c.shape, n1.shape)
	add(fMajorSeen, uint64(sc.docMajor), uint64(c.seen&seenTypes), uint64(c.caps))
	add(fMajorLists, uint64(sc.docMajor), uint64(c.lists>>4&0x3f), uint64(c.caps))
	if !m.OrgCues {
		return rows
	}
	// Organisation cues (orgcues.go).
	add(fRunHead, uint64(c.runCue>>4), uint64(c.runPos), uint64(c.caps))
	add(fRunTail, uint64(c.runCue&0xf), uint64(c.runPos), uint64(c.runLen))
	add(fAcro, uint64(c.acro), uint64(c.acroCue), uint64(c.pair))
	add(fRunHeadWord, c.runHead, uint64(c.runPos), 0)
	add(fRunTailWord, c.runTail, uint64(c.runPos), 0)
	// The sixth list holds organisations (gazetteers.Order).
	add(fListsOrg, uint64(c.lists>>10&3), uint64(c.caps), uint64(p1.lists>>10&3))
	return rows
}

// sentenceAllCaps reports a headline-style sentence written in capitals,
// where capitalisation says nothing about names.
func sentenceAllCaps(infos []tokInfo) bool {
	words, caps := 0, 0
	for _, t := range infos {
		if t.caps == capsNone && t.length > 1 {
			return false
		}
		if t.caps != capsNone {
			words++
			if t.caps == capsAll {
				caps++
			}
		}
	}
	return words >= 2 && caps == words
}

// capsClass is a word's capitalisation class from its counts of upper-case
// and lower-case letters and whether it starts with a capital.
func capsClass(upper, lower, letters int, firstUpper bool) uint8 {
	switch {
	case upper == 0:
		return capsNone
	case lower == 0 && letters > 0:
		return capsAll
	case firstUpper && upper == 1:
		return capsInit
	}
	return capsMixed
}

// caseInfo computes only what DocContext needs: the lower-case hash, the
// capitalisation class and the length.
func caseInfo(s string, buf []byte) (tokInfo, []byte) {
	var t tokInfo
	buf = lowerBuf(buf, s)
	t.lower = hashBytes(fnvOffset, buf)
	upper, lower, letters := 0, 0, 0
	firstUpper := false
	for i, r := range s {
		switch {
		case unicode.IsUpper(r):
			upper++
			letters++
			if i == 0 {
				firstUpper = true
			}
		case unicode.IsLower(r):
			lower++
			letters++
		}
	}
	t.caps = capsClass(upper, lower, letters, firstUpper)
	t.length = uint8(min(len(s), 12))
	return t, buf
}
