// Package article holds the canonical news article and the envelope that
// carries it between pipeline stages.
//
// Field names follow IPTC ninjs 2.x where ninjs has the concept; our own
// additions (source, received_at, content_hash, editor, desk_codes,
// tagger_version, ...) are documented on the fields. The JSON names here are a
// public contract: downstream consumers of news.* subjects depend on them.
package article

import "time"

// PubStatus values, as in ninjs.
const (
	PubStatusUsable   = "usable"
	PubStatusWithheld = "withheld"
	PubStatusCanceled = "canceled"
)

// Signals kept on an article (ninjs "signals" is open; these are the ones we
// set ourselves).
const (
	SignalUpdate     = "update"
	SignalCorrection = "correction"
)

// Flags on an article: what the pipeline had to assume about its input.
const (
	// FlagCharsetGuessed: the story declared no charset and was not UTF-8;
	// ingest read it as windows-1252 (which includes ISO-8859-1's letters).
	FlagCharsetGuessed = "charset_guessed"
)

// Entity types.
const (
	TypePerson       = "PER"
	TypeOrganisation = "ORG"
	TypePlace        = "LOC"
	TypeEvent        = "EVT"
	TypeMisc         = "MISC"
)

// Article is the canonical, format-independent story.
type Article struct {
	URI             string     `json:"uri,omitempty"`
	Version         string     `json:"version,omitempty"` // source's own version label, if any
	VersionCreated  *time.Time `json:"versioncreated,omitempty"`
	FirstCreated    *time.Time `json:"firstcreated,omitempty"`
	PubStatus       string     `json:"pubstatus,omitempty"`
	Embargoed       *time.Time `json:"embargoed,omitempty"`
	Language        string     `json:"language,omitempty"` // BCP 47 primary tag: "id", "en", ...
	Headline        string     `json:"headline,omitempty"`
	BodyText        string     `json:"body_text,omitempty"` // paragraphs separated by "\n\n"
	BodyHTML        string     `json:"body_html,omitempty"`
	Byline          string     `json:"byline,omitempty"`
	Located         string     `json:"located,omitempty"`    // the dateline place, e.g. "Moskow"
	InfoSource      string     `json:"infosource,omitempty"` // the agency named in the dateline, e.g. "ANTARA News"
	CopyrightHolder string     `json:"copyrightholder,omitempty"`
	CopyrightNotice string     `json:"copyrightnotice,omitempty"`
	Slugline        string     `json:"slugline,omitempty"`
	Urgency         int        `json:"urgency,omitempty"`
	EdNote          string     `json:"ednote,omitempty"`
	Signals         []string   `json:"signals,omitempty"`
	Subject         []Subject  `json:"subject,omitempty"`

	// Entities, filled by the entity-tag stage.
	People        []string `json:"people,omitempty"`
	Organisations []string `json:"organisations,omitempty"`
	Places        []string `json:"places,omitempty"`
	Events        []string `json:"events,omitempty"`
	Entities      []Entity `json:"entities,omitempty"`

	// Our extras.
	Format        string    `json:"format,omitempty"`     // detected wire format, see pkg/format
	Source        string    `json:"source,omitempty"`     // the <source> token of news.raw.<source>
	ReceivedAt    time.Time `json:"received_at,omitzero"` // when ingest accepted the raw bytes (zero outside the pipeline)
	ContentHash   string    `json:"content_hash,omitempty"`
	Fingerprint   string    `json:"fingerprint,omitempty"` // near-duplicate fingerprint (hex)
	ClusterID     string    `json:"cluster_id,omitempty"`
	DuplicateOf   string    `json:"duplicate_of,omitempty"`
	Editor        string    `json:"editor,omitempty"`
	DeskCodes     []string  `json:"desk_codes,omitempty"` // e.g. "UU.SDP-12/C003"
	CopyrightYear int       `json:"copyright_year,omitempty"`
	WordCount     int       `json:"word_count,omitempty"`
	TaggerVersion string    `json:"tagger_version,omitempty"`
	Flags         []string  `json:"flags,omitempty"` // Flag* values
}

// Subject origins: where a Media Topic on an article came from. The wire's
// own codes (IPTC subject codes, Reuters topics, ANPA categories, free
// keywords) carry no origin.
const (
	// SubjectFromSource: a Media Topic the wire sent, or one mapped from a
	// code the wire sent (MappedFrom names that code).
	SubjectFromSource = "source"
	// SubjectInferred: a Media Topic the text classifier chose (Confidence
	// says how sure it was).
	SubjectInferred = "inferred"
)

// Subject is a classification code or label (ninjs "subject"). Media Topics
// have Code "medtop:<8 digits>" and an Origin.
type Subject struct {
	Name string `json:"name,omitempty"`
	URI  string `json:"uri,omitempty"`
	Code string `json:"code,omitempty"`

	Origin     string  `json:"origin,omitempty"`      // SubjectFromSource or SubjectInferred, on Media Topics
	MappedFrom string  `json:"mapped_from,omitempty"` // the wire's code this Media Topic was mapped from
	Confidence float64 `json:"confidence,omitempty"`  // 0..1, on inferred Media Topics
}

// Entity is one named entity found in the story.
type Entity struct {
	Name string `json:"name"` // canonical name, titles removed
	Type string `json:"type"` // PER, ORG, LOC, EVT, MISC
	// Aliases are the entity's other names: the forms this story wrote it
	// in and those the alias table knows ("KPK" for "Komisi Pemberantasan
	// Korupsi"), sorted.
	Aliases  []string  `json:"aliases,omitempty"`
	Count    int       `json:"count"`
	Salience float64   `json:"salience"` // 0..1, higher is more central to the story
	Mentions []Mention `json:"mentions,omitempty"`
}

// Mention is one occurrence of an entity: byte offsets into the text named by
// Field ("headline" or "body_text").
type Mention struct {
	Field string `json:"field"`
	Start int    `json:"start"`
	End   int    `json:"end"`
	Text  string `json:"text"`
}
