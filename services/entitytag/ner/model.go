// Package ner is a learned named-entity tagger for news: a first-order
// linear-chain model over BIO or BILOU tags (scheme.go), trained as an
// averaged structured perceptron (Collins 2002) and decoded with Viterbi
// under the scheme's constraints; its output is BIO either way.
//
// Why a perceptron and not a CRF: with the same features it is within about
// a point of a CRF on CoNLL-2003, trains in seconds per epoch without
// gradient machinery, and decoding is identical, so speed is the same.
// Features are hashed into one fixed table (see features.go), which keeps
// the model a single array of weights (int16 with one scale once trained,
// only the rows that are not all zero: weights.go): small on disk and in
// memory, and allocation-free to apply.
//
// The package also reads CoNLL files (conll.go) and scores tagging
// conlleval-style (score.go).
package ner

import (
	"bufio"
	"compress/gzip"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strings"
	"sync"
)

// Model is a trained tagger for one language. It is read-only after loading
// and safe for concurrent use.
type Model struct {
	Lang  string
	Types []string // entity types, e.g. PER ORG LOC MISC
	tags  []string // "O", then each type's group of tags (Scheme)
	// Scheme is the tag scheme (SchemeBIO, SchemeBILOU; "" is BIO). Set
	// before training; saved with the model.
	Scheme string
	sch    tagScheme
	// bioNames[t] is the BIO name of tag t, what the tagger outputs.
	bioNames []string
	bits     uint
	// w holds one row of len(tags) weights per hashed feature while
	// training; a finished model keeps them quantised in wq (w = wq*scale),
	// only the rows that are not all zero (see rowTable).
	w     []float32
	wq    *rowTable
	scale float32
	// trans[p*nt+c] scores tag c after tag p; row nt is the sentence start.
	trans   []float32
	allowed []bool // same layout as trans: the scheme's valid transitions
	final   []bool // tags a sentence may end with (not BILOU's B or I)
	// preds[c] lists the tags that may precede tag c, in increasing order:
	// Viterbi visits only those (97 of 289 pairs with BILOU and 4 types).
	preds   [][]int
	gaz     *gazetteer
	gazList []GazEntry
	names   *nameLists
	lists   []NameList
	lex     lexicon
	lexData *LexiconData
	Info    map[string]string // free-form training notes saved with the model
	// OrgCues turns on the organisation cues (orgcues.go: name runs,
	// acronym pairs, the organisation list's feature): cueFeats more
	// features per token. Set before training; saved with the model.
	OrgCues bool

	pool sync.Pool
}

// NewModel returns an untrained model.
func NewModel(lang string, types []string, bits uint, gaz []GazEntry, lists []NameList, lex *LexiconData) *Model {
	if len(lists) > maxLists {
		panic(fmt.Sprintf("ner: %d name lists, at most %d", len(lists), maxLists))
	}
	m := &Model{Lang: lang, Types: types, bits: bits, gazList: gaz, lists: lists, lexData: lex, Info: map[string]string{}}
	m.init()
	m.w = make([]float32, (1<<bits)*len(m.tags))
	m.trans = make([]float32, (len(m.tags)+1)*len(m.tags))
	return m
}

// SetScheme changes the tag scheme of an untrained model.
func (m *Model) SetScheme(scheme string) {
	m.Scheme = scheme
	m.init()
	m.w = make([]float32, (1<<m.bits)*len(m.tags))
	m.trans = make([]float32, (len(m.tags)+1)*len(m.tags))
}

func (m *Model) init() {
	m.sch = schemeOf(m.Scheme)
	m.tags = m.sch.names(m.Types)
	nt := len(m.tags)
	m.bioNames = make([]string, nt)
	m.final = make([]bool, nt)
	for t := range nt {
		m.bioNames[t] = m.sch.bio(t, m.tags)
		m.final[t] = !m.sch.open(t)
	}
	m.allowed = make([]bool, (nt+1)*nt)
	m.preds = make([][]int, nt)
	for p := 0; p <= nt; p++ {
		for c := 0; c < nt; c++ {
			m.allowed[p*nt+c] = m.sch.allowed(p, c, nt)
			if p < nt && m.allowed[p*nt+c] {
				m.preds[c] = append(m.preds[c], p)
			}
		}
	}
	m.gaz = newGazetteer(m.gazList)
	m.names = newNameLists(m.lists)
	m.lex = m.lexData.build()
}

// Tags returns the tag names in index order.
func (m *Model) Tags() []string { return m.tags }

// goldIndexes returns the tag indexes of a sentence's BIO tags.
func (m *Model) goldIndexes(tags []string) []int { return m.sch.fromBIO(tags, m.tagIndex) }

// tagIndex is the index of a tag name, 0 (O) for unknown types.
func (m *Model) tagIndex(t string) int {
	for i, s := range m.tags {
		if s == t {
			return i
		}
	}
	return 0 // unknown types are treated as O
}

// scratch is the per-call working memory of Tag.
type scratch struct {
	infos []tokInfo
	buf   []byte
	rows  []uint32
	score []float32
	back  []int32
	out   []int
}

func (m *Model) getScratch() *scratch {
	if s, ok := m.pool.Get().(*scratch); ok {
		return s
	}
	return &scratch{}
}

// TagIndexes labels toks and returns tag indexes (see Tags, in the model's
// scheme). The returned slice is owned by the caller.
func (m *Model) TagIndexes(toks []string) []int {
	s := m.getScratch()
	out := m.decode(toks, nil, s, m.w, m.trans)
	res := append([]int(nil), out...)
	m.pool.Put(s)
	return res
}

// Tag labels one sentence on its own with BIO tags.
func (m *Model) Tag(toks []string) []string {
	return m.TagDoc([][]string{toks})[0]
}

// TagDoc labels the sentences of one document with BIO tags; how a word is
// written and labelled elsewhere in the document are features (see
// DocContext).
func (m *Model) TagDoc(sents [][]string) [][]string {
	s := m.getScratch()
	idx := m.tagWith(sents, s, m.w, m.trans)
	m.pool.Put(s)
	out := make([][]string, len(sents))
	for k, ti := range idx {
		out[k] = make([]string, len(ti))
		for i, t := range ti {
			out[k][i] = m.bioNames[t]
		}
	}
	return out
}

// tagWith tags a document with the given weights.
func (m *Model) tagWith(sents [][]string, s *scratch, w, trans []float32) [][]int {
	doc := m.DocContext(sents)
	return m.tagDoc(sents, doc, s, func(k int) []int { return m.decode(sents[k], doc, s, w, trans) }, false)
}

// tagDoc runs the two passes over a document and returns the tag indexes
// of each sentence. The first pass tags the sentences in order, each seeing
// the prediction history of the earlier ones. The second pass knows what
// the first predicted for every word anywhere in the document (doc.seen:
// the headline's "ROGOZIN" and the fifth paragraph's "Rogozin" learn from
// "Dmitry Rogozin" in the lead), and re-tags the sentences where that
// disagrees with their own first-pass labels; the others keep them, which
// keeps the cost of the second pass to the few sentences it can change.
//
// decode tags sentence k under the context doc (training passes one that
// also updates the weights); it must leave the sentence's token info in
// s.infos. With train set every sentence is decoded in both passes, so the
// model learns to tag with and without the first-pass labels.
func (m *Model) tagDoc(sents [][]string, doc *DocContext, s *scratch, decode func(k int) []int, train bool) [][]int {
	out := make([][]int, len(sents))
	// The first pass keeps each sentence's word hashes and capitalisation,
	// which is all the second pass needs to find the sentences to redo.
	words := make([][]wordCase, len(sents))
	var flat []wordCase
	if !train {
		n := 0
		for _, toks := range sents {
			n += len(toks)
		}
		flat = make([]wordCase, 0, n)
	}
	for k := range sents {
		idx := decode(k)
		doc.remember(s.infos, idx)
		out[k] = append([]int(nil), idx...)
		if !train {
			lo := len(flat)
			for _, t := range s.infos {
				flat = append(flat, wordCase{t.lower, t.caps})
			}
			words[k] = flat[lo:len(flat):len(flat)]
		}
	}
	doc.secondPass()
	for k := range sents {
		if !train && !doc.disagrees(words[k], out[k]) {
			doc.rememberWords(words[k], out[k])
			continue
		}
		idx := decode(k)
		doc.remember(s.infos, idx)
		out[k] = append(out[k][:0], idx...)
	}
	return out
}

// DocContext is what the tagger knows about a document beyond the sentence
// it is tagging: per lower-cased word, how it is written where its case
// means something (not at the start of a sentence, not in an all-capitals
// sentence: docCapital, docLower, docUpper flags), and how the tagger
// labelled it in the earlier sentences (a non-local "prediction history":
// "Rogozin" after "Dmitry Rogozin" was tagged PER), and in the second pass
// how the first pass labelled it anywhere in the document.
type DocContext struct {
	written map[uint64]uint8
	// hist holds 1 + the type index of the last entity predicted over the
	// word, or histO when it was only ever predicted O while capitalised.
	hist map[uint64]uint8
	// next gathers the seen codes during the first pass; seen holds them
	// during the second (nil in the first).
	next, seen map[uint64]uint8
	// nextLong and long do the same for the longest entity predicted over
	// each word: type index + 1 | length << 8 ("Santa" in "Santa Fe Pacific
	// Gold Corp" is ORG, so "Santa Fe" alone probably is too).
	nextLong, long map[uint64]uint16
	// counts of the entities of each type the first pass predicted; major
	// is 1 + the most frequent type in the second pass (0 before, or with
	// no entity): city names in a document mostly about organisations are
	// often clubs or companies.
	counts [6]int
	major  uint8
	// acronyms holds the document's acronyms that were introduced with
	// their expansion ("Komisi Pemberantasan Korupsi (KPK)"), by hash.
	acronyms map[uint64]docAcronym
	sch      tagScheme // the model's, to read tag indexes
}

const histO = 200

// Seen codes: seenKnown is set for every word of the document, bit k for
// entity type k (k < 6) predicted over the word somewhere, seenO when the
// word was capitalised inside a sentence and predicted O somewhere.
const (
	seenKnown = 0x40
	seenO     = 0x80
	seenTypes = 0x3f
)

func (d *DocContext) seenBit(tag int) uint8 {
	if tag == 0 {
		return 0
	}
	return 1 << min(d.sch.typeOf(tag), 5)
}

// secondPass switches the context from the first pass to the second: the
// gathered labels become visible and the history starts again.
func (d *DocContext) secondPass() {
	d.seen, d.next = d.next, nil
	d.long, d.nextLong = d.nextLong, nil
	best := 0
	for t, n := range d.counts {
		if n > best {
			best, d.major = n, uint8(t+1)
		}
	}
	clear(d.hist)
}

// wordCase is what the second pass keeps of a first-pass token.
type wordCase struct {
	lower uint64
	caps  uint8
}

// disagrees reports whether a sentence's first-pass labels differ from what
// the first pass predicted for its capitalised words elsewhere in the
// document. Lower-case words predicted O are left alone: "of" in "Bank of
// England" does not make every sentence with "of" worth decoding again.
func (d *DocContext) disagrees(words []wordCase, pred []int) bool {
	for i, t := range pred {
		if words[i].caps == capsNone && t == 0 {
			continue
		}
		code := d.seen[words[i].lower]
		if code&seenTypes&^d.seenBit(t) != 0 {
			return true
		}
		if t > 0 && code&seenO != 0 {
			return true
		}
	}
	return false
}

// rememberWords is remember for a sentence the second pass did not decode.
func (d *DocContext) rememberWords(words []wordCase, pred []int) {
	for i, t := range pred {
		d.addHistory(words[i].lower, words[i].caps, i, t)
	}
}

// remember records the predicted tags of a sentence in the history (and,
// in the first pass, in what the second will see).
func (d *DocContext) remember(infos []tokInfo, pred []int) {
	if d == nil {
		return
	}
	for i, t := range pred {
		w := infos[i].lower
		if d.next != nil {
			c := d.next[w] | seenKnown | d.seenBit(t)
			if t == 0 && infos[i].caps != capsNone && i > 0 {
				c |= seenO
			}
			d.next[w] = c
			if d.sch.begins(t) { // record the entity over its words
				n := d.sch.entityLen(pred, i)
				typ := d.sch.typeOf(t)
				d.counts[min(typ, 5)]++
				v := uint16(1+typ) | uint16(min(n, 255))<<8
				for k := i; k < i+n; k++ {
					if old := d.nextLong[infos[k].lower]; old>>8 < v>>8 {
						d.nextLong[infos[k].lower] = v
					}
				}
			}
		}
		d.addHistory(w, infos[i].caps, i, t)
	}
}

// addHistory records tag t of word w (capitalisation caps, position i).
func (d *DocContext) addHistory(w uint64, caps uint8, i, t int) {
	switch {
	case t > 0:
		d.hist[w] = uint8(1 + d.sch.typeOf(t))
	case caps != capsNone && i > 0:
		if _, ok := d.hist[w]; !ok {
			d.hist[w] = histO
		}
	}
}

const (
	docCapital = 1 << iota // "Rogozin" inside a sentence
	docLower               // "keamanan"
	docUpper               // "NATO"
)

// DocContext computes the document context of sents.
func (m *Model) DocContext(sents [][]string) *DocContext {
	// Distinct words are typically about half the tokens: sizing the maps
	// for that avoids most of their growth.
	n := 0
	for _, toks := range sents {
		n += len(toks)
	}
	n /= 2
	doc := &DocContext{written: make(map[uint64]uint8, n), hist: make(map[uint64]uint8, n/4), next: make(map[uint64]uint8, n), nextLong: map[uint64]uint16{}, sch: m.sch}
	var buf []byte
	var infos []tokInfo
	for _, toks := range sents {
		if m.OrgCues {
			buf = doc.addAcronyms(toks, buf)
		}
		infos = infos[:0]
		for _, w := range toks {
			var t tokInfo
			t, buf = caseInfo(w, buf)
			infos = append(infos, t)
		}
		if sentenceAllCaps(infos) {
			continue
		}
		for i := 1; i < len(infos); i++ {
			t := infos[i]
			var f uint8
			switch t.caps {
			case capsInit:
				f = docCapital
			case capsNone:
				if t.length > 1 {
					f = docLower
				}
			case capsAll:
				if t.length > 1 {
					f = docUpper
				}
			}
			doc.written[t.lower] |= f
		}
	}
	return doc
}

// extract fills s.rows with m.featsPerToken() rows per token.
func (m *Model) extract(toks []string, doc *DocContext, s *scratch) {
	s.infos, s.buf = m.sentenceInfo(toks, s.infos, s.buf)
	if doc != nil {
		for i := range s.infos {
			s.infos[i].doc = doc.written[s.infos[i].lower]
			s.infos[i].hist = doc.hist[s.infos[i].lower]
			s.infos[i].seen = doc.seen[s.infos[i].lower]
			s.infos[i].long = doc.long[s.infos[i].lower]
		}
	}
	sc := sentContext{allCaps: sentenceAllCaps(s.infos), table: tableBucket(toks)}
	if m.OrgCues {
		markRuns(toks, s.infos, sc.allCaps)
		markAcronyms(toks, s.infos, doc)
	}
	if doc != nil {
		sc.docMajor = doc.major
	}
	s.rows = s.rows[:0]
	for i := range toks {
		s.rows = m.features(s.infos, i, sc, s.rows)
	}
}

// decode runs Viterbi with weights w and transitions trans; the result is in
// s.out.
func (m *Model) decode(toks []string, doc *DocContext, s *scratch, w, trans []float32) []int {
	return m.decodeCost(toks, doc, s, w, trans, nil, 0, nil)
}

// decodeCost is decode with cost-augmented emissions for training: every
// tag other than gold[i] gets cost added, so the perceptron also updates on
// sentences it gets right by too small a margin.
//
// A non-nil mask (len(toks)*len(tags)) forbids the tags that are false in it:
// training uses it to find the best tagging consistent with a partial
// annotation.
func (m *Model) decodeCost(toks []string, doc *DocContext, s *scratch, w, trans []float32, gold []int, cost float32, mask []bool) []int {
	n, nt, nf := len(toks), len(m.tags), m.featsPerToken()
	s.out = s.out[:0]
	if n == 0 {
		return s.out
	}
	m.extract(toks, doc, s)
	s.score = grow(s.score, n*nt)
	s.back = growI(s.back, n*nt)
	em := s.score
	for i := range n {
		e := em[i*nt : (i+1)*nt]
		clear(e)
		if w == nil { // quantised weights
			var accArr [maxTags]int32
			acc := accArr[:nt]
			for _, r := range s.rows[i*nf : (i+1)*nf] {
				row := m.wq.row(r)
				if row == nil {
					continue
				}
				row = row[:len(acc)] // one bounds check, not one per tag
				for t, v := range row {
					acc[t] += int32(v)
				}
			}
			for t := range e {
				e[t] = float32(acc[t]) * m.scale
			}
		}
		for _, r := range s.rows[i*nf : (i+1)*nf] {
			if w == nil {
				break
			}
			row := w[int(r)*nt : int(r)*nt+nt]
			for t := range e {
				e[t] += row[t]
			}
		}
		if gold != nil {
			for t := range e {
				if t != gold[i] {
					e[t] += cost
				}
			}
		}
		if mask != nil {
			for t := range e {
				if !mask[i*nt+t] {
					e[t] = float32(math.Inf(-1))
				}
			}
		}
	}
	// Viterbi in place: em[i] becomes the best path score ending in each tag.
	negInf := float32(math.Inf(-1))
	for c := range nt {
		if m.allowed[nt*nt+c] {
			em[c] += trans[nt*nt+c]
		} else {
			em[c] = negInf
		}
	}
	for i := 1; i < n; i++ {
		prev, cur := em[(i-1)*nt:i*nt], em[i*nt:(i+1)*nt]
		back := s.back[i*nt : (i+1)*nt]
		for c := range nt {
			best, arg := negInf, int32(0)
			for _, p := range m.preds[c] {
				if v := prev[p] + trans[p*nt+c]; v > best {
					best, arg = v, int32(p)
				}
			}
			cur[c] += best
			back[c] = arg
		}
	}
	last := em[(n-1)*nt : n*nt]
	bt := 0 // O is always a valid last tag
	for c := range nt {
		if m.final[c] && last[c] > last[bt] {
			bt = c
		}
	}
	s.out = growInt(s.out, n)
	for i := n - 1; i >= 0; i-- {
		s.out[i] = bt
		if i > 0 {
			bt = int(s.back[i*nt+bt])
		}
	}
	return s.out
}

func grow(b []float32, n int) []float32 {
	if cap(b) < n {
		return make([]float32, n)
	}
	return b[:n]
}

func growI(b []int32, n int) []int32 {
	if cap(b) < n {
		return make([]int32, n)
	}
	return b[:n]
}

func growInt(b []int, n int) []int {
	if cap(b) < n {
		return make([]int, n)
	}
	return b[:n]
}

// File format: gzip of magic, a uint32 length and JSON header (types,
// gazetteer, word classes), then the transition weights (float32), the
// weight scale (float32) and the quantised feature table (int16), all
// little-endian. Rows that are all zero are common (hash buckets no feature
// fell into, and features whose weights averaged to zero), so the table is
// stored sparsely: a bitmap of non-zero rows followed by those rows.
const magic = "NERM\x02"

type header struct {
	Lang           string            `json:"lang"`
	Types          []string          `json:"types"`
	Bits           uint              `json:"bits"`
	FeatureVersion int               `json:"feature_version"`
	Gazetteer      []GazEntry        `json:"gazetteer"`
	NameLists      []NameList        `json:"name_lists,omitempty"`
	Lexicon        *LexiconData      `json:"lexicon,omitempty"`
	Info           map[string]string `json:"info,omitempty"`
	OrgCues        bool              `json:"org_cues,omitempty"`
	Scheme         string            `json:"scheme,omitempty"`
}

// Save writes the model to w.
func (m *Model) Save(w io.Writer) error {
	zw, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(zw)
	h, err := json.Marshal(header{m.Lang, m.Types, m.bits, featureVersion, m.gazList, m.lists, m.lexData, m.Info, m.OrgCues, m.Scheme})
	if err != nil {
		return err
	}
	bw.WriteString(magic)
	binary.Write(bw, binary.LittleEndian, uint32(len(h)))
	bw.Write(h)
	binary.Write(bw, binary.LittleEndian, m.trans)
	binary.Write(bw, binary.LittleEndian, m.scale)
	if err := m.wq.write(bw); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	return zw.Close()
}

// SaveFile writes the model to path.
func (m *Model) SaveFile(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := m.Save(f); err != nil {
		f.Close()
		return fmt.Errorf("write model %s: %w", path, err)
	}
	return f.Close()
}

// Load reads a model written by Save.
func Load(r io.Reader) (*Model, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("model is not gzip: %w", err)
	}
	br := bufio.NewReader(zr)
	mg := make([]byte, len(magic))
	if _, err := io.ReadFull(br, mg); err != nil || string(mg) != magic {
		return nil, errors.New("not a ner model file (bad magic)")
	}
	var hl uint32
	if err := binary.Read(br, binary.LittleEndian, &hl); err != nil || hl > 1<<24 {
		return nil, errors.New("ner model header is truncated or too large")
	}
	hb := make([]byte, hl)
	if _, err := io.ReadFull(br, hb); err != nil {
		return nil, fmt.Errorf("ner model header: %w", err)
	}
	var h header
	if err := json.Unmarshal(hb, &h); err != nil {
		return nil, fmt.Errorf("ner model header: %w", err)
	}
	if h.Scheme != "" && h.Scheme != SchemeBIO && h.Scheme != SchemeBILOU {
		return nil, fmt.Errorf("ner model has tag scheme %q, this code knows %q and %q", h.Scheme, SchemeBIO, SchemeBILOU)
	}
	if h.FeatureVersion != featureVersion {
		return nil, fmt.Errorf("ner model has feature version %d, this code extracts version %d: retrain", h.FeatureVersion, featureVersion)
	}
	if h.Bits < 10 || h.Bits > 24 || len(h.Types) == 0 || len(h.Types) > 16 || len(h.NameLists) > maxLists {
		return nil, fmt.Errorf("ner model header is implausible (bits %d, %d types, %d name lists)", h.Bits, len(h.Types), len(h.NameLists))
	}
	m := &Model{Lang: h.Lang, Types: h.Types, bits: h.Bits, gazList: h.Gazetteer, lists: h.NameLists, lexData: h.Lexicon, Info: h.Info, OrgCues: h.OrgCues, Scheme: h.Scheme}
	m.init()
	nt := len(m.tags)
	m.trans = make([]float32, (nt+1)*nt)
	if err := binary.Read(br, binary.LittleEndian, m.trans); err != nil {
		return nil, fmt.Errorf("ner model transitions: %w", err)
	}
	if err := binary.Read(br, binary.LittleEndian, &m.scale); err != nil {
		return nil, fmt.Errorf("ner model scale: %w", err)
	}
	if m.wq, err = readRowTable(br, 1<<h.Bits, nt); err != nil {
		return nil, fmt.Errorf("ner model %w", err)
	}
	// Reading to the end makes gzip check its CRC and length, so a damaged
	// or truncated file is an error even when the data read so far parsed.
	if n, err := io.Copy(io.Discard, br); err != nil || n != 0 {
		return nil, fmt.Errorf("ner model: damaged or trailing data after the weights (%d bytes, %v)", n, err)
	}
	return m, nil
}

// LoadFile reads a model from path.
func LoadFile(path string) (*Model, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	m, err := Load(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return m, nil
}

// Describe summarises the model in one line.
func (m *Model) Describe() string {
	lists := make([]string, len(m.lists))
	for i, l := range m.lists {
		lists[i] = fmt.Sprintf("%s %d", l.Name, len(l.Names))
	}
	cues := ""
	if m.sch.per == 4 {
		cues = "; BILOU tags"
	}
	if m.OrgCues {
		cues += "; organisation cues"
	}
	return fmt.Sprintf("lang=%s types=%s table=2^%d rows x %d tags, %d lexicon words, %d gazetteer names, name lists: %s%s", m.Lang, strings.Join(m.Types, ","), m.bits, len(m.tags), len(m.lex), len(m.gazList), strings.Join(lists, ", "), cues)
}

// maxTags bounds the tag set (O + B/I/L/U of up to 16 types).
const maxTags = 65

// quantise replaces the float weights by int16 ones with one scale.
func (m *Model) quantise() {
	var maxAbs float32
	for _, v := range m.w {
		maxAbs = max(maxAbs, v, -v)
	}
	m.scale = 1
	if maxAbs > 0 {
		m.scale = maxAbs / 32767
	}
	dense := make([]int16, len(m.w))
	for i, v := range m.w {
		dense[i] = int16(math.Round(float64(v / m.scale)))
	}
	m.wq = newRowTable(dense, len(m.tags))
	m.w = nil
}
