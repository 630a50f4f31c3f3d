package esclient

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/newsroom-pipeline/newsroom/pkg/estest"
)

// TestDeletePrefix (real node): every "<prefix>-*" index, whatever its
// version, and the template go; another prefix's index stays; a second
// call on nothing is no error.
func TestDeletePrefix(t *testing.T) {
	url := estest.URL(t)
	prefix, other := estest.Prefix(t, url), estest.Prefix(t, url)
	c := &Client{URL: url, HTTP: &http.Client{Timeout: 30 * time.Second}}
	ctx := context.Background()
	for _, index := range []string{prefix + "-v1", prefix + "-v7", prefix + "-ceiling", other + "-v3"} {
		if err := c.Do(ctx, http.MethodPut, "/"+index, nil, nil); err != nil {
			t.Fatal(err)
		}
	}
	tmpl := `{"index_patterns":["` + prefix + `-none-*"],"template":{}}`
	if err := c.Do(ctx, http.MethodPut, "/_index_template/"+prefix+"-template", strings.NewReader(tmpl), nil); err != nil {
		t.Fatal(err)
	}
	if err := c.DeletePrefix(ctx, prefix); err != nil {
		t.Fatalf("DeletePrefix: %v", err)
	}
	for _, index := range []string{prefix + "-v1", prefix + "-v7", prefix + "-ceiling"} {
		if err := c.Do(ctx, http.MethodHead, "/"+index, nil, nil); err == nil {
			t.Errorf("%s is still there", index)
		}
	}
	if err := c.Do(ctx, http.MethodGet, "/_index_template/"+prefix+"-template", nil, nil); err == nil {
		t.Error("the template is still there")
	}
	if err := c.Do(ctx, http.MethodHead, "/"+other+"-v3", nil, nil); err != nil {
		t.Errorf("another prefix's index was deleted: %v", err)
	}
	if err := c.DeletePrefix(ctx, prefix); err != nil {
		t.Errorf("DeletePrefix with nothing left: %v", err)
	}
}
