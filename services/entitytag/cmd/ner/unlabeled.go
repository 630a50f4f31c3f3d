package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/newsroom-pipeline/newsroom/services/entitytag/ner"
)

// Unlabelled news for the word classes (ner.BuildLexicon), per language,
// relative to ../shared/data. Only training text is added to it, never dev
// or test text.
var unlabelled = map[string][]string{
	"en": {"en-news-reuters21578", "en-news-bbc/bbc"},
	"id": {"id-news-indosum/derived/indosum_dev_articles.jsonl"},
}

// heldOut lists the IndoSum articles of the news dev set
// (ner/testdata/id-news-dev.conll, one "-DOCSTART- ID source" line per
// article): they are left out of the word classes, so that no model has
// seen its text.
var heldOut = map[string]bool{}

// readHeldOut fills heldOut from the dev set file.
func readHeldOut(path string) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("news dev set (its articles are left out of the word classes): %w", err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) > 1 && f[0] == "-DOCSTART-" {
			heldOut[f[1]] = true
		}
	}
	return nil
}

var reutersBody = regexp.MustCompile(`(?s)<BODY>(.*?)</BODY>`)

// readUnlabelled returns the paragraphs of the language's unlabelled news
// as token sequences, and a description of what was read.
func readUnlabelled(dataRoot, lang string) ([][]string, string, error) {
	var seqs [][]string
	var desc []string
	addText := func(text string) { seqs = append(seqs, paragraphTokens(text)...) }
	for _, rel := range unlabelled[lang] {
		p := filepath.Join(dataRoot, rel)
		before := len(seqs)
		switch {
		case strings.HasSuffix(p, ".jsonl"):
			f, err := os.Open(p)
			if err != nil {
				return nil, "", err
			}
			sc := bufio.NewScanner(f)
			sc.Buffer(make([]byte, 0, 1<<20), 1<<24)
			for sc.Scan() {
				var rec struct {
					ID   string `json:"id"`
					Body string `json:"body"`
				}
				if err := json.Unmarshal(sc.Bytes(), &rec); err == nil && !heldOut[rec.ID] {
					addText(rec.Body)
				}
			}
			f.Close()
			if err := sc.Err(); err != nil {
				return nil, "", fmt.Errorf("%s: %w", p, err)
			}
		default:
			err := filepath.WalkDir(p, func(path string, d os.DirEntry, err error) error {
				if err != nil || d.IsDir() {
					return err
				}
				b, err := os.ReadFile(path)
				if err != nil {
					return err
				}
				switch {
				case strings.HasSuffix(path, ".sgm"):
					for _, m := range reutersBody.FindAllSubmatch(b, -1) {
						// Reuters bodies wrap lines; paragraphs are indented.
						t := strings.ReplaceAll(html.UnescapeString(string(m[1])), "\n    ", "\n\n")
						t = strings.TrimSuffix(strings.TrimSpace(t), "Reuter\n&#3;")
						addText(t)
					}
				case strings.HasSuffix(path, ".txt") && strings.Contains(path, "bbc"):
					addText(string(b))
				}
				return nil
			})
			if err != nil {
				return nil, "", err
			}
		}
		desc = append(desc, fmt.Sprintf("`%s` (%d paragraphs)", rel, len(seqs)-before))
	}
	return seqs, strings.Join(desc, ", "), nil
}

// readExtraText reads more unlabelled text for the word classes (the
// train -text flag): a file of one token per line (first column; blank
// lines end sentences), as POS-tagged corpora come, or else plain text
// with paragraphs separated by blank lines.
func readExtraText(path string) ([][]string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var seqs [][]string
	lines := strings.Split(string(b), "\n")
	tokenLines := 0
	for _, l := range lines[:min(len(lines), 200)] {
		if f := strings.Fields(l); len(f) == 2 || (len(f) == 1 && !strings.Contains(l, " ")) {
			tokenLines++
		}
	}
	if tokenLines > min(len(lines), 200)/2 {
		var cur []string
		for _, l := range lines {
			f := strings.Fields(l)
			if len(f) == 0 {
				if len(cur) > 0 {
					seqs = append(seqs, cur)
					cur = nil
				}
				continue
			}
			cur = append(cur, f[0])
		}
		if len(cur) > 0 {
			seqs = append(seqs, cur)
		}
		return seqs, nil
	}
	return paragraphTokens(string(b)), nil
}

// paragraphTokens tokenises plain text with paragraphs separated by blank
// lines: one token sequence per non-empty paragraph.
func paragraphTokens(text string) [][]string {
	var seqs [][]string
	for _, para := range strings.Split(text, "\n\n") {
		toks := ner.Tokenize(strings.Join(strings.Fields(para), " "))
		if len(toks) == 0 {
			continue
		}
		s := make([]string, len(toks))
		for i, t := range toks {
			s[i] = t.Text
		}
		seqs = append(seqs, s)
	}
	return seqs
}
