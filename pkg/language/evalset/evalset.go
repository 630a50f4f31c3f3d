// Package evalset builds the labelled evaluation set used to choose and check
// the language detector (package language). It reads research corpora and wire
// fixtures from the shared data folder (../shared/data beside the repository,
// read-only, never copied into the repository) and labels every text with the
// primary language subtag it is written in.
//
// The corpora and how their labels were decided:
//
//   - IndoSum dev articles (id-news-indosum): Indonesian news, "id". Body and,
//     as a separate short-text row, the title (taken from the URL slug, so
//     lower case).
//   - BBC News (en-news-bbc): English, "en". Story and, separately, its first
//     line (the headline).
//   - Reuters-21578 (en-news-reuters21578, reut2-*.sgm): English, "en". The
//     <BODY> and, separately, the <TITLE> of every document, cut out with a
//     regular expression (good enough for this SGML).
//   - NER corpora (ner/): one sample per sentence, tokens joined with spaces;
//     CoNLL-2003 test "en"; IndoNLU NERGrit and NERP test, IndoLEM NER-UGM
//     and NER-UI test fold 1 "id". These are the short-text rows. A sentence
//     with fewer than three words (a name, a score line) carries no language
//     and is left out.
//   - Indonesian news pages (id-news-html-pages/expected_extraction.json): the
//     expected article content of every single-page fixture, "id".
//   - The seed story (seed/*.txt): an ANTARA story in Indonesian, "id".
//   - Wire fixtures (wire/): the stories in Fixtures, each labelled by hand
//     after reading it (the file's own language field is only a hint: several
//     are wrong, see the notes there). Each story is a "wire" sample, and
//     each of its paragraphs with at least three words a "wire/paragraph"
//     sample, which gives short and medium texts in the European languages.
//     The text is cut out crudely: the contents of the story elements with
//     tags stripped and entities decoded; a little metadata may remain, as
//     it would in a careless parser.
//
// Samples that are the same text as an earlier one (duplicate fixtures,
// repeated NER sentences) are kept once.
package evalset

import (
	"bufio"
	"encoding/json"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Sample is one labelled text.
type Sample struct {
	Corpus string // evaluation row, e.g. "indosum", "bbc/title", "wire/paragraph"
	Lang   string // expected primary language subtag, lower case
	Text   string
	Source string // file (relative to the data folder) and position, for reports
}

// Options limits how much of the large corpora is read; zero means all.
type Options struct {
	// MaxPerCorpus caps the samples of each corpus row (corpus and
	// language: IndoSum, BBC, Reuters, each NER corpus, the wire stories in
	// one language ...); the first ones in load order are kept.
	MaxPerCorpus int
}

// Load reads every corpus of the evaluation set from the data folder root
// (the folder that holds id-news-indosum, en-news-bbc, ...). A corpus that is
// missing or unreadable is an error: the set is meant to be complete.
func Load(root string, opt Options) ([]Sample, error) {
	loaders := []func(string) ([]Sample, error){
		loadIndoSum, loadBBC, loadReuters, loadNER, loadIDWeb, loadSeed, loadFixtures,
	}
	var all []Sample
	for _, load := range loaders {
		s, err := load(root)
		if err != nil {
			return nil, err
		}
		all = append(all, s...)
	}
	return limit(dedupe(all), opt.MaxPerCorpus), nil
}

// Bucket names the length class of a text, in characters (runes): "short"
// (< 100, a headline or a sentence), "medium" (< 500, a paragraph or a brief)
// and "full" (a whole story).
func Bucket(text string) string {
	n := utf8.RuneCountInString(strings.TrimSpace(text))
	switch {
	case n < 100:
		return "short"
	case n < 500:
		return "medium"
	default:
		return "full"
	}
}

// Buckets lists the Bucket names in increasing length.
var Buckets = []string{"short", "medium", "full"}

func dedupe(in []Sample) []Sample {
	seen := make(map[string]bool, len(in))
	out := in[:0]
	for _, s := range in {
		key := s.Corpus + "\x00" + s.Text
		if seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, s)
	}
	return out
}

func limit(in []Sample, max int) []Sample {
	if max <= 0 {
		return in
	}
	count := map[string]int{}
	out := in[:0]
	for _, s := range in {
		k := s.Corpus + " " + s.Lang
		if count[k] >= max {
			continue
		}
		count[k]++
		out = append(out, s)
	}
	return out
}

func loadIndoSum(root string) ([]Sample, error) {
	const rel = "id-news-indosum/derived/indosum_dev_articles.jsonl"
	f, err := os.Open(filepath.Join(root, rel))
	if err != nil {
		return nil, fmt.Errorf("IndoSum: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 1<<20), 16<<20)
	var out []Sample
	for line := 1; sc.Scan(); line++ {
		var row struct {
			Title string `json:"title_from_url_slug"`
			Body  string `json:"body"`
		}
		if err := json.Unmarshal(sc.Bytes(), &row); err != nil {
			return nil, fmt.Errorf("IndoSum %s line %d: %w", rel, line, err)
		}
		src := fmt.Sprintf("%s:%d", rel, line)
		out = append(out, Sample{"indosum", "id", row.Body, src})
		if enoughWords(row.Title) {
			out = append(out, Sample{"indosum/title", "id", row.Title, src})
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("IndoSum %s: %w", rel, err)
	}
	return out, nil
}

func loadBBC(root string) ([]Sample, error) {
	files, err := filepath.Glob(filepath.Join(root, "en-news-bbc/bbc/*/*.txt"))
	if err != nil || len(files) == 0 {
		return nil, fmt.Errorf("BBC: no stories under en-news-bbc/bbc (%v)", err)
	}
	sort.Strings(files)
	var out []Sample
	for _, fn := range files {
		b, err := os.ReadFile(fn)
		if err != nil {
			return nil, fmt.Errorf("BBC: %w", err)
		}
		text := decode(b)
		src := rel(root, fn)
		out = append(out, Sample{"bbc", "en", text, src})
		title, _, _ := strings.Cut(strings.TrimSpace(text), "\n")
		if enoughWords(title) {
			out = append(out, Sample{"bbc/title", "en", strings.TrimSpace(title), src})
		}
	}
	return out, nil
}

var (
	reutersDoc   = regexp.MustCompile(`(?s)<REUTERS\b.*?</REUTERS>`)
	reutersTitle = regexp.MustCompile(`(?s)<TITLE>(.*?)</TITLE>`)
	reutersBody  = regexp.MustCompile(`(?s)<BODY>(.*?)</BODY>`)
)

func loadReuters(root string) ([]Sample, error) {
	files, err := filepath.Glob(filepath.Join(root, "en-news-reuters21578/reut2-*.sgm"))
	if err != nil || len(files) == 0 {
		return nil, fmt.Errorf("Reuters-21578: no reut2-*.sgm files (%v)", err)
	}
	sort.Strings(files)
	var out []Sample
	for _, fn := range files {
		b, err := os.ReadFile(fn)
		if err != nil {
			return nil, fmt.Errorf("Reuters-21578: %w", err)
		}
		for i, doc := range reutersDoc.FindAll(b, -1) {
			src := fmt.Sprintf("%s#%d", rel(root, fn), i+1)
			if m := reutersTitle.FindSubmatch(doc); m != nil {
				if t := cleanSGML(m[1]); enoughWords(t) {
					out = append(out, Sample{"reuters/title", "en", t, src})
				}
			}
			if m := reutersBody.FindSubmatch(doc); m != nil {
				// The body ends in the trailer "Reuter" and a control
				// character; both are part of how the corpus looks.
				out = append(out, Sample{"reuters", "en", cleanSGML(m[1]), src})
			}
		}
	}
	return out, nil
}

func cleanSGML(b []byte) string {
	s := html.UnescapeString(decode(b))
	return strings.TrimSpace(strings.Map(func(r rune) rune {
		if unicode.IsControl(r) && r != '\n' {
			return -1
		}
		return r
	}, s))
}

// nerCorpora lists the NER test files, their label and the column that holds
// the token (columns are separated by white space).
var nerCorpora = []struct {
	corpus, path, lang string
}{
	{"ner/conll2003", "ner/en-conll2003/iob2-bio/test.txt", "en"},
	{"ner/nergrit", "ner/id-indonlu/nergrit/test_preprocess.txt", "id"},
	{"ner/nerp", "ner/id-indonlu/nerp/test_preprocess.txt", "id"},
	{"ner/nerugm", "ner/id-indolem/nerugm/test.01.tsv", "id"},
	{"ner/nerui", "ner/id-indolem/nerui/test.01.tsv", "id"},
}

func loadNER(root string) ([]Sample, error) {
	var out []Sample
	for _, c := range nerCorpora {
		f, err := os.Open(filepath.Join(root, c.path))
		if err != nil {
			return nil, fmt.Errorf("NER %s: %w", c.corpus, err)
		}
		sc := bufio.NewScanner(f)
		var toks []string
		start, line := 1, 0
		flush := func() {
			if s := detokenize(toks); enoughWords(s) {
				out = append(out, Sample{c.corpus, c.lang, s, fmt.Sprintf("%s:%d", c.path, start)})
			}
			toks = toks[:0]
			start = line + 1
		}
		for sc.Scan() {
			line++
			fields := strings.Fields(sc.Text())
			if len(fields) == 0 || fields[0] == "-DOCSTART-" {
				flush()
				continue
			}
			toks = append(toks, fields[0])
		}
		flush()
		err = sc.Err()
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("NER %s: %w", c.corpus, err)
		}
	}
	return out, nil
}

// detokenize joins tokens with spaces, without a space before closing
// punctuation, so that a sentence reads roughly as it was written.
func detokenize(toks []string) string {
	var b strings.Builder
	for i, t := range toks {
		if i > 0 && !strings.Contains(".,;:!?)%'", t) {
			b.WriteByte(' ')
		}
		b.WriteString(t)
	}
	return b.String()
}

func loadIDWeb(root string) ([]Sample, error) {
	const path = "id-news-html-pages/expected_extraction.json"
	b, err := os.ReadFile(filepath.Join(root, path))
	if err != nil {
		return nil, fmt.Errorf("Indonesian news pages: %w", err)
	}
	var rows []struct {
		Fixture  string `json:"fixture"`
		Expected struct {
			Title   string `json:"title"`
			Content string `json:"content"`
		} `json:"expected"`
	}
	if err := json.Unmarshal(b, &rows); err != nil {
		return nil, fmt.Errorf("Indonesian news pages %s: %w", path, err)
	}
	var out []Sample
	for _, r := range rows {
		if r.Expected.Content == "" {
			continue // an index page: a list of links
		}
		text := r.Expected.Title + "\n\n" + r.Expected.Content
		out = append(out, Sample{"id-web", "id", text, path + " " + r.Fixture})
	}
	return out, nil
}

func loadSeed(root string) ([]Sample, error) {
	files, err := filepath.Glob(filepath.Join(root, "seed/*.txt"))
	if err != nil || len(files) == 0 {
		return nil, fmt.Errorf("seed story: no seed/*.txt (%v)", err)
	}
	var out []Sample
	for _, fn := range files {
		b, err := os.ReadFile(fn)
		if err != nil {
			return nil, fmt.Errorf("seed story: %w", err)
		}
		out = append(out, Sample{"seed", "id", decode(b), rel(root, fn)})
	}
	return out, nil
}

// decode returns b as text: UTF-8 when it is valid UTF-8, otherwise
// ISO-8859-1 (the encoding of the older wire files that are not UTF-8).
func decode(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	r := make([]rune, len(b))
	for i, c := range b {
		r[i] = rune(c)
	}
	return string(r)
}

func rel(root, path string) string {
	if r, err := filepath.Rel(root, path); err == nil {
		return filepath.ToSlash(r)
	}
	return path
}

// enoughWords reports whether s has at least three words of two or more
// letters: less is a name or a number line, not a text in a language.
func enoughWords(s string) bool {
	return len(Words(s)) >= 3
}

// Words returns the runs of at least two letters of s.
func Words(s string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) }) {
		if utf8.RuneCountInString(w) >= 2 {
			out = append(out, w)
		}
	}
	return out
}
