package deploy

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"go.uber.org/zap/zaptest"

	"github.com/newsroom-pipeline/newsroom/pkg/bus"
	"github.com/newsroom-pipeline/newsroom/pkg/config"
	"github.com/newsroom-pipeline/newsroom/pkg/stage"
	"github.com/newsroom-pipeline/newsroom/pkg/worker"
)

// natsUsers are deploy/nats-least-privilege.conf's users; each one's
// password is NEWSROOM_NATS_<USER>_PASSWORD in the server's environment.
var natsUsers = []string{"admin", "publisher", "ingest", "normalize", "entitytag", "index"}

func password(user string) string { return "pw-" + user + "-7c1e" }

// startConfiguredNATS runs nats-server in-process with
// deploy/nats-least-privilege.conf (its users and permissions as shipped;
// only the ports and the store move to the test's).
func startConfiguredNATS(t *testing.T) string {
	t.Helper()
	for _, u := range natsUsers {
		t.Setenv("NEWSROOM_NATS_"+strings.ToUpper(u)+"_PASSWORD", password(u))
	}
	opts, err := server.ProcessConfigFile("nats-least-privilege.conf")
	if err != nil {
		t.Fatalf("deploy/nats-least-privilege.conf: %v", err)
	}
	opts.Host, opts.Port = "127.0.0.1", -1
	opts.HTTPHost, opts.HTTPPort = "", 0
	opts.StoreDir = t.TempDir()
	opts.NoSigs, opts.NoLog = true, true
	s, err := server.NewServer(opts)
	if err != nil {
		t.Fatal(err)
	}
	go s.Start()
	if !s.ReadyForConnections(10 * time.Second) {
		t.Fatal("nats-server with deploy/nats-least-privilege.conf not ready")
	}
	t.Cleanup(func() { s.Shutdown(); s.WaitForShutdown() })
	return s.ClientURL()
}

// violations collects the permission errors the server sends a client.
type violations struct {
	mu   sync.Mutex
	errs []string
}

func (v *violations) handler(_ *nats.Conn, _ *nats.Subscription, err error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.errs = append(v.errs, err.Error())
}

func (v *violations) has(sub string) bool {
	deadline := time.Now().Add(3 * time.Second)
	for time.Now().Before(deadline) {
		v.mu.Lock()
		for _, e := range v.errs {
			if strings.Contains(e, sub) {
				v.mu.Unlock()
				return true
			}
		}
		v.mu.Unlock()
		time.Sleep(20 * time.Millisecond)
	}
	return false
}

func connectAs(t *testing.T, url, user string) (*nats.Conn, jetstream.JetStream, *violations) {
	t.Helper()
	v := &violations{}
	nc, err := nats.Connect(url, nats.UserInfo(user, password(user)), nats.ErrorHandler(v.handler))
	if err != nil {
		t.Fatalf("connect as %s: %v", user, err)
	}
	t.Cleanup(nc.Close)
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	return nc, js, v
}

// relay is a stage handler that passes its input on to the next stage's
// subject, refuses (dead-letters) inputs naming its stage, and, at index,
// records what arrived.
func relay(name string, arrived chan<- string) stage.Handler {
	next := map[string]string{
		bus.StageIngest: bus.IngestedSubject("test"), bus.StageNormalize: bus.NormalizedSubject("id"),
		bus.StageEntityTag: bus.TaggedSubject("id"),
	}[name]
	return func(_ context.Context, in stage.Message) ([]*stage.Output, error) {
		if bytes.Contains(in.Data, []byte("dead@"+name)) {
			return nil, stage.Permanent(errors.New("refused at " + name))
		}
		if next == "" {
			arrived <- string(in.Data)
			return nil, nil
		}
		return []*stage.Output{{Subject: next, Data: in.Data, MsgID: name + ":" + string(in.Data)}}, nil
	}
}

// TestEachServiceWorksWithOnlyItsOwnPermissions runs the four stages, each
// connected as its own user of deploy/nats-least-privilege.conf, and a
// publisher: a story goes all the way through, each stage can dead-letter,
// and nothing needs more than the user's permissions.
func TestEachServiceWorksWithOnlyItsOwnPermissions(t *testing.T) {
	url := startConfiguredNATS(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	top := bus.DefaultTopology()
	_, adminJS, _ := connectAs(t, url, "admin")
	if err := bus.ApplyStreams(ctx, adminJS, top); err != nil {
		t.Fatalf("the admin creates the streams: %v", err)
	}

	arrived := make(chan string, 10)
	var wg sync.WaitGroup
	wctx, stopWorkers := context.WithCancel(ctx)
	for _, name := range []string{bus.StageIngest, bus.StageNormalize, bus.StageEntityTag, bus.StageIndex} {
		env := map[string]string{
			"NEWSROOM_NATS_URL": url, "NEWSROOM_NATS_USER": name, "NEWSROOM_NATS_PASSWORD": password(name),
			"NEWSROOM_HTTP_ADDR": "off", "NEWSROOM_RETRY_BACKOFF": "50ms", "NEWSROOM_SHUTDOWN_GRACE": "1s",
		}
		c := config.ReadCommon(config.NewReader(func(k string) string { return env[k] }), "")
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := worker.Run(wctx, c, zaptest.NewLogger(t), worker.Options{Name: name}, worker.Stage{Name: name, Handler: relay(name, arrived)}); err != nil {
				t.Errorf("%s as its own user: %v", name, err)
			}
		}()
	}
	defer func() { stopWorkers(); wg.Wait() }()

	_, pubJS, _ := connectAs(t, url, "publisher")
	for _, story := range []string{"story-1", "dead@ingest", "dead@normalize", "dead@entitytag", "dead@index"} {
		if _, err := pubJS.Publish(ctx, bus.RawSubject("test"), []byte(story)); err != nil {
			t.Fatalf("the publisher publishes a raw story: %v", err)
		}
	}
	select {
	case got := <-arrived:
		if got != "story-1" {
			t.Errorf("index received %q", got)
		}
	case <-ctx.Done():
		t.Fatal("the story did not reach index through the four users")
	}
	dlq, _ := adminJS.Stream(ctx, bus.StreamDLQ)
	deadline := time.Now().Add(20 * time.Second)
	for {
		info, err := dlq.Info(ctx, jetstream.WithSubjectFilter(bus.PrefixDLQ+">"))
		if err == nil && len(info.State.Subjects) == 4 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("dead letters by subject %v (%v), want one per stage", info.State.Subjects, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// TestPermissionsDenyWhatAServiceDoesNotNeed: the index user cannot
// publish raw stories, the publisher cannot read tagged articles, and a
// stage cannot publish another stage's output or touch the streams.
func TestPermissionsDenyWhatAServiceDoesNotNeed(t *testing.T) {
	url := startConfiguredNATS(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	_, adminJS, _ := connectAs(t, url, "admin")
	if err := bus.ApplyStreams(ctx, adminJS, bus.DefaultTopology()); err != nil {
		t.Fatal(err)
	}
	raw, _ := adminJS.Stream(ctx, bus.StreamRaw)

	indexNC, indexJS, indexV := connectAs(t, url, "index")
	pctx, pcancel := context.WithTimeout(ctx, 2*time.Second)
	_, err := indexJS.Publish(pctx, "news.raw.x", []byte("forged"))
	pcancel()
	if err == nil {
		t.Error("the index user published to news.raw.x")
	}
	if !indexV.has(`Permissions Violation for Publish to "news.raw.x"`) {
		t.Errorf("no permission violation reported to the index user: %v", indexV.errs)
	}
	if info, _ := raw.Info(ctx); info.State.Msgs != 0 {
		t.Errorf("NEWS_RAW holds %d messages after the forged publish", info.State.Msgs)
	}
	_ = indexNC

	pubNC, pubJS, pubV := connectAs(t, url, "publisher")
	if _, err := pubNC.Subscribe("news.tagged.>", func(*nats.Msg) {}); err != nil {
		t.Fatal(err)
	}
	if !pubV.has(`Permissions Violation for Subscription to "news.tagged.>"`) {
		t.Errorf("the publisher subscribed to news.tagged.> without a violation: %v", pubV.errs)
	}
	cctx, ccancel := context.WithTimeout(ctx, 2*time.Second)
	_, err = pubJS.CreateOrUpdateConsumer(cctx, bus.StreamTagged, jetstream.ConsumerConfig{Durable: "snoop", AckPolicy: jetstream.AckExplicitPolicy})
	ccancel()
	if err == nil {
		t.Error("the publisher created a consumer on NEWS_TAGGED")
	}

	ingestNC, ingestJS, ingestV := connectAs(t, url, "ingest")
	if err := ingestNC.Publish("news.tagged.id", []byte("skip the pipeline")); err != nil {
		t.Fatal(err)
	}
	if !ingestV.has(`Permissions Violation for Publish to "news.tagged.id"`) {
		t.Errorf("ingest published to news.tagged.id without a violation: %v", ingestV.errs)
	}
	dctx, dcancel := context.WithTimeout(ctx, 2*time.Second)
	err = ingestJS.DeleteStream(dctx, bus.StreamRaw)
	dcancel()
	if err == nil {
		t.Error("the ingest user deleted NEWS_RAW")
	}
	if _, err := adminJS.Stream(ctx, bus.StreamRaw); err != nil {
		t.Errorf("NEWS_RAW after the ingest user's delete: %v", err)
	}
}
