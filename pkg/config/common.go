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
	NATSURL      string
	NATSCreds    string // path to a NATS .creds file, optional
	NATSUser     string // user and password, optional (deploy/nats.conf has one user per service)
	NATSPassword string
	NATSCA       string // CA certificate file that signed the server's, for TLS
	NATSCert     string // client certificate and key files, for mutual TLS
	NATSKey      string
	LogLevel     string
	HTTPAddr     string // /healthz, /readyz, /metrics
	PProf        bool   // /debug/pprof/ on HTTPAddr too

	Topology      bus.Topology
	Concurrency   int
	BackoffBase   time.Duration
	BackoffMax    time.Duration
	ShutdownGrace time.Duration

	MaxPanics        int           // panics of one message before it is dead-lettered as poison
	BreakerThreshold int           // consecutive transient failures that pause a stage
	BreakerProbeMax  time.Duration // longest wait between two probes of a failing downstream

	// FaultPanicMarker is fault injection for the chaos suite (scripts/chaos):
	// when set, a stage handler panics on every message whose bytes contain
	// it. Never set it in production.
	FaultPanicMarker string
}

// ReadCommon reads the shared settings. httpAddr is the service's default
// ops address.
func ReadCommon(r *Reader, httpAddr string) Common {
	t := bus.DefaultTopology()
	c := Common{
		NATSURL:      r.String("NEWSROOM_NATS_URL", "nats://127.0.0.1:4222", "NATS server URL(s), comma-separated"),
		NATSCreds:    r.String("NEWSROOM_NATS_CREDS", "", "NATS credentials file (JWT/nkey)"),
		NATSUser:     r.String("NEWSROOM_NATS_USER", "", "NATS user"),
		NATSPassword: r.Secret("NEWSROOM_NATS_PASSWORD", "NATS password"),
		NATSCA:       r.String("NEWSROOM_NATS_CA", "", "CA certificate (PEM file) to verify the NATS server's TLS certificate"),
		NATSCert:     r.String("NEWSROOM_NATS_CERT", "", "client certificate (PEM file) for NATS mutual TLS"),
		NATSKey:      r.String("NEWSROOM_NATS_KEY", "", "client key (PEM file) for NATS mutual TLS"),
		LogLevel:     r.String("NEWSROOM_LOG_LEVEL", "info", "log level: debug, info, warn, error"),
		HTTPAddr:     r.String("NEWSROOM_HTTP_ADDR", httpAddr, "listen address of /healthz, /readyz and /metrics (\"off\": none)"),
		PProf:        r.Bool("NEWSROOM_PPROF", false, "serve Go profiles on /debug/pprof/ at NEWSROOM_HTTP_ADDR (for profiling; off in production)"),

		Concurrency:   r.Int("NEWSROOM_CONCURRENCY", 64, "messages handled at once by one replica"),
		BackoffBase:   r.Duration("NEWSROOM_RETRY_BACKOFF", time.Second, "first retry delay after a transient failure (doubles per delivery, with jitter)"),
		BackoffMax:    r.Duration("NEWSROOM_RETRY_BACKOFF_MAX", time.Minute, "largest retry delay"),
		ShutdownGrace: r.Duration("NEWSROOM_SHUTDOWN_GRACE", 10*time.Second, "time in-flight messages get to finish on stop"),

		MaxPanics:        r.Int("NEWSROOM_MAX_PANICS", 3, "panics of one message before it is dead-lettered as poison (transient errors are retried without limit)"),
		BreakerThreshold: r.Int("NEWSROOM_BREAKER_THRESHOLD", 5, "consecutive transient failures that pause a stage until its downstream answers again"),
		BreakerProbeMax:  r.Duration("NEWSROOM_BREAKER_PROBE_MAX", 5*time.Second, "longest wait between two probes of a failing downstream"),

		FaultPanicMarker: r.String("NEWSROOM_FAULT_PANIC_MARKER", "", "fault injection for scripts/chaos: handlers panic on messages containing this text (never set in production)"),
	}
	if c.HTTPAddr == "off" {
		c.HTTPAddr = ""
	}
	t.AckWait = r.Duration("NEWSROOM_ACK_WAIT", t.AckWait, "time before an unacknowledged message is redelivered")
	t.MaxAckPending = r.Int("NEWSROOM_MAX_ACK_PENDING", t.MaxAckPending, "in-flight messages per stage across all replicas (>= replicas x concurrency)")
	t.DuplicateWindow = r.Duration("NEWSROOM_DUPLICATE_WINDOW", t.DuplicateWindow, "JetStream de-duplication window")
	t.RawMaxAge = r.Duration("NEWSROOM_RAW_MAX_AGE", t.RawMaxAge, "how long NEWS_RAW keeps raw stories for replay")
	t.RawMaxBytes = r.Bytes("NEWSROOM_RAW_MAX_BYTES", t.RawMaxBytes, "size limit of NEWS_RAW (-1: none); when full, publishers get an error")
	t.QueueMaxAge = r.Duration("NEWSROOM_QUEUE_MAX_AGE", t.QueueMaxAge, "the longest an unprocessed message waits in a stage's work queue")
	t.QueueMaxBytes = r.Bytes("NEWSROOM_QUEUE_MAX_BYTES", t.QueueMaxBytes, "size limit of each work-queue stream; when full, the stage before pauses")
	t.DLQMaxAge = r.Duration("NEWSROOM_DLQ_MAX_AGE", t.DLQMaxAge, "how long NEWS_DLQ keeps dead letters")
	t.DLQMaxBytes = r.Bytes("NEWSROOM_DLQ_MAX_BYTES", t.DLQMaxBytes, "size limit of NEWS_DLQ (-1: none)")
	t.MaxMsgSize = int32(r.Bytes("NEWSROOM_STREAM_MAX_MSG_BYTES", int64(t.MaxMsgSize), "largest message a stream accepts (NATS max_payload must be at least this)"))
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
	if (c.NATSCert == "") != (c.NATSKey == "") {
		errs = append(errs, errors.New("NEWSROOM_NATS_CERT and NEWSROOM_NATS_KEY go together"))
	}
	if c.NATSPassword != "" && c.NATSUser == "" {
		errs = append(errs, errors.New("NEWSROOM_NATS_PASSWORD is set without NEWSROOM_NATS_USER"))
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
	if c.MaxPanics < 1 {
		errs = append(errs, fmt.Errorf("NEWSROOM_MAX_PANICS=%d: must be >= 1", c.MaxPanics))
	}
	if c.BreakerThreshold < 1 || c.BreakerProbeMax <= 0 {
		errs = append(errs, errors.New("NEWSROOM_BREAKER_THRESHOLD must be >= 1 and NEWSROOM_BREAKER_PROBE_MAX > 0"))
	}
	if c.BackoffBase <= 0 || c.BackoffMax < c.BackoffBase {
		errs = append(errs, errors.New("NEWSROOM_RETRY_BACKOFF must be > 0 and <= NEWSROOM_RETRY_BACKOFF_MAX"))
	}
	if c.Topology.MaxMsgSize < 1024 || c.Topology.QueueMaxBytes == 0 || c.Topology.QueueMaxBytes < -1 {
		errs = append(errs, errors.New("NEWSROOM_STREAM_MAX_MSG_BYTES must be >= 1KiB and NEWSROOM_QUEUE_MAX_BYTES > 0 (or -1)"))
	}
	if t := c.Topology; t.DuplicateWindow > min(t.RawMaxAge, t.QueueMaxAge, t.DLQMaxAge) {
		errs = append(errs, fmt.Errorf("NEWSROOM_DUPLICATE_WINDOW=%s is longer than a stream's max age", t.DuplicateWindow))
	}
	return errors.Join(errs...)
}
