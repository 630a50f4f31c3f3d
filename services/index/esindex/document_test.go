package esindex

import (
	"reflect"
	"testing"
	"time"

	"github.com/newsroom-pipeline/newsroom/pkg/article"
)

func TestDocumentEntityAliases(t *testing.T) {
	env := &article.Envelope{ID: "a", Version: 1, Article: &article.Article{
		Organisations: []string{"Komisi Pemberantasan Korupsi"},
		Entities: []article.Entity{
			{Name: "Komisi Pemberantasan Korupsi", Type: article.TypeOrganisation, Aliases: []string{"KPK", "Komisi Pemberantas Korupsi"}},
			{Name: "Joko Widodo", Type: article.TypePerson, Aliases: []string{"Jokowi", "KPK"}},
			{Name: "Piala Dunia", Type: article.TypeMisc, Aliases: []string{"PD"}}, // no facet, no alias
		},
	}}
	now := time.Date(2026, 12, 5, 0, 0, 0, 0, time.UTC)
	d := NewDocument(env, now)
	if want := []string{"KPK", "Komisi Pemberantas Korupsi", "Jokowi"}; !reflect.DeepEqual(d.EntityAliases, want) {
		t.Errorf("entity_aliases = %v, want %v", d.EntityAliases, want)
	}
	env.Article.PubStatus = article.PubStatusCanceled
	if d := NewDocument(env, now); d.EntityAliases != nil {
		t.Errorf("a tombstone keeps entity aliases %v", d.EntityAliases)
	}
}
