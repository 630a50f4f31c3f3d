package topics

import (
	"bufio"
	"cmp"
	"encoding/json"
	"fmt"
	"html"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
)

// Doc is one labelled story of a training corpus.
type Doc struct {
	ID       string // unique within its corpus: a file path, NEWID, IndoSum id
	Corpus   string // "bbc", "reuters21578", "indosum"
	Headline string
	Body     string
	Topic    string // 8-digit top-level id
	Label    string // the corpus's own label the topic came from, for the label table
}

// Text is what the classifier reads: headline and body.
func (d Doc) Text() string { return docText(d.Headline, d.Body) }

// TestPercent of each corpus is held out for evaluation.
const TestPercent = 20

// IsTest reports whether a document belongs to the held-out test part. The
// split hashes the corpus name and document id, so it never changes between
// runs, machines or corpus orderings.
func IsTest(corpus, id string) bool {
	h := fnvAdd(fnvAdd(fnvOffset, "topics-split\x00"+corpus+"\x00"), id)
	return h%100 < TestPercent
}

// isDev picks the part of the training documents that fits the softmax
// temperature (a second, independent hash).
func isDev(corpus, id string) bool {
	h := fnvAdd(fnvAdd(fnvOffset, "topics-dev\x00"+corpus+"\x00"), id)
	return h%100 < 15
}

// Split divides docs into training and test parts (see IsTest).
func Split(docs []Doc) (train, test []Doc) {
	for _, d := range docs {
		if IsTest(d.Corpus, d.ID) {
			test = append(test, d)
		} else {
			train = append(train, d)
		}
	}
	return train, test
}

// Corpus paths under the shared data folder.
const (
	BBCDir      = "en-news-bbc/bbc"
	ReutersDir  = "en-news-reuters21578"
	IndoSumFile = "id-news-indosum/derived/indosum_dev_articles.jsonl"
)

// CorpusPaths lists the shared-data paths (slash-separated, relative to the
// shared data folder) that LoadCorpus reads for lang.
func CorpusPaths(lang string) []string {
	switch lang {
	case "en":
		return []string{BBCDir, ReutersDir}
	case "id":
		return []string{IndoSumFile}
	}
	return nil
}

// ReutersCap bounds the Reuters-21578 stories taken (all of them are
// economy): without it the 04 class would outnumber the BBC classes ~10:1.
const ReutersCap = 600

// LoadCorpus reads the labelled documents of lang ("en" or "id") from the
// shared data folder dir, exact duplicates (same text) removed, in a
// deterministic order.
func LoadCorpus(dir, lang string) ([]Doc, error) {
	var docs []Doc
	switch lang {
	case "en":
		bbc, err := ReadBBC(filepath.Join(dir, BBCDir))
		if err != nil {
			return nil, err
		}
		reu, err := ReadReuters(filepath.Join(dir, ReutersDir), ReutersCap)
		if err != nil {
			return nil, err
		}
		docs = append(bbc, reu...)
	case "id":
		d, err := ReadIndoSum(filepath.Join(dir, IndoSumFile))
		if err != nil {
			return nil, err
		}
		docs = d
	default:
		return nil, fmt.Errorf("no topic corpus for language %q (have en, id)", lang)
	}
	return dedupe(docs), nil
}

// dedupe drops documents whose headline and body repeat an earlier one's
// (the BBC set has 98 exact duplicate files): a duplicate split across
// train and test would inflate the scores.
func dedupe(docs []Doc) []Doc {
	seen := map[uint64]bool{}
	out := docs[:0:0]
	for _, d := range docs {
		h := fnvAdd(fnvAdd(fnvOffset, d.Headline+"\x00"), strings.Join(strings.Fields(d.Body), " "))
		if seen[h] {
			continue
		}
		seen[h] = true
		out = append(out, d)
	}
	return out
}

// bbcTopics maps the BBC News folders to top levels.
var bbcTopics = map[string]string{
	"business":      "04000000",
	"entertainment": "01000000",
	"politics":      "11000000",
	"sport":         "15000000",
	"tech":          "13000000",
}

// ReadBBC reads the BBC News dataset (<dir>/<folder>/NNN.txt; line 1 is the
// headline, the rest the body), in path order.
func ReadBBC(dir string) ([]Doc, error) {
	var docs []Doc
	for _, folder := range slices.Sorted(maps.Keys(bbcTopics)) {
		paths, err := filepath.Glob(filepath.Join(dir, folder, "*.txt"))
		if err != nil {
			return nil, err
		}
		if len(paths) == 0 {
			return nil, fmt.Errorf("BBC corpus: no stories in %s", filepath.Join(dir, folder))
		}
		slices.Sort(paths)
		for _, p := range paths {
			b, err := os.ReadFile(p)
			if err != nil {
				return nil, fmt.Errorf("BBC corpus: %w", err)
			}
			head, body, _ := strings.Cut(strings.ReplaceAll(string(b), "\r", ""), "\n")
			docs = append(docs, Doc{ID: folder + "/" + filepath.Base(p), Corpus: "bbc", Headline: strings.TrimSpace(head),
				Body: strings.TrimSpace(body), Topic: bbcTopics[folder], Label: folder})
		}
	}
	return docs, nil
}

var (
	reutersStory = regexp.MustCompile(`(?s)<REUTERS[^>]*NEWID="(\d+)"[^>]*>(.*?)</REUTERS>`)
	reutersTopic = regexp.MustCompile(`(?s)<TOPICS>(.*?)</TOPICS>`)
	reutersD     = regexp.MustCompile(`<D>(.*?)</D>`)
	reutersTitle = regexp.MustCompile(`(?s)<TITLE>(.*?)</TITLE>`)
	reutersBody  = regexp.MustCompile(`(?s)<BODY>(.*?)</BODY>`)
)

// ReadReuters reads the Reuters-21578 stories (reut2-*.sgm in dir) that
// have TOPICS and a body, all labelled 04 (every TOPICS category is
// economic), and keeps the limit whose NEWID hashes lowest: a deterministic
// sample spread over the whole collection.
func ReadReuters(dir string, limit int) ([]Doc, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "reut2-*.sgm"))
	if err != nil {
		return nil, err
	}
	if len(paths) == 0 {
		return nil, fmt.Errorf("Reuters-21578: no reut2-*.sgm in %s", dir)
	}
	slices.Sort(paths)
	var docs []Doc
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			return nil, fmt.Errorf("Reuters-21578: %w", err)
		}
		for _, m := range reutersStory.FindAllStringSubmatch(string(b), -1) {
			if d, ok := reutersDoc(m[1], m[2]); ok {
				docs = append(docs, d)
			}
		}
	}
	rank := func(d Doc) uint64 { return fnvAdd(fnvOffset, "reuters-sample\x00"+d.ID) }
	slices.SortStableFunc(docs, func(a, b Doc) int { return cmp.Compare(rank(a), rank(b)) })
	return docs[:min(len(docs), limit)], nil
}

// reutersDoc builds the document of one <REUTERS> element, if it has topics
// and a body.
func reutersDoc(id, inner string) (Doc, bool) {
	tm := reutersTopic.FindStringSubmatch(inner)
	bm := reutersBody.FindStringSubmatch(inner)
	if tm == nil || bm == nil {
		return Doc{}, false
	}
	var topics []string
	for _, d := range reutersD.FindAllStringSubmatch(tm[1], -1) {
		topics = append(topics, d[1])
	}
	if len(topics) == 0 {
		return Doc{}, false
	}
	title := ""
	if t := reutersTitle.FindStringSubmatch(inner); t != nil {
		title = t[1]
	}
	body := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(html.UnescapeString(bm[1])), "Reuter"))
	return Doc{ID: id, Corpus: "reuters21578", Headline: strings.TrimSpace(html.UnescapeString(title)), Body: body,
		Topic: "04000000", Label: "any TOPICS category"}, body != ""
}

// indoSumArticle is one line of the derived IndoSum file.
type indoSumArticle struct {
	ID        string `json:"id"`
	Source    string `json:"source"`
	Category  string `json:"category"`
	URL       string `json:"source_url"`
	TitleSlug string `json:"title_from_url_slug"`
	Body      string `json:"body"`
}

// ReadIndoSum reads the labelled IndoSum articles. The label of an article
// comes, in this order, from
//  1. IndoSumLabel: its URL section, else its category, when that names a
//     topic (label "category/section" or "category");
//  2. else the labels read by hand (IndoSumReadLabels, labels/indosum-read.tsv;
//     label "category/read"), which cover the stories rule 1 leaves out
//     ("tajuk utama" and "inspirasi" in news sections); a read label NoTopic
//     keeps the story out;
//  3. else the article is left out.
//
// Articles without a body are left out.
func ReadIndoSum(path string) ([]Doc, error) {
	if _, err := IndoSumReadLabels(); err != nil {
		return nil, err
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("IndoSum: %w", err)
	}
	defer f.Close()
	var docs []Doc
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for line := 1; sc.Scan(); line++ {
		var a indoSumArticle
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			return nil, fmt.Errorf("IndoSum %s:%d: %w", path, line, err)
		}
		topic, label, ok := IndoSumLabel(a.Category, a.Source, a.URL)
		if !ok {
			topic, ok = indoSumRead(a.ID) // the labels parsed above
			label = a.Category + "/read"
		}
		if !ok || topic == NoTopic || strings.TrimSpace(a.Body) == "" {
			continue
		}
		docs = append(docs, Doc{ID: a.ID, Corpus: "indosum", Headline: a.TitleSlug, Body: a.Body, Topic: topic, Label: label})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("IndoSum %s: %w", path, err)
	}
	if len(docs) == 0 {
		return nil, fmt.Errorf("IndoSum %s: no labelled articles", path)
	}
	return docs, nil
}

// indoSumSections are URL sections that name a topic, whatever IndoSum's
// category: they label "tajuk utama" (headlines, a mix) stories, and
// override "hiburan"/"showbiz" for lifestyle and health sections.
var indoSumSections = map[string]string{
	"ekonomi":         "04000000", // cnn indonesia, rimanews
	"uang":            "04000000", // merdeka
	"bisnis":          "04000000", // suara
	"@kumparanbisnis": "04000000", // kumparan's business account
	"politik":         "11000000",
	"teknologi":       "13000000",
	"olahraga":        "15000000",
	"gaya-hidup":      "10000000", // cnn indonesia
	"gaya":            "10000000", // merdeka
	"gayahidup":       "10000000", // rimanews
	"sehat":           "07000000", // merdeka
}

// indoSumCategories are IndoSum categories that are a topic by themselves.
var indoSumCategories = map[string]string{
	"olahraga":  "15000000",
	"showbiz":   "01000000",
	"hiburan":   "01000000",
	"teknologi": "13000000",
}

// IndoSumLabel is the weak labelling of an IndoSum article: the first path
// segment of source_url when it is a topic section (indoSumSections), else
// the category when it is a topic (indoSumCategories); "tajuk utama"
// stories in other sections (nasional, internasional, berita, peristiwa,
// news, dunia, dated or author paths) get no label here: ReadIndoSum then
// takes their hand-read label (IndoSumReadLabels). label names the rule,
// "category/section".
func IndoSumLabel(category, source, url string) (topic, label string, ok bool) {
	section := urlSection(url)
	if t, ok := indoSumSections[section]; ok {
		return t, category + "/" + section, true
	}
	if t, ok := indoSumCategories[category]; ok {
		return t, category, true
	}
	return "", "", false
}

// urlSection is the first path segment of a URL, lower-cased.
func urlSection(url string) string {
	_, rest, ok := strings.Cut(url, "://")
	if !ok {
		return ""
	}
	_, path, _ := strings.Cut(rest, "/")
	seg, _, _ := strings.Cut(path, "/")
	return strings.ToLower(seg)
}
