package ner

import (
	"encoding/binary"
	"fmt"
	"io"
	"math/bits"
)

// rowTable is the quantised feature table of a finished model, holding only
// the rows that are not all zero. Training touches 7 % (en) to 21 % (id) of
// the 2^21 hashed rows (13 % to 29 % of 2^20 with BIO tags), so a dense
// int16 table (32 MiB for both languages at 2^20 and BIO, 125 MiB now) would
// be mostly zeros, and tagging spent half its time on cache misses into it.
//
// present has one bit per hashed row; rank[k] counts the set bits of
// present[:k], so the values of row r start at
// (rank[r/64] + popcount(present[r/64] below bit r%64)) * nt. The bitmap and
// ranks of 2^21 rows take 384 KiB and mostly stay in cache; a row that is absent
// costs one bit test and adds nothing.
type rowTable struct {
	nt      int
	present []uint64
	rank    []uint32
	vals    []int16
}

// row returns the weights of hashed row r, or nil when they are all zero.
func (t *rowTable) row(r uint32) []int16 {
	w := t.present[r>>6]
	bit := uint64(1) << (r & 63)
	if w&bit == 0 {
		return nil
	}
	i := (int(t.rank[r>>6]) + bits.OnesCount64(w&(bit-1))) * t.nt
	return t.vals[i : i+t.nt : i+t.nt]
}

// rows is the number of hashed rows (present or not).
func (t *rowTable) rows() int { return len(t.present) * 64 }

// stored is the number of rows held.
func (t *rowTable) stored() int { return len(t.vals) / t.nt }

// newRowTable compacts a dense table of nRows rows of nt weights.
func newRowTable(dense []int16, nt int) *rowTable {
	nRows := len(dense) / nt
	t := &rowTable{nt: nt, present: make([]uint64, (nRows+63)/64)}
	for r := range nRows {
		for _, v := range dense[r*nt : r*nt+nt] {
			if v != 0 {
				t.present[r>>6] |= 1 << (r & 63)
				break
			}
		}
	}
	t.index()
	t.vals = make([]int16, 0, t.count()*nt)
	for r := range nRows {
		if t.present[r>>6]&(1<<(r&63)) != 0 {
			t.vals = append(t.vals, dense[r*nt:r*nt+nt]...)
		}
	}
	return t
}

// index fills rank from present.
func (t *rowTable) index() {
	t.rank = make([]uint32, len(t.present))
	var n uint32
	for k, w := range t.present {
		t.rank[k] = n
		n += uint32(bits.OnesCount64(w))
	}
}

func (t *rowTable) count() int {
	if len(t.rank) == 0 {
		return 0
	}
	return int(t.rank[len(t.rank)-1]) + bits.OnesCount64(t.present[len(t.present)-1])
}

// write stores the table as the model file has it since format 2: a bitmap
// of present rows (bit r%8 of byte r/8), then those rows' weights in row
// order, little-endian.
func (t *rowTable) write(w io.Writer) error {
	bitmap := make([]byte, len(t.present)*8)
	for k, word := range t.present {
		binary.LittleEndian.PutUint64(bitmap[k*8:], word)
	}
	if _, err := w.Write(bitmap); err != nil {
		return err
	}
	return binary.Write(w, binary.LittleEndian, t.vals)
}

// readRowTable reads what write wrote for nRows rows (a multiple of 64) of
// nt weights.
func readRowTable(r io.Reader, nRows, nt int) (*rowTable, error) {
	bitmap := make([]byte, nRows/8)
	if _, err := io.ReadFull(r, bitmap); err != nil {
		return nil, fmt.Errorf("row bitmap: %w", err)
	}
	t := &rowTable{nt: nt, present: make([]uint64, nRows/64)}
	for k := range t.present {
		t.present[k] = binary.LittleEndian.Uint64(bitmap[k*8:])
	}
	t.index()
	t.vals = make([]int16, t.count()*nt)
	if err := binary.Read(r, binary.LittleEndian, t.vals); err != nil {
		return nil, fmt.Errorf("weights: %w", err)
	}
	return t, nil
}
