// Package esclient is the chaos suite's and the benchmark's plain HTTP view
// of an Elasticsearch node: JSON in, JSON out, nothing the workers use. The
// checks talk to the node itself, never through a fault proxy, so that what
// they read is what Elasticsearch holds.
package esclient

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/newsroom-pipeline/newsroom/pkg/esconn"
)

// Client sends requests to one node. Auth may be the zero Options (no
// credentials); HTTP carries the timeout.
type Client struct {
	URL  string // no trailing slash
	Auth esconn.Options
	HTTP *http.Client
}

// Do sends one request (body may be nil) and decodes the JSON answer into
// out (may be nil). A status of 300 or more is an error that quotes the
// start of the answer.
func (c *Client) Do(ctx context.Context, method, path string, body io.Reader, out any) error {
	req, err := http.NewRequestWithContext(ctx, method, c.URL+path, body)
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	c.Auth.Authorize(req)
	res, err := c.HTTP.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode >= 300 {
		return fmt.Errorf("%s %s: %s %.300s", method, path, res.Status, b)
	}
	if out != nil {
		return json.Unmarshal(b, out)
	}
	return nil
}

// SearchIDs runs a search on index (a name, alias or pattern) and returns
// the _id of every hit, in order.
func (c *Client) SearchIDs(ctx context.Context, index, query string) ([]string, error) {
	var out struct {
		Hits struct {
			Hits []struct {
				ID string `json:"_id"`
			} `json:"hits"`
		} `json:"hits"`
	}
	if err := c.Do(ctx, http.MethodPost, "/"+index+"/_search", strings.NewReader(query), &out); err != nil {
		return nil, err
	}
	ids := make([]string, len(out.Hits.Hits))
	for i, h := range out.Hits.Hits {
		ids[i] = h.ID
	}
	return ids, nil
}

// Count returns the number of searchable documents of index.
func (c *Client) Count(ctx context.Context, index string) (int, error) {
	var out struct {
		Count int `json:"count"`
	}
	err := c.Do(ctx, http.MethodGet, "/"+index+"/_count", nil, &out)
	return out.Count, err
}

// DeletePrefix deletes every index named "<prefix>-*" (whatever its
// version) and the template "<prefix>-template"; none there is fine.
// Elasticsearch refuses wildcard deletes (action.destructive_requires_name),
// so the pattern is resolved to names first: a list of versions written
// out here went stale with each new mapping version.
func (c *Client) DeletePrefix(ctx context.Context, prefix string) error {
	var resolved struct {
		Indices []struct {
			Name string `json:"name"`
		} `json:"indices"`
	}
	if err := c.Do(ctx, http.MethodGet, "/_resolve/index/"+prefix+"-*", nil, &resolved); err != nil {
		return err
	}
	names := make([]string, len(resolved.Indices))
	for i, ix := range resolved.Indices {
		names[i] = ix.Name
	}
	if len(names) > 0 {
		if err := c.Do(ctx, http.MethodDelete, "/"+strings.Join(names, ",")+"?ignore_unavailable=true", nil, nil); err != nil {
			return err
		}
	}
	err := c.Do(ctx, http.MethodDelete, "/_index_template/"+prefix+"-template", nil, nil)
	if err != nil && strings.Contains(err.Error(), "404") {
		return nil
	}
	return err
}
