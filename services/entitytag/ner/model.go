// Package ner is a learned named-entity tagger for news: a first-order
// linear-chain model over BIO tags, trained as an averaged structured
// perceptron (Collins 2002) and decoded with Viterbi under BIO constraints.
//
// Why a perceptron and not a CRF: with the same features it is within about
// a point of a CRF on CoNLL-2003, trains in seconds per epoch without
// gradient machinery, and decoding is identical, so speed is the same.
// Features are hashed into one fixed table (see features.go), which keeps
// the model a single array of weights (int16 with one scale once trained):
// small on disk (only non-zero rows, gzip'd) and allocation-free to apply.
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
	tags  []string // "O", then B-/I- of each type
	bits  uint
	// w holds one row of len(tags) weights per hashed feature while
	// training; a finished model keeps them quantised in wq (w = wq*scale),
	// which halves the memory and the cache misses that dominate tagging.
	w     []float32
	wq    []int16
	scale float32
	// trans[p*nt+c] scores tag c after tag p; row nt is the sentence start.
	trans   []float32
	allowed []bool // same layout as trans: BIO-valid transitions
	gaz     *gazetteer
	gazList []GazEntry
	lex     lexicon
	lexData *LexiconData
	Info    map[string]string // free-form training notes saved with the model

	pool sync.Pool
}

// NewModel returns an untrained model.
func NewModel(lang string, types []string, bits uint, gaz []GazEntry, lex *LexiconData) *Model {
	m := &Model{Lang: lang, Types: types, bits: bits, gazList: gaz, lexData: lex, Info: map[string]string{}}
	m.init()
	m.w = make([]float32, (1<<bits)*len(m.tags))
	m.trans = make([]float32, (len(m.tags)+1)*len(m.tags))
	return m
}

func (m *Model) init() {
	m.tags = []string{"O"}
	for _, t := range m.Types {
		m.tags = append(m.tags, "B-"+t, "I-"+t)
	}
	nt := len(m.tags)
	m.allowed = make([]bool, (nt+1)*nt)
	for p := 0; p <= nt; p++ {
		for c := 0; c < nt; c++ {
			ok := true
			if c > 0 && c%2 == 0 { // I-X: only after B-X or I-X
				ok = p < nt && p > 0 && (p == c || p == c-1)
			}
			m.allowed[p*nt+c] = ok
		}
	}
	m.gaz = newGazetteer(m.gazList)
	m.lex = m.lexData.build()
}

// Tags returns the tag names in index order.
func (m *Model) Tags() []string { return m.tags }

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

// TagIndexes labels toks and returns tag indexes (see Tags). The returned
// slice is owned by the caller.
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
// written elsewhere in the document is a feature (see DocContext).
func (m *Model) TagDoc(sents [][]string) [][]string {
	s := m.getScratch()
	doc := m.DocContext(sents)
	out := make([][]string, len(sents))
	for k, toks := range sents {
		idx := m.decode(toks, doc, s, m.w, m.trans)
		doc.remember(s.infos, idx)
		out[k] = make([]string, len(idx))
		for i, t := range idx {
			out[k][i] = m.tags[t]
		}
	}
	m.pool.Put(s)
	return out
}

// DocContext is what the tagger knows about a document beyond the sentence
// it is tagging: per lower-cased word, how it is written where its case
// means something (not at the start of a sentence, not in an all-capitals
// sentence: docCapital, docLower, docUpper flags), and how the tagger
// labelled it in the earlier sentences (a non-local "prediction history":
// "Rogozin" after "Dmitry Rogozin" was tagged PER).
type DocContext struct {
	written map[uint64]uint8
	// hist holds 1 + the type index of the last entity predicted over the
	// word, or histO when it was only ever predicted O while capitalised.
	hist map[uint64]uint8
}

const histO = 200

// remember records the predicted tags of a sentence in the history.
func (d *DocContext) remember(infos []tokInfo, pred []int) {
	if d == nil {
		return
	}
	for i, t := range pred {
		w := infos[i].lower
		switch {
		case t > 0:
			d.hist[w] = uint8(1 + (t-1)/2)
		case infos[i].caps != capsNone && i > 0:
			if _, ok := d.hist[w]; !ok {
				d.hist[w] = histO
			}
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
	doc := &DocContext{written: map[uint64]uint8{}, hist: map[uint64]uint8{}}
	var buf []byte
	var infos []tokInfo
	for _, toks := range sents {
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

// extract fills s.rows with featsPerToken rows per token.
func (m *Model) extract(toks []string, doc *DocContext, s *scratch) {
	s.infos, s.buf = m.sentenceInfo(toks, s.infos, s.buf)
	if doc != nil {
		for i := range s.infos {
			s.infos[i].doc = doc.written[s.infos[i].lower]
			s.infos[i].hist = doc.hist[s.infos[i].lower]
		}
	}
	allCaps := sentenceAllCaps(s.infos)
	s.rows = s.rows[:0]
	for i := range toks {
		s.rows = m.features(s.infos, i, allCaps, s.rows)
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
	n, nt := len(toks), len(m.tags)
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
			var acc [maxTags]int32
			for _, r := range s.rows[i*featsPerToken : (i+1)*featsPerToken] {
				row := m.wq[int(r)*nt : int(r)*nt+nt]
				for t, v := range row {
					acc[t] += int32(v)
				}
			}
			for t := range e {
				e[t] = float32(acc[t]) * m.scale
			}
		}
		for _, r := range s.rows[i*featsPerToken : (i+1)*featsPerToken] {
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
			for p := range nt {
				if !m.allowed[p*nt+c] {
					continue
				}
				if v := prev[p] + trans[p*nt+c]; v > best {
					best, arg = v, int32(p)
				}
			}
			cur[c] += best
			back[c] = arg
		}
	}
	last := em[(n-1)*nt : n*nt]
	bt := 0
	for c := range nt {
		if last[c] > last[bt] {
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
	Lexicon        *LexiconData      `json:"lexicon,omitempty"`
	Info           map[string]string `json:"info,omitempty"`
}

// Save writes the model to w.
func (m *Model) Save(w io.Writer) error {
	zw, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(zw)
	h, err := json.Marshal(header{m.Lang, m.Types, m.bits, featureVersion, m.gazList, m.lexData, m.Info})
	if err != nil {
		return err
	}
	bw.WriteString(magic)
	binary.Write(bw, binary.LittleEndian, uint32(len(h)))
	bw.Write(h)
	binary.Write(bw, binary.LittleEndian, m.trans)
	binary.Write(bw, binary.LittleEndian, m.scale)
	nt := len(m.tags)
	rows := len(m.wq) / nt
	bitmap := make([]byte, (rows+7)/8)
	for r := range rows {
		for _, v := range m.wq[r*nt : r*nt+nt] {
			if v != 0 {
				bitmap[r/8] |= 1 << (r % 8)
				break
			}
		}
	}
	bw.Write(bitmap)
	for r := range rows {
		if bitmap[r/8]&(1<<(r%8)) != 0 {
			if err := binary.Write(bw, binary.LittleEndian, m.wq[r*nt:r*nt+nt]); err != nil {
				return err
			}
		}
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
	if h.FeatureVersion != featureVersion {
		return nil, fmt.Errorf("ner model has feature version %d, this code extracts version %d: retrain", h.FeatureVersion, featureVersion)
	}
	if h.Bits < 10 || h.Bits > 24 || len(h.Types) == 0 || len(h.Types) > 16 {
		return nil, fmt.Errorf("ner model header is implausible (bits %d, %d types)", h.Bits, len(h.Types))
	}
	m := &Model{Lang: h.Lang, Types: h.Types, bits: h.Bits, gazList: h.Gazetteer, lexData: h.Lexicon, Info: h.Info}
	m.init()
	nt := len(m.tags)
	m.trans = make([]float32, (nt+1)*nt)
	if err := binary.Read(br, binary.LittleEndian, m.trans); err != nil {
		return nil, fmt.Errorf("ner model transitions: %w", err)
	}
	if err := binary.Read(br, binary.LittleEndian, &m.scale); err != nil {
		return nil, fmt.Errorf("ner model scale: %w", err)
	}
	rows := 1 << h.Bits
	bitmap := make([]byte, (rows+7)/8)
	if _, err := io.ReadFull(br, bitmap); err != nil {
		return nil, fmt.Errorf("ner model row bitmap: %w", err)
	}
	m.wq = make([]int16, rows*nt)
	for r := range rows {
		if bitmap[r/8]&(1<<(r%8)) != 0 {
			if err := binary.Read(br, binary.LittleEndian, m.wq[r*nt:r*nt+nt]); err != nil {
				return nil, fmt.Errorf("ner model weights: %w", err)
			}
		}
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
	return fmt.Sprintf("lang=%s types=%s table=2^%d rows x %d tags, %d lexicon words, %d gazetteer names", m.Lang, strings.Join(m.Types, ","), m.bits, len(m.tags), len(m.lex), len(m.gazList))
}

// maxTags bounds the tag set (O + B/I of up to 16 types).
const maxTags = 33

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
	m.wq = make([]int16, len(m.w))
	for i, v := range m.w {
		m.wq[i] = int16(math.Round(float64(v / m.scale)))
	}
	m.w = nil
}
