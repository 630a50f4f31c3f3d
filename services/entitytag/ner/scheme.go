package ner

// Tag schemes. The model's tags are "O" followed by a group of tags per
// entity type; the scheme decides the group. Whatever the scheme, the
// tagger's output (Tag, TagDoc, Predict) is BIO, so callers and the scorer
// never see the difference.
const (
	// SchemeBIO tags B-X (first word) and I-X (following words): 2 tags
	// per type. Models saved without a scheme are BIO.
	SchemeBIO = "bio"
	// SchemeBILOU also tells the last word (L-X) and single-word entities
	// (U-X) apart: 4 tags per type. The weights of a name's last word and
	// of a one-word name are then their own, which Ratinov and Roth (2009)
	// found better than BIO for the same features; it costs more weights
	// per feature row (17 instead of 9 for four types).
	SchemeBILOU = "bilou"
)

// Roles of a tag within its type's group.
const (
	roleB = iota
	roleI
	roleL
	roleU
)

// tagScheme is the arithmetic of a scheme over tag indexes: tag 0 is O,
// tag 1+per*k+role is the role's tag of type k.
type tagScheme struct{ per int }

func schemeOf(name string) tagScheme {
	if name == SchemeBILOU {
		return tagScheme{per: 4}
	}
	return tagScheme{per: 2}
}

// names returns the tag names: "O", then each type's group.
func (s tagScheme) names(types []string) []string {
	prefixes := []string{"B-", "I-", "L-", "U-"}[:s.per]
	out := []string{"O"}
	for _, t := range types {
		for _, p := range prefixes {
			out = append(out, p+t)
		}
	}
	return out
}

// typeOf is the type index of tag t > 0.
func (s tagScheme) typeOf(t int) int { return (t - 1) / s.per }

// role is the role of tag t > 0 (roleB, roleI, roleL, roleU).
func (s tagScheme) role(t int) int { return (t - 1) % s.per }

// begins reports whether tag t starts an entity (B, or U in BILOU).
func (s tagScheme) begins(t int) bool {
	return t > 0 && (s.role(t) == roleB || s.role(t) == roleU)
}

// open reports whether tag t must be followed by a word of the same
// entity: B and I in BILOU (the entity ends with L). In BIO nothing is.
func (s tagScheme) open(t int) bool {
	return s.per == 4 && t > 0 && (s.role(t) == roleB || s.role(t) == roleI)
}

// allowed reports whether tag c may follow tag p (p == nt: sentence start).
func (s tagScheme) allowed(p, c, nt int) bool {
	prevOpen := p < nt && s.open(p)
	if c == 0 || s.begins(c) {
		return !prevOpen
	}
	// c continues an entity (I, or L in BILOU): only after B or I of its type.
	return p < nt && p > 0 && s.typeOf(p) == s.typeOf(c) && (s.role(p) == roleB || s.role(p) == roleI)
}

// entityLen is the number of words of the entity that starts at pred[i]
// (begins(pred[i]) must hold).
func (s tagScheme) entityLen(pred []int, i int) int {
	t, n := pred[i], 1
	if s.role(t) == roleU {
		return 1
	}
	for i+n < len(pred) {
		x := pred[i+n]
		if x == 0 || s.begins(x) || s.typeOf(x) != s.typeOf(t) {
			break
		}
		n++
		if s.per == 4 && s.role(x) == roleL {
			break
		}
	}
	return n
}

// fromBIO converts a sentence's strict BIO tags (normaliseBIO) to tag
// indexes of the scheme; index names the tag of a BIO name ("B-PER"), 0
// for O and unknown types.
func (s tagScheme) fromBIO(tags []string, index func(string) int) []int {
	out := make([]int, len(tags))
	for i, t := range tags {
		k := index(t) // the group's B (role 0) or I (role 1) tag, in either scheme
		if k == 0 || s.per == 2 {
			out[i] = k
			continue
		}
		last := i+1 == len(tags) || tags[i+1] != "I-"+t[2:]
		switch {
		case s.role(k) == roleB && last:
			k += roleU - roleB
		case s.role(k) == roleI && last:
			k += roleL - roleI
		}
		out[i] = k
	}
	return out
}

// bio is the BIO name of tag t: L becomes I, U becomes B.
func (s tagScheme) bio(t int, names []string) string {
	if t == 0 || s.per == 2 {
		return names[t]
	}
	switch s.role(t) {
	case roleL:
		return names[t-roleL+roleI]
	case roleU:
		return names[t-roleU+roleB]
	}
	return names[t]
}
