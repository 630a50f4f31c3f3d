// Package esconn holds how a program reaches Elasticsearch: its URLs,
// credentials and TLS trust. The index worker and newsctl read them from
// the same NEWSROOM_ES_* variables, so an operator configures both alike.
package esconn

import (
	"bytes"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"os"
	"strings"

	"github.com/newsroom-pipeline/newsroom/pkg/config"
)

// Options reach one Elasticsearch cluster.
type Options struct {
	URLs     []string
	Username string
	Password string
	// APIKey is an Elasticsearch API key (the base64 "id:key" form); it
	// replaces user and password.
	APIKey string
	// CACert is a PEM file with the CA that signed the cluster's
	// certificate; CAFingerprint is the SHA-256 fingerprint of that CA (the
	// one Elasticsearch prints when it generates its certificates). Either
	// one is enough for an https:// URL with a certificate of its own.
	CACert        string
	CAFingerprint string
}

// Read reads the options from r. Password and API key may come from files
// (NEWSROOM_ES_PASSWORD_FILE, NEWSROOM_ES_API_KEY_FILE), as compose and
// Kubernetes secrets are mounted.
func Read(r *config.Reader) Options {
	return Options{
		URLs:          r.List("NEWSROOM_ES_URLS", "http://127.0.0.1:9200", "Elasticsearch URLs, comma-separated"),
		Username:      r.String("NEWSROOM_ES_USERNAME", "", "Elasticsearch user (basic auth)"),
		Password:      r.Secret("NEWSROOM_ES_PASSWORD", "Elasticsearch password"),
		APIKey:        r.Secret("NEWSROOM_ES_API_KEY", "Elasticsearch API key (base64 id:key); replaces user and password"),
		CACert:        r.String("NEWSROOM_ES_CA_CERT", "", "CA certificate (PEM file) of the cluster's TLS certificate"),
		CAFingerprint: r.String("NEWSROOM_ES_CA_FINGERPRINT", "", "SHA-256 fingerprint (hex) of the cluster's CA certificate, instead of NEWSROOM_ES_CA_CERT"),
	}
}

// Authorize adds the credentials to req: the API key when there is one,
// else basic auth when a user is set.
func (o Options) Authorize(req *http.Request) {
	switch {
	case o.APIKey != "":
		req.Header.Set("Authorization", "ApiKey "+o.APIKey)
	case o.Username != "":
		req.Header.Set("Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte(o.Username+":"+o.Password)))
	}
}

// TLSConfig returns the TLS settings for https:// URLs: the system's
// authorities plus CACert, or, with CAFingerprint, trust in exactly the
// certificate chain that contains a certificate of that fingerprint.
func (o Options) TLSConfig() (*tls.Config, error) {
	cfg := &tls.Config{MinVersion: tls.VersionTLS12}
	if o.CACert != "" {
		pem, err := os.ReadFile(o.CACert)
		if err != nil {
			return nil, fmt.Errorf("elasticsearch CA certificate: %w", err)
		}
		pool, err := x509.SystemCertPool()
		if err != nil {
			pool = x509.NewCertPool()
		}
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("elasticsearch CA certificate %s: no PEM certificate in it", o.CACert)
		}
		cfg.RootCAs = pool
	}
	if o.CAFingerprint != "" {
		want, err := hex.DecodeString(strings.ReplaceAll(o.CAFingerprint, ":", ""))
		if err != nil || len(want) != sha256.Size {
			return nil, fmt.Errorf("NEWSROOM_ES_CA_FINGERPRINT: want 64 hex digits (SHA-256), got %q", o.CAFingerprint)
		}
		// The chain is checked here instead of against the system's
		// authorities: a self-signed cluster CA is trusted by its fingerprint.
		cfg.InsecureSkipVerify = true
		cfg.VerifyConnection = func(cs tls.ConnectionState) error {
			for _, c := range cs.PeerCertificates {
				sum := sha256.Sum256(c.Raw)
				if bytes.Equal(sum[:], want) {
					return nil
				}
			}
			return errors.New("elasticsearch: no certificate of the server's chain has the fingerprint NEWSROOM_ES_CA_FINGERPRINT")
		}
	}
	return cfg, nil
}
