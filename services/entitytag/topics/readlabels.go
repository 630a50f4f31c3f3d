package topics

import (
	_ "embed"
	"fmt"
	"strings"
	"sync"
)

// IndoSumReadFile is the file of IndoSum stories labelled by reading (see
// labels/indosum-read.tsv and its header: CC BY-SA 4.0 like IndoSum).
const IndoSumReadFile = "labels/indosum-read.tsv"

// NoTopic is the code of a read label that names no clear main topic; such
// stories stay out of the training data.
const NoTopic = "-"

//go:embed labels/indosum-read.tsv
var indoSumReadTSV string

// ReadLabel is one story of a read-labels file.
type ReadLabel struct {
	ID     string
	Topic  string // 8-digit top-level id, or NoTopic
	Reason string
	Line   int
}

// ParseReadLabels parses a read-labels file: "#" comment lines and blank
// lines, else id<TAB>code<TAB>reason with code one of the 17 top levels
// (8 digits) or NoTopic. Ids must be unique.
func ParseReadLabels(text string) ([]ReadLabel, error) {
	var out []ReadLabel
	seen := map[string]int{}
	for i, line := range strings.Split(text, "\n") {
		n := i + 1
		line = strings.TrimSuffix(line, "\r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 3 {
			return nil, fmt.Errorf("line %d: want id<TAB>code<TAB>reason, have %d fields", n, len(f))
		}
		id, code, reason := strings.TrimSpace(f[0]), strings.TrimSpace(f[1]), strings.TrimSpace(f[2])
		if id == "" {
			return nil, fmt.Errorf("line %d: empty id", n)
		}
		if _, ok := byID[code]; !ok && code != NoTopic {
			return nil, fmt.Errorf("line %d: %q is not a top-level Media Topic (8 digits) or %q", n, code, NoTopic)
		}
		if reason == "" {
			return nil, fmt.Errorf("line %d: empty reason", n)
		}
		if prev, ok := seen[id]; ok {
			return nil, fmt.Errorf("line %d: id %s repeats line %d", n, id, prev)
		}
		seen[id] = n
		out = append(out, ReadLabel{ID: id, Topic: code, Reason: reason, Line: n})
	}
	return out, nil
}

// IndoSumReadLabels returns the embedded read labels (IndoSumReadFile).
func IndoSumReadLabels() ([]ReadLabel, error) {
	readOnce.Do(func() {
		readLabels, readErr = ParseReadLabels(indoSumReadTSV)
		if readErr != nil {
			readErr = fmt.Errorf("%s: %w", IndoSumReadFile, readErr)
			return
		}
		readByID = make(map[string]string, len(readLabels))
		for _, l := range readLabels {
			readByID[l.ID] = l.Topic
		}
	})
	return readLabels, readErr
}

var (
	readOnce   sync.Once
	readLabels []ReadLabel
	readByID   map[string]string
	readErr    error
)

// indoSumRead returns the read label of an IndoSum id, if it has one. Call
// it after IndoSumReadLabels returned no error (before, or after a parse
// error, it knows no label).
func indoSumRead(id string) (topic string, ok bool) {
	topic, ok = readByID[id]
	return topic, ok
}
