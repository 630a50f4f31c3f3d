package main

import (
	"bytes"
	"encoding/json"
	"io"
	"testing"
)

func TestEvalJSON(t *testing.T) {
	var out bytes.Buffer
	if err := run([]string{"eval", "-lang", "id", "-json", "-map", "MISC=O", "../../ner/testdata/id-sample.conll"}, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Overall struct {
			Precision, Recall, F1 *float64
		}
		Types           map[string]map[string]float64
		Tokens          int
		TokensPerSecond float64 `json:"tokens_per_second"`
	}
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatalf("%v in %s", err, out.String())
	}
	if got.Overall.F1 == nil || got.Overall.Precision == nil || got.Overall.Recall == nil || *got.Overall.F1 < 80 {
		t.Errorf("overall = %s", out.String())
	}
	if got.Tokens == 0 || got.TokensPerSecond <= 0 || len(got.Types) != 3 {
		t.Errorf("tokens %d, tokens/s %.0f, types %v", got.Tokens, got.TokensPerSecond, got.Types)
	}
	out.Reset()
	if err := run([]string{"eval", "-lang", "en", "../../ner/testdata/en-sample.conll"}, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(out.Bytes(), []byte("overall")) || !bytes.Contains(out.Bytes(), []byte("tokens/s")) {
		t.Errorf("table = %s", out.String())
	}
	if err := run([]string{"eval", "-lang", "xx", "../../ner/testdata/en-sample.conll"}, io.Discard, io.Discard); err == nil {
		t.Error("unknown language accepted")
	}
}
