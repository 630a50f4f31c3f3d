// Package aliases gives an entity one canonical name across stories: "KPK"
// and "Komisi Pemberantasan Korupsi", "Jokowi" and "Joko Widodo", "AS" and
// "Amerika Serikat" become one entity named by its full name, with the other
// names kept as its aliases, so that a search for any of them finds every
// story.
//
// Two sources decide a canonical name, the first winning:
//   - the story itself: a full name followed by its short form in
//     parentheses ("Komisi Pemberantasan Korupsi (KPK)", see Pairs);
//   - the alias table: mined.tsv, the pairs that stories of the shared news
//     corpora introduce the same way (go run ./cmd/aliases mine), and
//     curated.tsv, names no rule can pair ("Ahok", "Gus Dur"), each with
//     the evidence for it.
package aliases

import (
	"bufio"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/newsroom-pipeline/newsroom/pkg/article"
)

// Entry is one line of an alias table: in stories of language Lang, Alias
// is another name of Canonical.
type Entry struct {
	Lang      string // "id", "en", or "*" for every language
	Canonical string
	Alias     string
	Type      string // the canonical entity's type (PER, ORG, LOC, ...), "" if unknown
	Evidence  string // why: "mined: 56 stories", "curated: ..."
}

var (
	//go:embed mined.tsv
	minedTSV string
	//go:embed curated.tsv
	curatedTSV string
)

// Table maps aliases to canonical names, per language. It is read-only after
// New and safe for concurrent use.
type Table struct {
	canonical map[string]string   // lang + "\x00" + alias → canonical name
	aliases   map[string][]string // lang + "\x00" + canonical → its aliases, sorted
	types     map[string]string   // lang + "\x00" + canonical → its type, when known
	acronyms  map[string]string   // lang + "\x00" + alias → type, for AcronymType
	version   string
	entries   int
}

// Default returns the table built from the embedded mined.tsv and
// curated.tsv. It panics if they do not parse: they are part of the build.
func Default() *Table {
	var all []Entry
	for name, text := range map[string]string{"mined.tsv": minedTSV, "curated.tsv": curatedTSV} {
		e, err := Parse(strings.NewReader(text))
		if err != nil {
			panic(fmt.Sprintf("aliases: embedded %s: %v", name, err))
		}
		all = append(all, e...)
	}
	return New(all)
}

// Parse reads a table: one entry per line, tab-separated lang, canonical,
// alias, type (PER, ORG, LOC, EVT, MISC or "-" when unknown) and evidence;
// blank lines and lines starting with # are skipped.
func Parse(r io.Reader) ([]Entry, error) {
	var out []Entry
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) < 4 || f[0] == "" || f[1] == "" || f[2] == "" {
			return nil, fmt.Errorf("line %d: want lang, canonical, alias, type[, evidence] separated by tabs: %q", n, line)
		}
		e := Entry{Lang: f[0], Canonical: f[1], Alias: f[2], Type: f[3]}
		switch e.Type {
		case "-":
			e.Type = ""
		case article.TypePerson, article.TypeOrganisation, article.TypePlace, article.TypeEvent, article.TypeMisc:
		default:
			return nil, fmt.Errorf("line %d: type %q: want PER, ORG, LOC, EVT, MISC or -", n, e.Type)
		}
		if len(f) > 4 {
			e.Evidence = f[4]
		}
		if e.Canonical == e.Alias {
			return nil, fmt.Errorf("line %d: %q is its own alias", n, e.Alias)
		}
		out = append(out, e)
	}
	return out, sc.Err()
}

// New builds a table. A later entry for the same language and alias
// replaces an earlier one.
func New(entries []Entry) *Table {
	sorted := slices.Clone(entries)
	slices.SortFunc(sorted, func(a, b Entry) int {
		return strings.Compare(a.Lang+"\x00"+a.Alias+"\x00"+a.Canonical, b.Lang+"\x00"+b.Alias+"\x00"+b.Canonical)
	})
	t := &Table{canonical: map[string]string{}, aliases: map[string][]string{}, types: map[string]string{}, acronyms: map[string]string{}, entries: len(sorted)}
	h := sha256.New()
	for _, e := range sorted {
		t.canonical[e.Lang+"\x00"+e.Alias] = e.Canonical
		if e.Type != "" {
			t.types[e.Lang+"\x00"+e.Canonical] = e.Type
		}
		if e.Type != "" && trusted(e.Evidence) {
			t.acronyms[e.Lang+"\x00"+e.Alias] = e.Type
		} else {
			delete(t.acronyms, e.Lang+"\x00"+e.Alias)
		}
		fmt.Fprintf(h, "%s\t%s\t%s\t%s\n", e.Lang, e.Canonical, e.Alias, e.Type)
	}
	for k, canon := range t.canonical {
		lang, alias, _ := strings.Cut(k, "\x00")
		key := lang + "\x00" + canon
		t.aliases[key] = append(t.aliases[key], alias)
	}
	for _, a := range t.aliases {
		slices.Sort(a)
	}
	t.version = "aliases-" + hex.EncodeToString(h.Sum(nil))[:8]
	return t
}

// Len is the number of entries.
func (t *Table) Len() int { return t.entries }

// Version identifies the table's content; it changes whenever an entry
// does, so stories tagged with an older table can be found and re-tagged.
func (t *Table) Version() string { return t.version }

// Canonical returns the canonical name of alias in stories of language
// lang (entries for "*" apply to every language).
func (t *Table) Canonical(lang, alias string) (string, bool) {
	if c, ok := t.canonical[lang+"\x00"+alias]; ok {
		return c, true
	}
	c, ok := t.canonical["*\x00"+alias]
	return c, ok
}

// Type returns the type of the entity named canonical in stories of
// language lang, "" when the table does not say.
func (t *Table) Type(lang, canonical string) string {
	if typ, ok := t.types[lang+"\x00"+canonical]; ok {
		return typ
	}
	return t.types["*\x00"+canonical]
}

// AcronymType returns the type of the entity alias stands for in stories of
// language lang, for the aliases the table trusts to mean that entity
// wherever they are written ("" for the others): what
// learned.Tagger.Acronyms wants. Trusted are the curated entries and those
// mined from at least minTrusted stories: a pair seen in two stories can be
// one meaning among several ("DPP" was "Dewan Pertimbangan Pegawai" twice,
// and is the parties' "Dewan Pimpinan Pusat" in thirty other stories).
func (t *Table) AcronymType(lang, alias string) string {
	if typ, ok := t.acronyms[lang+"\x00"+alias]; ok {
		return typ
	}
	return t.acronyms["*\x00"+alias]
}

// minTrusted is the number of stories a mined pair needs for AcronymType.
const minTrusted = 3

// trusted reports evidence "curated: ..." or "mined: N stories[ of M]"
// with N >= minTrusted.
func trusted(evidence string) bool {
	if strings.HasPrefix(evidence, "curated:") {
		return true
	}
	var n int
	if _, err := fmt.Sscanf(evidence, "mined: %d stories", &n); err != nil {
		return false
	}
	return n >= minTrusted
}

// Aliases returns the other names of canonical in stories of language lang.
func (t *Table) Aliases(lang, canonical string) []string {
	out := slices.Clone(t.aliases[lang+"\x00"+canonical])
	for _, a := range t.aliases["*\x00"+canonical] {
		if !slices.Contains(out, a) {
			out = append(out, a)
		}
	}
	slices.Sort(out)
	return out
}
