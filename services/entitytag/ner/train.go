package ner

import (
	"fmt"
	"io"
	"math/rand/v2"
	"time"
)

// TrainConfig controls Train.
type TrainConfig struct {
	Epochs int    // maximum epochs
	Seed   uint64 // shuffling seed, for reproducible models
	// Patience stops training after this many epochs without a better dev F1.
	Patience int
	Log      io.Writer // progress lines; may be nil
	// Cost is added to the score of every wrong tag while training
	// (cost-augmented, large-margin perceptron); 0 is the plain perceptron.
	Cost float32
	// Runs trains that many models with seeds Seed, Seed+1, ... (each
	// keeping its best epoch on dev) and keeps their average: an ensemble
	// that costs nothing when tagging, since the models share features.
	// 0 means 1.
	Runs int
	// FinalFit, when not nil, is the data of the final fit (train + dev):
	// each run first selects its epoch count on dev as above, then is
	// trained again from zero on FinalFit with the same seed for exactly
	// that many epochs, and those weights are averaged instead. The dev
	// score of the resulting model is then meaningless (it has seen dev);
	// the Run 0 result scores the average of the selection runs instead.
	FinalFit []Sentence
	// KeepSelection, with FinalFit, keeps the average of the selection
	// runs and the final fits (2×Runs models): the selection runs, trained
	// without dev, add diversity to the ensemble at no extra training cost.
	KeepSelection bool
}

// EpochResult is the dev score after one epoch.
type EpochResult struct {
	Run   int // 1-based; 0 is the averaged ensemble of all runs
	Epoch int
	DevF1 float64 // -1 for the epochs of a final fit (no dev data)
	// Final marks the epochs of a run's final fit on train + dev
	// (TrainConfig.FinalFit).
	Final   bool
	Updates int
	Elapsed time.Duration
}

// Train fits m on train with the averaged perceptron, scores the averaged
// weights on dev after every epoch and keeps the best epoch's weights in m
// (averaged over cfg.Runs runs). With no dev data it keeps the last epoch.
// With cfg.FinalFit each run is then retrained on the final-fit data for
// its best epoch count, and m keeps the average of those final fits.
// It returns every epoch's result (with a final Run 0 line scoring the
// ensemble of the selection runs on dev when there are several runs, or
// a final fit) and the best epoch of each run.
func Train(m *Model, train, dev []Sentence, cfg TrainConfig) ([]EpochResult, []int) {
	runs := max(cfg.Runs, 1)
	sumW := make([]float32, len(m.w))
	sumT := make([]float32, len(m.trans))
	// With a final fit, the selection runs' average (for its dev score).
	var selW, selT []float32
	if cfg.FinalFit != nil {
		selW, selT = make([]float32, len(m.w)), make([]float32, len(m.trans))
	}
	var results []EpochResult
	var best []int
	start := time.Now()
	for r := 1; r <= runs; r++ {
		c := cfg
		c.Seed = cfg.Seed + uint64(r-1)
		res, b, w, tr := m.trainRun(train, dev, c, r)
		results = append(results, res...)
		best = append(best, b)
		if cfg.FinalFit != nil {
			addDiv(selW, w, float32(runs))
			addDiv(selT, tr, float32(runs))
			// Same seed, exactly the selected number of epochs, no dev:
			// trainRun keeps the last epoch.
			fc := c
			fc.Epochs, fc.Patience = b, 0
			fres, _, fw, ftr := m.trainRun(cfg.FinalFit, nil, fc, r)
			for i := range fres {
				fres[i].Final = true
			}
			results = append(results, fres...)
			w, tr = fw, ftr
		}
		addDiv(sumW, w, 1)
		addDiv(sumT, tr, 1)
	}
	divide(sumW, float32(runs))
	divide(sumT, float32(runs))
	if (runs > 1 || cfg.FinalFit != nil) && len(dev) > 0 {
		w, tr, what := sumW, sumT, "ensemble"
		if cfg.FinalFit != nil {
			w, tr, what = selW, selT, "selection runs' ensemble (the final fit has seen dev)"
		}
		f := evalWith(m, dev, w, tr).Overall.F1
		results = append(results, EpochResult{Run: 0, DevF1: f, Elapsed: time.Since(start)})
		if cfg.Log != nil {
			fmt.Fprintf(cfg.Log, "%s %s of %d runs: dev F1 %.2f\n", m.Lang, what, runs, f)
		}
	}
	if cfg.FinalFit != nil && cfg.KeepSelection {
		addDiv(sumW, selW, 1)
		addDiv(sumT, selT, 1)
		divide(sumW, 2)
		divide(sumT, 2)
	}
	m.w, m.trans = sumW, sumT
	m.quantise()
	return results, best
}

// addDiv adds src[i]/div to dst[i]; with div 1 it adds src exactly. The
// ensemble sums use it so that the float operations, and so the committed
// models, stay the same whichever sum is taken.
func addDiv(dst, src []float32, div float32) {
	for i, v := range src {
		dst[i] += v / div
	}
}

// divide divides every weight by div.
func divide(w []float32, div float32) {
	for i := range w {
		w[i] /= div
	}
}

// trainRun is one perceptron run from zero weights; it returns the epochs,
// the best epoch and its averaged weights.
func (m *Model) trainRun(train, dev []Sentence, cfg TrainConfig, run int) ([]EpochResult, int, []float32, []float32) {
	nt, nf := len(m.tags), m.featsPerToken()
	// Lazy averaging: acc holds sum over updates of (step * delta), so the
	// average of the weights over all steps is w - acc/step.
	w, tr := make([]float32, len(m.w)), make([]float32, len(m.trans))
	accW := make([]float64, len(w))
	accT := make([]float64, len(tr))
	avgW := make([]float32, len(w))
	avgT := make([]float32, len(tr))
	bestW := make([]float32, len(w))
	bestT := make([]float32, len(tr))
	step := 1.0
	rng := rand.New(rand.NewPCG(cfg.Seed, 0x5eed))
	// Documents are visited in random order, their sentences in order, so
	// that the prediction history (DocContext) sees earlier sentences.
	var docOrder []int
	docSents := map[int][]int{}
	for i, snt := range train {
		if _, ok := docSents[snt.Doc]; !ok {
			docOrder = append(docOrder, snt.Doc)
		}
		docSents[snt.Doc] = append(docSents[snt.Doc], i)
	}
	gold := make([][]int, len(train))
	masks := make([][]bool, len(train))
	for i, s := range train {
		gold[i] = m.goldIndexes(s.Tags)
		masks[i] = m.partialMask(s)
	}
	s := &scratch{}
	var latent []int
	var results []EpochResult
	bestF, bestEpoch, sinceBest := -1.0, 0, 0
	start := time.Now()
	for epoch := 1; epoch <= cfg.Epochs; epoch++ {
		rng.Shuffle(len(docOrder), func(i, j int) { docOrder[i], docOrder[j] = docOrder[j], docOrder[i] })
		updates := 0
		for _, di := range docOrder {
			idx := docSents[di]
			toks := make([][]string, len(idx))
			for k, si := range idx {
				toks[k] = train[si].Tokens
			}
			doc := m.DocContext(toks)
			// Both passes of tagDoc train: each decode is followed by a
			// perceptron update on that sentence.
			m.tagDoc(toks, doc, s, func(k int) []int {
				si := idx[k]
				g := gold[si]
				if masks[si] != nil {
					// Latent gold: the best tagging the partial annotation
					// allows, under the current weights.
					latent = append(latent[:0], m.decodeCost(toks[k], doc, s, w, tr, nil, 0, masks[si])...)
					g = latent
				}
				pred := m.decodeCost(toks[k], doc, s, w, tr, g, cfg.Cost, nil)
				// decode left the features of this sentence in s.rows.
				prevG, prevP := nt, nt
				for i := range toks[k] {
					gi, pi := g[i], pred[i]
					if gi != pi {
						updates++
						for _, r := range s.rows[i*nf : (i+1)*nf] {
							base := int(r) * nt
							w[base+gi]++
							accW[base+gi] += step
							w[base+pi]--
							accW[base+pi] -= step
						}
					}
					if gi != pi || prevG != prevP {
						tr[prevG*nt+gi]++
						accT[prevG*nt+gi] += step
						tr[prevP*nt+pi]--
						accT[prevP*nt+pi] -= step
					}
					prevG, prevP = gi, pi
				}
				step++
				return pred
			}, true)
		}
		for i := range w {
			avgW[i] = w[i] - float32(accW[i]/step)
		}
		for i := range tr {
			avgT[i] = tr[i] - float32(accT[i]/step)
		}
		f := -1.0
		if len(dev) > 0 {
			f = evalWith(m, dev, avgW, avgT).Overall.F1
		}
		res := EpochResult{Run: run, Epoch: epoch, DevF1: f, Updates: updates, Elapsed: time.Since(start)}
		results = append(results, res)
		if cfg.Log != nil {
			if len(dev) > 0 {
				fmt.Fprintf(cfg.Log, "%s run %d epoch %2d: %7d token errors, dev F1 %.2f (%s)\n", m.Lang, run, epoch, updates, f, res.Elapsed.Round(time.Second))
			} else {
				fmt.Fprintf(cfg.Log, "%s run %d epoch %2d: %7d token errors, no dev (%s)\n", m.Lang, run, epoch, updates, res.Elapsed.Round(time.Second))
			}
		}
		if f > bestF || len(dev) == 0 {
			bestF, bestEpoch, sinceBest = f, epoch, 0
			copy(bestW, avgW)
			copy(bestT, avgT)
		} else if sinceBest++; cfg.Patience > 0 && sinceBest >= cfg.Patience {
			break
		}
	}
	return results, bestEpoch, bestW, bestT
}

// evalWith scores sentences with the given weights.
func evalWith(m *Model, sents []Sentence, w, tr []float32) Score {
	var sc Scorer
	preds, _ := m.tagSentences(sents, w, tr)
	for i, snt := range sents {
		sc.Add(snt.Tags, dropTypes(m.tagNames(preds[i]), snt.Unannotated))
	}
	return sc.Score()
}

// tagSentences tags sents document by document (Sentence.Doc; sentences of
// a document are consecutive) and returns the tag indexes and the time
// spent tagging.
func (m *Model) tagSentences(sents []Sentence, w, tr []float32) ([][]int, time.Duration) {
	s := &scratch{}
	preds := make([][]int, 0, len(sents))
	var el time.Duration
	for lo := 0; lo < len(sents); {
		hi := lo + 1
		for hi < len(sents) && sents[hi].Doc == sents[lo].Doc {
			hi++
		}
		toks := make([][]string, hi-lo)
		for k := range toks {
			toks[k] = sents[lo+k].Tokens
		}
		start := time.Now()
		preds = append(preds, m.tagWith(toks, s, w, tr)...)
		el += time.Since(start)
		lo = hi
	}
	return preds, el
}

func (m *Model) tagNames(idx []int) []string {
	out := make([]string, len(idx))
	for j, t := range idx {
		out[j] = m.bioNames[t]
	}
	return out
}

// Evaluate tags sents with m and scores them; TokensPerSecond is the
// tagging throughput on one goroutine (scoring excluded).
func Evaluate(m *Model, sents []Sentence) Score {
	preds, el := m.tagSentences(sents, m.w, m.trans)
	tokens := 0
	var sc Scorer
	for i, snt := range sents {
		tokens += len(snt.Tokens)
		sc.Add(snt.Tags, dropTypes(m.tagNames(preds[i]), snt.Unannotated))
	}
	out := sc.Score()
	if el > 0 {
		out.TokensPerSecond = float64(tokens) / el.Seconds()
	}
	return out
}

// Predict tags sents document by document, as Evaluate does, and returns
// the BIO tags of each sentence (for error listings and pre-annotation).
func Predict(m *Model, sents []Sentence) [][]string {
	preds, _ := m.tagSentences(sents, m.w, m.trans)
	out := make([][]string, len(preds))
	for i, p := range preds {
		out[i] = dropTypes(m.tagNames(p), sents[i].Unannotated)
	}
	return out
}

// partialMask returns the allowed tags of a sentence whose corpus does not
// annotate some of the model's types (nil when it annotates all): a gold
// entity tag is certain, a gold O may also be an entity of an unannotated
// type.
func (m *Model) partialMask(s Sentence) []bool {
	var extra []int
	for _, typ := range s.Unannotated {
		for k, t := range m.tags {
			if k > 0 && t[2:] == typ {
				extra = append(extra, k)
			}
		}
	}
	if len(extra) == 0 {
		return nil
	}
	nt := len(m.tags)
	mask := make([]bool, len(s.Tags)*nt)
	for i, g := range m.goldIndexes(s.Tags) {
		mask[i*nt+g] = true
		if g == 0 {
			for _, k := range extra {
				mask[i*nt+k] = true
			}
		}
	}
	return mask
}

// dropTypes turns predicted entities of the given types into O.
func dropTypes(pred []string, types []string) []string {
	if len(types) == 0 {
		return pred
	}
	for i, t := range pred {
		if len(t) > 2 {
			for _, x := range types {
				if t[2:] == x {
					pred[i] = "O"
				}
			}
		}
	}
	return pred
}
