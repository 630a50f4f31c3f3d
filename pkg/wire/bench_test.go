package wire

import (
	"os"
	"testing"

	"github.com/newsroom-pipeline/newsroom/pkg/format"
)

// BenchmarkParse parses one committed sample story per format (the first
// story of a container, after Split), as the normalize stage does.
func BenchmarkParse(b *testing.B) {
	samples := []struct{ name, format, file string }{
		{"text", format.Text, "testdata/antara-2011-missile-defence-talks.txt"},
		{"ninjs", format.NINJS, "testdata/ninjs-3.1-complex-text.json"},
		{"newsml-g2", format.NewsMLG2, "testdata/g2/iptc-listing22-nitf-story.xml"},
		{"newsml-1", format.NewsML1, "testdata/newsml1/newsml1-text-and-photo.xml"},
		{"rss-item", format.RSS, "testdata/feeds/antara-sample.rss"},
		{"html-page", format.HTML, "testdata/html/article-en.html"},
	}
	for _, s := range samples {
		raw, err := os.ReadFile(s.file)
		if err != nil {
			b.Fatal(err)
		}
		docs, err := Split(s.format, raw)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(s.name, func(b *testing.B) {
			b.SetBytes(int64(len(docs[0])))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Parse(s.format, "", docs[0]); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
