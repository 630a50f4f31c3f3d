package esclient

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/newsroom-pipeline/newsroom/pkg/esconn"
)

// The client's own contract: credentials sent, JSON decoded, a refusal
// quoted in the error. (The node itself is exercised by the chaos suite
// and the benchmark, which use this client against a real Elasticsearch.)
func TestClient(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if u, p, ok := r.BasicAuth(); !ok || u != "checker" || p != "s3cret" {
			http.Error(w, `{"error":"no credentials"}`, http.StatusUnauthorized)
			return
		}
		switch r.URL.Path {
		case "/news/_search":
			_, _ = w.Write([]byte(`{"hits":{"hits":[{"_id":"a"},{"_id":"b"}]}}`))
		case "/news/_count":
			_, _ = w.Write([]byte(`{"count":7}`))
		default:
			http.Error(w, `{"error":"index_not_found_exception"}`, http.StatusNotFound)
		}
	}))
	defer srv.Close()
	c := &Client{URL: srv.URL, Auth: esconn.Options{Username: "checker", Password: "s3cret"}, HTTP: srv.Client()}
	ctx := context.Background()

	ids, err := c.SearchIDs(ctx, "news", `{}`)
	if err != nil || strings.Join(ids, ",") != "a,b" {
		t.Fatalf("SearchIDs = %v, %v; want [a b]", ids, err)
	}
	if n, err := c.Count(ctx, "news"); err != nil || n != 7 {
		t.Fatalf("Count = %d, %v; want 7", n, err)
	}
	err = c.Do(ctx, http.MethodGet, "/missing", nil, nil)
	if err == nil || !strings.Contains(err.Error(), "404") || !strings.Contains(err.Error(), "index_not_found_exception") {
		t.Fatalf("Do on a missing index = %v; want the 404 and its reason", err)
	}
	anon := &Client{URL: srv.URL, HTTP: srv.Client()}
	if err := anon.Do(ctx, http.MethodGet, "/news/_count", nil, nil); err == nil {
		t.Fatal("a request without credentials was accepted; Auth is not being sent")
	}
}
