package language

import (
	"bufio"
	"compress/gzip"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Model is a character trigram model: for each language, the cost of the
// trigrams of letters that occur inside its words, -ln of the probability of
// the trigram's third letter after its first two, in eighths of a nat. That
// makes each language a second-order Markov chain over letters, and
// detecting naive Bayes: the language whose chain costs the text least wins.
//
// The default model (see Detect) is derived from lingua-go's language models
// by scripts/langeval. A Model is immutable once loaded and safe for
// concurrent use.
type Model struct {
	langs []string
	// index maps a trigram (three runes packed by key) to the offset of its
	// costs in costs: one byte per language, 0 meaning the language's table
	// does not hold the trigram.
	index map[uint64]int32
	costs []uint8
	// unseen is each language's cost of a trigram its table does not hold.
	unseen []int32
	// stop maps a stopword to the model languages whose list holds it.
	stop map[string][]int
	// prior is each language's prior cost under DefaultTuning.
	prior []int64
}

// Model tuning. stopwordNats and otherPriorNats were chosen by comparing
// variants with scripts/langeval (detectors "tuned/..."); the other numbers
// were set by hand and checked with it.
const (
	// maxTrigrams bounds the work on long texts; a story's first few
	// thousand trigrams decide as well as all of them.
	maxTrigrams = 4000
	// decisiveNats ends the reading of a text early: once the best
	// language leads the second by this much (checked every checkEvery
	// known trigrams), more text will not change the answer. A whole
	// story usually gets there within its first paragraphs.
	decisiveNats = 150
	checkEvery   = 64
	// minTrigrams is the number of known trigrams a text needs before the
	// model answers: fewer is a name or a few words, not a language.
	minTrigrams = 8
	// minMargin is the least cost difference per known trigram, in nats,
	// between the best and the second language for an answer.
	minMargin = 0.05
	// unseenPenalty is added to a language's highest cost to price a
	// trigram it has never seen, in eighths of a nat.
	unseenPenalty = 16
	// costScale is the unit of the costs in the model file: eighths of a nat.
	costScale = 8
	// stopwordNats is the evidence of one function word, in nats: what a
	// word of several letters is worth in trigrams.
	stopwordNats = 2.0
	// otherPriorNats is the prior cost of the languages other than
	// Indonesian and English.
	otherPriorNats = 4.0
)

// key packs three runes (21 bits each) into one map key.
func key(a, b, c rune) uint64 {
	return uint64(a)<<42 | uint64(b)<<21 | uint64(c)
}

// LoadModel reads a model in the text format written by scripts/langeval,
// optionally gzip-compressed:
//
//	# comment
//	lang <code>
//	<trigram> <cost>
//	...
//
// where each "lang" line starts the table of one language and a cost is an
// integer in [1, 255].
func LoadModel(r io.Reader) (*Model, error) {
	br := bufio.NewReader(r)
	if magic, err := br.Peek(2); err == nil && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("language model: %w", err)
		}
		defer zr.Close()
		br = bufio.NewReader(zr)
	}
	type entry struct {
		tri  uint64
		cost uint8
	}
	var (
		langs   []string
		entries [][]entry
	)
	sc := bufio.NewScanner(br)
	for line := 1; sc.Scan(); line++ {
		text := sc.Text()
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		if code, ok := strings.CutPrefix(text, "lang "); ok {
			langs = append(langs, code)
			entries = append(entries, nil)
			continue
		}
		tri, costText, ok := strings.Cut(text, " ")
		runes := []rune(tri)
		cost, err := strconv.Atoi(costText)
		if !ok || len(runes) != 3 || err != nil || cost < 1 || cost > 255 || len(langs) == 0 {
			return nil, fmt.Errorf("language model line %d: want %q, got %q", line, "<trigram> <cost 1..255> after a lang line", text)
		}
		l := len(langs) - 1
		entries[l] = append(entries[l], entry{key(runes[0], runes[1], runes[2]), uint8(cost)})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("language model: %w", err)
	}
	if len(langs) < 2 {
		return nil, fmt.Errorf("language model: %d languages, need at least 2", len(langs))
	}
	m := &Model{langs: langs, index: make(map[uint64]int32), unseen: make([]int32, len(langs)), stop: stopwordIndex(langs)}
	m.prior = m.priorCosts(DefaultTuning())
	for l, es := range entries {
		var highest uint8
		for _, e := range es {
			off, ok := m.index[e.tri]
			if !ok {
				off = int32(len(m.costs))
				m.index[e.tri] = off
				m.costs = append(m.costs, make([]uint8, len(langs))...)
			}
			m.costs[int(off)+l] = e.cost
			highest = max(highest, e.cost)
		}
		m.unseen[l] = int32(highest) + unseenPenalty
	}
	return m, nil
}

// Languages returns the codes the model knows, in its tie-break order.
func (m *Model) Languages() []string { return append([]string(nil), m.langs...) }

// Detect returns the language of text with the package Detect's contract:
// an ISO 639-1 code and a confidence in [0, 1], or ("", 0) when the text has
// too few known trigrams or no language is clearly ahead. It weighs the
// trigrams and, as further evidence, the function words of the stopword
// detector: each one lowers its languages' cost by stopwordNats.
//
// The confidence grows with the cost margin between the best and the second
// language; it is comparable between calls of this detector only.
func (m *Model) Detect(text string) (string, float64) {
	return m.decide(text, stopwordNats*costScale, m.prior)
}

// Tuning holds the weights of the evidence besides the trigrams.
type Tuning struct {
	// StopwordNats is what one function word of the stopword lists
	// lowers its languages' cost by, in nats.
	StopwordNats float64
	// PriorNats is the prior cost of each language, in nats: it encodes
	// that the pipeline mostly sees Indonesian and English, so that a
	// headline which fits several languages about as well goes to those.
	// Against a whole story's evidence it is negligible.
	PriorNats map[string]float64
	// OtherPriorNats is the prior cost of a language not in PriorNats.
	OtherPriorNats float64
}

// DefaultTuning returns the weights Detect uses, chosen with
// scripts/langeval on the evaluation set.
func DefaultTuning() Tuning {
	return Tuning{StopwordNats: stopwordNats, PriorNats: map[string]float64{"id": 0, "en": 0}, OtherPriorNats: otherPriorNats}
}

// DetectTrigrams is Detect on the trigrams alone, for the measurements.
func (m *Model) DetectTrigrams(text string) (string, float64) {
	return m.DetectTuned(text, Tuning{})
}

// DetectTuned is Detect with other weights, for the measurements.
func (m *Model) DetectTuned(text string, t Tuning) (string, float64) {
	return m.decide(text, int64(t.StopwordNats*costScale), m.priorCosts(t))
}

// priorCosts returns the prior cost of each language under t.
func (m *Model) priorCosts(t Tuning) []int64 {
	prior := make([]int64, len(m.langs))
	for l, code := range m.langs {
		p, ok := t.PriorNats[code]
		if !ok {
			p = t.OtherPriorNats
		}
		prior[l] = int64(p * costScale)
	}
	return prior
}

// decide scores text and picks the language, or none (see Detect).
func (m *Model) decide(text string, stopCost int64, prior []int64) (string, float64) {
	total := make([]int64, len(m.langs))
	n := m.score(text, total, stopCost)
	if n < minTrigrams {
		return "", 0
	}
	for l, p := range prior {
		total[l] += p
	}
	best, second := 0, -1
	for l := 1; l < len(total); l++ {
		switch {
		case total[l] < total[best]:
			best, second = l, best
		case second < 0 || total[l] < total[second]:
			second = l
		}
	}
	// Margin in nats per known trigram; the evidence is the total margin.
	gap := float64(total[second]-total[best]) / costScale
	if gap/float64(n) < minMargin {
		return "", 0
	}
	return m.langs[best], 1 - math.Exp(-gap/float64(minTrigrams))
}

// score adds the cost of each known trigram of text to total, per language,
// and returns how many known trigrams it saw (at most maxTrigrams).
// Trigrams are taken inside words (runs of letters), lower-cased, as the
// models were built; a trigram no language knows carries no evidence. Each
// stopword lowers the total of its languages by stopCost, shared among them.
func (m *Model) score(text string, total []int64, stopCost int64) int {
	var a, b rune // the two letters before the current one in this word
	inWord := 0   // letters of the current word seen so far (capped at 3)
	n := 0
	var word []byte // the current word, lower-cased, while it is short enough to be a stopword
	var buf [32]byte
	endWord := func() {
		if stopCost > 0 && len(word) > 0 {
			if langs := m.stop[string(word)]; len(langs) > 0 {
				share := stopCost / int64(len(langs))
				for _, l := range langs {
					total[l] -= share
				}
			}
		}
		word = buf[:0]
		inWord = 0
	}
	word = buf[:0]
	for i := 0; i < len(text) && n < maxTrigrams; {
		r, size := utf8.DecodeRuneInString(text[i:])
		i += size
		if !unicode.IsLetter(r) {
			endWord()
			continue
		}
		r = unicode.ToLower(r)
		if word != nil && len(word)+utf8.UTFMax <= cap(word) {
			word = utf8.AppendRune(word, r)
		} else {
			word = nil // too long for a stopword
		}
		if inWord >= 2 {
			if off, ok := m.index[key(a, b, r)]; ok {
				n++
				costs := m.costs[off : int(off)+len(m.langs)]
				for l, c := range costs {
					if c == 0 {
						total[l] += int64(m.unseen[l])
					} else {
						total[l] += int64(c)
					}
				}
				if n%checkEvery == 0 && lead(total) >= decisiveNats*costScale {
					break
				}
			}
		}
		a, b = b, r
		inWord = min(inWord+1, 3)
	}
	endWord()
	return n
}

// lead returns how far the lowest total is below the second lowest.
func lead(total []int64) int64 {
	best, second := int64(math.MaxInt64), int64(math.MaxInt64)
	for _, t := range total {
		switch {
		case t < best:
			best, second = t, best
		case t < second:
			second = t
		}
	}
	return second - best
}

// stopwordIndex maps each stopword to the positions in langs of the
// languages whose stopword list holds it.
func stopwordIndex(langs []string) map[string][]int {
	pos := make(map[string]int, len(langs))
	for i, l := range langs {
		pos[l] = i
	}
	out := make(map[string][]int, len(index))
	for w, ls := range index {
		for _, l := range ls {
			if p, ok := pos[l]; ok {
				out[w] = append(out[w], p)
			}
		}
	}
	return out
}
