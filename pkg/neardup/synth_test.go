package neardup

import (
	"math/rand/v2"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The synthetic positives: light edits of a real story, the differences
// that the same story shows when it arrives through two feeds or after a
// desk has touched it. Every edit is deterministic given the generator.

// edit is one kind of light edit; it returns the edited headline and body,
// or ok=false when the story has nothing the edit could work on.
type edit struct {
	kind  string
	apply func(r *rand.Rand, s story, donor story) (headline, body string, ok bool)
}

var edits = []edit{
	{"dateline", editDateline},
	{"trailer", editTrailer},
	{"sentence-added", editAddSentence},
	{"sentence-removed", editRemoveSentence},
	{"words-changed", editWords},
	{"rewrapped", editRewrap},
	{"headline-rewritten", editHeadline},
	{"two-feeds", editTwoFeeds},
}

var (
	places   = []string{"JAKARTA", "LONDON", "NEW YORK", "Semarang", "Wamena", "TOKYO", "Surabaya", "BRUSSELS"}
	agencies = []string{"Reuters", "ANTARA News", "AP", "AFP", "Antara", "dpa"}
	trailers = []string{
		"Editor: Heppy Ratna",
		"(Reporting by Jane Doe; Editing by John Smith)",
		"Copyright © 2017 ANTARA",
		"(U.B018/T013)",
		"Baca juga: Berita terkait lainnya",
		"Follow us on Twitter for the latest news.",
	}
)

// editDateline puts a dateline with an agency in front of the body, or
// swaps the agency of one that is there ("Wamena (ANTARA News) - ...").
func editDateline(r *rand.Rand, s story, _ story) (string, string, bool) {
	place := places[r.IntN(len(places))]
	agency := agencies[r.IntN(len(agencies))]
	body := s.body
	if i := strings.Index(body, ") - "); i >= 0 && i < 60 {
		if j := strings.LastIndex(body[:i], "("); j >= 0 {
			return s.headline, body[:j+1] + agency + body[i:], true
		}
	}
	return s.headline, place + " (" + agency + ") - " + body, true
}

// editTrailer appends an editor, credit or copyright line, or removes the
// last paragraph when it is short enough to be one.
func editTrailer(r *rand.Rand, s story, _ story) (string, string, bool) {
	ps := strings.Split(s.body, "\n\n")
	if last := ps[len(ps)-1]; len(ps) > 2 && len(strings.Fields(last)) <= 8 {
		return s.headline, strings.Join(ps[:len(ps)-1], "\n\n"), true
	}
	return s.headline, s.body + "\n\n" + trailers[r.IntN(len(trailers))], true
}

// editAddSentence inserts one sentence of another story of the same
// corpus at a paragraph boundary: an update's extra line.
func editAddSentence(r *rand.Rand, s story, donor story) (string, string, bool) {
	ds := sentences(donor.body)
	if len(ds) == 0 {
		return "", "", false
	}
	ps := strings.Split(s.body, "\n\n")
	at := 1 + r.IntN(len(ps))
	ps = append(ps[:at], append([]string{ds[r.IntN(len(ds))]}, ps[at:]...)...)
	return s.headline, strings.Join(ps, "\n\n"), true
}

// editRemoveSentence drops one sentence (not the first: the lead is what
// every version keeps).
func editRemoveSentence(r *rand.Rand, s story, _ story) (string, string, bool) {
	ps := strings.Split(s.body, "\n\n")
	type loc struct{ p, i int }
	var all []loc
	for p, para := range ps {
		for i := range sentences(para) {
			if p > 0 || i > 0 {
				all = append(all, loc{p, i})
			}
		}
	}
	if len(all) < 3 {
		return "", "", false
	}
	l := all[r.IntN(len(all))]
	ss := sentences(ps[l.p])
	ss = append(ss[:l.i], ss[l.i+1:]...)
	ps[l.p] = strings.Join(ss, " ")
	var out []string
	for _, p := range ps {
		if p != "" {
			out = append(out, p)
		}
	}
	return s.headline, strings.Join(out, "\n\n"), true
}

// editWords replaces three words of the body with words of another story:
// a corrected figure, a fixed typo, a house-style change.
func editWords(r *rand.Rand, s story, donor story) (string, string, bool) {
	words := strings.Fields(s.body)
	dw := strings.Fields(donor.body)
	if len(words) < 20 || len(dw) == 0 {
		return "", "", false
	}
	for range 3 {
		words[r.IntN(len(words))] = dw[r.IntN(len(dw))]
	}
	return s.headline, strings.Join(words, " "), true
}

// editRewrap hard-wraps the body at 60 columns and joins paragraphs, as a
// feed that sends fixed-width text does. Only white space changes.
func editRewrap(_ *rand.Rand, s story, _ story) (string, string, bool) {
	var b strings.Builder
	col := 0
	for _, w := range strings.Fields(s.body) {
		if col > 0 && col+1+utf8.RuneCountInString(w) > 60 {
			b.WriteString("\n")
			col = 0
		} else if col > 0 {
			b.WriteString(" ")
			col++
		}
		b.WriteString(w)
		col += utf8.RuneCountInString(w)
	}
	return s.headline, b.String(), true
}

// editHeadline rewrites the headline: a word or two dropped, two of the
// donor's headline words added, as a second desk titles the same copy.
func editHeadline(r *rand.Rand, s story, donor story) (string, string, bool) {
	hw := strings.Fields(s.headline)
	dw := strings.Fields(donor.headline)
	if len(hw) < 3 || len(dw) < 2 {
		return "", "", false
	}
	for range 1 + r.IntN(2) {
		i := r.IntN(len(hw))
		hw = append(hw[:i], hw[i+1:]...)
	}
	for range 2 {
		i := r.IntN(len(hw) + 1)
		hw = append(hw[:i], append([]string{dw[r.IntN(len(dw))]}, hw[i:]...)...)
	}
	return strings.Join(hw, " "), s.body, true
}

// editTwoFeeds combines the edits that separate an agency's own copy from
// the same story on a client's site: another headline, a dateline, a
// trailer and one sentence cut.
func editTwoFeeds(r *rand.Rand, s story, donor story) (string, string, bool) {
	h, _, ok := editHeadline(r, s, donor)
	if !ok {
		return "", "", false
	}
	s.headline = h
	_, s.body, _ = editDateline(r, s, donor)
	_, s.body, _ = editTrailer(r, s, donor)
	_, b, ok := editRemoveSentence(r, s, donor)
	if !ok {
		return "", "", false
	}
	return s.headline, b, true
}

// sentences cuts a paragraph after ". ", "! " or "? " followed by an
// upper-case letter or a quote; good enough for news prose.
func sentences(p string) []string {
	var out []string
	start := 0
	for i := 0; i+2 < len(p); i++ {
		if (p[i] == '.' || p[i] == '!' || p[i] == '?') && p[i+1] == ' ' {
			next, _ := utf8.DecodeRuneInString(p[i+2:])
			if unicode.IsUpper(next) || next == '"' {
				out = append(out, p[start:i+1])
				start = i + 2
			}
		}
	}
	if start < len(p) {
		out = append(out, p[start:])
	}
	return out
}
