package publish

import "testing"

func TestSourceFromFile(t *testing.T) {
	tests := []struct{ path, want string }{
		{"testdata/samples/antara-2011-missile-defence-talks.txt", "antara"},
		{"/x/indosum_cnn.txt", "indosum"},
		{"dpa.json", "dpa"},
		{"Reuters.Story.txt", "reuters_story"},
	}
	for _, tt := range tests {
		if got := SourceFromFile(tt.path); got != tt.want {
			t.Errorf("SourceFromFile(%q) = %q, want %q", tt.path, got, tt.want)
		}
	}
}
