package allinone_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/newsroom-pipeline/newsroom/pkg/bus"
	"github.com/newsroom-pipeline/newsroom/pkg/deadletter"
	"github.com/newsroom-pipeline/newsroom/pkg/estest"
	"github.com/newsroom-pipeline/newsroom/pkg/natstest"
	"github.com/newsroom-pipeline/newsroom/services/ingest/ingest"
)

// TestPoisonFixedAndReplayedIsSearchableOnce: a story that crashes the
// pipeline (a bug: fault injection here, at its first stage) is
// dead-lettered as poison while the story beside it is indexed. After the fix is deployed (the
// pipeline restarted without the bug), replaying the dead letter makes it
// searchable exactly once, under the identity it would have had, and
// removes it from NEWS_DLQ; replaying again changes nothing.
func TestPoisonFixedAndReplayedIsSearchableOnce(t *testing.T) {
	const marker = "REPLAY-TEST-CRASH-7c1"
	esURL := estest.URL(t)
	p := &pipeline{t: t, nats: natstest.Run(t), esURL: esURL, prefix: estest.Prefix(t, esURL)}
	stop := p.start(map[string]string{"NEWSROOM_FAULT_PANIC_MARKER": marker, "NEWSROOM_MAX_PANICS": "2"})

	seed := readSeed(t)
	poison := bytes.Replace(seed, []byte("Moskow (ANTARA News) -"), []byte("Moskow (ANTARA News) - "+marker), 1)
	p.publish("news.raw.antara", seed, nil)
	p.publish("news.raw.antara", poison, nil)
	p.waitForCount(1, 20*time.Second)
	deadline := time.Now().Add(30 * time.Second)
	for len(p.dlq()) == 0 {
		if time.Now().After(deadline) {
			t.Fatal("the poison story was not dead-lettered")
		}
		time.Sleep(100 * time.Millisecond)
	}
	p.idle(20 * time.Second)
	stop()

	ctx := natstest.Context(t, time.Minute)
	letters, err := deadletter.List(ctx, p.nats.JS, deadletter.Filter{Stage: bus.StageIngest, Reason: "panicked"})
	if err != nil || len(letters) != 1 {
		t.Fatalf("poison dead letters of ingest: %d, %v; want 1", len(letters), err)
	}
	l := letters[0]
	if l.Subject != "news.raw.antara" || !bytes.Equal(l.Data, poison) {
		t.Fatalf("dead letter: stage %s subject %s reason %q", l.Stage, l.Subject, l.Reason)
	}
	// The identity ingest would have given the story on its first pass.
	received, err := time.Parse(time.RFC3339Nano, l.Header.Get(bus.HeaderDLQReceived))
	if err != nil {
		t.Fatalf("dead letter without its arrival time: %v", err)
	}
	envs, err := ingest.New(1<<20).Envelopes(l.Subject, "", "", poison, received)
	if err != nil {
		t.Fatal(err)
	}
	wantID := envs[0].ID

	// The fix is deployed; the operator replays.
	defer p.start(nil)()
	n, err := deadletter.Replay(ctx, p.nats.JS, letters, nil)
	if err != nil || n != 1 {
		t.Fatalf("Replay = %d, %v", n, err)
	}
	p.waitForCount(2, 20*time.Second)
	docs := p.waitForDocs(`{"query":{"ids":{"values":["`+wantID+`"]}}}`, 1, 10*time.Second)
	if !strings.Contains(docs[0].BodyText, marker) || docs[0].Version != envs[0].Version {
		t.Errorf("the replayed document (version %d, want %d) is not the poison story: %.80s", docs[0].Version, envs[0].Version, docs[0].BodyText)
	}
	if left := p.dlq(); len(left) != 0 {
		t.Errorf("%d dead letters left after the replay", len(left))
	}

	// A second replay of the same letters (an operator's repeat) adds nothing.
	if _, err := deadletter.Replay(ctx, p.nats.JS, letters, nil); err != nil {
		t.Fatal(err)
	}
	p.idle(20 * time.Second)
	if n := p.count(); n != 2 {
		t.Errorf("%d documents after a repeated replay, want 2", n)
	}
}
