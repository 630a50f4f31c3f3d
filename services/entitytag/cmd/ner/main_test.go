package main

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/newsroom-pipeline/newsroom/services/entitytag/ner"
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

// readAll gives every corpus, and every repeat of one, its own document
// numbers: sentences of one document share context while tagging.
func TestReadAllRepeatAndDocs(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("a.txt", "Rogozin B-PER\n\nNATO B-ORG\n")            // no -DOCSTART-: one document per sentence
	write("b.txt", "-DOCSTART- O\n\nMoskow B-LOC\n\nkata O\n") // one document of two sentences
	sents, tokens, err := readAll(dir, []ner.Corpus{{Name: "a", Path: "a.txt", Repeat: 2}, {Name: "b", Path: "b.txt"}})
	if err != nil {
		t.Fatal(err)
	}
	var docs []int
	for _, s := range sents {
		docs = append(docs, s.Doc)
	}
	if want := []int{0, 1, 2, 3, 4, 4}; !slices.Equal(docs, want) || tokens != 6 {
		t.Errorf("docs %v (want %v), tokens %d (want 6)", docs, want, tokens)
	}
}

func TestReadExtraText(t *testing.T) {
	dir := t.TempDir()
	tagged := filepath.Join(dir, "postag.txt")
	os.WriteFile(tagged, []byte("Garuda\tNNP\nIndonesia\tNNP\nterbang\tVB\n\nIa\tPR\npergi\tVB\n"), 0o644)
	plain := filepath.Join(dir, "plain.txt")
	os.WriteFile(plain, []byte("Moskow (ANTARA News) - Rusia menolak.\n\nNATO diam."), 0o644)
	got, err := readExtraText(tagged)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || !slices.Equal(got[0], []string{"Garuda", "Indonesia", "terbang"}) {
		t.Errorf("token-per-line file read as %q", got)
	}
	got, err = readExtraText(plain)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0][0] != "Moskow" || got[1][0] != "NATO" {
		t.Errorf("plain text read as %q", got)
	}
	if _, err := readExtraText(filepath.Join(dir, "missing")); err == nil {
		t.Error("missing file accepted")
	}
}

// pretag writes CoNLL that eval reads back: documents kept, one token and
// one predicted tag per line.
func TestPretagRoundTrip(t *testing.T) {
	in := strings.NewReader("-DOCSTART- a1 kumparan\nKomisi Pemberantasan Korupsi (KPK) memeriksa Wali Kota Madiun Bambang Irianto di Jakarta. Ia diam.\n")
	var out bytes.Buffer
	if err := pretag([]string{"-lang", "id"}, in, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out.String(), "-DOCSTART- a1 kumparan\n\n") || !strings.Contains(out.String(), "Bambang\tB-PER\n") {
		t.Errorf("pretag output:\n%s", out.String())
	}
	sents, err := ner.ReadCoNLL(&out, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(sents) != 2 || sents[0].Doc != sents[1].Doc || sents[0].Tokens[4] != "KPK" {
		t.Errorf("read back %d sentences: %+v", len(sents), sents)
	}
}

// eval -errors lists the missed (-) and spurious (+) entities of a type.
func TestListErrors(t *testing.T) {
	sents := []ner.Sentence{
		{Tokens: []string{"Juru", "bicara", "KPK", "Febri"}, Tags: []string{"O", "O", "B-ORG", "B-PER"}},
		{Tokens: []string{"di", "Jakarta"}, Tags: []string{"O", "B-LOC"}},
	}
	preds := [][]string{{"O", "O", "B-PER", "I-PER"}, {"O", "B-LOC"}}
	var out bytes.Buffer
	if err := listErrors(&out, sents, preds, "ORG"); err != nil {
		t.Fatal(err)
	}
	if want := "0: Juru bicara KPK Febri\n  - ORG \"KPK\"\n"; out.String() != want {
		t.Errorf("ORG errors:\n%s\nwant:\n%s", out.String(), want)
	}
	out.Reset()
	listErrors(&out, sents, preds, "ALL")
	if !strings.Contains(out.String(), `+ PER "KPK Febri"`) || strings.Contains(out.String(), "Jakarta") {
		t.Errorf("all errors:\n%s", out.String())
	}
}

// The news dev set's articles are known by id, so that training leaves them
// out of the word classes.
func TestHeldOutNewsDevSet(t *testing.T) {
	clear(heldOut)
	if err := readHeldOut("../../ner/testdata/id-news-dev.conll"); err != nil {
		t.Fatal(err)
	}
	if len(heldOut) != 60 || !heldOut["1489705853-kpk-periksa-dirut-pt-pertani-dalam-kasus-dugaan-su"] {
		t.Errorf("%d held-out articles", len(heldOut))
	}
	sents, err := ner.ReadCoNLLFile("../../ner/testdata/id-news-dev.conll", nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range sents {
		if !slices.Contains(s.Tags, "B-ORG") {
			t.Errorf("sentence without an organisation: %v", s.Tokens)
		}
	}
	if err := readHeldOut(filepath.Join(t.TempDir(), "missing")); err == nil {
		t.Error("missing dev set accepted")
	}
}
