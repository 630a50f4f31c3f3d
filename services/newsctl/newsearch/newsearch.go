// Package newsearch reads indexed articles back from Elasticsearch for
// operators: wait until stories are searchable, and print them as a table.
package newsearch

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/newsroom-pipeline/newsroom/pkg/esconn"
)

// Article is the part of a search document the table shows.
type Article struct {
	ID            string   `json:"id"`
	Language      string   `json:"language"`
	Headline      string   `json:"headline"`
	Located       string   `json:"located"`
	People        []string `json:"people"`
	Organisations []string `json:"organisations"`
	Places        []string `json:"places"`
	Subject       []struct {
		Code string `json:"code"`
		Name string `json:"name"`
	} `json:"subject"`
}

// Topics returns the names of the article's Media Topics.
func (a Article) Topics() []string {
	var out []string
	for _, s := range a.Subject {
		if strings.HasPrefix(s.Code, "medtop:") && s.Name != "" && !slices.Contains(out, s.Name) {
			out = append(out, s.Name)
		}
	}
	return out
}

// Query selects articles: each part that is not empty must match.
type Query struct {
	Text string // query string, Lucene syntax: 'people:"Dmitry Rogozin"'
	// Topic is an IPTC Media Topic, by code ("medtop:15000000" or
	// "15000000") or by name ("sport"), whether the wire sent it or the
	// classifier inferred it.
	Topic string
	// Entity is a person, organisation, place or event by its canonical
	// name or any alias ("KPK" finds the stories that name "Komisi
	// Pemberantasan Korupsi" too). Names match whole, ignoring case.
	Entity string
}

// query returns the Elasticsearch query of q.
func (q Query) query() map[string]any {
	var must, filter []any
	if q.Text != "" {
		must = append(must, map[string]any{"query_string": map[string]any{"query": q.Text}})
	}
	if t := strings.TrimSpace(q.Topic); t != "" {
		if strings.Trim(t, "0123456789") == "" {
			t = "medtop:" + t
		}
		filter = append(filter, map[string]any{"bool": map[string]any{"should": []any{
			term("subject.code", t), term("subject.name", t),
		}}})
	}
	if e := strings.TrimSpace(q.Entity); e != "" {
		var should []any
		for _, f := range []string{"people", "organisations", "places", "events", "entity_aliases"} {
			should = append(should, term(f, e))
		}
		filter = append(filter, map[string]any{"bool": map[string]any{"should": should}})
	}
	if must == nil && filter == nil {
		return map[string]any{"match_all": map[string]any{}}
	}
	b := map[string]any{}
	if must != nil {
		b["must"] = must
	}
	if filter != nil {
		b["filter"] = filter
	}
	return map[string]any{"bool": b}
}

func term(field, value string) map[string]any {
	return map[string]any{"term": map[string]any{field: map[string]any{"value": value, "case_insensitive": true}}}
}

// Client queries one Elasticsearch index or alias.
type Client struct {
	URL   string         // e.g. http://127.0.0.1:9200
	Auth  esconn.Options // credentials added to every request
	Index string         // e.g. "news"
	HTTP  *http.Client   // nil: NewHTTPClient(esconn.Options{})
}

// NewHTTPClient returns an HTTP client that trusts the cluster's
// certificate as o says (CA file or fingerprint).
func NewHTTPClient(o esconn.Options) (*http.Client, error) {
	tlsCfg, err := o.TLSConfig()
	if err != nil {
		return nil, err
	}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.TLSClientConfig = tlsCfg
	return &http.Client{Timeout: 10 * time.Second, Transport: tr}, nil
}

// Count returns how many documents the index shows (0 if it does not exist yet).
func (c *Client) Count(ctx context.Context) (int, error) {
	var body struct {
		Count int `json:"count"`
	}
	status, err := c.do(ctx, http.MethodGet, "/"+c.Index+"/_count", nil, &body)
	if status == http.StatusNotFound {
		return 0, nil
	}
	return body.Count, err
}

// WaitFor polls until at least n documents are searchable or ctx ends,
// calling progress after every poll.
func (c *Client) WaitFor(ctx context.Context, n int, progress func(have int)) error {
	for {
		have, err := c.Count(ctx)
		if err == nil && have >= n {
			return nil
		}
		if progress != nil {
			progress(have)
		}
		select {
		case <-ctx.Done():
			if err != nil {
				return fmt.Errorf("waiting for %d documents: %w (last error: %v)", n, ctx.Err(), err)
			}
			return fmt.Errorf("waiting for %d documents in %s: only %d after timeout", n, c.Index, have)
		case <-time.After(500 * time.Millisecond):
		}
	}
}

// Search returns up to size articles matching q (all when q is empty),
// newest first.
func (c *Client) Search(ctx context.Context, q Query, size int) ([]Article, error) {
	req := map[string]any{"size": size, "query": q.query(), "sort": []any{map[string]any{"received_at": "desc"}, "id"},
		"_source": []string{"id", "language", "headline", "located", "people", "organisations", "places", "subject"}}
	var body struct {
		Hits struct {
			Hits []struct {
				Source Article `json:"_source"`
			} `json:"hits"`
		} `json:"hits"`
	}
	if _, err := c.do(ctx, http.MethodPost, "/"+c.Index+"/_search", req, &body); err != nil {
		return nil, err
	}
	out := make([]Article, 0, len(body.Hits.Hits))
	for _, h := range body.Hits.Hits {
		out = append(out, h.Source)
	}
	return out, nil
}

// AliasIndices returns the indices the client's index name points at when
// it is an alias (the index itself when it is not).
func (c *Client) AliasIndices(ctx context.Context) ([]string, error) {
	var body map[string]json.RawMessage
	if _, err := c.do(ctx, http.MethodGet, "/"+c.Index+"/_alias", nil, &body); err != nil {
		return nil, err
	}
	out := make([]string, 0, len(body))
	for name := range body {
		out = append(out, name)
	}
	sort.Strings(out)
	return out, nil
}

// LastBySource returns, for each source (up to 200), the newest
// received_at of its searchable stories.
func (c *Client) LastBySource(ctx context.Context) (map[string]time.Time, error) {
	req := map[string]any{"size": 0, "aggs": map[string]any{"sources": map[string]any{
		"terms": map[string]any{"field": "source", "size": 200},
		"aggs":  map[string]any{"last": map[string]any{"max": map[string]any{"field": "received_at"}}},
	}}}
	var body struct {
		Aggregations struct {
			Sources struct {
				Buckets []struct {
					Key  string `json:"key"`
					Last struct {
						Value *float64 `json:"value"`
					} `json:"last"`
				} `json:"buckets"`
			} `json:"sources"`
		} `json:"aggregations"`
	}
	status, err := c.do(ctx, http.MethodPost, "/"+c.Index+"/_search", req, &body)
	if status == http.StatusNotFound {
		return map[string]time.Time{}, nil
	}
	if err != nil {
		return nil, err
	}
	out := map[string]time.Time{}
	for _, b := range body.Aggregations.Sources.Buckets {
		if b.Last.Value != nil {
			out[b.Key] = time.UnixMilli(int64(*b.Last.Value)).UTC()
		}
	}
	return out, nil
}

func (c *Client) do(ctx context.Context, method, path string, in, out any) (int, error) {
	var rd io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return 0, err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, strings.TrimRight(c.URL, "/")+path, rd)
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	c.Auth.Authorize(req)
	hc := c.HTTP
	if hc == nil {
		hc = &http.Client{Timeout: 10 * time.Second}
	}
	res, err := hc.Do(req)
	if err != nil {
		return 0, fmt.Errorf("%s %s: %w", method, path, err)
	}
	defer res.Body.Close()
	if res.StatusCode >= 300 {
		b, _ := io.ReadAll(io.LimitReader(res.Body, 2048))
		return res.StatusCode, fmt.Errorf("%s %s: %s: %s", method, path, res.Status, b)
	}
	return res.StatusCode, json.NewDecoder(res.Body).Decode(out)
}

// Table writes articles as an aligned text table.
func Table(w io.Writer, articles []Article) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tLANG\tHEADLINE\tTOPICS\tPEOPLE\tPLACES")
	for _, a := range articles {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", clip(a.ID, 24), a.Language, clip(a.Headline, 60),
			clip(strings.Join(a.Topics(), ", "), 30), clip(strings.Join(a.People, ", "), 40), clip(strings.Join(a.Places, ", "), 40))
	}
	return tw.Flush()
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
