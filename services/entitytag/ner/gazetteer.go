package ner

import (
	"strings"
)

// gazetteer marks tokens covered by a known name (longest match first,
// case-insensitive so it also fires in lower-cased text). The names travel in
// the model file, so a model always sees the gazetteer it was trained with.
type gazetteer struct {
	types []string // type of each index
	seqs  map[uint64]uint8
	// prefixes holds the hashes of every proper prefix of a name, so that
	// matching stops as soon as no name can continue.
	prefixes map[uint64]bool
	maxLen   int
}

// GazEntry is one gazetteer name.
type GazEntry struct {
	Type string `json:"t"`
	Name string `json:"n"`
}

// ParseGazetteerTSV reads the baseline tagger's gazetteer format: type,
// English name, Indonesian name ("-" for none), "|"-separated aliases with
// optional "id:"/"en:" prefixes (ignored here: every form is a feature).
func ParseGazetteerTSV(tsv string) []GazEntry {
	var out []GazEntry
	for _, line := range strings.Split(tsv, "\n") {
		line = strings.TrimRight(line, "\r")
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) < 2 {
			continue
		}
		names := []string{cols[1]}
		if len(cols) > 2 && cols[2] != "-" {
			names = append(names, cols[2])
		}
		if len(cols) > 3 {
			for _, a := range strings.Split(cols[3], "|") {
				if _, rest, ok := strings.Cut(a, ":"); ok && (strings.HasPrefix(a, "id:") || strings.HasPrefix(a, "en:")) {
					a = rest
				}
				names = append(names, a)
			}
		}
		for _, n := range names {
			if n = strings.TrimSpace(n); n != "" {
				out = append(out, GazEntry{Type: cols[0], Name: n})
			}
		}
	}
	return out
}

func seqStep(h, lower uint64) uint64 { return mix(99, h, lower, 0) }

// nameHash returns the sequence hash of a name's lower-cased words (as
// mark computes it from tokInfo.lower) and its words, and adds the hash of
// every proper prefix to prefixes; buf is scratch space.
func nameHash(name string, prefixes map[uint64]bool, buf []byte) (uint64, []string, []byte) {
	words := strings.Fields(name)
	h := uint64(0)
	for k, w := range words {
		buf = lowerBuf(buf, w)
		h = seqStep(h, hashBytes(fnvOffset, buf))
		if k < len(words)-1 {
			prefixes[h] = true
		}
	}
	return h, words, buf
}

func newGazetteer(entries []GazEntry) *gazetteer {
	g := &gazetteer{seqs: map[uint64]uint8{}, prefixes: map[uint64]bool{}}
	index := map[string]uint8{}
	var buf []byte
	for _, e := range entries {
		ti, ok := index[e.Type]
		if !ok {
			g.types = append(g.types, e.Type)
			ti = uint8(len(g.types) - 1)
			index[e.Type] = ti
		}
		var h uint64
		var words []string
		h, words, buf = nameHash(e.Name, g.prefixes, buf)
		if _, dup := g.seqs[h]; !dup && len(words) > 0 {
			g.seqs[h] = ti
		}
		g.maxLen = max(g.maxLen, len(words))
	}
	return g
}

// mark sets infos[i].gaz for the tokens of the longest matches.
func (g *gazetteer) mark(infos []tokInfo) {
	if g == nil || len(g.seqs) == 0 {
		return
	}
	for i := 0; i < len(infos); {
		h := uint64(0)
		best, bestType := 0, uint8(0)
		for n := 1; n <= g.maxLen && i+n <= len(infos); n++ {
			h = seqStep(h, infos[i+n-1].lower)
			if t, ok := g.seqs[h]; ok {
				best, bestType = n, t
			}
			if !g.prefixes[h] {
				break
			}
		}
		if best == 0 {
			i++
			continue
		}
		for k := range best {
			code := 1 + 2*bestType
			if k > 0 {
				code++
			}
			infos[i+k].gaz = code
		}
		i += best
	}
}

// NameList is one open-data list of names (first names, cities, ...). Unlike
// the typed gazetteer, lists may overlap ("Washington" is a city, a region
// and a surname), so each list is matched on its own and a token carries one
// match code per list; which list means which entity type, and how much, is
// learned.
type NameList struct {
	Name  string   `json:"name"`
	Names []string `json:"names"`
}

// maxLists bounds the lists of one model: tokInfo.lists has 2 bits per list.
const maxLists = 8

// nameLists matches every list in one pass: seqs maps the hash of a
// lower-cased word sequence to the bitmask of the lists holding it.
type nameLists struct {
	seqs     map[uint64]uint8
	prefixes map[uint64]bool
	maxLen   int
	n        int
}

func newNameLists(lists []NameList) *nameLists {
	g := &nameLists{seqs: map[uint64]uint8{}, prefixes: map[uint64]bool{}, n: len(lists)}
	var buf []byte
	for li, l := range lists {
		for _, name := range l.Names {
			var h uint64
			var words []string
			h, words, buf = nameHash(name, g.prefixes, buf)
			if len(words) > 0 {
				g.seqs[h] |= 1 << li
				g.maxLen = max(g.maxLen, len(words))
			}
		}
	}
	return g
}

// mark sets infos[i].lists: for list b, bits 2b..2b+1 are 1 for the first
// word of a longest match of that list and 2 for the following words.
func (g *nameLists) mark(infos []tokInfo) {
	if g == nil || len(g.seqs) == 0 {
		return
	}
	var coveredUntil [maxLists]int
	for i := range infos {
		var best [maxLists]int
		h := uint64(0)
		for n := 1; n <= g.maxLen && i+n <= len(infos); n++ {
			h = seqStep(h, infos[i+n-1].lower)
			if mask, ok := g.seqs[h]; ok {
				for b := range g.n {
					if mask&(1<<b) != 0 {
						best[b] = n
					}
				}
			}
			if !g.prefixes[h] {
				break
			}
		}
		for b := range g.n {
			if best[b] == 0 || i < coveredUntil[b] {
				continue
			}
			infos[i].lists |= 1 << (2 * b)
			for k := 1; k < best[b]; k++ {
				infos[i+k].lists |= 2 << (2 * b)
			}
			coveredUntil[b] = i + best[b]
		}
	}
}
