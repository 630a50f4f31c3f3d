package bus

import (
	"context"
	"fmt"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// Topology sizes the streams and consumers. The zero value is not useful;
// start from DefaultTopology.
type Topology struct {
	RawMaxAge       time.Duration // how long NEWS_RAW keeps stories for replay
	DLQMaxAge       time.Duration // how long dead letters are kept
	DuplicateWindow time.Duration // JetStream de-duplication window on every stream
	MaxMsgSize      int32         // largest message any stream accepts, bytes
	Replicas        int           // stream replicas (1 on a single server)

	AckWait       time.Duration // time a worker has before a message is redelivered
	MaxDeliver    int           // deliveries before a message is dead-lettered
	MaxAckPending int           // in-flight messages per stage, across all replicas
}

// DefaultTopology suits one machine; operators size it through configuration.
func DefaultTopology() Topology {
	return Topology{
		RawMaxAge:       7 * 24 * time.Hour,
		DLQMaxAge:       30 * 24 * time.Hour,
		DuplicateWindow: 2 * time.Hour,
		MaxMsgSize:      4 << 20,
		Replicas:        1,
		AckWait:         30 * time.Second,
		MaxDeliver:      5,
		MaxAckPending:   1024,
	}
}

// Streams returns the configuration of every pipeline stream.
func (t Topology) Streams() []jetstream.StreamConfig {
	work := func(name, prefix, desc string) jetstream.StreamConfig {
		return jetstream.StreamConfig{
			Name:        name,
			Description: desc,
			Subjects:    []string{prefix + ">"},
			Retention:   jetstream.WorkQueuePolicy,
			Storage:     jetstream.FileStorage,
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
			Duplicates:  t.DuplicateWindow,
			MaxMsgSize:  t.MaxMsgSize + 64<<10, // room for the dead-letter headers
			Replicas:    t.Replicas,
		},
	}
}

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

// ConsumerConfig is the shared durable pull consumer of stage. Every replica
// of the stage binds to it, so JetStream spreads the work between them.
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
		MaxDeliver:    t.MaxDeliver,
		MaxAckPending: t.MaxAckPending,
		DeliverPolicy: jetstream.DeliverAllPolicy,
		ReplayPolicy:  jetstream.ReplayInstantPolicy,
	}, nil
}

// Ensure creates or updates every stream and every stage consumer. It is
// idempotent and safe to run concurrently from several services at start-up.
func Ensure(ctx context.Context, js jetstream.JetStream, t Topology) error {
	for _, cfg := range t.Streams() {
		if _, err := js.CreateOrUpdateStream(ctx, cfg); err != nil {
			return fmt.Errorf("ensure stream %s: %w", cfg.Name, err)
		}
	}
	for _, stage := range []string{StageIngest, StageNormalize, StageEntityTag, StageIndex} {
		if _, err := EnsureConsumer(ctx, js, t, stage); err != nil {
			return err
		}
	}
	return nil
}

// EnsureConsumer creates or updates the durable consumer of stage and returns it.
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
