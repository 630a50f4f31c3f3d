package bench

import "encoding/json"

// mappingVariant is the deployed mapping with one part changed, loaded with
// the same documents to price that part (scripts/bench -e2e -mapping-costs).
type mappingVariant struct {
	name   string
	change func(props map[string]any) // changes the "properties" of a copy
}

// mappingVariants price the parts of the mapping: the language sub-fields
// of prose (v2 had them), the text sub-fields of names, the keyword copy of
// headlines, and v1 as it was (nested entities, language sub-fields).
var mappingVariants = []mappingVariant{
	{"with .id/.en sub-fields on headline and body_text (v2)", languageFields},
	{"without the .text sub-fields of names", func(p map[string]any) {
		for name := range p {
			if fields, ok := field(p, name)["fields"].(map[string]any); ok && field(p, name)["type"] == "keyword" {
				delete(fields, "text")
				if len(fields) == 0 {
					delete(field(p, name), "fields")
				}
			}
		}
	}},
	{"without headline.keyword", func(p map[string]any) {
		if fields, ok := field(p, "headline")["fields"].(map[string]any); ok {
			delete(fields, "keyword")
		}
	}},
	{"with v1's nested entities and .id/.en sub-fields (v1)", func(p map[string]any) {
		languageFields(p)
		keyword := map[string]any{"type": "keyword"}
		p["entities"] = map[string]any{"type": "nested", "properties": map[string]any{
			"name": keyword, "type": keyword, "count": map[string]any{"type": "integer"}, "salience": map[string]any{"type": "float"},
			"mentions": map[string]any{"type": "object", "enabled": false},
		}}
	}},
}

// languageFields adds the Indonesian and English sub-fields to the prose.
func languageFields(p map[string]any) {
	for _, f := range []string{"headline", "body_text"} {
		fields, ok := field(p, f)["fields"].(map[string]any)
		if !ok {
			fields = map[string]any{}
			field(p, f)["fields"] = fields
		}
		fields["id"] = map[string]any{"type": "text", "analyzer": "news_id"}
		fields["en"] = map[string]any{"type": "text", "analyzer": "news_en"}
	}
}

// apply returns a deep copy of mappings with the variant's change.
func (v mappingVariant) apply(mappings map[string]any) map[string]any {
	var c map[string]any
	b, _ := json.Marshal(mappings)
	_ = json.Unmarshal(b, &c)
	if props, ok := c["properties"].(map[string]any); ok {
		v.change(props)
	}
	return c
}

func field(props map[string]any, name string) map[string]any {
	f, _ := props[name].(map[string]any)
	if f == nil {
		return map[string]any{}
	}
	return f
}
