// Command topics trains and evaluates the IPTC Media Topics classifier
// (package services/entitytag/topics). Run it from services/entitytag.
//
//	topics train [-lang en,id] [-data DIR] [-out DIR] [-alpha A] [-min-df N] [-max-features N]
//	topics eval  [-lang en|id] [-data DIR] [-model FILE] [-json]
//
// train reads each language's corpora from the shared data folder
// (../shared/data beside the repository), prints the label table, trains on
// the training part (the held-out 20 % is chosen by hashing document ids,
// see topics.IsTest), and writes <out>/<lang>.model.gz and a markdown report
// <out>/TRAINING-<lang>.md with the held-out evaluation.
//
// eval scores the committed models (or -model FILE) on the held-out part:
// accuracy, macro-F1, per-topic precision/recall/F1 and support, the most
// frequent confusions and the speed; with -json it prints one object
// {"languages":[{lang, docs, tokens, accuracy, macro_f1, topics, confusions,
// docs_per_second, tokens_per_second}]}.
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/newsroom-pipeline/newsroom/pkg/sharedtest"
	"github.com/newsroom-pipeline/newsroom/services/entitytag/topics"
	"github.com/newsroom-pipeline/newsroom/services/entitytag/topics/models"
)

const usage = `topics trains and evaluates the IPTC Media Topics classifier.

Usage (from services/entitytag):
  go run ./cmd/topics train [-lang en,id] [-data DIR] [-out DIR] [-alpha A] [-min-df N] [-max-features N]
  go run ./cmd/topics eval  [-lang en|id] [-data DIR] [-model FILE] [-json]

train  rebuilds topics/models/<lang>.model.gz and TRAINING-<lang>.md from the
       corpora in ../shared/data (BBC News and Reuters-21578 for en, IndoSum
       for id), never reading the held-out 20 %.
eval   scores the committed models on the held-out 20 %: accuracy, macro-F1,
       per-topic P/R/F1, confusions, docs/s and tokens/s (-json: one object).

Run "topics train -h" or "topics eval -h" for the flags.
`

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "topics:", err)
		os.Exit(1)
	}
}

func run(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return errors.New("no command given (want train or eval)")
	}
	switch args[0] {
	case "train":
		return train(args[1:], stdout, stderr)
	case "eval":
		return eval(args[1:], stdout, stderr)
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return fmt.Errorf("unknown command %q (want train or eval)", args[0])
}

// dataDir is -data, else ../shared/data beside the repository.
func dataDir(flagVal string) (string, error) {
	if flagVal != "" {
		return flagVal, nil
	}
	if p, ok := sharedtest.Find("."); ok {
		return p, nil
	}
	return "", errors.New("no -data given and ../shared/data not found beside the repository")
}

func langList(s string) ([]string, error) {
	var out []string
	for _, l := range strings.Split(s, ",") {
		l = strings.TrimSpace(l)
		if l != "en" && l != "id" {
			return nil, fmt.Errorf("no topic corpus for language %q (have en, id)", l)
		}
		out = append(out, l)
	}
	return out, nil
}

func train(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("train", flag.ContinueOnError)
	fs.SetOutput(stderr)
	langs := fs.String("lang", "en,id", "languages to train, comma-separated")
	data := fs.String("data", "", "shared data folder (default ../shared/data beside the repository)")
	out := fs.String("out", "topics/models", "output folder for <lang>.model.gz and TRAINING-<lang>.md")
	var cfg topics.TrainConfig
	fs.Float64Var(&cfg.Alpha, "alpha", 0.1, "additive smoothing of the naive Bayes counts")
	fs.IntVar(&cfg.MinDF, "min-df", 3, "keep features seen in at least this many training documents")
	fs.IntVar(&cfg.MaxFeatures, "max-features", 150000, "keep at most this many features (the most frequent)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	ls, err := langList(*langs)
	if err != nil {
		return err
	}
	dir, err := dataDir(*data)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return err
	}
	for _, lang := range ls {
		if err := trainOne(lang, dir, *out, cfg, stdout, stderr); err != nil {
			return fmt.Errorf("train %s: %w", lang, err)
		}
	}
	return nil
}

func trainOne(lang, dir, out string, cfg topics.TrainConfig, stdout, stderr io.Writer) error {
	start := time.Now()
	fmt.Fprintf(stderr, "%s: reading corpora from %s\n", lang, dir)
	docs, err := topics.LoadCorpus(dir, lang)
	if err != nil {
		return err
	}
	table := topics.LabelTable(docs)
	fmt.Fprintf(stdout, "%s label table:\n", lang)
	writeLabelTable(stdout, table)
	fmt.Fprintf(stderr, "%s: %d documents after de-duplication; training\n", lang, len(docs))
	m, res, err := topics.TrainDocs(lang, docs, cfg)
	if err != nil {
		return err
	}
	trainTime := time.Since(start)
	m.Info["corpora"] = corporaOf(lang)
	m.Info["train_docs"] = fmt.Sprint(res.Train)
	path := filepath.Join(out, lang+".model.gz")
	if err := m.SaveFile(path); err != nil {
		return err
	}
	st, err := os.Stat(path)
	if err != nil {
		return err
	}
	_, test := topics.Split(docs)
	rep := topics.Evaluate(m, test)
	fmt.Fprintf(stderr, "%s: wrote %s (%.2f MB, %s) in %s\n", lang, path, float64(st.Size())/1e6, m.Describe(), trainTime.Round(time.Millisecond))
	rep.WriteTable(stdout)
	fmt.Fprintln(stdout)
	report := trainingReport(lang, m, res, table, rep, st.Size(), trainTime)
	rpath := filepath.Join(out, "TRAINING-"+lang+".md")
	if err := os.WriteFile(rpath, []byte(report), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "%s: wrote %s\n", lang, rpath)
	return nil
}

func corporaOf(lang string) string {
	if lang == "id" {
		return topics.IndoSumFile + ", labelled by URL section or category (topics.IndoSumLabel), else by the hand-read labels of topics/" +
			topics.IndoSumReadFile + " (label \"category/read\"; CC BY-SA 4.0 like IndoSum)"
	}
	return fmt.Sprintf("%s, %s (at most %d stories)", topics.BBCDir, topics.ReutersDir, topics.ReutersCap)
}

func writeLabelTable(w io.Writer, rows []topics.LabelCount) {
	fmt.Fprintf(w, "| corpus | label (category/section, category, or category/read) | topic | train | test |\n|---|---|---|---|---|\n")
	for _, r := range rows {
		t, _ := topics.Lookup(r.Topic)
		fmt.Fprintf(w, "| %s | %s | %s %s | %d | %d |\n", r.Corpus, r.Label, r.Topic, t.Name, r.Train, r.Test)
	}
	fmt.Fprintln(w)
}

func trainingReport(lang string, m *topics.Model, res topics.TrainResult, table []topics.LabelCount, rep topics.Report, size int64, took time.Duration) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# Training report: %s topic classifier\n\n", lang)
	fmt.Fprintf(&b, "Generated by `go run ./cmd/topics train -lang %s` (in services/entitytag) on %s, %s/%s, GOMAXPROCS %d, in %s.\n\n",
		lang, time.Now().UTC().Format("2006-01-02 15:04 MST"), runtime.GOOS, runtime.GOARCH, runtime.GOMAXPROCS(0), took.Round(time.Millisecond))
	fmt.Fprintf(&b, "Model: `%s.model.gz`, %.2f MB on disk; %s.\n\n", lang, float64(size)/1e6, m.Describe())
	fmt.Fprintf(&b, "Data (read from ../shared/data, not redistributed): %s. Exact duplicates (same headline and body, whitespace aside) are dropped first. ", corporaOf(lang))
	fmt.Fprintf(&b, "The held-out test part is the %d %% of documents whose hash of corpus and id falls below %d (topics.IsTest); ", topics.TestPercent, topics.TestPercent)
	fmt.Fprintf(&b, "training never reads it. %d training documents; the softmax temperature was fitted on %d of them (a second hash) with a model trained on the rest: log loss %.3f per document.\n\n", res.Train, res.Dev, res.DevLogLoss)
	b.WriteString("## Labels\n\n")
	writeLabelTable(&b, table)
	b.WriteString("## Held-out evaluation\n\n")
	rep.WriteTable(&b)
	b.WriteString("\nSpeed is single-threaded classification of the test documents (tokenising included) on the training machine.\n")
	return b.String()
}

func eval(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("eval", flag.ContinueOnError)
	fs.SetOutput(stderr)
	langs := fs.String("lang", "en,id", "languages to evaluate: en, id, or both comma-separated")
	data := fs.String("data", "", "shared data folder (default ../shared/data beside the repository)")
	modelFile := fs.String("model", "", "evaluate this model file instead of the committed one (needs a single -lang)")
	asJSON := fs.Bool("json", false, "print one JSON object instead of tables")
	if err := fs.Parse(args); err != nil {
		return err
	}
	ls, err := langList(*langs)
	if err != nil {
		return err
	}
	if *modelFile != "" && len(ls) != 1 {
		return errors.New("-model needs exactly one -lang")
	}
	dir, err := dataDir(*data)
	if err != nil {
		return err
	}
	var reports []topics.Report
	for _, lang := range ls {
		m, err := loadModel(lang, *modelFile)
		if err != nil {
			return err
		}
		docs, err := topics.LoadCorpus(dir, lang)
		if err != nil {
			return fmt.Errorf("eval %s: %w", lang, err)
		}
		_, test := topics.Split(docs)
		reports = append(reports, topics.Evaluate(m, test))
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(struct {
			Languages []topics.Report `json:"languages"`
		}{reports})
	}
	for _, r := range reports {
		r.WriteTable(stdout)
		fmt.Fprintln(stdout)
	}
	return nil
}

func loadModel(lang, file string) (*topics.Model, error) {
	if file == "" {
		return models.Load(lang)
	}
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	m, err := topics.Load(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	if m.Lang != lang {
		return nil, fmt.Errorf("%s is a %s model, not %s", file, m.Lang, lang)
	}
	return m, nil
}
