package wire

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/newsroom-pipeline/newsroom/pkg/article"
	"github.com/newsroom-pipeline/newsroom/pkg/format"
)

func TestParseDateline(t *testing.T) {
	tests := []struct {
		name          string
		para          string
		place, agency string
		rest          string // "" with ok=false means no dateline
		ok            bool
	}{
		{"antara", "Moskow (ANTARA News) - Perundingan pertahanan", "Moskow", "ANTARA News", "Perundingan pertahanan", true},
		{"antara two-part place", "Samarinda, Kalimantan Timur (ANTARA News) - \"Saat itu", "Samarinda, Kalimantan Timur", "ANTARA News", "\"Saat itu", true},
		{"antara comma before paren", "Banda Aceh, (ANTARA News) - Gempa", "Banda Aceh", "ANTARA News", "Gempa", true},
		{"ap double dash", "GROSSETO, Italy (AP) -- The trial", "GROSSETO, Italy", "AP", "The trial", true},
		{"reuters with date", "WASHINGTON, March 3 (Reuters) - The U.S.", "WASHINGTON", "Reuters", "The U.S.", true},
		{"pos kota en dash", "Jakarta (Pos Kota) – Polisi menangkap", "Jakarta", "Pos Kota", "Polisi menangkap", true},
		{"cnn tokenised dashes", "Jakarta, CNN Indonesia - - PT Pertamina", "Jakarta", "CNN Indonesia", "PT Pertamina", true},
		{"cnn double dash", "Jakarta, CNN Indonesia -- PT Pertamina", "Jakarta", "CNN Indonesia", "PT Pertamina", true},
		{"place, domain", "ASSEN, JUARA.net - MotoGP 2017", "ASSEN", "JUARA.net", "MotoGP 2017", true},
		{"domain, place", "JUARA.NET, KUALA LUMPUR - Tim bulu tangkis", "KUALA LUMPUR", "JUARA.NET", "Tim bulu tangkis", true},
		{"place, region single dash", "Kuala Lumpur, Malaysia - Polisi", "Kuala Lumpur, Malaysia", "", "Polisi", true},
		{"domain only", "Merdeka.com - Salah satu legenda", "", "Merdeka.com", "Salah satu legenda", true},
		{"news brand", "Rimanews - Komite Olimpiade", "", "Rimanews", "Komite Olimpiade", true},
		{"dateline alone", "Suara.com -", "", "Suara.com", "", true},
		{"caps place", "AMERIKA SERIKAT – Ancaman pemotongan", "AMERIKA SERIKAT", "", "Ancaman pemotongan", true},
		{"caps place, dash glued to text", "JAKARTA -Wakil Presiden", "JAKARTA", "", "Wakil Presiden", true},
		{"plain lead", "Ketua MPR Zulkifli Hasan menyesalkan kisruh yang terjadi.", "", "", "", false},
		{"hyphenated caps", "ASEAN-PBB sepakat bekerja sama.", "", "", "", false},
		{"tokenised brand", "GO - JEK akan melebarkan sayap", "", "", "", false},
		{"lead with parenthesis", "Presiden Joko Widodo mengatakan bahwa pemerintah (pusat) - bersama daerah - siap.", "", "", "", false},
		{"bbc lead", "Quarterly profits at US media giant TimeWarner jumped 76% to $1.13bn (£600m) for the three months", "", "", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, ok := parseDateline(tt.para)
			if ok != tt.ok {
				t.Fatalf("ok = %v (%+v), want %v", ok, d, tt.ok)
			}
			if !ok {
				return
			}
			if d.place != tt.place || d.agency != tt.agency || d.rest != tt.rest {
				t.Errorf("got place %q agency %q rest %q, want %q %q %q", d.place, d.agency, d.rest, tt.place, tt.agency, tt.rest)
			}
		})
	}
}

func TestDeskCode(t *testing.T) {
	tests := []struct {
		line string
		want string // "" means not a desk code
	}{
		{"(UU.SDP-12/C003)", "UU.SDP-12/C003"},
		{"(D011)", "D011"},
		{"(U.B018/T013)", "U.B018/T013"},
		{"(UU.A026)", "UU.A026"},
		{"(Uu. H - RF / I015)", "Uu.H-RF/I015"},
		{"(T.KR - NJI / M019)", "T.KR-NJI/M019"},
		{"(H - RF)", "H-RF"},
		{"(AP)", ""},
		{"(Reuters)", ""},
		{"(2008)", ""},
		{"(25,000)", ""},
		{"(bac)", ""},
		{"(Foto: Reuters)", ""},
		{"UU.SDP-12/C003", ""},
		{"(Jakarta / Bandung)", ""},
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			got, ok := deskCode(tt.line)
			if ok != (tt.want != "") || got != tt.want {
				t.Errorf("deskCode(%q) = %q, %v; want %q", tt.line, got, ok, tt.want)
			}
		})
	}
}

func TestParseCopyright(t *testing.T) {
	tests := []struct {
		notice string
		holder string
		year   int
	}{
		{"Copyright © ANTARA 2011", "ANTARA", 2011},
		{"COPYRIGHT © ANTARA 2017", "ANTARA", 2017},
		{"(c) 2011 Reuters", "Reuters", 2011},
		{"© 2010-2012 Kompas Gramedia", "Kompas Gramedia", 2012},
		{"Copyright 2013 The News Agency, www.tna.org - all rights reserved.", "The News Agency", 2013},
		{"Copyright ANTARA", "ANTARA", 0},
		{"Copyright 2017-18 - Acme Newswire", "Acme Newswire", 2017}, // a range's end is not the holder
	}
	for _, tt := range tests {
		t.Run(tt.notice, func(t *testing.T) {
			holder, year := parseCopyright(tt.notice)
			if holder != tt.holder || year != tt.year {
				t.Errorf("got %q %d, want %q %d", holder, year, tt.holder, tt.year)
			}
		})
	}
}

func TestTrailer(t *testing.T) {
	tests := []struct {
		name  string
		text  string
		body  string
		check func(a *article.Article) bool
	}{
		{"desk code ending the last sentence",
			"Jakarta (ANTARA News) - Harga naik.\n\nKata dia, harga akan turun. (UU.A026)",
			"Harga naik.\n\nKata dia, harga akan turun.",
			func(a *article.Article) bool { return strings.Join(a.DeskCodes, ",") == "UU.A026" }},
		{"parenthesis belonging to the sentence stays",
			"Harga naik pada Senin.\n\nPemerintah mengumumkan harga baru (Rp 10.000)",
			"Harga naik pada Senin.\n\nPemerintah mengumumkan harga baru (Rp 10.000)",
			func(a *article.Article) bool { return len(a.DeskCodes) == 0 }},
		{"pewarta and editor, several codes in story order",
			"Harga naik pada Senin.\n\n(T.KR-NJI/M019)\n(Uu. C003)\n\nPewarta: Budi Santoso\nEditor: Ruslan Burhani\nCOPYRIGHT © ANTARA 2019",
			"Harga naik pada Senin.",
			func(a *article.Article) bool {
				return a.Byline == "Budi Santoso" && a.Editor == "Ruslan Burhani" && a.CopyrightYear == 2019 &&
					strings.Join(a.DeskCodes, ",") == "T.KR-NJI/M019,Uu.C003"
			}},
		{"baca juga stays",
			"Harga naik pada Senin.\n\nBaca juga: Harga cabai turun",
			"Harga naik pada Senin.\n\nBaca juga: Harga cabai turun",
			func(a *article.Article) bool { return a.Editor == "" }},
		{"a last sentence starting with Copyright stays",
			"Harga naik pada Senin.\n\nCopyright law was not discussed at the meeting in Jakarta on Monday.",
			"Harga naik pada Senin.\n\nCopyright law was not discussed at the meeting in Jakarta on Monday.",
			func(a *article.Article) bool { return a.CopyrightNotice == "" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Parse(format.Text, "", []byte(tt.text))
			if err != nil {
				t.Fatal(err)
			}
			if a.BodyText != tt.body {
				t.Errorf("body %q, want %q", a.BodyText, tt.body)
			}
			if !tt.check(a) {
				t.Errorf("fields: %+v", a)
			}
		})
	}
}

func TestHeadlineRule(t *testing.T) {
	long := "Perundingan pertahanan rudal antara Rusia-Amerika Serikat mengalami kebuntuan, kata Utusan asal Rusia untuk Pakta Pertahanan Atlantik Utara (NATO), Dmitry Rogozin, pada Rabu."
	tests := []struct {
		name     string
		text     string
		headline string
		body     string // prefix
	}{
		{"bbc title line", "Ad sales boost Time Warner profit\n\nQuarterly profits at US media giant TimeWarner jumped 76%.", "Ad sales boost Time Warner profit", "Quarterly profits"},
		{"title with quotes", "Blair 'will not quit'\n\nThe prime minister said.", "Blair 'will not quit'", "The prime minister"},
		{"title with ellipsis", "Rivals of the £400 Apple...\n\nThe Mac mini is here.", "Rivals of the £400 Apple...", "The Mac mini"},
		{"question line is not a title", "Siapa yang tak suka dengan donat?\n\nDonat adalah makanan.", "Siapa yang tak suka dengan donat?", "Siapa yang tak suka"},
		{"sentence is not a title", "Harga naik pada Senin.\n\nKata dia, harga akan turun.", "Harga naik pada Senin", "Harga naik pada Senin."},
		{"single paragraph is not a title", "Gempa di Palu", "Gempa di Palu", "Gempa di Palu"},
		{"dateline paragraph is not a title", "Jakarta (ANTARA News) - Gempa di Palu\n\nKata dia.", "Gempa di Palu", "Gempa di Palu"},
		{"title then dateline lead", "Gempa guncang Palu\n\nPALU (Reuters) - Gempa kuat mengguncang.", "Gempa guncang Palu", "Gempa kuat"},
		{"long lead cut with ellipsis", "Moskow (ANTARA News) - " + long + "\n\nRogozin menambahkan.", "Perundingan pertahanan rudal antara Rusia-Amerika Serikat mengalami kebuntuan, kata Utusan asal Rusia untuk Pakta…", "Perundingan"},
		{"first sentence only", "Dr. Budi dan J. Smith tiba pada Senin. Mereka bertemu presiden.\n\nLagi.", "Dr. Budi dan J. Smith tiba pada Senin", "Dr. Budi"},
		{"decimal is not a sentence end", "Harga naik 3.5 persen kemarin. Kata dia.\n\nLagi.", "Harga naik 3.5 persen kemarin", "Harga"},
		{"quoted first sentence", "\"Kami siap,\" kata dia. \"Sangat siap.\"\n\nLagi.", "\"Kami siap,\" kata dia", "\"Kami"},
		{"reporter credit on top", "Reporter: Edy Purnomo\n\nHarga naik pada Senin.", "Harga naik pada Senin", "Harga"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Parse(format.Text, "", []byte(tt.text))
			if err != nil {
				t.Fatal(err)
			}
			if a.Headline != tt.headline {
				t.Errorf("headline %q, want %q", a.Headline, tt.headline)
			}
			if !strings.HasPrefix(a.BodyText, tt.body) {
				t.Errorf("body %q, want prefix %q", a.BodyText, tt.body)
			}
			if n := utf8.RuneCountInString(a.Headline); n > maxHeadlineRunes && !strings.Contains(tt.name, "title") {
				t.Errorf("derived headline has %d runes, want <= %d", n, maxHeadlineRunes)
			}
		})
	}
}

func TestLeadHeadlineOneLongWord(t *testing.T) {
	word := strings.Repeat("x", 300)
	got := leadHeadline(word)
	if n := utf8.RuneCountInString(got); n != maxHeadlineRunes || !strings.HasSuffix(got, "…") {
		t.Errorf("got %d runes %q..., want %d ending in …", n, got[:10], maxHeadlineRunes)
	}
}

func TestCleanText(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"crlf and trailing spaces", "a  \r\nb\t\r\n", "a\nb"},
		{"lone cr", "a\rb", "a\nb"},
		{"collapse spaces and tabs", "a \t  b\u00a0\u00a0c", "a b c"},
		{"collapse blank lines", "a\n\n\n\n b \n \n\t\nc", "a\n\nb\n\nc"},
		{"trim blank ends", "\n\n  a\n\n", "a"},
		{"nfc", "cafe\u0301", "café"},
		{"controls and zero-width dropped", "a\x00b\u200bc\ufeffd", "abcd"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := cleanText(tt.in); got != tt.want {
				t.Errorf("cleanText(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestCountWords(t *testing.T) {
	tests := []struct {
		text string
		want int
	}{
		{"", 0},
		{"Kim Jong - un tiba.", 4},
		{"Rusia-Amerika Serikat (NATO), 2011 — ya", 5},
		{"a\n\nb c", 3},
	}
	for _, tt := range tests {
		if got := countWords(tt.text); got != tt.want {
			t.Errorf("countWords(%q) = %d, want %d", tt.text, got, tt.want)
		}
	}
}
