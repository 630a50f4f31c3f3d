package newsearch

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/newsroom-pipeline/newsroom/pkg/esconn"
)

func TestTable(t *testing.T) {
	var b bytes.Buffer
	err := Table(&b, []Article{{ID: "sha256-0123456789abcdef0123456789abcdef", Language: "id",
		Headline: "Perundingan pertahanan rudal antara Rusia-Amerika Serikat mengalami kebuntuan, kata Utusan",
		People:   []string{"Dmitry Rogozin", "Ellen Tauscher"}, Places: []string{"Moskow"}}})
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "ID") {
		t.Fatalf("table:\n%s", b.String())
	}
	for _, want := range []string{"sha256-0123456789abcdef…", " id ", "Dmitry Rogozin, Ellen Tauscher", "Moskow", "Perundingan pertahanan"} {
		if !strings.Contains(lines[1], want) {
			t.Errorf("row %q lacks %q", lines[1], want)
		}
	}
}

func TestSourceAndClip(t *testing.T) {
	if got := clip("abcdef", 4); got != "abc…" {
		t.Errorf("clip = %q", got)
	}
}

// Every request carries the configured credentials: a secured cluster
// (the compose stack runs Elasticsearch with security on) answers 401
// without them.
func TestClientSendsCredentials(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if u, p, ok := r.BasicAuth(); !ok || u != "elastic" || p != "s3cret" {
			http.Error(w, `{"error":"missing authentication credentials"}`, http.StatusUnauthorized)
			return
		}
		fmt.Fprint(w, `{"count": 7}`)
	}))
	defer srv.Close()
	anon := &Client{URL: srv.URL, Index: "news"}
	if _, err := anon.Count(context.Background()); err == nil || !strings.Contains(err.Error(), "401") {
		t.Fatalf("without credentials: err %v, want a 401", err)
	}
	c := &Client{URL: srv.URL, Index: "news", Auth: esconn.Options{Username: "elastic", Password: "s3cret"}}
	n, err := c.Count(context.Background())
	if err != nil || n != 7 {
		t.Fatalf("Count = %d, %v; want 7", n, err)
	}
}
