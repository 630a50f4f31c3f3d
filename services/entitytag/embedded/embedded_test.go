package embedded

import (
	"embed"
	"errors"
	"io"
	"strings"
	"testing"
)

//go:embed testdata/*.model.gz
var testFS embed.FS

func TestModelsDecodeOnce(t *testing.T) {
	calls := 0
	c := &Models[string]{FS: testFS, Kind: "test", Decode: func(r io.Reader) (string, error) {
		calls++
		b, err := io.ReadAll(r)
		return string(b), err
	}}
	_, err := c.Load("en")
	if err == nil || !strings.Contains(err.Error(), `no committed test model for language "en"`) {
		t.Errorf("missing file: %v", err)
	}
	m1, err := c.Load("testdata/ok")
	if err != nil || m1 != "fake model\n" {
		t.Fatalf("Load = %q, %v", m1, err)
	}
	m2, _ := c.Load("testdata/ok")
	if m2 != m1 || calls != 1 {
		t.Errorf("decoded %d times, want once", calls)
	}
	bad := &Models[string]{FS: testFS, Kind: "test", Decode: func(io.Reader) (string, error) { return "", errors.New("bad magic") }}
	if _, err := bad.Load("testdata/ok"); err == nil || !strings.Contains(err.Error(), "committed test model testdata/ok: bad magic") {
		t.Errorf("decode error: %v", err)
	}
}
