package worker

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"go.uber.org/zap"

	"github.com/newsroom-pipeline/newsroom/pkg/config"
)

// TestConnectWithTLS: against a real NATS server that requires TLS and a
// client certificate, Connect succeeds with NEWSROOM_NATS_CA,
// NEWSROOM_NATS_CERT and NEWSROOM_NATS_KEY, and fails without the client
// certificate or without the CA that signed the server's.
func TestConnectWithTLS(t *testing.T) {
	dir := t.TempDir()
	ca, caKey := newCert(t, dir, "ca", nil, nil)
	newCert(t, dir, "server", ca, caKey)
	newCert(t, dir, "client", ca, caKey)

	tlsCfg, err := server.GenTLSConfig(&server.TLSConfigOpts{
		CertFile: filepath.Join(dir, "server.pem"), KeyFile: filepath.Join(dir, "server-key.pem"),
		CaFile: filepath.Join(dir, "ca.pem"), Verify: true,
	})
	if err != nil {
		t.Fatal(err)
	}
	s, err := server.NewServer(&server.Options{Host: "127.0.0.1", Port: -1, NoLog: true, NoSigs: true,
		TLS: true, TLSConfig: tlsCfg, TLSVerify: true, TLSTimeout: 2})
	if err != nil {
		t.Fatal(err)
	}
	go s.Start()
	t.Cleanup(func() { s.Shutdown(); s.WaitForShutdown() })
	if !s.ReadyForConnections(5 * time.Second) {
		t.Fatal("nats server not ready")
	}
	url := "tls://" + s.Addr().String()

	connect := func(env map[string]string) error {
		env["NEWSROOM_NATS_URL"] = url
		r := config.NewReader(func(k string) string { return env[k] })
		c := config.ReadCommon(r, "")
		if err := r.Err(); err != nil {
			t.Fatal(err)
		}
		nc, err := Connect(c, "tls-test", zap.NewNop())
		if err == nil {
			defer nc.Close()
			if !nc.TLSRequired() {
				t.Error("connected without TLS")
			}
		}
		return err
	}
	full := map[string]string{
		"NEWSROOM_NATS_CA":   filepath.Join(dir, "ca.pem"),
		"NEWSROOM_NATS_CERT": filepath.Join(dir, "client.pem"),
		"NEWSROOM_NATS_KEY":  filepath.Join(dir, "client-key.pem"),
	}
	if err := connect(full); err != nil {
		t.Fatalf("CA and client certificate: %v", err)
	}
	if err := connect(map[string]string{"NEWSROOM_NATS_CA": full["NEWSROOM_NATS_CA"]}); err == nil {
		t.Error("connected without a client certificate to a server that requires one")
	}
	noCA := map[string]string{"NEWSROOM_NATS_CERT": full["NEWSROOM_NATS_CERT"], "NEWSROOM_NATS_KEY": full["NEWSROOM_NATS_KEY"]}
	if err := connect(noCA); err == nil {
		t.Error("trusted a server certificate signed by an unknown CA")
	}
}

// newCert writes name.pem and name-key.pem under dir: a CA when parent is
// nil, else a certificate for 127.0.0.1 signed by parent.
func newCert(t *testing.T, dir, name string, parent *x509.Certificate, parentKey *ecdsa.PrivateKey) (*x509.Certificate, *ecdsa.PrivateKey) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(time.Now().UnixNano()),
		Subject:      pkix.Name{CommonName: "newsroom test " + name},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		IPAddresses:  []net.IP{net.ParseIP("127.0.0.1")},
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth},
		KeyUsage:     x509.KeyUsageDigitalSignature,
	}
	signer, signerKey := tmpl, key
	if parent == nil {
		tmpl.IsCA, tmpl.BasicConstraintsValid = true, true
		tmpl.KeyUsage |= x509.KeyUsageCertSign
	} else {
		signer, signerKey = parent, parentKey
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, signer, &key.PublicKey, signerKey)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	write := func(file, typ string, b []byte) {
		if err := os.WriteFile(filepath.Join(dir, file), pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: b}), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write(name+".pem", "CERTIFICATE", der)
	write(name+"-key.pem", "EC PRIVATE KEY", keyDER)
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return cert, key
}
