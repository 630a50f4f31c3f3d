package worker

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newsroom-pipeline/newsroom/pkg/config"
)

func TestRedact(t *testing.T) {
	tests := []struct{ in, want string }{
		{"nats://127.0.0.1:4222", "nats://127.0.0.1:4222"},
		{"nats://ingest:s3cret@nats:4222", "nats://***@nats:4222"},
		{"nats://a:x@n1:4222,nats://n2:4222", "nats://***@n1:4222,nats://n2:4222"},
		{"tls://tok@n1:4222", "tls://***@n1:4222"},
	}
	for _, tt := range tests {
		if got := Redact(tt.in); got != tt.want || strings.Contains(got, "s3cret") {
			t.Errorf("Redact(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestConnectNeverLeaksThePassword: a failed connection's error names the
// server without the credentials, and -help lists the password variables
// without their values.
func TestConnectNeverLeaksThePassword(t *testing.T) {
	secret := filepath.Join(t.TempDir(), "nats-password")
	if err := os.WriteFile(secret, []byte("s3cret-from-file\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{
		"NEWSROOM_NATS_URL":           "nats://ingest:s3cret-in-url@127.0.0.1:1",
		"NEWSROOM_NATS_USER":          "ingest",
		"NEWSROOM_NATS_PASSWORD_FILE": secret,
	}
	r := config.NewReader(func(k string) string { return env[k] })
	c := config.ReadCommon(r, "")
	if err := r.Err(); err != nil {
		t.Fatal(err)
	}
	if c.NATSPassword != "s3cret-from-file" {
		t.Errorf("password from the secret file = %q", c.NATSPassword)
	}
	_, err := Connect(c, "test", nil)
	if err == nil {
		t.Fatal("connected to a closed port")
	}
	if strings.Contains(err.Error(), "s3cret") {
		t.Errorf("error leaks the password: %v", err)
	}
	if u := r.Usage(); strings.Contains(u, "s3cret") || !strings.Contains(u, "NEWSROOM_NATS_PASSWORD_FILE") {
		t.Errorf("usage:\n%s", u)
	}
}
