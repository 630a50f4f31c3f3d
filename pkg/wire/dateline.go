package wire

import (
	"regexp"
	"strings"
)

// dateline is the "Place (Agency) - " opening of a wire story's lead.
type dateline struct {
	place, agency string
	rest          string // the paragraph after the dateline
}

// The dateline forms of the package comment. Each is anchored at the start
// of the paragraph, stays on its first line and ends with a dash followed by
// white space or the end of the paragraph. "- -" is the tokenised "--" of
// some corpora.
const dash = `(--|- -|–|—|-)(?:\s+|$)`

var (
	// "Moskow (ANTARA News) - ", "GROSSETO, Italy (AP) -- ",
	// "Banda Aceh, (ANTARA News) - ".
	parenDateline = regexp.MustCompile(`^(\p{Lu}[^()\n]{0,60}?)\s*,?\s*\((\p{Lu}[^()\n]{0,39})\)\s*` + dash)
	// "Jakarta, CNN Indonesia -- ", "ASSEN, JUARA.net - ",
	// "JUARA.NET, KUALA LUMPUR - ".
	commaDateline = regexp.MustCompile(`^(\p{Lu}[\p{L}\p{N}.'&]*(?:[ -][\p{L}\p{N}.'&]+){0,3}), (\p{Lu}[\p{L}\p{N}.'&]*(?:[ -][\p{L}\p{N}.'&]+){0,3})\s*` + dash)
	// "JAKARTA - ", "AMERIKA SERIKAT – ", "JAKARTA -Wakil": a place in
	// capitals, its first word three letters or more ("GO - JEK" is a
	// tokenised brand, not a dateline); the dash must be apart from the place or the text, so that
	// "ASEAN-PBB" is not a dateline.
	capsDateline = regexp.MustCompile(`^(\p{Lu}{3,}(?: \p{Lu}{2,}){0,2})(?:\s+(?:--|- -|–|—|-)\s*|(?:--|–|—|-)\s+)`)
	// "Merdeka.com - ", "Rimanews - ".
	agencyDateline = regexp.MustCompile(`^([\p{L}\p{N}-]+(?:\.\p{L}{2,6})+|\p{Lu}\p{L}*[Nn]ews)\s*` + dash)

	domainLike = regexp.MustCompile(`\.\p{L}{2,6}$`)
	// trailingDate is the date Reuters puts after the place:
	// "WASHINGTON, March 3 (Reuters) - ".
	trailingDate = regexp.MustCompile(`(?i),\s*(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+[0-9]{1,2}$`)
)

// parseDateline recognises a dateline at the start of p.
func parseDateline(p string) (dateline, bool) {
	if m := parenDateline.FindStringSubmatchIndex(p); m != nil {
		place := strings.Trim(p[m[2]:m[3]], " ,")
		place = trailingDate.ReplaceAllString(place, "")
		agency := strings.TrimSpace(p[m[4]:m[5]])
		if plausiblePlace(place) && len(strings.Fields(agency)) <= 5 {
			return dateline{place: place, agency: agency, rest: p[m[1]:]}, true
		}
	}
	if m := commaDateline.FindStringSubmatchIndex(p); m != nil {
		a, b := p[m[2]:m[3]], p[m[4]:m[5]]
		d := dateline{rest: p[m[1]:]}
		switch single := p[m[6]:m[7]] == "-"; {
		case domainLike.MatchString(a) && !domainLike.MatchString(b):
			d.agency, d.place = a, b
		case domainLike.MatchString(b) || !single:
			d.place, d.agency = a, b
		default: // "Kuala Lumpur, Malaysia - ": no agency named
			d.place = a + ", " + b
		}
		return d, true
	}
	if m := capsDateline.FindStringSubmatchIndex(p); m != nil {
		return dateline{place: p[m[2]:m[3]], rest: p[m[1]:]}, true
	}
	if m := agencyDateline.FindStringSubmatchIndex(p); m != nil {
		return dateline{agency: p[m[2]:m[3]], rest: p[m[1]:]}, true
	}
	return dateline{}, false
}

// plausiblePlace rejects a "place" that is really the start of a sentence
// with a parenthesis in it: too many words, or sentence punctuation.
func plausiblePlace(s string) bool {
	return s != "" && len(strings.Fields(s)) <= 6 && !strings.ContainsAny(s, `!?;:"“”`)
}
