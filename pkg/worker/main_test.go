package worker

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"go.uber.org/zap"

	"github.com/newsroom-pipeline/newsroom/pkg/config"
)

func readCommon(c *config.Common) func(r *config.Reader) Settings {
	return func(r *config.Reader) Settings {
		*c = config.ReadCommon(r, "127.0.0.1:0")
		return Settings{HTTPAddr: c.HTTPAddr, LogLevel: c.LogLevel, Validate: []func() error{c.Validate}}
	}
}

func TestMainHelpListsVariables(t *testing.T) {
	var c config.Common
	var stdout, stderr bytes.Buffer
	ran := false
	code := Main("demo", "demo does things", []string{"-help"}, &stdout, &stderr, readCommon(&c),
		func(context.Context, *zap.Logger) error { ran = true; return nil })
	if code != 0 || ran {
		t.Fatalf("code %d, ran %v", code, ran)
	}
	for _, want := range []string{"demo does things", "-healthcheck", "NEWSROOM_NATS_URL", "NEWSROOM_ACK_WAIT"} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("help lacks %q:\n%s", want, stdout.String())
		}
	}
}

func TestMainRefusesBadConfiguration(t *testing.T) {
	t.Setenv("NEWSROOM_CONCURRENCY", "many")
	t.Setenv("NEWSROOM_MAX_PANICS", "0")
	var c config.Common
	var stdout, stderr bytes.Buffer
	code := Main("demo", "", nil, &stdout, &stderr, readCommon(&c),
		func(context.Context, *zap.Logger) error { t.Error("run called with a bad configuration"); return nil })
	if code != 1 {
		t.Fatalf("code %d", code)
	}
	for _, want := range []string{"demo: ", `NEWSROOM_CONCURRENCY="many": not an integer`, "NEWSROOM_MAX_PANICS=0"} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("stderr lacks %q: %s", want, stderr.String())
		}
	}
}

func TestMainRunsWithLogger(t *testing.T) {
	var c config.Common
	var stdout, stderr bytes.Buffer
	code := Main("demo", "", nil, &stdout, &stderr, readCommon(&c),
		func(ctx context.Context, log *zap.Logger) error {
			if log == nil || ctx.Err() != nil {
				t.Error("no logger or a dead context")
			}
			return nil
		})
	if code != 0 || stderr.Len() != 0 {
		t.Errorf("code %d stderr %q", code, stderr.String())
	}
	if c.NATSURL != "nats://127.0.0.1:4222" {
		t.Errorf("configuration not read: %+v", c)
	}
}
