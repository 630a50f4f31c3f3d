// Package embednats runs a NATS server with JetStream inside the current
// process: the all-in-one mode's broker and the tests' real server.
package embednats

import (
	"errors"
	"fmt"
	"time"

	"github.com/nats-io/nats-server/v2/server"
)

// Options configure an embedded server.
type Options struct {
	Host       string // listen host; "127.0.0.1" when empty
	Port       int    // listen port; -1 picks a free one
	StoreDir   string // JetStream storage directory (required)
	MaxPayload int32  // largest message accepted, bytes; 4 MiB when 0
}

// Start starts the server and waits until it accepts connections. The caller
// owns the server and must call Shutdown and WaitForShutdown.
func Start(o Options) (*server.Server, error) {
	if o.StoreDir == "" {
		return nil, errors.New("embedded nats: empty store dir")
	}
	if o.Host == "" {
		o.Host = "127.0.0.1"
	}
	if o.MaxPayload == 0 {
		o.MaxPayload = 4 << 20
	}
	opts := &server.Options{
		ServerName: "newsroom-embedded",
		Host:       o.Host,
		Port:       o.Port,
		JetStream:  true,
		StoreDir:   o.StoreDir,
		MaxPayload: o.MaxPayload,
		NoSigs:     true, // the host process owns signals
		NoLog:      true,
	}
	s, err := server.NewServer(opts)
	if err != nil {
		return nil, fmt.Errorf("embedded nats: %w", err)
	}
	go s.Start() // Start returns once the accept loops run; the server owns them
	if !s.ReadyForConnections(10 * time.Second) {
		s.Shutdown()
		return nil, errors.New("embedded nats: not ready after 10s")
	}
	return s, nil
}
