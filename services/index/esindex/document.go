package esindex

import (
	"time"

	"github.com/newsroom-pipeline/newsroom/pkg/article"
)

// Document is the search document: one per article id, holding the newest
// revision indexed. Its fields match the strict mapping in mapping.go.
type Document struct {
	ID              string            `json:"id"`
	URI             string            `json:"uri,omitempty"`
	Version         int64             `json:"version"`
	SourceVersion   string            `json:"source_version,omitempty"`
	PubStatus       string            `json:"pubstatus"`
	Language        string            `json:"language,omitempty"`
	Format          string            `json:"format,omitempty"`
	ContentHash     string            `json:"content_hash,omitempty"`
	Headline        string            `json:"headline,omitempty"`
	BodyText        string            `json:"body_text,omitempty"`
	BodyHTML        string            `json:"body_html,omitempty"`
	Byline          string            `json:"byline,omitempty"`
	Located         string            `json:"located,omitempty"`
	Source          string            `json:"source,omitempty"`
	InfoSource      string            `json:"infosource,omitempty"`
	CopyrightHolder string            `json:"copyrightholder,omitempty"`
	CopyrightNotice string            `json:"copyrightnotice,omitempty"`
	CopyrightYear   int               `json:"copyright_year,omitempty"`
	VersionCreated  *time.Time        `json:"versioncreated,omitempty"`
	FirstCreated    *time.Time        `json:"firstcreated,omitempty"`
	ReceivedAt      time.Time         `json:"received_at"`
	IndexedAt       time.Time         `json:"indexed_at"`
	Embargoed       *time.Time        `json:"embargoed,omitempty"`
	Slugline        string            `json:"slugline,omitempty"`
	Urgency         int               `json:"urgency,omitempty"`
	EdNote          string            `json:"ednote,omitempty"`
	Signals         []string          `json:"signals,omitempty"`
	Editor          string            `json:"editor,omitempty"`
	DeskCodes       []string          `json:"desk_codes,omitempty"`
	WordCount       int               `json:"word_count,omitempty"`
	People          []string          `json:"people,omitempty"`
	Organisations   []string          `json:"organisations,omitempty"`
	Places          []string          `json:"places,omitempty"`
	Events          []string          `json:"events,omitempty"`
	EntityAliases   []string          `json:"entity_aliases,omitempty"` // the other names of the entities above, see entityAliases
	Entities        []article.Entity  `json:"entities,omitempty"`
	Subject         []article.Subject `json:"subject,omitempty"`
	DuplicateOf     string            `json:"duplicate_of,omitempty"`
	ClusterID       string            `json:"cluster_id,omitempty"`
	Fingerprint     string            `json:"fingerprint,omitempty"`
	TaggerVersion   string            `json:"tagger_version,omitempty"`
	Flags           []string          `json:"flags,omitempty"`

	// The kill record of a tombstone (pubstatus canceled); see NewDocument.
	KilledAt *time.Time `json:"killed_at,omitempty"`
	KilledBy string     `json:"killed_by,omitempty"`
	KillNote string     `json:"kill_note,omitempty"`
}

// NewDocument maps an envelope's article to its search document.
//
// A kill (pubstatus canceled) becomes a tombstone: it replaces whatever
// revision is indexed (its version is the newest), the read alias hides it,
// and external versioning keeps any older revision that arrives later from
// reviving the story. The tombstone keeps the story's identity, headline
// and the kill record: when (the kill's versioncreated, else the time it was
// indexed), by whom (the kill's infosource, else byline, else the source it
// came from) and the kill note (its ednote). It does not keep the text or
// the entities: stories are killed for legal and factual reasons, and the
// text must not stay searchable through the index itself.
func NewDocument(env *article.Envelope, now time.Time) Document {
	d := newDocument(env, now)
	if d.PubStatus != article.PubStatusCanceled {
		return d
	}
	a := env.Article
	killedAt := now
	if a.VersionCreated != nil {
		killedAt = *a.VersionCreated
	}
	d.KilledAt = &killedAt
	d.KilledBy = firstNonEmpty(a.InfoSource, a.Byline, a.Source)
	d.KillNote = a.EdNote
	d.BodyText, d.BodyHTML = "", ""
	d.Entities, d.People, d.Organisations, d.Places, d.Events, d.EntityAliases = nil, nil, nil, nil, nil, nil
	return d
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

func newDocument(env *article.Envelope, now time.Time) Document {
	a := env.Article
	status := a.PubStatus
	if status == "" {
		status = article.PubStatusUsable
	}
	received := a.ReceivedAt
	if received.IsZero() {
		received = env.ReceivedAt
	}
	return Document{
		ID: env.ID, URI: a.URI, Version: env.Version, SourceVersion: a.Version,
		PubStatus: status, Language: a.Language, Format: a.Format, ContentHash: env.ContentHash,
		Headline: a.Headline, BodyText: a.BodyText, BodyHTML: a.BodyHTML, Byline: a.Byline,
		Located: a.Located, Source: a.Source, InfoSource: a.InfoSource,
		CopyrightHolder: a.CopyrightHolder, CopyrightNotice: a.CopyrightNotice, CopyrightYear: a.CopyrightYear,
		VersionCreated: a.VersionCreated, FirstCreated: a.FirstCreated, ReceivedAt: received, IndexedAt: now,
		Embargoed: a.Embargoed, Slugline: a.Slugline, Urgency: a.Urgency, EdNote: a.EdNote, Signals: a.Signals,
		Editor: a.Editor, DeskCodes: a.DeskCodes, WordCount: a.WordCount,
		People: a.People, Organisations: a.Organisations, Places: a.Places, Events: a.Events,
		EntityAliases: entityAliases(a.Entities),
		Entities:      a.Entities, Subject: a.Subject,
		DuplicateOf: a.DuplicateOf, ClusterID: a.ClusterID, Fingerprint: a.Fingerprint, TaggerVersion: a.TaggerVersion,
		Flags: a.Flags,
	}
}

// entityAliases returns the aliases of the entities that have a facet (not
// MISC), distinct, in entity order: "KPK" on a story that names "Komisi
// Pemberantasan Korupsi", so that a search for either name finds it.
func entityAliases(ents []article.Entity) []string {
	var out []string
	seen := map[string]bool{}
	for _, e := range ents {
		if e.Type == article.TypeMisc {
			continue
		}
		for _, a := range e.Aliases {
			if !seen[a] {
				seen[a] = true
				out = append(out, a)
			}
		}
	}
	return out
}
