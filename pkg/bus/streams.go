package bus

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"go.uber.org/zap"
)

// Topology sizes the streams and consumers. The zero value is not useful;
// start from DefaultTopology.
type Topology struct {
	RawMaxAge       time.Duration // how long NEWS_RAW keeps stories for replay
	RawMaxBytes     int64         // NEWS_RAW size limit (-1: none; then the disk is the limit)
	QueueMaxAge     time.Duration // the longest an unprocessed message waits in a work queue
	QueueMaxBytes   int64         // size limit of each work-queue stream
	DLQMaxAge       time.Duration // how long dead letters are kept
	DLQMaxBytes     int64         // NEWS_DLQ size limit (-1: none)
	DuplicateWindow time.Duration // JetStream de-duplication window on every stream
	MaxMsgSize      int32         // largest message any stream accepts, bytes
	Replicas        int           // stream replicas (1 on a single server)

	AckWait       time.Duration // time a worker has before a message is redelivered
	MaxAckPending int           // in-flight messages per stage, across all replicas
}

// DefaultTopology suits one machine; operators size it through configuration.
func DefaultTopology() Topology {
	return Topology{
		RawMaxAge:       7 * 24 * time.Hour,
		RawMaxBytes:     -1,
		QueueMaxAge:     7 * 24 * time.Hour,
		QueueMaxBytes:   1 << 30,
		DLQMaxAge:       30 * 24 * time.Hour,
		DLQMaxBytes:     -1,
		DuplicateWindow: 2 * time.Hour,
		MaxMsgSize:      4 << 20,
		Replicas:        1,
		AckWait:         30 * time.Second,
		MaxAckPending:   1024,
	}
}

// Streams returns the configuration of every pipeline stream.
//
// Every stream discards new messages when full: a publisher (a newsroom
// system, or the stage before) then gets an error and retries, instead of
// the stream silently dropping old, unprocessed messages.
func (t Topology) Streams() []jetstream.StreamConfig {
	work := func(name, prefix, desc string) jetstream.StreamConfig {
		return jetstream.StreamConfig{
			Name:        name,
			Description: desc,
			Subjects:    []string{prefix + ">"},
			Retention:   jetstream.WorkQueuePolicy,
			Storage:     jetstream.FileStorage,
			MaxAge:      t.QueueMaxAge,
			MaxBytes:    t.QueueMaxBytes,
			Discard:     jetstream.DiscardNew,
			Duplicates:  t.DuplicateWindow,
			MaxMsgSize:  t.MaxMsgSize,
			Replicas:    t.Replicas,
		}
	}
	return []jetstream.StreamConfig{
		{
			Name:        StreamRaw,
			Description: "raw stories as published by newsroom systems; the replay log",
			Subjects:    []string{PrefixRaw + ">"},
			Retention:   jetstream.LimitsPolicy,
			Storage:     jetstream.FileStorage,
			MaxAge:      t.RawMaxAge,
			MaxBytes:    t.RawMaxBytes,
			Discard:     jetstream.DiscardNew,
			Duplicates:  t.DuplicateWindow,
			MaxMsgSize:  t.MaxMsgSize,
			Replicas:    t.Replicas,
		},
		work(StreamIngested, PrefixIngested, "ingested envelopes awaiting normalize"),
		work(StreamNormalized, PrefixNormalized, "normalized articles awaiting entity tagging"),
		work(StreamTagged, PrefixTagged, "tagged articles awaiting indexing"),
		{
			Name:        StreamDLQ,
			Description: "dead letters of every stage, with reason headers",
			Subjects:    []string{PrefixDLQ + ">"},
			Retention:   jetstream.LimitsPolicy,
			Storage:     jetstream.FileStorage,
			MaxAge:      t.DLQMaxAge,
			MaxBytes:    t.DLQMaxBytes,
			Discard:     jetstream.DiscardNew,
			Duplicates:  t.DuplicateWindow,
			MaxMsgSize:  t.MaxMsgSize + 64<<10, // room for the dead-letter headers
			Replicas:    t.Replicas,
		},
	}
}

// StreamNames lists every pipeline stream, in flow order.
var StreamNames = []string{StreamRaw, StreamIngested, StreamNormalized, StreamTagged, StreamDLQ}

// InputStream returns the stream and filter subject a stage consumes.
func InputStream(stage string) (stream, filter string, err error) {
	switch stage {
	case StageIngest:
		return StreamRaw, PrefixRaw + ">", nil
	case StageNormalize:
		return StreamIngested, PrefixIngested + ">", nil
	case StageEntityTag:
		return StreamNormalized, PrefixNormalized + ">", nil
	case StageIndex:
		return StreamTagged, PrefixTagged + ">", nil
	}
	return "", "", fmt.Errorf("unknown stage %q", stage)
}

// OutputStream returns the stream a stage publishes to ("" for index, which
// writes to Elasticsearch).
func OutputStream(stage string) string {
	switch stage {
	case StageIngest:
		return StreamIngested
	case StageNormalize:
		return StreamNormalized
	case StageEntityTag:
		return StreamTagged
	}
	return ""
}

// StageStreams lists the streams a stage uses: its input, its output (if
// any) and the dead-letter stream.
func StageStreams(stage string) ([]string, error) {
	in, _, err := InputStream(stage)
	if err != nil {
		return nil, err
	}
	names := []string{in}
	if out := OutputStream(stage); out != "" {
		names = append(names, out)
	}
	return append(names, StreamDLQ), nil
}

// ConsumerConfig is the shared durable pull consumer of stage. Every replica
// of the stage binds to it, so JetStream spreads the work between them.
//
// MaxDeliver is unlimited: JetStream never gives up on a message by itself
// (a message naked on its last allowed delivery would be stranded, neither
// redelivered nor dead-lettered). The runner decides when a message is dead:
// at once for a permanent error, after a few panics for poison.
func (t Topology) ConsumerConfig(stage string) (jetstream.ConsumerConfig, error) {
	_, filter, err := InputStream(stage)
	if err != nil {
		return jetstream.ConsumerConfig{}, err
	}
	return jetstream.ConsumerConfig{
		Durable:       stage,
		Description:   "pipeline stage " + stage,
		FilterSubject: filter,
		AckPolicy:     jetstream.AckExplicitPolicy,
		AckWait:       t.AckWait,
		MaxDeliver:    -1,
		MaxAckPending: t.MaxAckPending,
		DeliverPolicy: jetstream.DeliverAllPolicy,
		ReplayPolicy:  jetstream.ReplayInstantPolicy,
	}, nil
}

// StreamConfig returns the configuration of the stream called name.
func (t Topology) StreamConfig(name string) (jetstream.StreamConfig, error) {
	for _, cfg := range t.Streams() {
		if cfg.Name == name {
			return cfg, nil
		}
	}
	return jetstream.StreamConfig{}, fmt.Errorf("unknown stream %q", name)
}

// EnsureStreams creates each named stream that does not exist yet and checks
// the existing ones against t. A stream that differs is left as it is and the
// differences are logged: services started with different settings must not
// rewrite each other's streams (`newsctl streams -apply` updates them on
// purpose). It is idempotent and safe to run concurrently from several
// services. It returns the differences found, by stream.
func EnsureStreams(ctx context.Context, js jetstream.JetStream, t Topology, names []string, log *zap.Logger) (map[string][]string, error) {
	drift := map[string][]string{}
	for _, name := range names {
		want, err := t.StreamConfig(name)
		if err != nil {
			return nil, err
		}
		s, err := js.Stream(ctx, name)
		if errors.Is(err, jetstream.ErrStreamNotFound) {
			s, err = js.CreateStream(ctx, want)
			if errors.Is(err, jetstream.ErrStreamNameAlreadyInUse) { // another service won the race
				s, err = js.Stream(ctx, name)
			}
			if err != nil {
				err = fmt.Errorf("it does not exist and creating it failed (a least-privilege NATS user may not create streams: run `newsctl streams -apply` as the admin user first): %w", err)
			}
		}
		if err != nil {
			return nil, fmt.Errorf("ensure stream %s: %w", name, err)
		}
		if diffs := StreamDrift(want, s.CachedInfo().Config); len(diffs) > 0 {
			drift[name] = diffs
			log.Warn("stream settings differ from this service's; left unchanged (newsctl streams -apply updates them)",
				zap.String("stream", name), zap.Strings("differences", diffs))
		}
	}
	return drift, nil
}

// ApplyStreams creates or updates every pipeline stream to t: the operator's
// deliberate change of stream settings.
func ApplyStreams(ctx context.Context, js jetstream.JetStream, t Topology) error {
	for _, cfg := range t.Streams() {
		if _, err := js.CreateOrUpdateStream(ctx, cfg); err != nil {
			return fmt.Errorf("apply stream %s: %w", cfg.Name, err)
		}
	}
	return nil
}

// StreamDrift lists, as "field: have X, want Y", the settings in which have
// differs from want.
func StreamDrift(want, have jetstream.StreamConfig) []string {
	var diffs []string
	add := func(field string, h, w any) {
		diffs = append(diffs, fmt.Sprintf("%s: have %v, want %v", field, h, w))
	}
	if !slices.Equal(have.Subjects, want.Subjects) {
		add("subjects", have.Subjects, want.Subjects)
	}
	if have.Retention != want.Retention {
		add("retention", have.Retention, want.Retention)
	}
	if have.Storage != want.Storage {
		add("storage", have.Storage, want.Storage)
	}
	if have.MaxAge != want.MaxAge {
		add("max_age", have.MaxAge, want.MaxAge)
	}
	if have.MaxBytes != want.MaxBytes {
		add("max_bytes", have.MaxBytes, want.MaxBytes)
	}
	if have.Discard != want.Discard {
		add("discard", have.Discard, want.Discard)
	}
	if have.Duplicates != want.Duplicates {
		add("duplicate_window", have.Duplicates, want.Duplicates)
	}
	if have.MaxMsgSize != want.MaxMsgSize {
		add("max_msg_size", have.MaxMsgSize, want.MaxMsgSize)
	}
	if have.Replicas != want.Replicas {
		add("replicas", have.Replicas, want.Replicas)
	}
	return diffs
}

// EnsureConsumer creates or updates the durable consumer of stage and returns
// it. Only the stage's own service calls it: a service never touches another
// stage's consumer.
func EnsureConsumer(ctx context.Context, js jetstream.JetStream, t Topology, stage string) (jetstream.Consumer, error) {
	stream, _, err := InputStream(stage)
	if err != nil {
		return nil, err
	}
	cfg, err := t.ConsumerConfig(stage)
	if err != nil {
		return nil, err
	}
	c, err := js.CreateOrUpdateConsumer(ctx, stream, cfg)
	if err != nil {
		return nil, fmt.Errorf("ensure consumer %s on %s: %w", stage, stream, err)
	}
	return c, nil
}

// StreamAccepts reports whether the stream called name can take new
// messages: JetStream answers and the stream is not full. It is the probe of
// a paused stage that publishes to that stream.
func StreamAccepts(ctx context.Context, js jetstream.JetStream, name string) error {
	s, err := js.Stream(ctx, name)
	if err != nil {
		return fmt.Errorf("stream %s: %w", name, err)
	}
	info := s.CachedInfo()
	if max := info.Config.MaxBytes; max > 0 && int64(info.State.Bytes)+int64(info.Config.MaxMsgSize) > max {
		return fmt.Errorf("stream %s is full: %d of %d bytes", name, info.State.Bytes, max)
	}
	if max := info.Config.MaxMsgs; max > 0 && int64(info.State.Msgs) >= max {
		return fmt.Errorf("stream %s is full: %d of %d messages", name, info.State.Msgs, max)
	}
	return nil
}
