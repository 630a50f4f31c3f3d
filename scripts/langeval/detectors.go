package main

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/abadojack/whatlanggo"
	"github.com/newsroom-pipeline/newsroom/pkg/language"
	"github.com/pemistahl/lingua-go"
)

// detector is a candidate: build returns its detection function, which
// answers a primary language subtag or "" for undetermined.
type detector struct {
	name  string
	build func() func(string) string
}

var detectors = []detector{
	{"stopwords", func() func(string) string { return first(language.DetectStopwords) }},
	{"trigram-all", func() func(string) string { return first(model(0).DetectTrigrams) }},
	{"trigram-8000", func() func(string) string { return first(model(8000).DetectTrigrams) }},
	{"trigram-4000", func() func(string) string { return first(model(4000).DetectTrigrams) }},
	{"trigram-2000", func() func(string) string { return first(model(2000).DetectTrigrams) }},
	{"hybrid-all", func() func(string) string { return first(model(0).Detect) }},
	{"hybrid-8000", func() func(string) string { return first(model(8000).Detect) }},
	{"hybrid-4000", func() func(string) string { return first(model(4000).Detect) }},
	{"hybrid-2000", func() func(string) string { return first(model(2000).Detect) }},
	{"Detect", func() func(string) string { return first(language.Detect) }},
	{"whatlang-all", func() func(string) string { return whatlang(whatlanggo.Options{}) }},
	{"whatlang-ours", func() func(string) string { return whatlang(whatlanggo.Options{Whitelist: whatlangOurs()}) }},
	{"lingua-all", func() func(string) string {
		return linguaFn(lingua.NewLanguageDetectorBuilder().FromAllLanguages().Build())
	}},
	{"lingua-ours", func() func(string) string {
		return linguaFn(lingua.NewLanguageDetectorBuilder().FromIsoCodes639_1(linguaOurs()...).Build())
	}},
	{"lingua-ours-low", func() func(string) string {
		return linguaFn(lingua.NewLanguageDetectorBuilder().FromIsoCodes639_1(linguaOurs()...).WithLowAccuracyMode().Build())
	}},
}

func detectorNames() []string {
	var n []string
	for _, d := range detectors {
		n = append(n, d.name)
	}
	return n
}

func selectDetectors(names string) ([]detector, error) {
	if names == "" {
		return detectors, nil
	}
	var out []detector
	for _, n := range strings.Split(names, ",") {
		if d, ok := tunedDetector(n); ok {
			out = append(out, d)
			continue
		}
		found := false
		for _, d := range detectors {
			if d.name == n {
				out = append(out, d)
				found = true
			}
		}
		if !found {
			return nil, fmt.Errorf("no detector %q; known: %s", n, strings.Join(detectorNames(), ","))
		}
	}
	return out, nil
}

// model builds a trigram model with the top trigrams of each language.
func model(top int) *language.Model {
	b, err := buildModel(top)
	if err != nil {
		fail(err)
	}
	m, err := language.LoadModel(bytes.NewReader(b))
	if err != nil {
		fail(err)
	}
	return m
}

func first(f func(string) (string, float64)) func(string) string {
	return func(s string) string { l, _ := f(s); return l }
}

// primary maps a library's ISO 639-1 answer to the subtag Detect returns:
// Norwegian Bokmål and Nynorsk are both "no".
func primary(code string) string {
	code = strings.ToLower(code)
	switch code {
	case "nb", "nn":
		return "no"
	}
	return code
}

func whatlang(opt whatlanggo.Options) func(string) string {
	return func(s string) string {
		info := whatlanggo.DetectWithOptions(s, opt)
		if info.Lang < 0 {
			return ""
		}
		return primary(info.Lang.Iso6391())
	}
}

func whatlangOurs() map[whatlanggo.Lang]bool {
	return map[whatlanggo.Lang]bool{
		whatlanggo.Ind: true, whatlanggo.Eng: true, whatlanggo.Deu: true, whatlanggo.Nld: true,
		whatlanggo.Fra: true, whatlanggo.Spa: true, whatlanggo.Ita: true, whatlanggo.Por: true,
		whatlanggo.Fin: true, whatlanggo.Nob: true, whatlanggo.Nno: true, whatlanggo.Dan: true,
		whatlanggo.Swe: true,
	}
}

func linguaOurs() []lingua.IsoCode639_1 {
	return []lingua.IsoCode639_1{
		lingua.ID, lingua.EN, lingua.DE, lingua.NL, lingua.FR, lingua.ES, lingua.IT,
		lingua.PT, lingua.FI, lingua.NB, lingua.NN, lingua.DA, lingua.SV,
	}
}

func linguaFn(d lingua.LanguageDetector) func(string) string {
	return func(s string) string {
		l, ok := d.DetectLanguageOf(s)
		if !ok {
			return ""
		}
		return primary(l.IsoCode639_1().String())
	}
}

// tunedDetector parses "tuned/TOP/STOPWORDNATS/OTHERPRIORNATS", a trigram
// model of TOP trigrams per language with those weights, for tuning.
func tunedDetector(name string) (detector, bool) {
	var top int
	var stop, prior float64
	if _, err := fmt.Sscanf(strings.ReplaceAll(name, "/", " "), "tuned %d %g %g", &top, &stop, &prior); err != nil {
		return detector{}, false
	}
	return detector{name, func() func(string) string {
		m := model(top)
		t := language.DefaultTuning()
		t.StopwordNats, t.OtherPriorNats = stop, prior
		return func(s string) string { l, _ := m.DetectTuned(s, t); return l }
	}}, true
}
