package main

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/newsroom-pipeline/newsroom/pkg/article"
	"github.com/newsroom-pipeline/newsroom/services/entitytag/aliases"
)

func TestMinerKeepsRepeatedUnambiguousPairs(t *testing.T) {
	m := newMiner(func(lang, text string) []article.Entity {
		if strings.HasPrefix(text, "Ketua") {
			return []article.Entity{{Name: "Komisi Pemberantasan Korupsi", Type: "ORG"}}
		}
		return nil
	})
	for _, s := range []string{
		"Komisi Pemberantasan Korupsi (KPK) memeriksa saksi.",
		"Ketua Komisi Pemberantasan Korupsi (KPK) Agus Rahardjo.",
		"Komite Pengawas Keuangan (KPK) bersidang.",     // one of three: KPK stays
		"Badan Pusat Statistik (BPS) mencatat inflasi.", // one story only
		"Partai Amanat Nasional (PAN) dan Partai Amanat Nasional (PAN).",
		"Persatuan Anak Nelayan (PAN) berdemo.", // PAN: one of two each, ambiguous
	} {
		m.add("id", s)
	}
	entries, dropped := m.entries(2)
	want := []aliases.Entry{{Lang: "id", Canonical: "Komisi Pemberantasan Korupsi", Alias: "KPK", Type: "ORG", Evidence: "mined: 2 stories of 3"}}
	if !reflect.DeepEqual(entries, want) {
		t.Errorf("entries = %+v, want %+v", entries, want)
	}
	if len(dropped) != 0 {
		t.Errorf("dropped %v; PAN has only one story per full name, under -min-stories", dropped)
	}
	entries, dropped = m.entries(1)
	if len(entries) != 2 || !reflect.DeepEqual(dropped, []string{"id:PAN"}) {
		t.Errorf("min 1: entries %+v, dropped %v; want KPK and BPS, PAN dropped as ambiguous", entries, dropped)
	}
}

func TestMineWritesATableTheLibraryReads(t *testing.T) {
	data := t.TempDir()
	dir := filepath.Join(data, "en-news-bbc", "bbc", "politics")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for i, s := range []string{"The United Nations (UN) met.", "United Nations (UN) envoys said."} {
		if err := os.WriteFile(filepath.Join(dir, string(rune('a'+i))+".txt"), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// The other corpora are absent: mine must say which one it could not read.
	out := filepath.Join(t.TempDir(), "mined.tsv")
	var stdout, stderr bytes.Buffer
	err := run([]string{"mine", "-data", data, "-out", out}, &stdout, &stderr)
	if err == nil || !strings.Contains(err.Error(), "indosum") {
		t.Fatalf("mine without IndoSum: err %v, want one naming it", err)
	}
	// With only the BBC corpus listed, the table is written and parses.
	saved := corpora
	defer func() { corpora = saved }()
	corpora = []corpus{{"en", "en-news-bbc/bbc", readBBC}}
	if err := run([]string{"mine", "-data", data, "-out", out}, &stdout, &stderr); err != nil {
		t.Fatalf("mine: %v\n%s", err, stderr.String())
	}
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	entries, err := aliases.Parse(f)
	if err != nil || len(entries) != 1 || entries[0].Canonical != "United Nations" || entries[0].Alias != "UN" {
		t.Errorf("table: %+v, %v", entries, err)
	}
	if !strings.Contains(stderr.String(), "read 2 en stories") {
		t.Errorf("no progress line: %q", stderr.String())
	}
}

func TestLookup(t *testing.T) {
	var out bytes.Buffer
	if err := run([]string{"lookup", "-lang", "id", "KPK"}, &out, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "KPK\t→ Komisi Pemberantasan Korupsi") {
		t.Errorf("lookup: %q", out.String())
	}
	if err := run([]string{"frobnicate"}, &out, &out); err == nil {
		t.Error("an unknown subcommand succeeded")
	}
}
