package gazetteers

import (
	"slices"
	"testing"
)

func TestLists(t *testing.T) {
	lists := Lists()
	if len(lists) != len(Order) {
		t.Fatalf("%d lists, want %d", len(lists), len(Order))
	}
	want := map[string][]string{
		"person-first":  {"Ellen", "James"},
		"person-last":   {"Tauscher", "Smith"},
		"place-city":    {"Moskow", "Chicago", "Washington"},
		"place-country": {"Amerika Serikat", "Indonesia", "Russia"},
		"place-region":  {"Jawa Barat", "California", "Bandung"},
	}
	for i, l := range lists {
		if l.Name != Order[i] {
			t.Errorf("list %d is %q, want %q", i, l.Name, Order[i])
		}
		for _, n := range want[l.Name] {
			if !slices.Contains(l.Names, n) {
				t.Errorf("%s lacks %q", l.Name, n)
			}
		}
		for _, n := range l.Names {
			if n == "" || n[0] == '#' {
				t.Errorf("%s holds %q", l.Name, n)
			}
		}
	}
}
