package ner

// Corpus names one labelled file under ../shared/data/ner and how its tags
// map onto the model's types.
type Corpus struct {
	Name    string
	Path    string // relative to the ner data folder
	Mapping Mapping
}

// Tag mappings. English keeps CoNLL's four types. Indonesian is scored on
// PER/ORG/LOC: NERP's events (EVT) and food & beverage (FNB) and NER UGM's
// TIME and QUANTITY have no counterpart in the other corpora, so training on
// them would teach the model that events are O half the time; they are
// dropped (tagged O).
var (
	MapCoNLL = Mapping{}
	MapID    = Mapping{
		"PERSON": "PER", "PLACE": "LOC", "ORGANISATION": "ORG", // NERGrit
		"PPL": "PER", "PLC": "LOC", "IND": "ORG", "EVT": "O", "FNB": "O", // NERP
		"LOCATION": "LOC", "ORGANIZATION": "ORG", "TIME": "O", "QUANTITY": "O", // IndoLEM
	}
)

// Recipe is what the train command trains for one language.
type Recipe struct {
	Lang  string
	Types []string
	Train []Corpus
	Dev   []Corpus
	Test  []Corpus // reported separately
}

// Recipes are the training set-ups, by language.
var Recipes = map[string]Recipe{
	"en": {
		Lang:  "en",
		Types: []string{"PER", "ORG", "LOC", "MISC"},
		Train: []Corpus{{"CoNLL-2003 train", "en-conll2003/iob1-original/eng.train", MapCoNLL}},
		Dev:   []Corpus{{"CoNLL-2003 dev (testa)", "en-conll2003/iob1-original/eng.testa", MapCoNLL}},
		Test: []Corpus{
			{"CoNLL-2003 dev (testa)", "en-conll2003/iob1-original/eng.testa", MapCoNLL},
			{"CoNLL-2003 test (testb)", "en-conll2003/iob1-original/eng.testb", MapCoNLL},
		},
	},
	"id": {
		Lang:  "id",
		Types: []string{"PER", "ORG", "LOC"},
		Train: []Corpus{
			{"NERGrit train", "id-indonlu/nergrit/train_preprocess.txt", MapID},
			{"NERP train", "id-indonlu/nerp/train_preprocess.txt", MapID},
			{"NER UGM fold 1 train", "id-indolem/nerugm/train.01.tsv", MapID},
			{"NER UI fold 1 train", "id-indolem/nerui/train.01.tsv", MapID},
		},
		Dev: []Corpus{
			{"NERGrit valid", "id-indonlu/nergrit/valid_preprocess.txt", MapID},
			{"NERP valid", "id-indonlu/nerp/valid_preprocess.txt", MapID},
		},
		Test: []Corpus{
			{"NERGrit valid", "id-indonlu/nergrit/valid_preprocess.txt", MapID},
			{"NERGrit test", "id-indonlu/nergrit/test_preprocess.txt", MapID},
			{"NERP valid", "id-indonlu/nerp/valid_preprocess.txt", MapID},
			{"NERP test", "id-indonlu/nerp/test_preprocess.txt", MapID},
			{"NER UGM fold 1 test", "id-indolem/nerugm/test.01.tsv", MapID},
			{"NER UI fold 1 test", "id-indolem/nerui/test.01.tsv", MapID},
		},
	},
}
