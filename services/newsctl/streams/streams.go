// Package streams shows how the pipeline's JetStream streams differ from
// the settings in the environment and, on request, applies those settings.
// The workers never rewrite a stream they did not create (they only log
// the difference), so this is where an operator changes stream limits on
// purpose.
package streams

import (
	"context"
	"errors"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/newsroom-pipeline/newsroom/pkg/bus"
)

// Report prints one row per pipeline stream: its messages and bytes, and
// how its settings differ from t ("missing" when it does not exist). It
// returns how many streams differ or are missing.
func Report(ctx context.Context, js jetstream.JetStream, t bus.Topology, w io.Writer) (int, error) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "STREAM\tMESSAGES\tBYTES\tSETTINGS")
	differ := 0
	for _, want := range t.Streams() {
		s, err := js.Stream(ctx, want.Name)
		if errors.Is(err, jetstream.ErrStreamNotFound) {
			differ++
			fmt.Fprintf(tw, "%s\t-\t-\tmissing\n", want.Name)
			continue
		}
		if err != nil {
			return differ, fmt.Errorf("stream %s: %w", want.Name, err)
		}
		info := s.CachedInfo()
		diffs := bus.StreamDrift(want, info.Config)
		status := "as configured"
		if len(diffs) > 0 {
			differ++
			status = diffs[0]
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%s\n", want.Name, info.State.Msgs, info.State.Bytes, status)
		for _, d := range diffs[min(1, len(diffs)):] {
			fmt.Fprintf(tw, "\t\t\t%s\n", d)
		}
	}
	return differ, tw.Flush()
}
