// Package sharedtest finds the research-use corpora that tests read from
// ../shared/data beside the repository (they are not redistributed with the
// project). Without that folder a test is skipped with a clear message,
// unless NEWSROOM_REQUIRE_SHARED=1 (set by CI) makes it a failure.
package sharedtest

import (
	"os"
	"path/filepath"
	"testing"
)

// EnvRequire names the variable that makes missing shared data fatal.
const EnvRequire = "NEWSROOM_REQUIRE_SHARED"

// Path returns the path of rel (slash-separated) under ../shared/data, found
// from the test's working directory by walking up to the directory that
// holds go.work.
func Path(t testing.TB, rel string) string {
	t.Helper()
	p, err := find(rel)
	if err != nil {
		if os.Getenv(EnvRequire) == "1" {
			t.Fatalf("shared data %s is required (%s=1) but unavailable: %v", rel, EnvRequire, err)
		}
		t.Skipf("shared data %s not available (%v); it is read from ../shared/data beside the repository, and %s=1 makes this a failure", rel, err, EnvRequire)
	}
	return p
}

// Find returns the path of rel under ../shared/data and whether it exists,
// for optional uses such as fuzz seeds: it never skips or fails a test.
func Find(rel string) (string, bool) {
	p, err := find(rel)
	return p, err == nil
}

func find(rel string) (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.work")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", os.ErrNotExist
		}
		dir = parent
	}
	p := filepath.Join(filepath.Dir(dir), "shared", "data", filepath.FromSlash(rel))
	if _, err := os.Stat(p); err != nil {
		return "", err
	}
	return p, nil
}
