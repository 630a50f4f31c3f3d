// Package oneshot is normalize's command-line mode for operators checking a
// feed before wiring it: it reads raw story files, detects their format (or
// takes the one given), splits containers into stories and normalizes each
// exactly as the pipeline would (pkg/wire), without NATS or Elasticsearch.
//
//	normalize -file story.xml                 canonical article(s) as JSON
//	normalize -file story.xml -format nitf    force the format
//	normalize -file - < story.txt             read standard input
//	normalize -file fixtures/                 one line per file: a table
package oneshot

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/newsroom-pipeline/newsroom/pkg/article"
	"github.com/newsroom-pipeline/newsroom/pkg/format"
	"github.com/newsroom-pipeline/newsroom/pkg/wire"
)

// Usage is the synopsis for normalize -help.
const Usage = "-file PATH|-|DIR [-format NAME] [-content-type TYPE]"

// ErrRejected is wrapped by the error of a run in which some story was
// rejected; the process exits non-zero.
var ErrRejected = errors.New("rejected")

// Flags registers the one-shot flags on fs and returns the function that
// runs the mode when -file was given (handled is false otherwise, and the
// worker starts as usual). stdin is read for "-file -".
func Flags(fs *flag.FlagSet, stdin io.Reader) func(stdout io.Writer) (handled bool, err error) {
	file := fs.String("file", "", "one-shot mode: normalize this raw story file (- for standard input; a directory prints one line per file) and print the canonical article as JSON, without NATS")
	formatName := fs.String("format", "", "with -file: the format, instead of detecting it ("+strings.Join(supported(), ", ")+")")
	contentType := fs.String("content-type", "", "with -file: the Content-Type a publisher would send, e.g. \"text/plain; charset=iso-8859-1\"")
	return func(stdout io.Writer) (bool, error) {
		if *file == "" {
			if *formatName != "" || *contentType != "" {
				return true, errors.New("-format and -content-type need -file")
			}
			return false, nil
		}
		if *formatName != "" && !wire.Supported(*formatName) {
			return true, fmt.Errorf("-format %q is not a format normalize reads (one of: %s)", *formatName, strings.Join(supported(), ", "))
		}
		if *file == "-" {
			raw, err := io.ReadAll(stdin)
			if err != nil {
				return true, fmt.Errorf("read standard input: %w", err)
			}
			return true, Print(stdout, raw, *formatName, *contentType)
		}
		info, err := os.Stat(*file)
		if err != nil {
			return true, err
		}
		if info.IsDir() {
			return true, Table(stdout, *file, *formatName, *contentType)
		}
		raw, err := os.ReadFile(*file)
		if err != nil {
			return true, err
		}
		if err := Print(stdout, raw, *formatName, *contentType); err != nil {
			return true, fmt.Errorf("%s: %w", *file, err)
		}
		return true, nil
	}
}

func supported() []string {
	var names []string
	for _, f := range format.All {
		if wire.Supported(f) {
			names = append(names, f)
		}
	}
	return names
}

// Story is one story's outcome: its article, or the reason it was refused.
type Story struct {
	Format  string           `json:"format"`
	ID      string           `json:"id,omitempty"`      // the source identity (empty: ingest gives a content address)
	Version int64            `json:"version,omitempty"` // the source version (0: ingest uses arrival time)
	Article *article.Article `json:"article,omitempty"`
	Error   string           `json:"error,omitempty"`
}

// Normalize detects (unless formatName is given), splits and parses raw.
// It fails only when raw as a whole cannot be read; a story of a container
// that is refused is reported in its Story.
func Normalize(raw []byte, formatName, contentType string) ([]Story, error) {
	if formatName == "" {
		formatName = format.Detect(contentType, raw)
	}
	docs, err := wire.Split(formatName, raw)
	if err != nil {
		return nil, fmt.Errorf("%w (format %s): %v", ErrRejected, formatName, err)
	}
	stories := make([]Story, 0, len(docs))
	for _, doc := range docs {
		s := Story{Format: formatName}
		a, err := wire.Parse(formatName, contentType, doc)
		if err != nil {
			s.Error = err.Error()
		} else {
			s.Article = a
			s.ID, s.Version = wire.Identity(a)
		}
		stories = append(stories, s)
	}
	return stories, nil
}

// Print writes the stories of raw as indented JSON: one object for a single
// story, an array for a container. A refused single story is an error
// (nothing is printed); a container with refused stories prints them all
// and returns an error counting the refused.
func Print(w io.Writer, raw []byte, formatName, contentType string) error {
	stories, err := Normalize(raw, formatName, contentType)
	if err != nil {
		return err
	}
	if len(stories) == 1 && stories[0].Error != "" {
		return fmt.Errorf("%w (format %s): %s", ErrRejected, stories[0].Format, stories[0].Error)
	}
	var v any = stories
	if len(stories) == 1 {
		v = stories[0]
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	if bad := refused(stories); bad > 0 {
		return fmt.Errorf("%w: %d of %d stories", ErrRejected, bad, len(stories))
	}
	return nil
}

func refused(stories []Story) int {
	n := 0
	for _, s := range stories {
		if s.Error != "" {
			n++
		}
	}
	return n
}

// Row is one file's line of a Table.
type Row struct {
	File     string
	Format   string
	Stories  int    // stories normalized
	Refused  int    // stories refused
	Headline string // the first normalized story's headline
	Reason   string // the first refusal's reason
}

// Check normalizes every regular file directly in dir (sorted by name) and
// returns one row per file. Files whose name starts with "." and the
// corpus's own documentation (*.md, *.tsv, LICENSE*) are skipped.
func Check(dir, formatName, contentType string) ([]Row, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].Name() < entries[j].Name() })
	var rows []Row
	for _, e := range entries {
		name := e.Name()
		if !e.Type().IsRegular() || skipped(name) {
			continue
		}
		raw, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			return nil, err
		}
		row := Row{File: name, Format: formatName}
		if row.Format == "" {
			row.Format = format.Detect(contentType, raw)
		}
		stories, err := Normalize(raw, row.Format, contentType)
		if err != nil {
			row.Refused, row.Reason = 1, strings.TrimPrefix(err.Error(), ErrRejected.Error()+" ")
		}
		for _, s := range stories {
			switch {
			case s.Error != "":
				row.Refused++
				if row.Reason == "" {
					row.Reason = s.Error
				}
			default:
				row.Stories++
				if row.Headline == "" {
					row.Headline = s.Article.Headline
				}
			}
		}
		rows = append(rows, row)
	}
	return rows, nil
}

func skipped(name string) bool {
	return strings.HasPrefix(name, ".") || strings.HasSuffix(name, ".md") || strings.HasSuffix(name, ".tsv") ||
		strings.HasPrefix(name, "LICENSE")
}

// Table prints Check's rows as an aligned table with a summary line.
func Table(w io.Writer, dir, formatName, contentType string) error {
	rows, err := Check(dir, formatName, contentType)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "FILE\tFORMAT\tSTORIES\tREFUSED\tHEADLINE / REASON")
	files, stories, refusedStories := 0, 0, 0
	for _, r := range rows {
		files++
		stories += r.Stories
		refusedStories += r.Refused
		text := r.Headline
		if r.Stories == 0 {
			text = "refused: " + r.Reason
		} else if r.Refused > 0 {
			text += "  (first refusal: " + r.Reason + ")"
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%s\n", r.File, r.Format, r.Stories, r.Refused, clip(text, 110))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "\n%d files: %d stories normalized, %d refused with a reason\n", files, stories, refusedStories)
	return err
}

func clip(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}
