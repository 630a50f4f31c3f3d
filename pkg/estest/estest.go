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
	"encoding/json"
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
	t.Cleanup(func() { deletePrefix(url, prefix) })
	return prefix
}

// deletePrefix deletes every "<prefix>-*" index, whatever its version (the
// pattern resolved to names first), and the prefix's template; errors are
// ignored: it is a cleanup.
func deletePrefix(url, prefix string) {
	var resolved struct {
		Indices []struct {
			Name string `json:"name"`
		} `json:"indices"`
	}
	if res, err := http.Get(url + "/_resolve/index/" + prefix + "-*"); err == nil {
		_ = json.NewDecoder(res.Body).Decode(&resolved)
		res.Body.Close()
	}
	var names []string
	for _, ix := range resolved.Indices {
		names = append(names, ix.Name)
	}
	paths := []string{"/_index_template/" + prefix + "-template"}
	if len(names) > 0 {
		paths = append([]string{"/" + strings.Join(names, ",") + "?ignore_unavailable=true"}, paths...)
	}
	for _, path := range paths {
		req, _ := http.NewRequest(http.MethodDelete, url+path, nil)
		if res, err := http.DefaultClient.Do(req); err == nil {
			res.Body.Close()
		}
	}
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
