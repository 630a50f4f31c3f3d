package newsearch

import (
	"bytes"
	"strings"
	"testing"
)

func TestTable(t *testing.T) {
	var b bytes.Buffer
	err := Table(&b, []Article{{ID: "sha256-0123456789abcdef0123456789abcdef", Language: "id",
		Headline: "Perundingan pertahanan rudal antara Rusia-Amerika Serikat mengalami kebuntuan, kata Utusan",
		People:   []string{"Dmitry Rogozin", "Ellen Tauscher"}, Places: []string{"Moskow"}}})
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "ID") {
		t.Fatalf("table:\n%s", b.String())
	}
	for _, want := range []string{"sha256-0123456789abcdef…", " id ", "Dmitry Rogozin, Ellen Tauscher", "Moskow", "Perundingan pertahanan"} {
		if !strings.Contains(lines[1], want) {
			t.Errorf("row %q lacks %q", lines[1], want)
		}
	}
}

func TestSourceAndClip(t *testing.T) {
	if got := clip("abcdef", 4); got != "abc…" {
		t.Errorf("clip = %q", got)
	}
}
