// Package dlq prints dead letters for operators (newsctl dlq list|show)
// and parses the command's filters. Reading and replaying them is
// pkg/deadletter's.
package dlq

import (
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
	"unicode/utf8"

	"github.com/newsroom-pipeline/newsroom/pkg/deadletter"
)

// Table writes one row per letter: SEQ STAGE SUBJECT AGE REASON (the
// reason's first line, clipped).
func Table(w io.Writer, letters []deadletter.Letter, now time.Time) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "SEQ\tSTAGE\tSUBJECT\tAGE\tREASON")
	for _, l := range letters {
		reason, _, _ := strings.Cut(l.Reason, "\n")
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", l.Seq, l.Stage, l.Subject, Age(now.Sub(l.Time)), clip(reason, 100))
	}
	return tw.Flush()
}

// Age is a short, human duration: 45s, 12m, 5h, 3d.
func Age(d time.Duration) string {
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%ds", int(d.Seconds()))
	case d < time.Hour:
		return fmt.Sprintf("%dm", int(d.Minutes()))
	case d < 48*time.Hour:
		return fmt.Sprintf("%dh", int(d.Hours()))
	}
	return fmt.Sprintf("%dd", int(d.Hours()/24))
}

// Show writes a letter's headers, sorted, then its payload: whole when
// full, else its first KiB.
func Show(w io.Writer, l deadletter.Letter, full bool) error {
	fmt.Fprintf(w, "seq:      %d\nstage:    %s\nsubject:  %s\ntime:     %s\nbytes:    %d\n\nheaders:\n",
		l.Seq, l.Stage, l.Subject, l.Time.UTC().Format(time.RFC3339), len(l.Data))
	keys := make([]string, 0, len(l.Header))
	for k := range l.Header {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		for _, v := range l.Header[k] {
			fmt.Fprintf(w, "  %s: %s\n", k, v)
		}
	}
	data := l.Data
	more := 0
	if !full && len(data) > 1024 {
		cut := 1024
		for cut > 0 && !utf8.RuneStart(data[cut]) {
			cut--
		}
		data, more = data[:cut], len(data)-cut
	}
	if printable(data) {
		fmt.Fprintf(w, "\npayload:\n%s\n", data)
	} else {
		fmt.Fprintf(w, "\npayload (not text, shown quoted):\n%q\n", data)
	}
	if more > 0 {
		fmt.Fprintf(w, "... %d more bytes (-full shows them)\n", more)
	}
	return nil
}

// SeqRange parses "A-B", "A-" or "A" into the first and last sequence (0:
// open).
func SeqRange(s string) (from, to uint64, err error) {
	if s == "" {
		return 0, 0, nil
	}
	a, b, isRange := strings.Cut(s, "-")
	if from, err = strconv.ParseUint(a, 10, 64); err != nil {
		return 0, 0, fmt.Errorf("-seq %q: want A-B, A- or A", s)
	}
	if !isRange {
		return from, from, nil
	}
	if b == "" {
		return from, 0, nil
	}
	if to, err = strconv.ParseUint(b, 10, 64); err != nil || to < from {
		return 0, 0, fmt.Errorf("-seq %q: want A-B with A <= B", s)
	}
	return from, to, nil
}

// printable reports whether b is UTF-8 text without control characters
// other than tab, newline and carriage return: safe to print on a terminal.
func printable(b []byte) bool {
	if !utf8.Valid(b) {
		return false
	}
	for _, r := range string(b) {
		if r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0x7f {
			return false
		}
	}
	return true
}

func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}
