// Package gazetteers holds the open-data name lists that the learned tagger
// is trained with (see SOURCE.md; scripts/ner-gazetteers rebuilds them).
// Only training reads this package: a model file carries its own copy of
// the lists, so the entity-tag worker does not link them twice.
package gazetteers

import (
	"embed"
	"strings"

	"github.com/newsroom-pipeline/newsroom/services/entitytag/ner"
)

//go:embed *.txt
var files embed.FS

// Order is the list order a model is trained with. Features group the
// first two (person names) and the next three (places), and read the sixth
// as organisations (org.txt, written by hand): keep them there.
var Order = []string{"person-first", "person-last", "place-city", "place-country", "place-region", "org"}

// Lists returns the name lists in Order.
func Lists() []ner.NameList {
	out := make([]ner.NameList, 0, len(Order))
	for _, name := range Order {
		b, err := files.ReadFile(name + ".txt")
		if err != nil {
			panic(err) // embedded at build time: cannot happen
		}
		l := ner.NameList{Name: name}
		for _, line := range strings.Split(string(b), "\n") {
			if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
				l.Names = append(l.Names, line)
			}
		}
		out = append(out, l)
	}
	return out
}
