// Package estest connects integration tests to the real Elasticsearch node
// that scripts/test starts once per run, and gives each test its own index
// prefix so tests can share the node.
//
// The node's URL comes from NEWSROOM_TEST_ES_URL. When it is unset or the
// node does not answer, the test fails (integration tests never pass
// vacuously); `go test -short` skips them instead, for a quick unit run.
package estest

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"
)

// EnvURL names the variable holding the test node's URL.
const EnvURL = "NEWSROOM_TEST_ES_URL"

// URL returns the test node's URL after checking that it answers.
func URL(t testing.TB) string {
	t.Helper()
	if testing.Short() {
		t.Skip("integration test: needs Elasticsearch (run without -short through scripts/test)")
	}
	url := strings.TrimRight(os.Getenv(EnvURL), "/")
	if url == "" {
		t.Fatalf("%s is not set: integration tests need a running Elasticsearch; run them through scripts/test, which starts one (or start it with scripts/es start and export %s=http://127.0.0.1:9200)", EnvURL, EnvURL)
	}
	client := http.Client{Timeout: 10 * time.Second}
	res, err := client.Get(url + "/_cluster/health?wait_for_status=yellow&timeout=5s")
	if err != nil {
		t.Fatalf("Elasticsearch at %s does not answer: %v", url, err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		body, _ := io.ReadAll(res.Body)
		t.Fatalf("Elasticsearch at %s is not healthy: %s %s", url, res.Status, body)
	}
	return url
}

// Prefix returns a unique index prefix for one test and deletes everything
// created under it (the index with its aliases, and the template) when the
// test ends. Indices are deleted by name: Elasticsearch refuses wildcard
// deletes (action.destructive_requires_name).
func Prefix(t testing.TB, url string) string {
	t.Helper()
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	prefix := "t" + hex.EncodeToString(b) + "-news"
	t.Cleanup(func() {
		// Versions 1 to 3: a test may reindex to a later one.
		for _, path := range []string{"/" + prefix + "-v1," + prefix + "-v2," + prefix + "-v3," + prefix + "-v4?ignore_unavailable=true", "/_index_template/" + prefix + "-template"} {
			req, _ := http.NewRequest(http.MethodDelete, url+path, nil)
			if res, err := http.DefaultClient.Do(req); err == nil {
				res.Body.Close()
			}
		}
	})
	return prefix
}

// Refresh makes everything written so far under the prefix searchable.
func Refresh(t testing.TB, url, prefix string) {
	t.Helper()
	res, err := http.Post(fmt.Sprintf("%s/%s-v*/_refresh", url, prefix), "application/json", nil)
	if err != nil {
		t.Fatalf("refresh: %v", err)
	}
	res.Body.Close()
}
