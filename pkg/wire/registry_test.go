package wire

import (
	"os"
	"strings"
	"testing"

	"github.com/newsroom-pipeline/newsroom/pkg/article"
	"github.com/newsroom-pipeline/newsroom/pkg/format"
)

// TestBareKillNoticesPass: a kill that is only an identity and a canceled
// status is a story's tombstone and must pass; the same without the
// identity names nothing and is refused.
func TestBareKillNoticesPass(t *testing.T) {
	tests := []struct {
		name, format, raw string
		wantErr           bool
	}{
		{"ninjs", format.NINJS, `{"uri":"urn:x:1","version":"3","pubstatus":"canceled"}`, false},
		{"ninjs without uri", format.NINJS, `{"version":"3","pubstatus":"canceled"}`, true},
		{"ninjs usable and empty", format.NINJS, `{"uri":"urn:x:1","version":"3"}`, true},
		{"g2", format.NewsMLG2, `<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:x:2" version="4">` +
			`<itemMeta><itemClass qcode="ninat:text"/><pubStatus qcode="stat:canceled"/></itemMeta></newsItem>`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Parse(tt.format, "", []byte(tt.raw))
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, want error %v", err, tt.wantErr)
			}
			if err == nil {
				if a.PubStatus != article.PubStatusCanceled {
					t.Errorf("pubstatus %q", a.PubStatus)
				}
				if id, v := Identity(a); id == "" || v == 0 {
					t.Errorf("identity %q %d", id, v)
				}
			}
		})
	}
}

// TestDatelineFromTheLead: a format without dateline fields gets Located
// and InfoSource from its lead's dateline, and the body keeps it.
func TestDatelineFromTheLead(t *testing.T) {
	raw, err := os.ReadFile("testdata/feeds/antara-sample.rss")
	if err != nil {
		t.Fatal(err)
	}
	docs, err := Split(format.RSS, raw)
	if err != nil {
		t.Fatal(err)
	}
	a, err := Parse(format.RSS, "", docs[0])
	if err != nil {
		t.Fatal(err)
	}
	if a.Located != "Karawang" || a.InfoSource != "ANTARA" || !strings.HasPrefix(a.BodyText, "Karawang (ANTARA) - ") {
		t.Errorf("located %q, infosource %q, body %.40q", a.Located, a.InfoSource, a.BodyText)
	}
}
