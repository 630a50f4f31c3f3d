package config

import (
	"strings"
	"testing"
	"time"
)

func TestReader(t *testing.T) {
	env := map[string]string{
		"N": "12", "BAD_N": "x", "D": "7d", "D2": "250ms", "B": "yes", "L": " a, ,b ,",
	}
	r := NewReader(func(k string) string { return env[k] })
	if got := r.Int("N", 1, ""); got != 12 {
		t.Errorf("Int = %d", got)
	}
	if got := r.Int("BAD_N", 3, ""); got != 3 {
		t.Errorf("bad Int = %d, want default", got)
	}
	if got := r.Duration("D", 0, ""); got != 7*24*time.Hour {
		t.Errorf("Duration(7d) = %v", got)
	}
	if got := r.Duration("D2", 0, ""); got != 250*time.Millisecond {
		t.Errorf("Duration = %v", got)
	}
	if !r.Bool("B", false, "") || r.Bool("UNSET", false, "") {
		t.Error("Bool")
	}
	if got := r.List("L", "", ""); strings.Join(got, "|") != "a|b" {
		t.Errorf("List = %q", got)
	}
	if got := r.String("UNSET_S", "def", "help"); got != "def" {
		t.Errorf("String default = %q", got)
	}
	if err := r.Err(); err == nil || !strings.Contains(err.Error(), "BAD_N") {
		t.Errorf("Err = %v, want BAD_N reported", err)
	}
	if n := len(r.Vars()); n != 8 {
		t.Errorf("recorded %d vars, want 8", n)
	}
	if u := r.Usage(); !strings.Contains(u, "UNSET_S") || !strings.Contains(u, `"def"`) {
		t.Errorf("Usage:\n%s", u)
	}
}

func TestCommonValidate(t *testing.T) {
	ok := ReadCommon(NewReader(func(string) string { return "" }), ":8080")
	if err := ok.Validate(); err != nil {
		t.Fatalf("defaults invalid: %v", err)
	}
	bad := ReadCommon(NewReader(func(k string) string {
		return map[string]string{"NEWSROOM_CONCURRENCY": "64", "NEWSROOM_MAX_ACK_PENDING": "8", "NEWSROOM_ACK_WAIT": "10ms"}[k]
	}), ":8080")
	err := bad.Validate()
	if err == nil || !strings.Contains(err.Error(), "NEWSROOM_MAX_ACK_PENDING") || !strings.Contains(err.Error(), "NEWSROOM_ACK_WAIT") {
		t.Errorf("Validate = %v", err)
	}
}

func TestParseBytes(t *testing.T) {
	tests := []struct {
		in      string
		want    int64
		wantErr bool
	}{
		{"65536", 65536, false},
		{"4MiB", 4 << 20, false},
		{"1 GiB", 1 << 30, false},
		{"2gb", 2e9, false},
		{"512kb", 512e3, false},
		{"-1", -1, false},
		{"-2", 0, true},
		{"-1GiB", 0, true},
		{"lots", 0, true},
		{"1.5GiB", 0, true},
	}
	for _, tt := range tests {
		got, err := ParseBytes(tt.in)
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("ParseBytes(%q) = %d, %v; want %d, error %v", tt.in, got, err, tt.want, tt.wantErr)
		}
	}
	for _, n := range []int64{4 << 20, 1 << 30, 65536, 1000, -1} {
		if back, err := ParseBytes(FormatBytes(n)); err != nil || back != n {
			t.Errorf("FormatBytes(%d) = %q does not read back (%d, %v)", n, FormatBytes(n), back, err)
		}
	}
}

func TestFormatDuration(t *testing.T) {
	if got := FormatDuration(48 * time.Hour); got != "2d" {
		t.Errorf("FormatDuration = %q", got)
	}
	if got := FormatDuration(90 * time.Second); got != "1m30s" {
		t.Errorf("FormatDuration = %q", got)
	}
}
