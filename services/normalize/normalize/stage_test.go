package normalize

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/newsroom-pipeline/newsroom/pkg/article"
	"github.com/newsroom-pipeline/newsroom/pkg/format"
	"github.com/newsroom-pipeline/newsroom/pkg/stage"
	"github.com/newsroom-pipeline/newsroom/pkg/wire"
)

func TestHandleSeedEnvelope(t *testing.T) {
	raw, err := os.ReadFile("../../../testdata/samples/antara-2011-missile-defence-talks.txt")
	if err != nil {
		t.Fatal(err)
	}
	received := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	in := &article.Envelope{Schema: article.Schema, ID: "sha256-x", Version: 1, ContentHash: "abc", Source: "antara",
		ReceivedAt: received, Format: format.Text, Raw: raw}
	out, err := Handle(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	if out.Raw != nil || out.ID != in.ID || out.Version != 1 {
		t.Errorf("envelope not carried over: %+v", out)
	}
	a := out.Article
	if a.Source != "antara" || !a.ReceivedAt.Equal(received) || a.ContentHash != "abc" || a.Located != "Moskow" {
		t.Errorf("article = %+v", a)
	}
	if got := Subject(out); got != "news.normalized.id" {
		t.Errorf("subject %q", got)
	}
	if in.Raw == nil {
		t.Error("Handle modified its input")
	}
}

func TestHandleRejectsPermanently(t *testing.T) {
	tests := []struct {
		name string
		env  *article.Envelope
		want string
	}{
		{"no raw", &article.Envelope{ID: "a", Format: format.Text}, "carries no raw story"},
		{"malformed ninjs", &article.Envelope{ID: "b", Format: format.NINJS, Raw: []byte(`{"uri": `)}, "malformed JSON"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Handle(context.Background(), tt.env)
			if !stage.IsPermanent(err) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want permanent containing %q", err, tt.want)
			}
		})
	}
}

func TestSubjectUndetermined(t *testing.T) {
	if got := Subject(&article.Envelope{Article: &article.Article{}}); got != "news.normalized.und" {
		t.Errorf("subject %q", got)
	}
}

func BenchmarkNormalizeSeed(b *testing.B) {
	raw, err := os.ReadFile("../../../testdata/samples/antara-2011-missile-defence-talks.txt")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := wire.Parse(format.Text, "", raw); err != nil {
			b.Fatal(err)
		}
	}
}
