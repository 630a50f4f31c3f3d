package language

import (
	"strings"
	"unicode"
)

// The stopword detector counts function words from a short hand-written list
// per language. It was the first detector of the pipeline and is the baseline
// of the measurements. It is exact on whole Indonesian and English stories,
// but leaves most headlines undetermined and knows too few words of the
// Nordic languages and Finnish to decide a paragraph.

// Tuning. The numbers are deliberately simple; they were checked against the
// IndoSum and BBC corpora (see the tests), not optimised.
const (
	// maxTokens bounds the work on very long texts: the first words of a
	// story decide its language as well as all of them do.
	maxTokens = 3000
	// minEvidence is the weighted stopword score the winner needs before
	// Detect commits to an answer. A short headline often has less.
	minEvidence = 3.0
	// fullEvidence is the score at which the amount of evidence no longer
	// lowers the confidence.
	fullEvidence = 12.0
)

// DetectStopwords is the stopword detector on its own, with Detect's
// contract: the ISO 639-1 code and a confidence in [0, 1], or ("", 0) when
// the text holds too little evidence (too short, no known function words, or
// a language it does not know). It is exported for the measurements
// (scripts/langeval); use Detect.
//
// The confidence is the winner's share of the total stopword score, scaled
// down when the evidence is thin. It is comparable between calls of this
// detector only.
func DetectStopwords(text string) (lang string, confidence float64) {
	scores := make(map[string]float64, len(languages))
	n := 0
	for tok := range tokens(text) {
		if n >= maxTokens {
			break
		}
		n++
		langs := index[tok]
		if len(langs) == 0 {
			continue
		}
		// A word shared by k languages is weak evidence for each of them.
		w := 1 / float64(len(langs))
		for _, l := range langs {
			scores[l] += w
		}
	}

	var best string
	var bestScore, total float64
	for _, l := range languages { // fixed order: ties resolve deterministically
		s := scores[l]
		total += s
		if s > bestScore {
			best, bestScore = l, s
		}
	}
	if bestScore < minEvidence {
		return "", 0
	}
	confidence = bestScore / total
	if bestScore < fullEvidence {
		confidence *= bestScore / fullEvidence
	}
	return best, confidence
}

// tokens yields the lower-cased words of text: maximal runs of letters.
func tokens(text string) func(yield func(string) bool) {
	return func(yield func(string) bool) {
		start := -1
		for i, r := range text {
			if unicode.IsLetter(r) {
				if start < 0 {
					start = i
				}
				continue
			}
			if start >= 0 {
				if !yield(strings.ToLower(text[start:i])) {
					return
				}
				start = -1
			}
		}
		if start >= 0 {
			yield(strings.ToLower(text[start:]))
		}
	}
}

// languages lists the codes DetectStopwords can return, in tie-break order.
var languages = []string{"id", "en", "de", "nl", "fr", "es", "pt", "fi", "no", "da", "sv"}

// stopwords holds frequent function words per language. Words shared by
// several languages are fine: Detect weighs them down.
var stopwords = map[string]string{
	"id": `yang dan di ke dari ini itu dengan untuk pada adalah dalam tidak akan
		juga oleh atau karena telah sudah bahwa ada kata mereka kami kita saya dia
		ia tersebut para bisa dapat lebih sebagai namun tetapi saat hingga sejak
		masih belum harus seperti secara menjadi kepada antara setelah bagi serta
		sangat hanya lain sebuah seorang jika yakni yaitu agar pun lagi kini pula
		sedang tak tahun ujar menurut bagaimana apa`,
	"en": `the of and to a in is that for it was on with as he be at by this had
		not are but from or have an they which you were her all she there would
		their we him been has when who will more no if out so said what up its
		about into than them can only other new some could these two may then do
		any my now such our over also did many before must through where much your
		should because each just those how very after most made between both under
		while last might us since against`,
	"de": `der die und in den von zu das mit sich des auf für ist im dem nicht ein
		eine als auch es an werden aus er hat dass sie nach wird bei einer um am
		sind noch wie einem über einen so zum war haben nur oder aber vor zur bis
		mehr durch man sein wurde sei ihr wir ich wenn können gegen seit ihre unter
		schon diese dieser`,
	"nl": `de en van het een in is dat op te zijn voor met die niet aan er om ook
		als bij of door maar naar dan over uit nog wel zo heeft hij ze wordt worden
		werd was tot deze kan al hun meer geen nu dit we wat had omdat tegen na
		onder`,
	"fr": `de la le et les des en du un une est que pour dans qui par pas au sur
		il plus ne se ce avec sont a à été elle ont mais ou leur son sa ses aux
		cette nous vous comme fait être tout aussi entre dont ces lui était où sans
		sous après même`,
	"es": `de la que el en y a los del se las por un para con no una su al es lo
		como más pero sus le ha me si sin sobre este ya entre cuando todo esta ser
		son dos también fue había muy hasta desde está mi porque qué sólo han yo
		hay donde después`,
	"pt": `de a o que e do da em um para é com não uma os no se na por mais as dos
		como mas foi ao ele das tem à seu sua ou ser quando muito há nos já está eu
		também só pelo pela até isso ela entre era depois sem mesmo aos ter seus
		quem nas são`,
	"fi": `ja on ei se että hän oli ovat mutta tai kun myös ole niin kuin jo sen ne
		nyt voi vain olla mukaan jos joka sitä hänen sekä kanssa ollut mitä tämä
		tässä siitä jotka koska vielä noin olisi`,
	"no": `og i det er som på en til av for med har ikke de den å om et var jeg seg
		men fra han vi hun etter også kan skal blir ble sier nå noen mye bare enn
		hva hvor mer dem sin sitt sine være vært selv disse dette`,
	"da": `og i det er at en til som på de med han af for ikke der var den har jeg
		sig men et om vi fra eller kan efter også blev bliver siger nu nogen meget
		mere hvad hvor end dem sin sit sine være været selv disse dette`,
	"sv": `och att är som en på det av för med till den har de inte om ett var jag
		sig men från han vi hon efter också kan ska blir blev säger nu någon mycket
		mer än vad där när dem sin sitt sina vara varit själv dessa detta eller
		under`,
}

// index maps each stopword to the languages whose list holds it. It is built
// once at package initialisation and only read afterwards.
var index = buildIndex(stopwords)

func buildIndex(lists map[string]string) map[string][]string {
	idx := make(map[string][]string)
	for _, l := range languages {
		seen := make(map[string]bool)
		for _, w := range strings.Fields(lists[l]) {
			if seen[w] {
				continue
			}
			seen[w] = true
			idx[w] = append(idx[w], l)
		}
	}
	return idx
}
