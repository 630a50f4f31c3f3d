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
// Clusters: each word gets a context vector by random indexing (every
// neighbour at offsets -2, -1, +1, +2 adds a sparse random ±1 signature,
// weighted down for frequent neighbours), vectors are centred and
// normalised, then spherical k-means gives fine clusters and k-means over
// their centroids gives coarse ones.

// wordClass is stored per lower-cased word; zero values mean unknown.
type wordClass struct {
	fine, coarse uint16 // cluster + 1
	capr         uint8  // capitalisation bucket + 1
}

// LexiconConfig controls BuildLexicon.
type LexiconConfig struct {
	MinCount int // minimum frequency for a cluster
	MaxWords int // vocabulary cap (most frequent first)
	Dim      int // random-indexing dimension
	Fine     int // number of fine clusters
	Coarse   int // number of coarse clusters
	Iters    int // k-means iterations
}

// DefaultLexiconConfig is what the train command uses.
var DefaultLexiconConfig = LexiconConfig{MinCount: 4, MaxWords: 60000, Dim: 128, Fine: 300, Coarse: 40, Iters: 8}

// lexicon is the learned word table, keyed by lower-cased word.
type lexicon map[string]wordClass

// LexiconData is the serialised lexicon.
type LexiconData struct {
	Words  []string `json:"words"`
	Fine   []uint16 `json:"fine"`
	Coarse []uint16 `json:"coarse"`
	Caps   []uint8  `json:"caps"`
}

func (d *LexiconData) build() lexicon {
	if d == nil {
		return nil
	}
	lx := make(lexicon, len(d.Words))
	for i, w := range d.Words {
		if i < len(d.Fine) && i < len(d.Coarse) && i < len(d.Caps) {
			lx[w] = wordClass{d.Fine[i], d.Coarse[i], d.Caps[i]}
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
	D := cfg.Dim
	vec := make([]float32, len(vocab)*D)
	const nnz = 6
	for _, low := range lows {
		for i, w := range low {
			vi, ok := index[w]
			if !ok {
				continue
			}
			v := vec[vi*D : vi*D+D]
			for _, off := range [...]int{-2, -1, 1, 2} {
				j := i + off
				var ch uint64
				wt := float32(1)
				if j < 0 || j >= len(low) {
					ch = uint64(100 + off)
				} else {
					ch = hashString(fnvOffset, low[j])
					wt = float32(1 / math.Sqrt(float64(count[low[j]])))
				}
				h := mix(uint64(off+10), ch, 0, 0)
				for k := range nnz {
					x := mix(uint64(k), h, 7, 0)
					d := int(x % uint64(D))
					if x&(1<<40) != 0 {
						v[d] += wt
					} else {
						v[d] -= wt
					}
				}
			}
		}
	}
	normalise(vec, D, true)
	fine := kmeans(vec, D, min(cfg.Fine, len(vocab)), cfg.Iters)
	// Coarse clusters: k-means over the fine centroids.
	cent := centroids(vec, D, fine, min(cfg.Fine, len(vocab)))
	coarseOfFine := kmeans(cent, D, min(cfg.Coarse, len(cent)/D), cfg.Iters)

	out := &LexiconData{}
	seen := map[string]bool{}
	for i, w := range vocab {
		seen[w] = true
		out.Words = append(out.Words, w)
		out.Fine = append(out.Fine, uint16(fine[i]+1))
		out.Coarse = append(out.Coarse, uint16(coarseOfFine[fine[i]]+1))
		out.Caps = append(out.Caps, capsBucket(capsN[w], inner[w]))
	}
	// Words too rare for a cluster still get their capitalisation bucket.
	for w, n := range inner {
		if !seen[w] && n >= 2 {
			out.Words = append(out.Words, w)
			out.Fine = append(out.Fine, 0)
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
