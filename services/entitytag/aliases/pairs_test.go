package aliases

import (
	"slices"
	"strings"
	"testing"
)

func TestExpansion(t *testing.T) {
	for _, c := range []struct {
		short, long string
		start       int
		ok          bool
	}{
		{"KPK", "Komisi Pemberantasan Korupsi", 0, true},
		{"KPK", "Ketua Komisi Pemberantasan Korupsi", 1, true},
		{"Jokowi", "Presiden Joko Widodo", 1, true},
		{"Kemenkeu", "Kementerian Keuangan", 0, true},
		{"PBB", "Perserikatan Bangsa-Bangsa", 0, true},
		{"ESDM", "Kementerian Energi dan Sumber Daya Mineral", 1, true},
		{"PPATK", "Pusat Pelaporan dan Analisis Transaksi Keuangan", 0, true},
		{"PDI-P", "Partai Demokrasi Indonesia Perjuangan", 0, true},
		{"SBY", "Susilo Bambang Yudhoyono", 0, true},
		{"UN", "United Nations", 0, true},
		{"DTI", "Department of Trade and Industry", 0, true},
		// A team or a country in parentheses is not a short form.
		{"Ferrari", "Sebastian Vettel", 0, false},
		{"Jepang", "Sayaka Hirota", 0, false},
		{"Persero", "PT Pertamina", 0, false},
		// Every word of the full name from the start must give a letter.
		{"KP", "Komisi Pemberantasan Korupsi", 0, false},
		{"K", "Komisi Pemberantasan", 0, false},
	} {
		start, ok := Expansion(c.short, strings.Fields(c.long))
		if ok != c.ok || (ok && start != c.start) {
			t.Errorf("Expansion(%q, %q) = %d, %v; want %d, %v", c.short, c.long, start, ok, c.start, c.ok)
		}
	}
}

func TestPairs(t *testing.T) {
	text := "JAKARTA - Ketua Komisi Pemberantasan Korupsi (KPK) Agus Rahardjo mengatakan, Presiden Joko Widodo (Jokowi) " +
		"sudah menerima laporan. Kementerian Keuangan (Kemenkeu) dan OJK (Otoritas Jasa Keuangan) ikut. " +
		"Pebalap Sebastian Vettel (Ferrari) menang. Badan Pusat Statistik (BPS) mencatat, lalu BPS (Badan Pusat Statistik) lagi. " +
		"Kata dia (Kamis). Bank (BI) dan (MK) serta Dewan\nPerwakilan Rakyat (DPR) tidak dibaca: a line break ends a name."
	got := Pairs(text)
	want := []Pair{
		{"Komisi Pemberantasan Korupsi", "KPK"},
		{"Joko Widodo", "Jokowi"},
		{"Kementerian Keuangan", "Kemenkeu"},
		{"Otoritas Jasa Keuangan", "OJK"},
		{"Badan Pusat Statistik", "BPS"},
	}
	if !slices.Equal(got, want) {
		t.Errorf("Pairs:\n got %v\nwant %v", got, want)
	}
}

func BenchmarkPairs(b *testing.B) {
	// A long story with a few parentheses, as wire copy has.
	text := strings.Repeat("Komisi Pemberantasan Korupsi (KPK) memeriksa saksi di Jakarta, Kamis (8/2). ", 5) +
		strings.Repeat("Perundingan pertahanan rudal antara Rusia dan NATO di Moskow berlanjut tanpa hasil. ", 60)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		Pairs(text)
	}
}
