// Package language guesses the language of a news text.
//
// Detect is a naive Bayes classifier over the character trigrams inside
// words, with the function words of a small stopword list as extra evidence
// (see Model). It was chosen by measurement on a labelled evaluation set
// (IndoSum, BBC, Reuters-21578, NER sentences and wire fixtures in nine
// languages; run scripts/langeval for the tables) over the stopword detector
// it replaces, whatlanggo and lingua-go: it is as exact as the stopword
// detector on whole Indonesian and English stories, decides most headlines
// and paragraphs that the stopword detector leaves undetermined, and is
// between ten and a hundred times faster than the trigram libraries.
//
// Languages: id, en, de, nl, fr, es, it, pt, fi, no (Bokmål), da, sv. A text
// in another language written in Latin letters gets the nearest of these or
// none; Malay, which no model here knows, is taken for Indonesian.
//
// The trigram frequencies come from lingua-go's language models
// (github.com/pemistahl/lingua-go, Apache License 2.0); scripts/langeval
// writes trigrams.txt.gz from them.
package language

import (
	"bytes"
	_ "embed"
	"sync"
)

//go:embed trigrams.txt.gz
var defaultModelData []byte

// defaultModel parses the embedded model once, on first use. The file is
// part of the package and its tests check that it loads.
var defaultModel = sync.OnceValues(func() (*Model, error) {
	return LoadModel(bytes.NewReader(defaultModelData))
})

// Detect returns the ISO 639-1 code of the language text is most likely
// written in, and a confidence in [0, 1]. It returns ("", 0) when the text
// holds too little evidence to decide: too short, no language clearly ahead,
// or a script or language it does not know.
//
// The confidence grows with the evidence for the winner over the runner-up;
// it is comparable between calls of this detector only.
func Detect(text string) (lang string, confidence float64) {
	m, err := defaultModel()
	if err != nil {
		return DetectStopwords(text) // unreachable while the tests pass
	}
	return m.Detect(text)
}
