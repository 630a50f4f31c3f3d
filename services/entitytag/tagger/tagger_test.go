package tagger_test

import (
	"reflect"
	"sync/atomic"
	"testing"

	"github.com/newsroom-pipeline/newsroom/pkg/article"
	"github.com/newsroom-pipeline/newsroom/services/entitytag/tagger"
)

// fixed is a Tagger that returns the same entities every time, in the order
// given, and counts its calls.
type fixed struct {
	ents  []article.Entity
	calls atomic.Int32
}

func (f *fixed) Tag(*article.Article) []article.Entity {
	f.calls.Add(1)
	return f.ents
}

func (*fixed) Version() string { return "fixed-1" }

func ent(typ, name string, salience float64) article.Entity {
	return article.Entity{Name: name, Type: typ, Count: 1, Salience: salience,
		Mentions: []article.Mention{{Field: "body_text", Start: 0, End: len(name), Text: name}}}
}

func TestApply(t *testing.T) {
	tests := []struct {
		name                         string
		ents                         []article.Entity
		people, orgs, places, events []string
		entityNames                  []string // in the stored order
	}{
		{
			name: "facets by salience, then name",
			ents: []article.Entity{
				ent("LOC", "Chicago", 0.1),
				ent("PER", "Ellen Tauscher", 0.2),
				ent("LOC", "Rusia", 0.9),
				ent("PER", "Dmitry Rogozin", 0.5),
				ent("ORG", "NATO", 0.6),
				ent("LOC", "Amerika Serikat", 0.9),
				ent("EVT", "KTT NATO", 0.3),
				ent("MISC", "Russian", 0.4),
			},
			people:      []string{"Dmitry Rogozin", "Ellen Tauscher"},
			orgs:        []string{"NATO"},
			places:      []string{"Amerika Serikat", "Rusia", "Chicago"},
			events:      []string{"KTT NATO"},
			entityNames: []string{"Amerika Serikat", "Rusia", "NATO", "Dmitry Rogozin", "Russian", "KTT NATO", "Ellen Tauscher", "Chicago"},
		},
		{
			name: "a name under two types appears in both facets once",
			ents: []article.Entity{
				ent("LOC", "Washington", 0.5),
				ent("PER", "Washington", 0.4),
				ent("LOC", "Washington", 0.1), // a sloppy tagger's duplicate
			},
			people:      []string{"Washington"},
			places:      []string{"Washington"},
			entityNames: []string{"Washington", "Washington", "Washington"},
		},
		{
			name: "nothing found",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tg := &fixed{ents: tt.ents}
			a := &article.Article{
				Headline: "h", BodyText: "b",
				// Output of an earlier run, to be replaced.
				People: []string{"Stale"}, Places: []string{"Stale"}, Organisations: []string{"Stale"},
				Events: []string{"Stale"}, Entities: []article.Entity{ent("PER", "Stale", 1)}, TaggerVersion: "old-0",
			}
			tagger.Apply(tg, a)
			check := func(field string, got, want []string) {
				t.Helper()
				if !reflect.DeepEqual(got, want) {
					t.Errorf("%s = %q, want %q", field, got, want)
				}
			}
			check("People", a.People, tt.people)
			check("Organisations", a.Organisations, tt.orgs)
			check("Places", a.Places, tt.places)
			check("Events", a.Events, tt.events)
			var got []string
			for _, e := range a.Entities {
				got = append(got, e.Name)
			}
			check("Entities", got, tt.entityNames)
			if a.TaggerVersion != "fixed-1" {
				t.Errorf("TaggerVersion = %q", a.TaggerVersion)
			}
			if a.Headline != "h" || a.BodyText != "b" {
				t.Error("Apply changed the text")
			}

			// Idempotent: a second run gives the same article.
			once := *a
			tagger.Apply(tg, a)
			if !reflect.DeepEqual(once, *a) {
				t.Errorf("second Apply changed the article:\n%+v\n%+v", once, *a)
			}
		})
	}
}

func TestApplyDoesNotReorderTaggerResult(t *testing.T) {
	ents := []article.Entity{ent("LOC", "B", 0.1), ent("LOC", "A", 0.9)}
	tagger.Apply(&fixed{ents: ents}, &article.Article{})
	if ents[0].Name != "B" {
		t.Error("Apply sorted the tagger's slice in place")
	}
}

func TestApplyNil(t *testing.T) {
	tg := &fixed{ents: []article.Entity{ent("PER", "X", 1)}}
	tagger.Apply(tg, nil) // must not panic
	if tg.calls.Load() != 0 {
		t.Error("Apply called the tagger for a nil article")
	}
}
