package esconn

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/pem"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestAuthorize(t *testing.T) {
	for _, tc := range []struct {
		name string
		o    Options
		want string
	}{
		{"none", Options{}, ""},
		{"basic", Options{Username: "newsroom_index", Password: "pw"}, "Basic bmV3c3Jvb21faW5kZXg6cHc="},
		{"api key wins", Options{Username: "u", Password: "p", APIKey: "aWQ6a2V5"}, "ApiKey aWQ6a2V5"},
	} {
		req, _ := http.NewRequest(http.MethodGet, "http://es/", nil)
		tc.o.Authorize(req)
		if got := req.Header.Get("Authorization"); got != tc.want {
			t.Errorf("%s: Authorization %q, want %q", tc.name, got, tc.want)
		}
	}
}

// An https server with its own certificate is reached with its CA file or
// its fingerprint, and refused with a wrong fingerprint or none.
func TestTLSTrust(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {}))
	defer srv.Close()
	cert := srv.Certificate()
	caFile := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(caFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: cert.Raw}), 0o600); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(cert.Raw)
	fp := hex.EncodeToString(sum[:])
	wrong := strings.Repeat("ab", 32)

	for _, tc := range []struct {
		name string
		o    Options
		ok   bool
	}{
		{"system authorities only", Options{}, false},
		{"CA file", Options{CACert: caFile}, true},
		{"fingerprint", Options{CAFingerprint: fp}, true},
		{"fingerprint with colons, upper case", Options{CAFingerprint: strings.ToUpper(colons(fp))}, true},
		{"wrong fingerprint", Options{CAFingerprint: wrong}, false},
	} {
		cfg, err := tc.o.TLSConfig()
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		c := &http.Client{Transport: &http.Transport{TLSClientConfig: cfg}}
		res, err := c.Get(srv.URL)
		if err == nil {
			res.Body.Close()
		}
		if (err == nil) != tc.ok {
			t.Errorf("%s: err %v, want ok=%v", tc.name, err, tc.ok)
		}
	}
	if _, err := (Options{CAFingerprint: "abc"}).TLSConfig(); err == nil {
		t.Error("a short fingerprint was accepted")
	}
	if _, err := (Options{CACert: filepath.Join(t.TempDir(), "missing.pem")}).TLSConfig(); err == nil {
		t.Error("a missing CA file was accepted")
	}
}

func colons(h string) string {
	var b strings.Builder
	for i := 0; i < len(h); i += 2 {
		if i > 0 {
			b.WriteByte(':')
		}
		b.WriteString(h[i : i+2])
	}
	return b.String()
}
