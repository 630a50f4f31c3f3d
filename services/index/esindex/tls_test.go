package esindex

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/pem"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/newsroom-pipeline/newsroom/pkg/esconn"
)

// TestTLSAndAPIKeyReachTheCluster checks the client's TLS and credential
// settings against an HTTPS endpoint that answers only a request with the
// right API key (a stand-in for a secured cluster's health endpoint: what
// is tested is our plumbing of the settings, not Elasticsearch).
// TestPingRefusesARedCluster: readiness is more than an answer.
func TestPingRefusesARedCluster(t *testing.T) {
	for status, wantOK := range map[string]bool{"green": true, "yellow": true, "red": false} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("X-Elastic-Product", "Elasticsearch")
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte(`{"status":"` + status + `"}`))
		}))
		client, err := NewClient(Config{Options: esconn.Options{URLs: []string{srv.URL}}, BulkWorkers: 1, Timeout: 5 * time.Second})
		if err != nil {
			t.Fatal(err)
		}
		if err := Ping(context.Background(), client); (err == nil) != wantOK {
			t.Errorf("%s cluster: Ping = %v", status, err)
		}
		srv.Close()
	}
}

func TestTLSAndAPIKeyReachTheCluster(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		scheme, key, _ := strings.Cut(r.Header.Get("Authorization"), " ")
		if !strings.EqualFold(scheme, "ApiKey") || key != "a2V5OnNlY3JldA==" {
			http.Error(w, `{"error":"unauthorized"}`, http.StatusUnauthorized)
			return
		}
		w.Header().Set("X-Elastic-Product", "Elasticsearch")
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"status":"green"}`))
	}))
	defer srv.Close()
	der := srv.Certificate().Raw
	caFile := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(caFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(der)
	base := Config{Options: esconn.Options{URLs: []string{srv.URL}}, BulkWorkers: 1, Timeout: 5 * time.Second}
	tests := []struct {
		name   string
		modify func(*Config)
		wantOK bool
	}{
		{"CA file and API key", func(c *Config) { c.CACert, c.APIKey = caFile, "a2V5OnNlY3JldA==" }, true},
		{"CA fingerprint and API key", func(c *Config) { c.CAFingerprint, c.APIKey = hex.EncodeToString(sum[:]), "a2V5OnNlY3JldA==" }, true},
		{"no CA: the certificate is not trusted", func(c *Config) { c.APIKey = "a2V5OnNlY3JldA==" }, false},
		{"wrong API key", func(c *Config) { c.CACert, c.APIKey = caFile, "d3Jvbmc6a2V5" }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := base
			tt.modify(&c)
			client, err := NewClient(c)
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			if err := Ping(ctx, client); (err == nil) != tt.wantOK {
				t.Errorf("Ping = %v, want ok %v", err, tt.wantOK)
			}
		})
	}
}
