package allinone_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"go.uber.org/zap"
	"go.uber.org/zap/zaptest"

	"github.com/newsroom-pipeline/newsroom/pkg/bus"
	"github.com/newsroom-pipeline/newsroom/pkg/estest"
	"github.com/newsroom-pipeline/newsroom/pkg/natstest"
	"github.com/newsroom-pipeline/newsroom/pkg/stage"
	"github.com/newsroom-pipeline/newsroom/pkg/worker"
	"github.com/newsroom-pipeline/newsroom/services/entitytag/learned"
	"github.com/newsroom-pipeline/newsroom/services/entitytag/tagging"
	"github.com/newsroom-pipeline/newsroom/services/ingest/ingest"
)

// buildWorker compiles one service binary for the test to start and kill.
func buildWorker(t *testing.T, name string) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), name)
	cmd := exec.Command("go", "build", "-o", out, "../../"+name)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("build %s: %v\n%s", name, err, b)
	}
	return out
}

// proc is a worker process the test can SIGKILL.
type proc struct {
	cmd  *exec.Cmd
	done chan error
}

func startProc(t *testing.T, bin string, env []string) *proc {
	t.Helper()
	cmd := exec.Command(bin)
	cmd.Env = append(os.Environ(), env...)
	logFile, err := os.Create(filepath.Join(t.TempDir(), filepath.Base(bin)+".log"))
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdout, cmd.Stderr = logFile, logFile
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p := &proc{cmd: cmd, done: make(chan error, 1)}
	go func() { p.done <- cmd.Wait(); logFile.Close() }()
	t.Cleanup(func() { p.kill() })
	return p
}

func (p *proc) kill() {
	if p.cmd.ProcessState != nil {
		return
	}
	_ = p.cmd.Process.Signal(syscall.SIGKILL)
	<-p.done
}

func streamLastSeq(t *testing.T, srv *natstest.Server, name string) uint64 {
	t.Helper()
	s, err := srv.JS.Stream(context.Background(), name)
	if err != nil {
		t.Fatal(err)
	}
	info, err := s.Info(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return info.State.LastSeq
}

// TestKilledWorkersLoseAndDuplicateNothing runs normalize and index as real
// processes, SIGKILLs both in the middle of a 200-story batch, restarts
// them, and checks that every story is indexed exactly once.
func TestKilledWorkersLoseAndDuplicateNothing(t *testing.T) {
	const stories = 200
	esURL := estest.URL(t)
	prefix := estest.Prefix(t, esURL)
	normalizeBin, indexBin := buildWorker(t, "normalize"), buildWorker(t, "index")

	p := &pipeline{t: t, nats: natstest.Run(t), esURL: esURL, prefix: prefix}
	cfg := testConfig(p.nats.URL, esURL, prefix)
	env := []string{
		"NEWSROOM_NATS_URL=" + p.nats.URL, "NEWSROOM_ES_URLS=" + esURL, "NEWSROOM_ES_INDEX_PREFIX=" + prefix,
		"NEWSROOM_HTTP_ADDR=127.0.0.1:0", "NEWSROOM_ACK_WAIT=2s", "NEWSROOM_RETRY_BACKOFF=100ms",
		"NEWSROOM_RETRY_BACKOFF_MAX=500ms", "NEWSROOM_SHUTDOWN_GRACE=2s", "NEWSROOM_LOG_LEVEL=warn",
		// Slow the index worker down so the kill lands mid-batch.
		"NEWSROOM_CONCURRENCY=4", "NEWSROOM_ES_CONCURRENCY=4", "NEWSROOM_ES_FLUSH_INTERVAL=100ms", "NEWSROOM_ES_REFRESH_INTERVAL=200ms",
	}

	// ingest and entitytag run in-process; normalize and index are the
	// processes that get killed.
	tg, err := learned.New()
	if err != nil {
		t.Fatal(err)
	}
	tc, err := tagging.Topics()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- worker.Run(ctx, cfg.Common, zaptest.NewLogger(t, zaptest.Level(zap.InfoLevel)), worker.Options{Name: "test"},
			worker.Stage{Name: bus.StageIngest, Handler: ingest.New(cfg.Ingest.MaxStoryBytes).Handle},
			worker.Stage{Name: bus.StageEntityTag, Handler: stage.Envelopes(bus.StageEntityTag, tagging.Subject, tagging.Handler(tg, tc))})
	}()
	t.Cleanup(func() { cancel(); <-done })

	normalize := startProc(t, normalizeBin, env)
	index := startProc(t, indexBin, env)

	seed := string(readSeed(t))
	for i := 0; i < stories; i++ {
		story := strings.Replace(seed, "Moskow (ANTARA News) - ", fmt.Sprintf("Moskow (ANTARA News) - [Laporan %03d] ", i), 1)
		p.publish("news.raw.antara", []byte(story), nil)
	}

	p.waitForCount(30, 60*time.Second)
	normalize.kill()
	index.kill()
	atKill := p.count()
	t.Logf("killed normalize and index with %d of %d stories indexed", atKill, stories)
	if atKill >= stories {
		t.Fatalf("the batch finished before the kill (%d indexed): the test proves nothing", atKill)
	}

	startProc(t, normalizeBin, env)
	startProc(t, indexBin, env)
	p.waitForCount(stories, 90*time.Second)
	p.idle(30 * time.Second)

	if n := p.count(); n != stories {
		t.Errorf("%d documents indexed, want exactly %d", n, stories)
	}
	for _, s := range []string{bus.StreamIngested, bus.StreamNormalized, bus.StreamTagged} {
		if got := streamLastSeq(t, p.nats, s); got != stories {
			t.Errorf("%s received %d messages, want exactly %d (redelivered work must be de-duplicated)", s, got, stories)
		}
	}
	if n := len(p.dlq()); n != 0 {
		t.Errorf("%d dead letters, want 0", n)
	}
}
