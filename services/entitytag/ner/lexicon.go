package ner

import (
	"cmp"
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Word classes learned from unlabelled news give the tagger knowledge about
// words it never saw labelled: which words behave alike (distributional
// clusters, a cheap stand-in for Brown clusters) and how often a word is
// capitalised in running text when it does not start a sentence (which also
// tells the model about names in lower-cased text such as NERP).
//
// Clusters: each frequent word gets a vector of positive PMI with the most
// frequent words at offsets -2, -1, +1, +2, randomly projected down to Dim
// dimensions; vectors are centred and normalised, then spherical k-means
// gives fine clusters and k-means over their centroids coarse ones.

// wordClass is stored per lower-cased word; zero values mean unknown.
type wordClass struct {
	fine, mid, coarse uint16 // cluster + 1
	capr              uint8  // capitalisation bucket + 1
}

// LexiconConfig controls BuildLexicon.
type LexiconConfig struct {
	MinCount int // minimum frequency for a cluster
	MaxWords int // vocabulary cap for clustering (most frequent first)
	Contexts int // number of frequent words used as contexts, per offset
	Dim      int // random-indexing dimension
	Fine     int // number of fine clusters
	Mid      int // number of middle clusters
	Coarse   int // number of coarse clusters
	Iters    int // k-means iterations
}

// DefaultLexiconConfig is what the train command uses.
var DefaultLexiconConfig = LexiconConfig{MinCount: 5, MaxWords: 25000, Contexts: 800, Dim: 128, Fine: 800, Mid: 200, Coarse: 40, Iters: 10}

// lexicon is the learned word table, keyed by the hash of the lower-cased
// word (tokInfo.lower), so a lookup hashes nothing more.
type lexicon map[uint64]wordClass

// LexiconData is the serialised lexicon.
type LexiconData struct {
	Words  []string `json:"words"`
	Fine   []uint16 `json:"fine"`
	Mid    []uint16 `json:"mid"`
	Coarse []uint16 `json:"coarse"`
	Caps   []uint8  `json:"caps"`
}

func (d *LexiconData) build() lexicon {
	if d == nil {
		return nil
	}
	lx := make(lexicon, len(d.Words))
	for i, w := range d.Words {
		if i < len(d.Fine) && i < len(d.Mid) && i < len(d.Coarse) && i < len(d.Caps) {
			lx[hashString(fnvOffset, w)] = wordClass{d.Fine[i], d.Mid[i], d.Coarse[i], d.Caps[i]}
		}
	}
	return lx
}

// BuildLexicon learns word classes from token sequences (sentences or
// paragraphs of unlabelled text; labelled training text may be included).
func BuildLexicon(seqs [][]string, cfg LexiconConfig) *LexiconData {
	count := map[string]int{}
	capsN := map[string]int{} // non-initial capitalised occurrences
	inner := map[string]int{} // non-initial occurrences with letters
	lows := make([][]string, len(seqs))
	for si, s := range seqs {
		low := make([]string, len(s))
		for i, w := range s {
			l := strings.ToLower(w)
			low[i] = l
			count[l]++
			r, _ := utf8.DecodeRuneInString(w)
			if i > 0 && unicode.IsLetter(r) && !isAllUpper(w) {
				inner[l]++
				if unicode.IsUpper(r) {
					capsN[l]++
				}
			}
		}
		lows[si] = low
	}
	vocab := make([]string, 0, len(count))
	for w, c := range count {
		if c >= cfg.MinCount {
			vocab = append(vocab, w)
		}
	}
	slices.SortFunc(vocab, func(a, b string) int { return cmp.Or(cmp.Compare(count[b], count[a]), cmp.Compare(a, b)) })
	if len(vocab) > cfg.MaxWords {
		vocab = vocab[:cfg.MaxWords]
	}
	index := make(map[string]int, len(vocab))
	for i, w := range vocab {
		index[w] = i
	}
	vec, D := contextVectors(lows, vocab, index, count, cfg)
	normalise(vec, D, true)
	vocab = vocab[:len(vec)/D] // only the clustered words
	fine := kmeans(vec, D, min(cfg.Fine, len(vocab)), cfg.Iters)
	// Coarse clusters: k-means over the fine centroids.
	cent := centroids(vec, D, fine, min(cfg.Fine, len(vocab)))
	coarseOfFine := kmeans(cent, D, min(cfg.Coarse, len(cent)/D), cfg.Iters)
	midOfFine := kmeans(cent, D, min(cfg.Mid, len(cent)/D), cfg.Iters)

	out := &LexiconData{}
	seen := map[string]bool{}
	for i, w := range vocab {
		seen[w] = true
		out.Words = append(out.Words, w)
		out.Fine = append(out.Fine, uint16(fine[i]+1))
		out.Mid = append(out.Mid, uint16(midOfFine[fine[i]]+1))
		out.Coarse = append(out.Coarse, uint16(coarseOfFine[fine[i]]+1))
		out.Caps = append(out.Caps, capsBucket(capsN[w], inner[w]))
	}
	// Words too rare for a cluster still get their capitalisation bucket.
	for w, n := range inner {
		if !seen[w] && n >= 2 {
			out.Words = append(out.Words, w)
			out.Fine = append(out.Fine, 0)
			out.Mid = append(out.Mid, 0)
			out.Coarse = append(out.Coarse, 0)
			out.Caps = append(out.Caps, capsBucket(capsN[w], n))
		}
	}
	return out
}

func isAllUpper(w string) bool {
	letters := 0
	for _, r := range w {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsLetter(r) {
			letters++
		}
	}
	return letters > 1
}

// capsBucket is 1 + a 5-level bucket of the share of capitalised
// non-initial occurrences, or 0 without evidence.
func capsBucket(caps, n int) uint8 {
	if n < 2 {
		return 0
	}
	r := float64(caps) / float64(n)
	switch {
	case r == 0:
		return 1
	case r < 0.1:
		return 2
	case r < 0.5:
		return 3
	case r < 0.9:
		return 4
	}
	return 5
}

// normalise centres (optionally) and L2-normalises the rows of vec.
func normalise(vec []float32, D int, centre bool) {
	n := len(vec) / D
	if n == 0 {
		return
	}
	if centre {
		mean := make([]float64, D)
		for i := range n {
			for d, x := range vec[i*D : i*D+D] {
				mean[d] += float64(x)
			}
		}
		for i := range n {
			v := vec[i*D : i*D+D]
			for d := range v {
				v[d] -= float32(mean[d] / float64(n))
			}
		}
	}
	for i := range n {
		v := vec[i*D : i*D+D]
		var s float64
		for _, x := range v {
			s += float64(x) * float64(x)
		}
		if s > 0 {
			inv := float32(1 / math.Sqrt(s))
			for d := range v {
				v[d] *= inv
			}
		}
	}
}

// kmeans is spherical k-means over unit rows, seeded with the first k rows
// (the most frequent words), deterministic.
func kmeans(vec []float32, D, k, iters int) []int {
	n := len(vec) / D
	assign := make([]int, n)
	if k <= 1 {
		return assign
	}
	cent := slices.Clone(vec[:k*D])
	for range iters {
		for i := range n {
			v := vec[i*D : i*D+D]
			best, arg := float32(math.Inf(-1)), 0
			for c := range k {
				cv := cent[c*D : c*D+D]
				var s float32
				for d := range D {
					s += v[d] * cv[d]
				}
				if s > best {
					best, arg = s, c
				}
			}
			assign[i] = arg
		}
		nc := centroids(vec, D, assign, k)
		// Keep an empty cluster's old centroid.
		for c := range k {
			empty := true
			for _, x := range nc[c*D : c*D+D] {
				if x != 0 {
					empty = false
					break
				}
			}
			if !empty {
				copy(cent[c*D:c*D+D], nc[c*D:c*D+D])
			}
		}
	}
	return assign
}

// centroids returns the normalised mean row of each cluster.
func centroids(vec []float32, D int, assign []int, k int) []float32 {
	cent := make([]float32, k*D)
	for i, c := range assign {
		cv := cent[c*D : c*D+D]
		for d, x := range vec[i*D : i*D+D] {
			cv[d] += x
		}
	}
	normalise(cent, D, false)
	return cent
}

// contextVectors returns the projected PPMI context vectors of the vocabulary
// words (row i for vocab[i]) and their dimension.
func contextVectors(lows [][]string, vocab []string, index map[string]int, count map[string]int, cfg LexiconConfig) ([]float32, int) {
	nctx := min(cfg.Contexts, len(vocab))
	const offsets = 4
	width := offsets * (nctx + 1) // +1: sentence boundary
	cooc := make([]float32, len(vocab)*width)
	ctxTotal := make([]float64, width)
	total := 0.0
	for _, low := range lows {
		for i, w := range low {
			vi, ok := index[w]
			if !ok {
				continue
			}
			for oi, off := range [...]int{-2, -1, 1, 2} {
				j := i + off
				c := nctx // boundary
				if j >= 0 && j < len(low) {
					ci, ok := index[low[j]]
					if !ok || ci >= nctx {
						continue
					}
					c = ci
				}
				col := oi*(nctx+1) + c
				cooc[vi*width+col]++
				ctxTotal[col]++
				total++
			}
		}
	}
	D := cfg.Dim
	vec := make([]float32, len(vocab)*D)
	// Random ±1 projection, fixed by a hash of the column.
	proj := make([]float32, width*D)
	for col := range width {
		for d := range D {
			if mix(uint64(col), uint64(d), 12345, 0)&1 == 0 {
				proj[col*D+d] = 1
			} else {
				proj[col*D+d] = -1
			}
		}
	}
	for vi := range vocab {
		row := cooc[vi*width : vi*width+width]
		var rowSum float64
		for _, x := range row {
			rowSum += float64(x)
		}
		if rowSum == 0 {
			continue
		}
		v := vec[vi*D : vi*D+D]
		for col, x := range row {
			if x == 0 {
				continue
			}
			pmi := math.Log(float64(x) * total / (rowSum * math.Pow(ctxTotal[col], 0.75) * math.Pow(total, 0.25)))
			if pmi <= 0 {
				continue
			}
			p := proj[col*D : col*D+D]
			for d := range D {
				v[d] += float32(pmi) * p[d]
			}
		}
	}
	return vec, D
}
