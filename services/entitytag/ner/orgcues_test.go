package ner

import (
	"slices"
	"strings"
	"testing"
)

func TestAcronymPairs(t *testing.T) {
	for _, tc := range []struct {
		sent string
		want []acroPair
	}{
		// Expansion, then the acronym in parentheses; the sentence-initial
		// "Menurut" is not part of it.
		{"Menurut Komisi Pemberantasan Korupsi ( KPK ) , kasus itu selesai", []acroPair{{5, 1, 4}}},
		// Syllable acronyms and connectors inside the expansion.
		{"pejabat Kementerian Keuangan ( Kemenkeu ) hadir", []acroPair{{4, 1, 3}}},
		{"Badan Meteorologi Klimatologi dan Geofisika ( BMKG ) mencatat", []acroPair{{6, 0, 5}}},
		// Acronym first, expansion in parentheses.
		{"anggota HKTI ( Himpunan Kerukunan Tani Indonesia ) itu", []acroPair{{1, 3, 7}}},
		// Not pairs: a date, a place, a person's initials that do not match.
		{"Jakarta , Senin ( 27 / 3 )", nil},
		{"di Gedung DPR , Senayan ( Jakarta )", nil},
		{"Joko Widodo ( PDIP ) berkata", nil},
	} {
		got := acronymPairs(strings.Fields(tc.sent))
		if !slices.Equal(got, tc.want) {
			t.Errorf("acronymPairs(%q) = %v, want %v", tc.sent, got, tc.want)
		}
	}
}

func TestAbbreviates(t *testing.T) {
	for _, tc := range []struct {
		acr   string
		words string
		want  bool
	}{
		{"KPK", "Komisi Pemberantasan Korupsi", true},
		{"Bawaslu", "Badan Pengawas Pemilu", true},
		{"ICW", "Indonesia Corruption Watch", true},
		{"KPK", "Partai Kebangkitan Bangsa", false},     // first letter differs
		{"MK", "Majelis Permusyawaratan Rakyat", false}, // letters missing
		{"BI", "Badan Intelijen Negara Republik Indonesia Serikat", false},
	} {
		if got := abbreviates(tc.acr, strings.Fields(tc.words)); got != tc.want {
			t.Errorf("abbreviates(%q, %q) = %v, want %v", tc.acr, tc.words, got, tc.want)
		}
	}
}

// Runs: every word of "PT Bank Mandiri Tbk" knows the run starts with an
// organisation head word and ends with an organisation tail word; the
// sentence-initial "Menurut" hands the head to the next word.
func TestMarkRuns(t *testing.T) {
	m := NewModel("id", []string{"PER", "ORG", "LOC"}, 10, nil, nil, nil)
	m.OrgCues = true
	toks := strings.Fields("Menurut Universitas Gadjah Mada , saham PT Bank Mandiri Tbk naik di SMA Negeri 14 Jakarta")
	s := &scratch{}
	m.extract(toks, nil, s)
	pos := func(i int) uint8 { return s.infos[i].runPos }
	if h := s.infos[2].runCue >> 4; h != cueOrgHead {
		t.Errorf("Gadjah: run head cue %d, want %d", h, cueOrgHead)
	}
	for i, want := range map[int]uint8{6: runFirst, 7: runInside, 9: runLast, 5: runOut, 12: runFirst, 14: runInside, 15: runLast} {
		if pos(i) != want {
			t.Errorf("%s: run position %d, want %d", toks[i], pos(i), want)
		}
	}
	if c := s.infos[8].runCue; c != cueOrgHead<<4|cueOrgTail {
		t.Errorf("Mandiri: run cues %x, want head %d tail %d", c, cueOrgHead, cueOrgTail)
	}
	// A model trained without the cues (English) does not compute them.
	m.OrgCues = false
	m.extract(toks, nil, s)
	if pos(7) != runOut || s.infos[7].runCue != 0 {
		t.Errorf("without OrgCues: run position %d, cues %x", pos(7), s.infos[7].runCue)
	}
}

// The acronym introduced with its expansion carries that fact to its
// later mentions in the same document, and the second pass gives each side
// the first-pass type of the other.
func TestDocumentAcronyms(t *testing.T) {
	m := NewModel("id", []string{"PER", "ORG", "LOC"}, 10, nil, nil, nil)
	m.OrgCues = true
	sents := [][]string{
		strings.Fields("Komisi Pemberantasan Korupsi ( KPK ) memeriksa saksi"),
		strings.Fields("Juru bicara KPK berkata"),
	}
	doc := m.DocContext(sents)
	s := &scratch{}
	m.extract(sents[1], doc, s)
	if a := s.infos[2]; a.acro != acroDoc || a.acroCue != cueOrgHead {
		t.Errorf("later KPK: acro %d cue %d, want %d %d", a.acro, a.acroCue, acroDoc, cueOrgHead)
	}
	m.extract(sents[0], doc, s)
	if a := s.infos[4]; a.acro != acroHere {
		t.Errorf("KPK in the pair: acro %d, want %d", a.acro, acroHere)
	}
	// First pass: Komisi Pemberantasan Korupsi tagged ORG (tags 3 4 4).
	doc.remember(s.infos, []int{3, 4, 4, 0, 0, 0, 0, 0})
	doc.secondPass()
	m.extract(sents[0], doc, s)
	if p := s.infos[4].pair; p != 2 {
		t.Errorf("second pass: KPK's pair type %d, want 2 (ORG)", p)
	}
}

func TestCueClass(t *testing.T) {
	for w, want := range map[string]uint8{
		"kementerian": cueOrgHead, "kemenkeu": cueOrgHead, "kemendikbud": cueOrgHead,
		"kemenangan": cueNone, "tbk": cueOrgTail, "bank": cueOrgHead, "kabupaten": cueLocHead,
		"heights": cueLocTail, "akbp": cuePerHead, "menteri": cueRole, "rumahnya": cueNone,
	} {
		if got := cueClass([]byte(w)); got != want {
			t.Errorf("cueClass(%q) = %d, want %d", w, got, want)
		}
	}
}
