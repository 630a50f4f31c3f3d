package esindex

import (
	"encoding/json"
	"fmt"

	"github.com/newsroom-pipeline/newsroom/pkg/article"
)

// Search document field names: the user-facing query interface. Keep them
// stable; they are documented in the README.
const (
	FieldPubStatus = "pubstatus"
	FieldEmbargoed = "embargoed"
)

// readFilter hides what readers must not see through the read alias: killed
// stories (tombstones), withheld stories (not to be published until a later
// revision says usable) and stories under embargo. "now" is evaluated at
// search time, so an embargo lifts by itself, without a resend.
func readFilter() map[string]any {
	return map[string]any{"bool": map[string]any{"must_not": []any{
		map[string]any{"terms": map[string]any{FieldPubStatus: []string{article.PubStatusCanceled, article.PubStatusWithheld}}},
		map[string]any{"range": map[string]any{FieldEmbargoed: map[string]any{"gt": "now"}}},
	}}}
}

// MappingVersion is the version of the mapping below, and of the index a
// fresh cluster starts with ("<prefix>-v3"). An index created with an
// earlier mapping keeps working (the documents are the same; Bootstrap adds
// what it can to it) and `newsctl reindex -to v3` migrates it.
//
// v2: entities are stored, not indexed ("enabled": false). In v1 they were
// nested, one hidden Lucene document per entity (about 17 per story),
// which made Elasticsearch the bottleneck of the whole pipeline; no query
// the pipeline documents used them: the people, organisations, places and
// events keyword arrays serve filters and facets.
//
// v3: headline and body_text are analysed once, by the standard analyzer,
// instead of three times (standard, .id and .en). Measured with
// `scripts/bench -e2e -mapping-costs`, the two language sub-fields were
// half of Elasticsearch's CPU per story and halved the documents per second
// it takes; in the minimal distribution they only dropped stop words, and
// every story paid for both languages. Full text in one language is a match
// on body_text with a language filter; the news_id/news_en analyzers stay
// defined for queries ("analyzer": "news_id" drops Indonesian stop words
// from the query), and LanguageFields (implied by LanguageAnalyzers, for
// stemming) brings the sub-fields back for those who want to pay for them.
const MappingVersion = 3

// template returns the index template body.
func (c Config) template() ([]byte, error) {
	body := map[string]any{
		"index_patterns": []string{c.IndexPrefix + "-v*"},
		"priority":       200,
		"template": map[string]any{
			"settings": c.settings(),
			"mappings": map[string]any{"dynamic": "strict", "properties": c.properties()},
		},
	}
	return json.Marshal(body)
}

// mappingUpdate is the body that adds fields introduced since an index was
// created (a put-mapping request: existing fields must keep their types).
// existing is the index's current top-level properties: a field whose
// type changed since (v1's nested entities) is left as it is and named in
// kept; the documents the pipeline writes fit both.
func (c Config) mappingUpdate(existing map[string]json.RawMessage) (body []byte, kept []string, err error) {
	props := c.properties()
	for name, want := range props {
		have, ok := existing[name]
		if !ok {
			continue
		}
		var h struct {
			Type    string `json:"type"`
			Enabled *bool  `json:"enabled"`
		}
		_ = json.Unmarshal(have, &h)
		w, _ := want.(map[string]any)
		wantType, _ := w["type"].(string)
		if h.Type == "" {
			h.Type = "object"
		}
		if wantType == "" {
			wantType = "object"
		}
		wantEnabled, _ := w["enabled"].(bool)
		if h.Type != wantType || (wantType == "object" && w["enabled"] != nil && (h.Enabled == nil || *h.Enabled != wantEnabled)) {
			delete(props, name)
			kept = append(kept, name)
		}
	}
	body, err = json.Marshal(map[string]any{"properties": props})
	return body, kept, err
}

func (c Config) settings() map[string]any {
	idAnalyzer := map[string]any{"type": "standard", "stopwords": "_indonesian_"}
	enAnalyzer := map[string]any{"type": "standard", "stopwords": "_english_"}
	if c.LanguageAnalyzers {
		idAnalyzer = map[string]any{"type": "indonesian"}
		enAnalyzer = map[string]any{"type": "english"}
	}
	return map[string]any{
		"number_of_shards":   c.Shards,
		"number_of_replicas": c.Replicas,
		"refresh_interval":   fmt.Sprintf("%dms", c.RefreshInterval.Milliseconds()),
		"analysis": map[string]any{"analyzer": map[string]any{
			"news_id": idAnalyzer,
			"news_en": enAnalyzer,
		}},
	}
}

// properties is the strict mapping of Document.
func (c Config) properties() map[string]any {
	keyword := map[string]any{"type": "keyword"}
	date := map[string]any{"type": "date"}
	// text is searchable prose: the standard analyzer, once per story
	// whatever its language (see MappingVersion), and language sub-fields
	// for stop words or stemming when asked for.
	text := map[string]any{"type": "text", "analyzer": "standard"}
	headline := map[string]any{
		"type": "text", "analyzer": "standard",
		"fields": map[string]any{"keyword": map[string]any{"type": "keyword", "ignore_above": 512}},
	}
	if c.LanguageFields || c.LanguageAnalyzers {
		text["fields"] = map[string]any{}
		for _, f := range []map[string]any{text, headline} {
			fields := f["fields"].(map[string]any)
			fields["id"] = map[string]any{"type": "text", "analyzer": "news_id"}
			fields["en"] = map[string]any{"type": "text", "analyzer": "news_en"}
		}
	}
	nameWithText := map[string]any{"type": "keyword", "fields": map[string]any{"text": map[string]any{"type": "text"}}}
	props := map[string]any{
		"id": keyword, "uri": keyword, "version": map[string]any{"type": "long"}, "source_version": keyword,
		"pubstatus": keyword, "language": keyword, "format": keyword, "content_hash": keyword,
		"headline": headline, "body_text": text, "body_html": map[string]any{"type": "text", "index": false},
		"byline": nameWithText, "located": nameWithText, "source": keyword, "infosource": keyword,
		"copyrightholder": keyword, "copyrightnotice": map[string]any{"type": "text", "index": false},
		"copyright_year": map[string]any{"type": "short"},
		"versioncreated": date, "firstcreated": date, "received_at": date, "indexed_at": date, "embargoed": date,
		"slugline": keyword, "urgency": map[string]any{"type": "byte"}, "ednote": map[string]any{"type": "text"},
		"signals": keyword, "editor": nameWithText, "desk_codes": keyword, "word_count": map[string]any{"type": "integer"},
		"people": nameWithText, "organisations": nameWithText, "places": nameWithText, "events": nameWithText,
		"entity_aliases": nameWithText,
		// Stored in _source for readers (name, type, count, salience,
		// mentions), not indexed: see MappingVersion.
		"entities": map[string]any{"type": "object", "enabled": false},
		"subject": map[string]any{"properties": map[string]any{
			"name": keyword, "code": keyword, "uri": keyword,
			"origin": keyword, "mapped_from": keyword, "confidence": map[string]any{"type": "half_float"},
		}},
		"duplicate_of": keyword, "cluster_id": keyword, "fingerprint": keyword, "tagger_version": keyword, "flags": keyword,
		"killed_at": date, "killed_by": keyword, "kill_note": map[string]any{"type": "text"},
	}
	return props
}
