package ner

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strings"
)

// Sentence is one tokenised sentence with its BIO tags ("O", "B-PER",
// "I-PER", ...). Tags may be nil for unlabelled text.
type Sentence struct {
	Tokens []string
	Tags   []string
	// Doc numbers the document the sentence belongs to, counted from
	// -DOCSTART- lines; corpora without them are one sentence per document
	// (their sentences are unrelated).
	Doc int
	// Unannotated lists entity types the corpus does not annotate (e.g.
	// EVT in NERGrit): there, a gold O may be such an entity. Training
	// treats those tokens as unknown; scoring ignores predictions of them.
	Unannotated []string
}

// Mapping renames entity types of a corpus onto the model's types, e.g.
// PERSON→PER. A type mapped to "O" or "" is dropped (its tokens become O).
// Types not in the mapping are kept as they are. A nil Mapping keeps all.
type Mapping map[string]string

// ParseMapping reads "FROM=TO,FROM=TO" (TO may be O to drop a type).
func ParseMapping(s string) (Mapping, error) {
	m := Mapping{}
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		from, to, ok := strings.Cut(part, "=")
		if !ok || strings.TrimSpace(from) == "" {
			return nil, fmt.Errorf("tag mapping %q: want FROM=TO", part)
		}
		m[strings.TrimSpace(from)] = strings.TrimSpace(to)
	}
	return m, nil
}

func (m Mapping) apply(typ string) string {
	if to, ok := m[typ]; ok {
		if to == "O" {
			return ""
		}
		return to
	}
	return typ
}

// ReadCoNLL reads a CoNLL-style file: whitespace-separated columns with the
// token first and the gold tag last, a blank line between sentences.
// -DOCSTART- lines are skipped, CRLF line ends are tolerated, and a line with
// a single column is a token with tag O. Tags may be BIO (IOB2) or IOB1; both
// come back as BIO with the mapping applied: an I-X that does not continue an
// X entity starts one, so IOB1 and sloppy BIO read the same.
func ReadCoNLL(r io.Reader, m Mapping) ([]Sentence, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	var out []Sentence
	var cur Sentence
	doc, docStarts := 0, false
	flush := func() {
		if len(cur.Tokens) > 0 {
			cur.Tags = normaliseBIO(cur.Tags)
			cur.Doc = doc
			if !docStarts {
				doc++
			}
			out = append(out, cur)
		}
		cur = Sentence{}
	}
	line := 0
	for sc.Scan() {
		line++
		fields := strings.Fields(sc.Text())
		if len(fields) == 0 {
			flush()
			continue
		}
		if fields[0] == "-DOCSTART-" {
			flush()
			if docStarts || len(out) > 0 {
				doc++
			}
			docStarts = true
			continue
		}
		tag := "O"
		if len(fields) > 1 {
			tag = fields[len(fields)-1]
		}
		t, err := mapTag(tag, m)
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", line, err)
		}
		cur.Tokens = append(cur.Tokens, fields[0])
		cur.Tags = append(cur.Tags, t)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("line %d: %w", line+1, err)
	}
	flush()
	return out, nil
}

// ReadCoNLLFile is ReadCoNLL on a file.
func ReadCoNLLFile(path string, m Mapping) ([]Sentence, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	s, err := ReadCoNLL(f, m)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return s, nil
}

// mapTag splits a tag into prefix and type, maps the type and returns the
// tag as prefix-type (or O). It does not yet repair the BIO sequence.
func mapTag(tag string, m Mapping) (string, error) {
	if tag == "O" {
		return "O", nil
	}
	prefix, typ, ok := strings.Cut(tag, "-")
	if !ok || (prefix != "B" && prefix != "I") || typ == "" {
		return "", fmt.Errorf("tag %q is neither O nor B-TYPE/I-TYPE", tag)
	}
	typ = m.apply(typ)
	if typ == "" {
		return "O", nil
	}
	return prefix + "-" + typ, nil
}

// normaliseBIO turns IOB1 (and BIO with stray I- starts) into strict BIO.
func normaliseBIO(tags []string) []string {
	prev := "O"
	for i, t := range tags {
		if strings.HasPrefix(t, "I-") && (prev == "O" || prev[2:] != t[2:]) {
			tags[i] = "B-" + t[2:]
		}
		prev = tags[i]
	}
	return tags
}

// Span is one entity: tokens [Start, End) of type Type.
type Span struct {
	Start, End int
	Type       string
}

// Spans returns the entities of a strict BIO sequence, as conlleval reads
// them (an I-X after another type starts a new entity).
func Spans(tags []string) []Span {
	var out []Span
	open := -1
	typ := ""
	closeAt := func(i int) {
		if open >= 0 {
			out = append(out, Span{open, i, typ})
			open = -1
		}
	}
	for i, t := range tags {
		switch {
		case t == "O" || t == "":
			closeAt(i)
		case strings.HasPrefix(t, "B-"):
			closeAt(i)
			open, typ = i, t[2:]
		case strings.HasPrefix(t, "I-"):
			if open < 0 || typ != t[2:] {
				closeAt(i)
				open, typ = i, t[2:]
			}
		}
	}
	closeAt(len(tags))
	return out
}
