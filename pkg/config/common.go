package config

import (
	"errors"
	"fmt"
	"time"

	"github.com/newsroom-pipeline/newsroom/pkg/bus"
)

// Common is the configuration every worker shares: where NATS is, how the
// streams are sized, how the stage runner behaves, logging and the ops port.
type Common struct {
	NATSURL   string
	NATSCreds string // path to a NATS .creds file, optional
	LogLevel  string
	HTTPAddr  string // /healthz, /readyz, /metrics

	Topology      bus.Topology
	Concurrency   int
	BackoffBase   time.Duration
	BackoffMax    time.Duration
	ShutdownGrace time.Duration
}

// ReadCommon reads the shared settings. httpAddr is the service's default
// ops address.
func ReadCommon(r *Reader, httpAddr string) Common {
	t := bus.DefaultTopology()
	c := Common{
		NATSURL:   r.String("NEWSROOM_NATS_URL", "nats://127.0.0.1:4222", "NATS server URL(s), comma-separated"),
		NATSCreds: r.String("NEWSROOM_NATS_CREDS", "", "NATS credentials file"),
		LogLevel:  r.String("NEWSROOM_LOG_LEVEL", "info", "log level: debug, info, warn, error"),
		HTTPAddr:  r.String("NEWSROOM_HTTP_ADDR", httpAddr, "listen address of /healthz, /readyz and /metrics (\"off\": none)"),

		Concurrency:   r.Int("NEWSROOM_CONCURRENCY", 64, "messages handled at once by one replica"),
		BackoffBase:   r.Duration("NEWSROOM_RETRY_BACKOFF", time.Second, "first retry delay after a transient failure (doubles per delivery)"),
		BackoffMax:    r.Duration("NEWSROOM_RETRY_BACKOFF_MAX", time.Minute, "largest retry delay"),
		ShutdownGrace: r.Duration("NEWSROOM_SHUTDOWN_GRACE", 10*time.Second, "time in-flight messages get to finish on stop"),
	}
	if c.HTTPAddr == "off" {
		c.HTTPAddr = ""
	}
	t.AckWait = r.Duration("NEWSROOM_ACK_WAIT", t.AckWait, "time before an unacknowledged message is redelivered")
	t.MaxDeliver = r.Int("NEWSROOM_MAX_DELIVER", t.MaxDeliver, "deliveries before a failing message is dead-lettered")
	t.MaxAckPending = r.Int("NEWSROOM_MAX_ACK_PENDING", t.MaxAckPending, "in-flight messages per stage across all replicas (>= replicas x concurrency)")
	t.DuplicateWindow = r.Duration("NEWSROOM_DUPLICATE_WINDOW", t.DuplicateWindow, "JetStream de-duplication window")
	t.RawMaxAge = r.Duration("NEWSROOM_RAW_MAX_AGE", t.RawMaxAge, "how long NEWS_RAW keeps raw stories for replay")
	t.DLQMaxAge = r.Duration("NEWSROOM_DLQ_MAX_AGE", t.DLQMaxAge, "how long NEWS_DLQ keeps dead letters")
	t.Replicas = r.Int("NEWSROOM_STREAM_REPLICAS", t.Replicas, "JetStream stream replicas (3 on a 3-node cluster)")
	c.Topology = t
	return c
}

// Validate checks the shared settings.
func (c Common) Validate() error {
	var errs []error
	if c.NATSURL == "" {
		errs = append(errs, errors.New("NEWSROOM_NATS_URL is empty"))
	}
	if c.Concurrency < 1 {
		errs = append(errs, fmt.Errorf("NEWSROOM_CONCURRENCY=%d: must be >= 1", c.Concurrency))
	}
	if c.Topology.MaxAckPending < c.Concurrency {
		errs = append(errs, fmt.Errorf("NEWSROOM_MAX_ACK_PENDING=%d is below NEWSROOM_CONCURRENCY=%d", c.Topology.MaxAckPending, c.Concurrency))
	}
	if c.Topology.AckWait < time.Second {
		errs = append(errs, fmt.Errorf("NEWSROOM_ACK_WAIT=%s: must be >= 1s", c.Topology.AckWait))
	}
	if c.Topology.MaxDeliver < 1 {
		errs = append(errs, fmt.Errorf("NEWSROOM_MAX_DELIVER=%d: must be >= 1", c.Topology.MaxDeliver))
	}
	if c.BackoffBase <= 0 || c.BackoffMax < c.BackoffBase {
		errs = append(errs, errors.New("NEWSROOM_RETRY_BACKOFF must be > 0 and <= NEWSROOM_RETRY_BACKOFF_MAX"))
	}
	return errors.Join(errs...)
}
