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

// template returns the index template body.
func (c Config) template() ([]byte, error) {
	body := map[string]any{
		"index_patterns": []string{c.IndexPrefix + "-v*"},
		"priority":       200,
		"template": map[string]any{
			"settings": c.settings(),
			"mappings": map[string]any{"dynamic": "strict", "properties": properties()},
		},
	}
	return json.Marshal(body)
}

// mappingUpdate is the body that adds fields introduced since an index was
// created (a put-mapping request: existing fields must keep their types).
func mappingUpdate() ([]byte, error) {
	return json.Marshal(map[string]any{"properties": properties()})
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
func properties() map[string]any {
	keyword := map[string]any{"type": "keyword"}
	date := map[string]any{"type": "date"}
	// text is searchable prose: the standard analyzer on the field itself,
	// plus language sub-fields for stop words (or stemming).
	text := map[string]any{
		"type": "text", "analyzer": "standard",
		"fields": map[string]any{
			"id": map[string]any{"type": "text", "analyzer": "news_id"},
			"en": map[string]any{"type": "text", "analyzer": "news_en"},
		},
	}
	headline := map[string]any{
		"type": "text", "analyzer": "standard",
		"fields": map[string]any{
			"id":      map[string]any{"type": "text", "analyzer": "news_id"},
			"en":      map[string]any{"type": "text", "analyzer": "news_en"},
			"keyword": map[string]any{"type": "keyword", "ignore_above": 512},
		},
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
		"entities": map[string]any{"type": "nested", "properties": map[string]any{
			"name": keyword, "type": keyword,
			"count": map[string]any{"type": "integer"}, "salience": map[string]any{"type": "float"},
			"mentions": map[string]any{"type": "object", "enabled": false},
		}},
		"subject":      map[string]any{"properties": map[string]any{"name": keyword, "code": keyword, "uri": keyword}},
		"duplicate_of": keyword, "cluster_id": keyword, "fingerprint": keyword, "tagger_version": keyword, "flags": keyword,
		"killed_at": date, "killed_by": keyword, "kill_note": map[string]any{"type": "text"},
	}
	return props
}
