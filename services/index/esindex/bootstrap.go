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

// Bootstrap creates or updates the index template, creates the versioned
// index if it does not exist, and points the read and write aliases at it.
// It is idempotent and safe to run from several replicas at once.
func Bootstrap(ctx context.Context, client *elasticsearch.Client, c Config) error {
	tmpl, err := c.template()
	if err != nil {
		return fmt.Errorf("build index template: %w", err)
	}
	res, err := client.Indices.PutIndexTemplate(c.Template(), bytes.NewReader(tmpl), client.Indices.PutIndexTemplate.WithContext(ctx))
	if err := check(res, err, "put index template "+c.Template()); err != nil {
		return err
	}

	res, err = client.Indices.Exists([]string{c.IndexName()}, client.Indices.Exists.WithContext(ctx))
	if err != nil {
		return fmt.Errorf("check index %s: %w", c.IndexName(), err)
	}
	res.Body.Close()
	if res.StatusCode == http.StatusNotFound {
		res, err = client.Indices.Create(c.IndexName(), client.Indices.Create.WithContext(ctx))
		if err := check(res, err, "create index "+c.IndexName()); err != nil && !strings.Contains(err.Error(), "resource_already_exists_exception") {
			return err
		}
	} else {
		// An index created by an older release lacks the fields added since
		// (the mapping is strict); adding fields is a compatible change.
		update, err := mappingUpdate()
		if err != nil {
			return fmt.Errorf("build mapping update: %w", err)
		}
		res, err = client.Indices.PutMapping([]string{c.IndexName()}, bytes.NewReader(update), client.Indices.PutMapping.WithContext(ctx))
		if err := check(res, err, "update mapping of "+c.IndexName()); err != nil {
			return err
		}
	}

	actions := map[string]any{"actions": []any{
		map[string]any{"add": map[string]any{"index": c.IndexName(), "alias": c.WriteAlias(), "is_write_index": true}},
		map[string]any{"add": map[string]any{"index": c.IndexName(), "alias": c.ReadAlias(), "filter": readFilter()}},
	}}
	body, _ := json.Marshal(actions)
	res, err = client.Indices.UpdateAliases(bytes.NewReader(body), client.Indices.UpdateAliases.WithContext(ctx))
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
