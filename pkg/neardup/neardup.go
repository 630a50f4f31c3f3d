package neardup

import (
	"errors"
	"fmt"
	"math/bits"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Version tags the fingerprint algorithm. Fingerprints and band keys of
// different versions are never compared (see the package comment).
const Version = "sh1"

// Tuning, chosen by TestNearDuplicatePrecision (see the package comment).
const (
	// ShingleWords is the number of consecutive tokens in a shingle.
	ShingleWords = 4
	// MinShingles is the least number of shingles a text needs for a
	// fingerprint.
	MinShingles = 50
	// Threshold is the largest Hamming distance at which two fingerprints
	// are near-duplicates.
	Threshold = 7
)

// Band scheme: bandBlocks blocks, one key per combination of
// blocksPerKey of them. Two fingerprints within Threshold share at least
// bandBlocks-Threshold equal blocks, hence blocksPerKey must not exceed it.
const (
	bandBlocks   = 10
	blocksPerKey = bandBlocks - Threshold
)

// Fingerprint returns the SimHash of text, or ok=false when text has fewer
// than MinShingles shingles: too little evidence to call anything a copy.
func Fingerprint(text string) (fp uint64, ok bool) {
	fp, _, ok = fingerprint(text, ShingleWords, MinShingles)
	return fp, ok
}

// FingerprintStory is Fingerprint of a story's headline and body text, the
// composition the pipeline stores; use it rather than joining them
// yourself.
func FingerprintStory(headline, body string) (fp uint64, ok bool) {
	return Fingerprint(headline + "\n\n" + body)
}

// Distance is the Hamming distance between two fingerprints: the number of
// bits in which they differ, 0..64.
func Distance(a, b uint64) int { return bits.OnesCount64(a ^ b) }

// IsNearDuplicate reports whether two fingerprints are within Threshold.
func IsNearDuplicate(a, b uint64) bool { return Distance(a, b) <= Threshold }

// Format renders a fingerprint for storage: Version, a colon and 16
// lower-case hex digits, e.g. "sh1:00f3a2c49b1e7d05".
func Format(fp uint64) string {
	return fmt.Sprintf("%s:%016x", Version, fp)
}

// ErrOtherVersion is returned by Parse for a fingerprint of another
// algorithm version: it cannot be compared with this one's.
var ErrOtherVersion = errors.New("fingerprint of another version")

// Parse reads a fingerprint written by Format.
func Parse(s string) (uint64, error) {
	ver, hex, found := strings.Cut(s, ":")
	if !found {
		return 0, fmt.Errorf("fingerprint %q: want %s:<16 hex digits>", s, Version)
	}
	if ver != Version {
		return 0, fmt.Errorf("fingerprint %q: %w (this is %s)", s, ErrOtherVersion, Version)
	}
	if len(hex) != 16 {
		return 0, fmt.Errorf("fingerprint %q: want 16 hex digits after %q", s, Version+":")
	}
	fp, err := strconv.ParseUint(hex, 16, 64)
	if err != nil {
		return 0, fmt.Errorf("fingerprint %q: %w", s, err)
	}
	return fp, nil
}

// Bands returns the candidate keys of a fingerprint, e.g. "sh1:b016:1f02c":
// Version, "b" and the indices of the three blocks, and the blocks' bits in
// hex. Any two fingerprints within Threshold share at least one key.
func Bands(fp uint64) []string {
	var blocks [bandBlocks]uint64
	var widths [bandBlocks]int
	pos := 0
	for i := range blocks {
		w := 64 / bandBlocks
		if i < 64%bandBlocks {
			w++
		}
		blocks[i] = fp >> pos & (1<<w - 1)
		widths[i] = w
		pos += w
	}
	keys := make([]string, 0, 120) // C(10, 3)
	buf := make([]byte, 0, 32)
	for i := 0; i < bandBlocks; i++ {
		for j := i + 1; j < bandBlocks; j++ {
			for k := j + 1; k < bandBlocks; k++ {
				v := blocks[i]<<(widths[j]+widths[k]) | blocks[j]<<widths[k] | blocks[k]
				buf = append(buf[:0], Version+":b"...)
				buf = append(buf, byte('0'+i), byte('0'+j), byte('0'+k), ':')
				buf = strconv.AppendUint(buf, v, 16)
				keys = append(keys, string(buf))
			}
		}
	}
	return keys
}

// Candidate is an indexed story found through a shared band key.
type Candidate struct {
	ID          string // the story's document id
	ClusterID   string // the cluster it belongs to; "" means its own ID
	Fingerprint string // as stored (Format); other versions are skipped
}

// Match returns the story that a story with fingerprint fp duplicates: the
// candidate nearest to fp within Threshold, the earlier one in cands on a
// tie (pass them oldest first, so a cluster points at its first story),
// and the cluster the new story joins. ok=false means no candidate is a
// near-copy: the new story starts a cluster named by its own id.
func Match(fp uint64, cands []Candidate) (duplicateOf, clusterID string, ok bool) {
	best := Threshold + 1
	for _, c := range cands {
		other, err := Parse(c.Fingerprint)
		if err != nil {
			continue
		}
		if d := Distance(fp, other); d < best {
			best, duplicateOf, clusterID, ok = d, c.ID, c.ClusterID, true
			if clusterID == "" {
				clusterID = c.ID
			}
		}
	}
	return duplicateOf, clusterID, ok
}

// fingerprint is Fingerprint with the shingle size and minimum as
// parameters, so that the evaluation can compare variants; n is the number
// of shingles.
func fingerprint(text string, words, minShingles int) (fp uint64, n int, ok bool) {
	var v votes
	toks := tokens(text)
	for i := 0; i+words <= len(toks); i++ {
		v.add(shingleHash(toks[i : i+words]))
		n++
	}
	if n == 0 || n < minShingles {
		return 0, n, false
	}
	v.flush()
	for b, c := range v.ones {
		// A bit is set when more than half of the shingle hashes have it.
		if 2*c > n {
			fp |= 1 << b
		}
	}
	return fp, n, true
}

// votes counts, for each of the 64 bit positions, the hashes that have the
// bit set. It adds eight positions at a time: lane j holds the counts of
// bits j, j+8, ..., j+56 in its eight bytes, which are moved to ones before
// any of them can overflow.
type votes struct {
	lanes   [8]uint64
	pending int
	ones    [64]int
}

const laneMask = 0x0101010101010101

func (v *votes) add(h uint64) {
	for j := range v.lanes {
		v.lanes[j] += h >> j & laneMask
	}
	if v.pending++; v.pending == 255 {
		v.flush()
	}
}

func (v *votes) flush() {
	for j, lane := range v.lanes {
		for k := 0; k < 8; k++ {
			v.ones[8*k+j] += int(lane >> (8 * k) & 0xff)
		}
		v.lanes[j] = 0
	}
	v.pending = 0
}

// FNV-1a 64 constants.
const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

// shingleHash is FNV-1a 64 over the shingle's tokens joined by single
// spaces, finished with MurmurHash3's fmix64. FNV-1a alone is unfit for
// SimHash: its low bits depend only on the low bits of the input bytes.
func shingleHash(toks []string) uint64 {
	h := uint64(fnvOffset)
	for i, t := range toks {
		if i > 0 {
			h ^= ' '
			h *= fnvPrime
		}
		for j := 0; j < len(t); j++ {
			h ^= uint64(t[j])
			h *= fnvPrime
		}
	}
	return fmix64(h)
}

// fmix64 is the MurmurHash3 finaliser: every output bit depends on every
// input bit.
func fmix64(h uint64) uint64 {
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	h *= 0xc4ceb9fe1a85ec53
	h ^= h >> 33
	return h
}

// tokens returns the normalised words of text (see the package comment).
// The tokens are substrings of one new string, so there is one allocation
// for the text and one for the slice.
func tokens(text string) []string {
	if !isASCII(text) {
		text = norm.NFKD.String(text)
	}
	buf := make([]byte, 0, len(text))
	ends := make([]int, 0, len(text)/5) // token i is buf[ends[i-1]:ends[i]]
	inTok := false
	endTok := func() {
		if inTok {
			ends = append(ends, len(buf))
			inTok = false
		}
	}
	for _, r := range text {
		if r < utf8.RuneSelf {
			switch {
			case 'a' <= r && r <= 'z' || '0' <= r && r <= '9':
				buf = append(buf, byte(r))
				inTok = true
			case 'A' <= r && r <= 'Z':
				buf = append(buf, byte(r)+'a'-'A')
				inTok = true
			default:
				endTok()
			}
			continue
		}
		switch {
		case unicode.Is(unicode.Mn, r):
			// A dropped accent neither ends nor starts a token.
		case isIdeograph(r):
			endTok()
			buf = utf8.AppendRune(buf, r)
			inTok = true
			endTok()
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r):
			buf = utf8.AppendRune(buf, unicode.ToLower(r))
			inTok = true
		default:
			endTok()
		}
	}
	endTok()
	s := string(buf)
	toks := make([]string, len(ends))
	start := 0
	for i, e := range ends {
		toks[i] = s[start:e]
		start = e
	}
	return toks
}

// isIdeograph reports whether r belongs to a script written without spaces
// between words whose runes are words or morphemes on their own.
func isIdeograph(r rune) bool {
	return r >= 0x2E80 && unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
