package wire

import (
	"testing"
	"time"

	"github.com/newsroom-pipeline/newsroom/pkg/article"
)

func TestPubStatus(t *testing.T) {
	tests := []struct {
		in      string
		want    string
		wantErr bool
	}{
		{"", article.PubStatusUsable, false},
		{"usable", article.PubStatusUsable, false},
		{" Usable ", article.PubStatusUsable, false},
		{"stat:usable", article.PubStatusUsable, false},
		{"withheld", article.PubStatusWithheld, false},
		{"canceled", article.PubStatusCanceled, false},
		{"cancelled", article.PubStatusCanceled, false},
		{"stat:canceled", article.PubStatusCanceled, false},
		{"deleted", "", true},
	}
	for _, tt := range tests {
		got, err := pubStatus(tt.in)
		if got != tt.want || (err != nil) != tt.wantErr {
			t.Errorf("pubStatus(%q) = %q, %v; want %q, error %v", tt.in, got, err, tt.want, tt.wantErr)
		}
	}
}

func TestPrimaryTag(t *testing.T) {
	tests := []struct{ in, want string }{
		{"en", "en"},
		{"en-GB", "en"},
		{"EN-us", "en"},
		{"nb_NO", "nb"},
		{"id-ID", "id"},
		{"zh-Hant-TW", "zh"},
		{"und", ""},
		{"english", ""},
		{"e", ""},
		{"", ""},
		{"12", ""},
	}
	for _, tt := range tests {
		if got := primaryTag(tt.in); got != tt.want {
			t.Errorf("primaryTag(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestParseTime(t *testing.T) {
	tests := []struct {
		in   string
		want string // RFC 3339 in UTC; "" means unparseable
	}{
		{"2013-07-09T10:37:00Z", "2013-07-09T10:37:00Z"},
		{"2021-05-26T13:40:18+02:00", "2021-05-26T11:40:18Z"},
		{"2019-03-25T09:06:25+0000", "2019-03-25T09:06:25Z"},
		{"2018-05-28T16:40:08", "2018-05-28T16:40:08Z"},
		{"2018-05-28T16:40:08.250Z", "2018-05-28T16:40:08.25Z"},
		{"2018-05-28 16:40:08", "2018-05-28T16:40:08Z"},
		{"2023-07-11", "2023-07-11T00:00:00Z"},
		{"yesterday", ""},
		{"", ""},
	}
	for _, tt := range tests {
		got, ok := parseTime(tt.in)
		s := ""
		if ok {
			s = got.Format(time.RFC3339Nano)
		}
		if s != tt.want {
			t.Errorf("parseTime(%q) = %q, want %q", tt.in, s, tt.want)
		}
	}
}

func TestUrgency(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{"3", 3}, {"1", 1}, {"9", 9}, {"4.0", 4}, {"0", 0}, {"10", 0}, {"high", 0}, {"", 0},
	}
	for _, tt := range tests {
		if got := urgency(tt.in); got != tt.want {
			t.Errorf("urgency(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
}

func TestParseObjectCaseInsensitive(t *testing.T) {
	o, ok := parseObject([]byte(`{"versionCreated":"a","EdNote":"b","ednote":"c"}`))
	if !ok {
		t.Fatal("not an object")
	}
	if o.str("versioncreated") != "a" {
		t.Errorf("versionCreated not found as versioncreated")
	}
	if o.str("ednote") != "c" { // the lower-case spelling wins over a camelCase twin
		t.Errorf("ednote = %q, want %q", o.str("ednote"), "c")
	}
}
