package aliases

import (
	"cmp"
	"slices"
	"strings"

	"github.com/newsroom-pipeline/newsroom/pkg/article"
	"github.com/newsroom-pipeline/newsroom/services/entitytag/tagger"
)

// Tagger gives the entities another tagger finds their canonical names.
type Tagger struct {
	Inner tagger.Tagger
	Table *Table
}

// Tag returns Inner's entities under their canonical names (see
// Canonicalize).
func (t Tagger) Tag(a *article.Article) []article.Entity {
	return t.Table.Canonicalize(a, t.Inner.Tag(a))
}

// Version is Inner's version and the table's, so that a new table shows in
// tagger_version: "learned-3+aliases-1a2b3c4d".
func (t Tagger) Version() string { return t.Inner.Version() + "+" + t.Table.Version() }

// VersionFor is Version with Inner's per-article version when it has one.
func (t Tagger) VersionFor(a *article.Article) string {
	if v, ok := t.Inner.(tagger.ArticleVersioner); ok {
		return v.VersionFor(a) + "+" + t.Table.Version()
	}
	return t.Version()
}

// Canonicalize renames the entities of a to their canonical names and merges
// the entities that then share a name: counts add up, the salience is the
// highest, mentions are joined, and the names the story used plus the
// table's aliases become the entity's Aliases. The story's own pairs ("Long
// Name (SHORT)") add to the table (see storyNames). When the merged names
// were given different types, the full name's type wins ("KPK" tagged as a
// place in a story that calls it "Komisi Pemberantasan Korupsi", an
// organisation), else the table's type for the name, else the type of most
// mentions. ents is not modified.
func (t *Table) Canonicalize(a *article.Article, ents []article.Entity) []article.Entity {
	if len(ents) == 0 {
		return ents
	}
	inStory := t.storyNames(a)
	canonOf := func(name string) string {
		if c, ok := inStory[name]; ok {
			return c
		}
		if c, ok := t.Canonical(a.Language, name); ok {
			return c
		}
		return name
	}
	// Group by canonical name, keeping the order of first appearance.
	var order []string
	groups := map[string][]article.Entity{}
	for _, e := range ents {
		c := canonOf(e.Name)
		if _, ok := groups[c]; !ok {
			order = append(order, c)
		}
		groups[c] = append(groups[c], e)
	}
	out := make([]article.Entity, 0, len(order))
	for _, c := range order {
		out = append(out, t.merge(a.Language, c, groups[c])...)
	}
	return out
}

// merge joins the entities ents, all with canonical name canon. Entities of
// a type other than the chosen one that were not renamed keep their own
// entry: the tagger meant them as different things ("Jakarta" the city,
// "Jakarta" a club).
func (t *Table) merge(lang, canon string, ents []article.Entity) []article.Entity {
	typ := chooseType(canon, t.Type(lang, canon), ents)
	m := article.Entity{Name: canon, Type: typ}
	var names []string
	var rest []article.Entity
	for _, e := range ents {
		if e.Type != typ && e.Name == canon {
			rest = append(rest, e)
			continue
		}
		m.Count += e.Count
		m.Salience = max(m.Salience, e.Salience)
		m.Mentions = append(m.Mentions, e.Mentions...)
		names = append(names, e.Name)
		names = append(names, e.Aliases...)
	}
	names = append(names, t.Aliases(lang, canon)...)
	for _, n := range names {
		if n != canon && !slices.Contains(m.Aliases, n) {
			m.Aliases = append(m.Aliases, n)
		}
	}
	slices.Sort(m.Aliases)
	slices.SortFunc(m.Mentions, func(x, y article.Mention) int {
		return cmp.Or(strings.Compare(x.Field, y.Field), cmp.Compare(x.Start, y.Start), cmp.Compare(x.End, y.End))
	})
	if len(ents) == 1 && len(m.Aliases) == 0 && ents[0].Name == canon {
		return ents // nothing to do: keep the tagger's entity as it was
	}
	return append([]article.Entity{m}, rest...)
}

// chooseType is the type of the entity already named canon, else the
// table's type for it, else the type with the most mentions (the first one
// on a tie).
func chooseType(canon, tableType string, ents []article.Entity) string {
	for _, e := range ents {
		if e.Name == canon {
			return e.Type
		}
	}
	if tableType != "" {
		return tableType
	}
	count := map[string]int{}
	best := ents[0].Type
	for _, e := range ents {
		count[e.Type] += e.Count
		if count[e.Type] > count[best] {
			best = e.Type
		}
	}
	return best
}

// storyNames returns the canonical names the story's own pairs ("Long Name
// (SHORT)") give, by name. A short form the table does not know is filed
// under the story's full name. One it knows keeps the table's canonical name,
// so that the name stays the same across stories, and the story's full name
// becomes one more alias of it ("Komisi Pemberantas Korupsi (KPK)", a typo)
// unless the two full names share fewer than half their words: then the
// story means something else by the short form ("Komite Pengawas Keuangan
// (KPK)"), and in this story the short form is its.
func (t *Table) storyNames(a *article.Article) map[string]string {
	out := map[string]string{}
	for _, p := range Pairs(a.Headline + "\n\n" + a.BodyText) {
		c, ok := t.Canonical(a.Language, p.Short)
		switch {
		case !ok:
			out[p.Short] = p.Long
		case c != p.Long && similar(c, p.Long):
			out[p.Long] = c
		case c != p.Long:
			out[p.Short] = p.Long
		}
	}
	return out
}

// similar reports whether full names a and b share at least half the words
// of the longer one, ignoring case.
func similar(a, b string) bool {
	wa, wb := strings.Fields(strings.ToLower(a)), strings.Fields(strings.ToLower(b))
	shared := 0
	for _, w := range wa {
		if slices.Contains(wb, w) {
			shared++
		}
	}
	return 2*shared >= max(len(wa), len(wb))
}
