package stage

import (
	"bytes"
	"context"
	"fmt"
)

// PanicOn is fault injection for the chaos suite (scripts/chaos): the
// returned handler panics on every message whose bytes contain marker, and
// otherwise calls h. It proves that a message which crashes a stage is
// retried a bounded number of times and then dead-lettered, while the
// stage goes on. An empty marker returns h unchanged.
func PanicOn(marker string, h Handler) Handler {
	if marker == "" {
		return h
	}
	m := []byte(marker)
	return func(ctx context.Context, in Message) ([]*Output, error) {
		if bytes.Contains(in.Data, m) {
			panic(fmt.Sprintf("fault injection: message contains %q", marker))
		}
		return h(ctx, in)
	}
}
