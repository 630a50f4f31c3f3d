package ner

import (
	"bytes"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestRowTable: the compact table returns every row of the dense one
// (absent rows as nil), and survives the model file's encoding.
func TestRowTable(t *testing.T) {
	const nRows, nt = 1024, 7
	rng := rand.New(rand.NewPCG(1, 2))
	dense := make([]int16, nRows*nt)
	for r := range nRows {
		if rng.IntN(4) == 0 { // a quarter of the rows hold weights, as in a trained model
			for c := range nt {
				dense[r*nt+c] = int16(rng.IntN(200) - 100)
			}
			dense[r*nt+rng.IntN(nt)] = 1 // never all zero
		}
	}
	check := func(name string, tab *rowTable) {
		t.Helper()
		held := 0
		for r := range nRows {
			want := dense[r*nt : r*nt+nt]
			got := tab.row(uint32(r))
			if slices.Equal(want, make([]int16, nt)) {
				if got != nil {
					t.Fatalf("%s: row %d is all zero but the table returns %v", name, r, got)
				}
				continue
			}
			held++
			if !slices.Equal(got, want) {
				t.Fatalf("%s: row %d = %v, want %v", name, r, got, want)
			}
		}
		if tab.stored() != held || tab.rows() != nRows {
			t.Fatalf("%s: stored %d of %d rows, want %d of %d", name, tab.stored(), tab.rows(), held, nRows)
		}
	}
	tab := newRowTable(dense, nt)
	check("compacted", tab)
	var buf bytes.Buffer
	if err := tab.write(&buf); err != nil {
		t.Fatal(err)
	}
	file := bytes.Clone(buf.Bytes())
	back, err := readRowTable(&buf, nRows, nt)
	if err != nil {
		t.Fatal(err)
	}
	check("read back", back)
	if _, err := readRowTable(bytes.NewReader(file[:len(file)-3]), nRows, nt); err == nil {
		t.Fatal("a truncated table was read without error")
	}
}
