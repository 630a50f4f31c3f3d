// Package config reads service configuration from environment variables.
//
// A Reader records every variable a service reads, with its default and
// help text, so that --help can list them and tests can check that the
// deployment files set only names a service actually reads. Parse errors are
// collected and returned together by Err.
package config

import (
	"errors"
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Var describes one environment variable a service reads.
type Var struct {
	Name    string
	Default string
	Help    string
}

// Reader reads typed values from a getenv function.
type Reader struct {
	getenv func(string) string
	vars   map[string]Var
	errs   []error
}

// NewReader reads from getenv (os.Getenv in main; a map in tests).
func NewReader(getenv func(string) string) *Reader {
	return &Reader{getenv: getenv, vars: map[string]Var{}}
}

func (r *Reader) lookup(name, def, help string) (string, bool) {
	r.vars[name] = Var{Name: name, Default: def, Help: help}
	v := strings.TrimSpace(r.getenv(name))
	return v, v != ""
}

// String returns the variable's value, or def when it is unset or empty.
func (r *Reader) String(name, def, help string) string {
	if v, ok := r.lookup(name, def, help); ok {
		return v
	}
	return def
}

// Int returns the variable as an integer.
func (r *Reader) Int(name string, def int, help string) int {
	v, ok := r.lookup(name, strconv.Itoa(def), help)
	if !ok {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		r.errs = append(r.errs, fmt.Errorf("%s=%q: not an integer", name, v))
		return def
	}
	return n
}

// Secret returns a credential from the variable name or, when name+"_FILE"
// is set, from that file (a Docker or Kubernetes secret; one trailing line
// break is dropped). The value is never recorded: -help shows both names,
// never what they hold.
func (r *Reader) Secret(name, help string) string {
	file, _ := r.lookup(name+"_FILE", "", "file holding "+name+" (a mounted secret)")
	if file != "" {
		b, err := os.ReadFile(file)
		if err != nil {
			r.errs = append(r.errs, fmt.Errorf("%s_FILE: %w", name, err))
			return ""
		}
		return strings.TrimRight(string(b), "\r\n")
	}
	v, _ := r.lookup(name, "", help)
	return v
}

// Bytes returns the variable as a size in bytes: a whole number with an
// optional unit (KiB, MiB, GiB, TiB, or KB, MB, GB, TB as powers of 1000;
// "4MiB", "1GB", "65536"). "-1" means no limit where the caller allows it.
func (r *Reader) Bytes(name string, def int64, help string) int64 {
	v, ok := r.lookup(name, FormatBytes(def), help)
	if !ok {
		return def
	}
	n, err := ParseBytes(v)
	if err != nil {
		r.errs = append(r.errs, fmt.Errorf("%s=%q: %w", name, v, err))
		return def
	}
	return n
}

// byteUnits are the units Bytes understands, longest suffix first.
var byteUnits = []struct {
	suffix string
	n      int64
}{
	{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}, {"TiB", 1 << 40},
	{"KB", 1e3}, {"MB", 1e6}, {"GB", 1e9}, {"TB", 1e12}, {"B", 1},
}

// ParseBytes reads a size as Bytes does.
func ParseBytes(s string) (int64, error) {
	s = strings.TrimSpace(s)
	unit := int64(1)
	for _, u := range byteUnits {
		if strings.HasSuffix(strings.ToUpper(s), strings.ToUpper(u.suffix)) {
			s, unit = strings.TrimSpace(s[:len(s)-len(u.suffix)]), u.n
			break
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, errors.New("not a size (e.g. 65536, 4MiB, 1GiB, -1)")
	}
	if n < 0 && (n != -1 || unit != 1) {
		return 0, errors.New("a size is a whole number >= 0, or -1")
	}
	return n * unit, nil
}

// FormatBytes prints n in the largest binary unit that divides it.
func FormatBytes(n int64) string {
	for _, u := range []struct {
		suffix string
		n      int64
	}{{"TiB", 1 << 40}, {"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}} {
		if n > 0 && n%u.n == 0 {
			return strconv.FormatInt(n/u.n, 10) + u.suffix
		}
	}
	return strconv.FormatInt(n, 10)
}

// Bool returns the variable as a boolean (1/0, true/false, yes/no).
func (r *Reader) Bool(name string, def bool, help string) bool {
	v, ok := r.lookup(name, strconv.FormatBool(def), help)
	if !ok {
		return def
	}
	switch strings.ToLower(v) {
	case "1", "true", "yes", "on":
		return true
	case "0", "false", "no", "off":
		return false
	}
	r.errs = append(r.errs, fmt.Errorf("%s=%q: not a boolean", name, v))
	return def
}

// Duration returns the variable as a Go duration ("30s", "5m"); a "d" suffix
// counts days ("7d").
func (r *Reader) Duration(name string, def time.Duration, help string) time.Duration {
	v, ok := r.lookup(name, FormatDuration(def), help)
	if !ok {
		return def
	}
	d, err := ParseDuration(v)
	if err != nil {
		r.errs = append(r.errs, fmt.Errorf("%s=%q: %v", name, v, err))
		return def
	}
	return d
}

// List returns a comma-separated variable as a list without empty items.
func (r *Reader) List(name, def, help string) []string {
	var out []string
	for _, s := range strings.Split(r.String(name, def, help), ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// Err returns every parse error so far, joined; nil if there were none.
func (r *Reader) Err() error { return errors.Join(r.errs...) }

// Vars returns the variables read so far, sorted by name.
func (r *Reader) Vars() []Var {
	out := make([]Var, 0, len(r.vars))
	for _, v := range r.vars {
		out = append(out, v)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Usage formats the variables for --help.
func (r *Reader) Usage() string {
	var b strings.Builder
	b.WriteString("Environment variables:\n")
	for _, v := range r.Vars() {
		fmt.Fprintf(&b, "  %-34s %s (default %q)\n", v.Name, v.Help, v.Default)
	}
	return b.String()
}

// ParseDuration is time.ParseDuration plus a whole-day suffix "d".
func ParseDuration(s string) (time.Duration, error) {
	if n, ok := strings.CutSuffix(s, "d"); ok {
		days, err := strconv.Atoi(n)
		if err != nil || days < 0 {
			return 0, fmt.Errorf("bad day count %q", s)
		}
		return time.Duration(days) * 24 * time.Hour, nil
	}
	return time.ParseDuration(s)
}

// FormatDuration prints whole days as "7d" and anything else as Go does.
func FormatDuration(d time.Duration) string {
	if d >= 24*time.Hour && d%(24*time.Hour) == 0 {
		return strconv.Itoa(int(d/(24*time.Hour))) + "d"
	}
	return d.String()
}
