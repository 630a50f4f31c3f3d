package esindex

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/elastic/go-elasticsearch/v8"
	"github.com/elastic/go-elasticsearch/v8/esapi"
)

// NewClient returns an Elasticsearch client that retries 429 and 5xx a
// couple of times at the transport level, with back-off, before a bulk item
// is handed back to the stage runner (which retries it without limit).
//
// Its connection pool keeps as many idle connections per node as the index
// stage can have requests in flight (bulk requests, the near-duplicate
// catch-up, readiness probes): Go's default of two would churn connections.
// Connecting and waiting for response headers time out, so a node that
// accepts connections but never answers (a hung JVM) frees the request;
// callers also bound each request with a context deadline.
func NewClient(c Config) (*elasticsearch.Client, error) {
	transport := http.DefaultTransport.(*http.Transport).Clone()
	transport.MaxIdleConnsPerHost = c.BulkWorkers + 4
	transport.DialContext = (&net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}).DialContext
	transport.ResponseHeaderTimeout = c.Timeout
	transport.TLSClientConfig = &tls.Config{MinVersion: tls.VersionTLS12} // the client adds the CA to it
	var caCert []byte
	if c.CACert != "" {
		b, err := os.ReadFile(c.CACert)
		if err != nil {
			return nil, fmt.Errorf("elasticsearch CA certificate: %w", err)
		}
		caCert = b
	}
	client, err := elasticsearch.NewClient(elasticsearch.Config{
		Transport:              transport,
		Addresses:              c.URLs,
		Username:               c.Username,
		Password:               c.Password,
		APIKey:                 c.APIKey,
		CACert:                 caCert,
		CertificateFingerprint: c.CAFingerprint,
		RetryOnStatus:          []int{429, 502, 503, 504},
		MaxRetries:             2,
		RetryBackoff:           func(attempt int) time.Duration { return time.Duration(attempt) * 200 * time.Millisecond },
	})
	if err != nil {
		return nil, fmt.Errorf("elasticsearch client: %w", err)
	}
	return client, nil
}

// Bootstrap creates or updates the index template, makes sure the current
// versioned index exists, and points the aliases at it. The current index
// is the write alias's (after `newsctl reindex -to v3` that is
// "<prefix>-v3", never forced back to an earlier one); without a write alias (a fresh
// cluster, or the alias deleted) it is the highest "<prefix>-vN" there is,
// else "<prefix>-v<MappingVersion>", created. The read alias is added only when it is
// missing, so that a reindex in progress (write alias moved, read alias not
// yet) is left alone. It is idempotent and safe to run from several
// replicas at once.
func Bootstrap(ctx context.Context, client *elasticsearch.Client, c Config) error {
	tmpl, err := c.template()
	if err != nil {
		return fmt.Errorf("build index template: %w", err)
	}
	res, err := client.Indices.PutIndexTemplate(c.Template(), bytes.NewReader(tmpl), client.Indices.PutIndexTemplate.WithContext(ctx))
	if err := check(res, err, "put index template "+c.Template()); err != nil {
		return err
	}
	index, err := CurrentIndex(ctx, client, c)
	if err != nil {
		return err
	}

	res, err = client.Indices.Exists([]string{index}, client.Indices.Exists.WithContext(ctx))
	if err != nil {
		return fmt.Errorf("check index %s: %w", index, err)
	}
	res.Body.Close()
	if res.StatusCode == http.StatusNotFound {
		res, err = client.Indices.Create(index, client.Indices.Create.WithContext(ctx))
		if err := check(res, err, "create index "+index); err != nil && !strings.Contains(err.Error(), "resource_already_exists_exception") {
			return err
		}
	} else {
		// An index created by an older release lacks the fields added since
		// (the mapping is strict); adding fields is a compatible change.
		existing, err := indexProperties(ctx, client, index)
		if err != nil {
			return err
		}
		update, _, err := c.mappingUpdate(existing)
		if err != nil {
			return fmt.Errorf("build mapping update: %w", err)
		}
		res, err = client.Indices.PutMapping([]string{index}, bytes.NewReader(update), client.Indices.PutMapping.WithContext(ctx))
		if err := check(res, err, "update mapping of "+index); err != nil {
			return err
		}
	}

	actions := []any{map[string]any{"add": map[string]any{"index": index, "alias": c.WriteAlias(), "is_write_index": true}}}
	readers, err := aliasIndices(ctx, client, c.ReadAlias())
	if err != nil {
		return err
	}
	if len(readers) == 0 {
		actions = append(actions, map[string]any{"add": map[string]any{"index": index, "alias": c.ReadAlias(), "filter": readFilter()}})
	}
	return updateAliases(ctx, client, actions)
}

// CurrentIndex is the versioned index the pipeline writes: the write
// alias's, else the highest "<prefix>-vN" that exists, else IndexName()
// (a fresh cluster).
func CurrentIndex(ctx context.Context, client *elasticsearch.Client, c Config) (string, error) {
	writers, err := aliasIndices(ctx, client, c.WriteAlias())
	if err != nil {
		return "", err
	}
	if len(writers) > 0 {
		return writers[0], nil
	}
	res, err := client.Indices.Get([]string{c.IndexPrefix + "-v*"}, client.Indices.Get.WithContext(ctx),
		client.Indices.Get.WithFilterPath("*.settings.index.provided_name"))
	if err != nil {
		return "", fmt.Errorf("list %s-v*: %w", c.IndexPrefix, err)
	}
	defer res.Body.Close()
	if res.IsError() && res.StatusCode != http.StatusNotFound {
		return "", fmt.Errorf("list %s-v*: %s", c.IndexPrefix, res.String())
	}
	var indices map[string]json.RawMessage
	_ = json.NewDecoder(res.Body).Decode(&indices)
	best, bestN := c.IndexName(), 0
	for name := range indices {
		if n, ok := c.indexVersion(name); ok && n > bestN {
			best, bestN = name, n
		}
	}
	return best, nil
}

// indexProperties is an index's top-level mapping properties.
func indexProperties(ctx context.Context, client *elasticsearch.Client, index string) (map[string]json.RawMessage, error) {
	res, err := client.Indices.GetMapping(client.Indices.GetMapping.WithIndex(index), client.Indices.GetMapping.WithContext(ctx))
	if err != nil {
		return nil, fmt.Errorf("get mapping of %s: %w", index, err)
	}
	defer res.Body.Close()
	if res.IsError() {
		return nil, fmt.Errorf("get mapping of %s: %s", index, res.String())
	}
	var body map[string]struct {
		Mappings struct {
			Properties map[string]json.RawMessage `json:"properties"`
		} `json:"mappings"`
	}
	if err := json.NewDecoder(res.Body).Decode(&body); err != nil {
		return nil, fmt.Errorf("get mapping of %s: %w", index, err)
	}
	for _, m := range body {
		return m.Mappings.Properties, nil
	}
	return nil, nil
}

// OutdatedIndex says when the index in use was created with an earlier
// mapping than MappingVersion, and how to migrate it ("" when it is
// current).
func OutdatedIndex(ctx context.Context, client *elasticsearch.Client, c Config) (string, error) {
	index, err := CurrentIndex(ctx, client, c)
	if err != nil {
		return "", err
	}
	if n, ok := c.indexVersion(index); ok && n < MappingVersion {
		return fmt.Sprintf("index %s was created with mapping v%d (this release writes v%d: leaner documents); `newsctl reindex -to v%d` migrates it while the pipeline runs", index, n, MappingVersion, MappingVersion), nil
	}
	return "", nil
}

// aliasIndices lists the indices an alias points at, the write index
// first; none when the alias does not exist.
func aliasIndices(ctx context.Context, client *elasticsearch.Client, alias string) ([]string, error) {
	res, err := client.Indices.GetAlias(client.Indices.GetAlias.WithName(alias), client.Indices.GetAlias.WithContext(ctx))
	if err != nil {
		return nil, fmt.Errorf("get alias %s: %w", alias, err)
	}
	defer res.Body.Close()
	if res.StatusCode == http.StatusNotFound {
		return nil, nil
	}
	if res.IsError() {
		return nil, fmt.Errorf("get alias %s: %s", alias, res.String())
	}
	var body map[string]struct {
		Aliases map[string]struct {
			IsWriteIndex bool `json:"is_write_index"`
		} `json:"aliases"`
	}
	if err := json.NewDecoder(res.Body).Decode(&body); err != nil {
		return nil, fmt.Errorf("get alias %s: %w", alias, err)
	}
	var out []string
	for index, a := range body {
		if a.Aliases[alias].IsWriteIndex {
			out = append([]string{index}, out...)
		} else {
			out = append(out, index)
		}
	}
	if len(out) > 1 {
		sort.Strings(out[1:])
	}
	return out, nil
}

func updateAliases(ctx context.Context, client *elasticsearch.Client, actions []any) error {
	body, _ := json.Marshal(map[string]any{"actions": actions})
	res, err := client.Indices.UpdateAliases(bytes.NewReader(body), client.Indices.UpdateAliases.WithContext(ctx))
	return check(res, err, "update aliases")
}

// Ping checks that the cluster answers and is not red (the readiness
// check): with a red cluster some writes cannot succeed.
func Ping(ctx context.Context, client *elasticsearch.Client) error {
	res, err := client.Cluster.Health(client.Cluster.Health.WithContext(ctx))
	if err != nil {
		return fmt.Errorf("cluster health: %w", err)
	}
	defer res.Body.Close()
	if res.IsError() {
		return fmt.Errorf("cluster health: %s", res.String())
	}
	var h struct {
		Status string `json:"status"`
	}
	if err := json.NewDecoder(res.Body).Decode(&h); err != nil {
		return fmt.Errorf("cluster health: %w", err)
	}
	if h.Status == "red" {
		return errors.New("cluster health is red")
	}
	return nil
}

// check closes the response and turns a transport error or an error status
// into an error carrying the server's reason.
func check(res *esapi.Response, err error, what string) error {
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	defer res.Body.Close()
	if res.IsError() {
		return fmt.Errorf("%s: %s", what, res.String())
	}
	return nil
}
