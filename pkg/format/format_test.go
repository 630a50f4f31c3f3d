package format

import "testing"

func TestDetect(t *testing.T) {
	tests := []struct {
		name, contentType, data, want string
	}{
		{"plain text", "", "Moskow (ANTARA News) - Perundingan.\n\nEditor: X", Text},
		{"text content type wins", "text/plain; charset=iso-8859-1", "Caf\xe9", Text},
		{"ninjs content type", "application/ninjs+json", `{"x":1}`, NINJS},
		{"ninjs sniffed", "application/json", ` {"uri":"a","headlines":[]}`, NINJS},
		{"ninjs with BOM", "", "\xef\xbb\xbf{\"headline\":\"h\"}", NINJS},
		{"other JSON", "", `{"a":1}`, JSON},
		{"xml", "", `<?xml version="1.0"?><newsItem/>`, XML},
		{"invalid utf-8", "", "abc\xff", Unknown},
		{"control bytes", "", "\x01\x02\x03abc", Unknown},
		{"empty", "", "  \n", Unknown},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Detect(tt.contentType, []byte(tt.data)); got != tt.want {
				t.Errorf("Detect = %q, want %q", got, tt.want)
			}
		})
	}
}
