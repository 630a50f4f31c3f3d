// Command ner trains and evaluates the learned entity tagger (package
// services/entitytag/ner).
//
//	ner train [-lang en,id] [-data DIR] [-out DIR] [-epochs N] [-bits B]
//	ner eval  [-lang en | -model FILE] [-map FROM=TO,...] [-json] [-errors TYPE] FILE...
//	ner pretag [-lang id | -model FILE] < text > file.conll
//
// train reads the corpora of each language's recipe (ner.Recipes) from the
// shared data folder (../shared/data/ner beside the repository), keeps the
// epoch with the best dev F1, and writes <out>/<lang>.model.gz and a
// markdown training report <out>/TRAINING-<lang>.md.
//
// eval tags CoNLL-style files (token first, gold tag last, BIO or IOB1) and
// prints a conlleval-style table and the tagging throughput, or with -json
// one object {overall:{precision,recall,f1,...}, types, tokens,
// tokens_per_second}; with -errors TYPE it lists the missed and spurious
// entities sentence by sentence instead.
//
// pretag tokenises and tags text for annotation by hand (how the news dev
// set ner/testdata/id-news-dev.conll was drafted).
package main

import (
	"bufio"
	"cmp"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/newsroom-pipeline/newsroom/pkg/sharedtest"
	"github.com/newsroom-pipeline/newsroom/services/entitytag/baseline"
	"github.com/newsroom-pipeline/newsroom/services/entitytag/ner"
	"github.com/newsroom-pipeline/newsroom/services/entitytag/ner/gazetteers"
	"github.com/newsroom-pipeline/newsroom/services/entitytag/ner/models"
)

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "ner:", err)
		os.Exit(1)
	}
}

func run(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return errors.New("usage: ner train|eval [flags]")
	}
	switch args[0] {
	case "train":
		return train(args[1:], stdout, stderr)
	case "eval":
		return eval(args[1:], stdout)
	case "pretag":
		return pretag(args[1:], os.Stdin, stdout)
	}
	return fmt.Errorf("unknown command %q (want train, eval or pretag)", args[0])
}

func dataDir(flagVal string) (string, error) {
	if flagVal != "" {
		return flagVal, nil
	}
	if p, ok := sharedtest.Find("ner"); ok {
		return p, nil
	}
	return "", errors.New("no -data given and ../shared/data/ner not found beside the repository")
}

// readAll reads the corpora, each Repeat times, and renumbers their
// documents so that no two corpora (or copies) share one: sentences of one
// document see each other through the document context.
func readAll(dir string, cs []ner.Corpus) ([]ner.Sentence, int, error) {
	var out []ner.Sentence
	tokens, docs := 0, 0
	for _, c := range cs {
		s, err := c.Read(dir)
		if err != nil {
			return nil, 0, err
		}
		for range max(c.Repeat, 1) {
			next := docs
			for _, x := range s {
				tokens += len(x.Tokens)
				x.Doc += docs
				next = max(next, x.Doc+1)
				out = append(out, x)
			}
			docs = next
		}
	}
	return out, tokens, nil
}

func train(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("train", flag.ContinueOnError)
	langs := fs.String("lang", "en,id", "recipes to train, comma-separated: en, id (PER/ORG/LOC), id-evt (with events; also writes the id model)")
	data := fs.String("data", "", "ner data folder (default ../shared/data/ner beside the repository)")
	out := fs.String("out", "ner/models", "output folder for <lang>.model.gz and TRAINING-<lang>.md")
	epochs := fs.Int("epochs", 20, "maximum epochs")
	patience := fs.Int("patience", 4, "stop after this many epochs without a better dev F1")
	bits := fs.Uint("bits", 0, "log2 of the number of hashed feature rows (default: the recipe's, 21)")
	seed := fs.Uint64("seed", 1, "shuffling seed")
	lexJSON = fs.String("lexicon", "", `word-class settings to override the recipe's, as JSON (e.g. {"Fine":1200,"MinCount":3})`)
	runs = fs.Int("runs", 0, "train this many models with consecutive seeds and keep their average (an ensemble at no tagging cost); 0: the recipe's (en 5, id 5)")
	extraText = fs.String("text", "", "more unlabelled text for the word classes, comma-separated files (plain text, or one token per line)")
	noLists = fs.Bool("no-lists", false, "train without the open-data name lists (ner/gazetteers), to measure what they add")
	cost = fs.Float64("cost", 0, "cost-augmented training: margin added to wrong tags (0: plain perceptron)")
	keepSel := fs.Bool("keep-selection", false, "with the final fit, keep the average of the selection runs and the final fits, an ensemble of twice the runs (default: the recipe's)")
	scheme := fs.String("scheme", "", "tag scheme, bio or bilou (default: the recipe's)")
	finalFit := fs.Bool("final-fit", false, "after selecting each run's epoch count on dev, train the final model on train + dev for that many epochs (default: the recipe's FinalFit)")
	devSet = fs.String("newsdev", "ner/testdata/id-news-dev.conll", "the Indonesian news dev set: its articles are left out of the word classes, and the report scores it")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *scheme != "" && *scheme != ner.SchemeBIO && *scheme != ner.SchemeBILOU {
		return fmt.Errorf("-scheme %q: want %s or %s", *scheme, ner.SchemeBIO, ner.SchemeBILOU)
	}
	if *lexJSON != "" { // fail before the slow reading, not after
		var probe ner.LexiconConfig
		if err := json.Unmarshal([]byte(*lexJSON), &probe); err != nil {
			return fmt.Errorf("-lexicon: %w", err)
		}
	}
	dir, err := dataDir(*data)
	if err != nil {
		return err
	}
	for _, lang := range strings.Split(*langs, ",") {
		r, ok := ner.Recipes[strings.TrimSpace(lang)]
		if !ok {
			return fmt.Errorf("no training recipe for language %q", lang)
		}
		fs.Visit(func(f *flag.Flag) {
			switch f.Name {
			case "final-fit":
				r.FinalFit = *finalFit
			case "scheme":
				r.Scheme = *scheme
			case "bits":
				r.Bits = *bits
			case "keep-selection":
				r.KeepSelection = *keepSel
			}
		})
		if err := trainOne(r, dir, *out, *epochs, *patience, *seed, stdout, stderr); err != nil {
			return fmt.Errorf("%s: %w", r.Lang, err)
		}
	}
	return nil
}

func trainOne(r ner.Recipe, dir, out string, epochs, patience int, seed uint64, stdout, stderr io.Writer) error {
	start := time.Now()
	tr, trTok, err := readAll(dir, r.Train)
	if err != nil {
		return err
	}
	dev, devTok, err := readAll(dir, readOnce(r.Dev))
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "%s: %d train sentences (%d tokens), %d dev sentences (%d tokens)\n", r.Lang, len(tr), trTok, len(dev), devTok)
	// The final fit's data: train and dev, each corpus with its Repeat,
	// and their own document numbers.
	var fin []ner.Sentence
	finTok := 0
	if r.FinalFit {
		if fin, finTok, err = readAll(dir, append(slices.Clone(r.Train), r.Dev...)); err != nil {
			return err
		}
		fmt.Fprintf(stderr, "%s: final fit on train + dev, %d sentences (%d tokens)\n", r.Lang, len(fin), finTok)
	}
	if r.Lang == "id" {
		if err := readHeldOut(*devSet); err != nil {
			return err
		}
	}
	unl, unlDesc, err := readUnlabelled(filepath.Dir(dir), r.Lang)
	if err != nil {
		return err
	}
	if *extraText != "" {
		for _, p := range strings.Split(*extraText, ",") {
			seqs, err := readExtraText(p)
			if err != nil {
				return fmt.Errorf("-text: %w", err)
			}
			unl = append(unl, seqs...)
			unlDesc += fmt.Sprintf(", `%s` (%d sentences, -text)", filepath.Base(p), len(seqs))
		}
	}
	// The word classes see the labelled text the model is trained on:
	// train, and dev too with a final fit; never test text.
	labelled := tr
	if r.FinalFit {
		labelled = fin
	}
	for _, s := range labelled {
		unl = append(unl, s.Tokens)
	}
	lexStart := time.Now()
	lexConfig := r.Lexicon
	if *lexJSON != "" {
		if err := json.Unmarshal([]byte(*lexJSON), &lexConfig); err != nil {
			return fmt.Errorf("-lexicon: %w", err)
		}
	}
	nRuns := r.Runs
	if *runs > 0 {
		nRuns = *runs
	}
	lex := ner.BuildLexicon(unl, lexConfig)
	utok := 0
	for _, s := range unl {
		utok += len(s)
	}
	lexTime := time.Since(lexStart)
	fmt.Fprintf(stderr, "%s: word classes from %d tokens of unlabelled text in %s\n", r.Lang, utok, lexTime.Round(time.Second))
	m := ner.NewModel(r.Lang, r.Types, cmp.Or(r.Bits, 20), ner.ParseGazetteerTSV(gazetteer()), nameLists(r), lex)
	m.OrgCues = r.OrgCues
	if r.Scheme != "" {
		m.SetScheme(r.Scheme)
	}
	results, best := ner.Train(m, tr, dev, ner.TrainConfig{Epochs: epochs, Seed: seed, Patience: patience, Log: stderr, Cost: float32(*cost), Runs: nRuns, FinalFit: fin, KeepSelection: r.KeepSelection})
	trainTime := time.Since(start)
	m.Info["trained"] = time.Now().UTC().Format(time.RFC3339)
	m.Info["best_epochs"] = fmt.Sprint(best)
	if r.FinalFit {
		m.Info["final_fit"] = "train+dev, best_epochs each"
	}
	path := filepath.Join(out, r.Lang+".model.gz")
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	if err := m.SaveFile(path); err != nil {
		return err
	}
	st, err := os.Stat(path)
	if err != nil {
		return err
	}

	var rep strings.Builder
	fmt.Fprintf(&rep, "# Training report: %s entity tagger\n\n", r.Lang)
	fmt.Fprintf(&rep, "Generated by `go run ./cmd/ner train -lang %s` (in services/entitytag) on %s, %s/%s, GOMAXPROCS %d.\n\n",
		r.Lang, time.Now().UTC().Format("2006-01-02 15:04 MST"), runtime.GOOS, runtime.GOARCH, runtime.GOMAXPROCS(0))
	fmt.Fprintf(&rep, "Model: `%s`, %.1f MB on disk; %s.\n\n", filepath.Base(path), float64(st.Size())/1e6, m.Describe())
	rep.WriteString("## Data (read from ../shared/data/ner, not redistributed)\n\n| role | corpus | file | mapping |\n|---|---|---|---|\n")
	corp := func(role string, cs []ner.Corpus) {
		for _, c := range cs {
			fmt.Fprintf(&rep, "| %s | %s | `%s` | %s |\n", role, c.Name, c.Path, mappingString(c))
		}
	}
	corp("train", r.Train)
	if r.FinalFit {
		corp("dev (epoch selection; then trained on in the final fit)", r.Dev)
	} else {
		corp("dev (epoch selection)", r.Dev)
	}
	fmt.Fprintf(&rep, "\n%d training sentences (%d tokens), %d dev sentences (%d tokens).", len(tr), trTok, len(dev), devTok)
	if r.FinalFit {
		fmt.Fprintf(&rep, " Final fit on train + dev: %d sentences (%d tokens; Repeat applies to dev corpora too).", len(fin), finTok)
	}
	rep.WriteString("\n\n")
	textOf := "the training text"
	if r.FinalFit {
		textOf = "the training and dev text (never test text)"
	}
	fmt.Fprintf(&rep, "Word classes (clusters and capitalisation rates, ner.BuildLexicon with %+v) from %d tokens: %s, plus %s; built in %s.\n\n",
		lexConfig, utok, unlDesc, textOf, lexTime.Round(time.Second))
	if r.FinalFit {
		kept := "those final fits"
		if r.KeepSelection {
			kept = "those final fits and the selection runs (keep-selection: twice the runs)"
		}
		fmt.Fprintf(&rep, "## Epochs\n\n%d run(s) with seeds from %d. **Final fit:** each run first selects its epoch count on dev (the selection run, trained on train only), then is trained again from zero with the same seed on train + dev for exactly that many epochs; the model is the average of %s. Epoch counts chosen on dev: %v.\n\n", max(nRuns, 1), seed, kept, best)
		rep.WriteString("The model has been trained on dev, so its own dev scores below are not meaningful; the dev F1 that measures it is the selection runs' (per epoch below, and their average).\n\n")
	} else {
		fmt.Fprintf(&rep, "## Epochs\n\n%d run(s) with seeds from %d; each keeps its best epoch on dev, and the model is their average.\n\n", max(nRuns, 1), seed)
	}
	rep.WriteString("| run | epoch | token errors | dev F1 | elapsed |\n|---|---|---|---|---|\n")
	for i, e := range results {
		if e.Run == 0 {
			what := "average of the runs"
			if r.FinalFit {
				what = "average of the selection runs"
			}
			fmt.Fprintf(&rep, "| **%s** | | | **%.2f** | %s |\n", what, e.DevF1, e.Elapsed.Round(time.Second))
			continue
		}
		if e.Final {
			// One line per final fit: its last (kept) epoch.
			if i+1 == len(results) || !results[i+1].Final || results[i+1].Run != e.Run {
				fmt.Fprintf(&rep, "| %d | final fit on train + dev: %d epochs **(kept)** | %d | (seen dev) | %s |\n", e.Run, e.Epoch, e.Updates, e.Elapsed.Round(time.Second))
			}
			continue
		}
		mark := ""
		if r.FinalFit && e.Epoch == best[e.Run-1] {
			mark = " (selected)"
		} else if e.Epoch == best[e.Run-1] {
			mark = " **(kept)**"
		}
		fmt.Fprintf(&rep, "| %d | %d%s | %d | %.2f | %s |\n", e.Run, e.Epoch, mark, e.Updates, e.DevF1, e.Elapsed.Round(time.Second))
	}
	epochsRun := 0
	for _, e := range results {
		if e.Run > 0 {
			epochsRun++
		}
	}
	fmt.Fprintf(&rep, "\nTraining time (reading, word classes, %d epochs in all, saving): %s.\n\n", epochsRun, trainTime.Round(time.Second))
	rep.WriteString("## Evaluation (exact-span, conlleval-style)\n\n")
	for _, c := range r.Test {
		s, err := c.Read(dir)
		if err != nil {
			return err
		}
		sc := ner.Evaluate(m, s)
		fmt.Fprintf(&rep, "### %s\n\n```\n", c.Name)
		sc.WriteTable(&rep)
		rep.WriteString("```\n\n")
		fmt.Fprintf(stderr, "%s: %s F1 %.2f (%.0f tokens/s)\n", r.Lang, c.Name, sc.Overall.F1, sc.TokensPerSecond)
	}
	if r.Lang == "id" {
		// The news dev set (in the repository, held out of everything).
		s, err := ner.ReadCoNLLFile(*devSet, ner.MapIDNoEVT)
		if err != nil {
			return err
		}
		sc := ner.Evaluate(m, s)
		fmt.Fprintf(&rep, "### Indonesian news dev set (`%s`)\n\n```\n", filepath.Base(*devSet))
		sc.WriteTable(&rep)
		rep.WriteString("```\n\n")
		fmt.Fprintf(stderr, "%s: news dev set F1 %.2f\n", r.Lang, sc.Overall.F1)
	}
	rp := filepath.Join(out, "TRAINING-"+r.Lang+".md")
	if err := os.WriteFile(rp, []byte(rep.String()), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %s (%.1f MB) and %s in %s\n", path, float64(st.Size())/1e6, rp, time.Since(start).Round(time.Second))
	return nil
}

func mappingString(c ner.Corpus) string {
	if len(c.Mapping) == 0 {
		return "as is"
	}
	var parts []string
	for k, v := range c.Mapping {
		parts = append(parts, k+"→"+v)
	}
	slices.Sort(parts)
	s := strings.Join(parts, ", ")
	if len(c.Unannotated) > 0 {
		s += "; unannotated: " + strings.Join(c.Unannotated, ",")
	}
	return s
}

func eval(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("eval", flag.ContinueOnError)
	lang := fs.String("lang", "en", "language of the committed model to use")
	modelPath := fs.String("model", "", "model file (overrides -lang)")
	mapping := fs.String("map", "", "tag type mapping FROM=TO,... (TO=O drops a type), e.g. PERSON=PER,PLACE=LOC")
	asJSON := fs.Bool("json", false, "print one JSON object instead of the table")
	ignore := fs.String("ignore", "", "model types the file does not annotate, comma-separated (predictions of them are not scored), e.g. EVT")
	errorsOf := fs.String("errors", "", "instead of scores, list the sentences with a wrong entity of this type (or all types: ALL), gold and predicted spans")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return errors.New("eval: give one or more CoNLL files")
	}
	mp, err := ner.ParseMapping(*mapping)
	if err != nil {
		return err
	}
	m, err := loadModel(*modelPath, *lang)
	if err != nil {
		return err
	}
	var ignored []string
	for _, t := range strings.Split(*ignore, ",") {
		if t = strings.TrimSpace(t); t != "" {
			ignored = append(ignored, t)
		}
	}
	var sents []ner.Sentence
	for _, f := range fs.Args() {
		s, err := ner.ReadCoNLLFile(f, mp)
		if err != nil {
			return err
		}
		for i := range s {
			s[i].Unannotated = ignored
		}
		sents = append(sents, s...)
	}
	// The garbage of loading the model and reading the files is not the
	// tagger's: collect it before the timed tagging.
	runtime.GC()
	if *errorsOf != "" {
		return listErrors(stdout, sents, ner.Predict(m, sents), *errorsOf)
	}
	sc := ner.Evaluate(m, sents)
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(sc)
	}
	return sc.WriteTable(stdout)
}

// loadModel reads the model file path, or the committed model of lang when
// path is empty (the -model and -lang flags of eval and pretag).
func loadModel(path, lang string) (*ner.Model, error) {
	if path != "" {
		return ner.LoadFile(path)
	}
	return models.Load(lang)
}

// pretag tokenises and tags text for annotation by hand: documents are
// separated by lines "-DOCSTART- ID", each other line is a paragraph. It
// writes CoNLL (token, predicted tag), the document lines kept, one blank
// line between sentences; the tags are a first draft to correct.
func pretag(args []string, stdin io.Reader, stdout io.Writer) error {
	fs := flag.NewFlagSet("pretag", flag.ContinueOnError)
	lang := fs.String("lang", "id", "language of the committed model to use")
	modelPath := fs.String("model", "", "model file (overrides -lang)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	m, err := loadModel(*modelPath, *lang)
	if err != nil {
		return err
	}
	b, err := io.ReadAll(stdin)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(stdout)
	var sents [][]string
	flush := func() {
		for k, tags := range m.TagDoc(sents) {
			for i, t := range sents[k] {
				fmt.Fprintf(w, "%s\t%s\n", t, tags[i])
			}
			w.WriteString("\n")
		}
		sents = sents[:0]
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "-DOCSTART-") {
			flush()
			fmt.Fprintf(w, "%s\n\n", strings.TrimSpace(line))
			continue
		}
		toks := m.Tokenize(line)
		for _, r := range ner.SplitSentences(line, toks) {
			words := make([]string, 0, r[1]-r[0])
			for _, t := range toks[r[0]:r[1]] {
				words = append(words, t.Text)
			}
			sents = append(sents, words)
		}
	}
	flush()
	return w.Flush()
}

// listErrors prints every sentence where the gold and predicted entities of
// type typ (ALL: any type) differ: the sentence, then the missed (-) and
// spurious (+) spans. Reading these is how features are chosen.
func listErrors(w io.Writer, sents []ner.Sentence, preds [][]string, typ string) error {
	text := func(toks []string, s ner.Span) string { return strings.Join(toks[s.Start:s.End], " ") }
	for i, snt := range sents {
		g, p := ner.Spans(snt.Tags), ner.Spans(preds[i])
		var lines []string
		for _, s := range g {
			if (typ == "ALL" || s.Type == typ) && !slices.Contains(p, s) {
				lines = append(lines, fmt.Sprintf("  - %s %q", s.Type, text(snt.Tokens, s)))
			}
		}
		for _, s := range p {
			if (typ == "ALL" || s.Type == typ) && !slices.Contains(g, s) {
				lines = append(lines, fmt.Sprintf("  + %s %q", s.Type, text(snt.Tokens, s)))
			}
		}
		if len(lines) > 0 {
			fmt.Fprintf(w, "%d: %s\n%s\n", i, strings.Join(snt.Tokens, " "), strings.Join(lines, "\n"))
		}
	}
	return nil
}

func gazetteer() string { return baseline.GazetteerTSV() }

// Training options shared by trainOne (set by the train flags).
var (
	cost      = new(float64)
	runs      = new(int)
	noLists   = new(bool)
	lexJSON   = new(string)
	extraText = new(string)
	devSet    = new(string)
)

// nameLists returns the open-data name lists of a recipe, or none with
// -no-lists (to measure what they add).
func nameLists(r ner.Recipe) []ner.NameList {
	if *noLists {
		return nil
	}
	var out []ner.NameList
	for _, l := range gazetteers.Lists() {
		if !slices.Contains(r.NoLists, l.Name) {
			out = append(out, l)
		}
	}
	return out
}

// readOnce returns the corpora with Repeat 1: dev corpora are scored once
// (their Repeat applies to the final fit).
func readOnce(cs []ner.Corpus) []ner.Corpus {
	out := slices.Clone(cs)
	for i := range out {
		out[i].Repeat = 0
	}
	return out
}
