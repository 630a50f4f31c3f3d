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
}

// EpochResult is the dev score after one epoch.
type EpochResult struct {
	Epoch   int
	DevF1   float64
	Updates int
	Elapsed time.Duration
}

// Train fits m on train with the averaged perceptron, scores the averaged
// weights on dev after every epoch and keeps the best epoch's weights in m.
// With no dev data it keeps the last epoch.
func Train(m *Model, train, dev []Sentence, cfg TrainConfig) ([]EpochResult, int) {
	nt := len(m.tags)
	// Lazy averaging: acc holds sum over updates of (step * delta), so the
	// average of the weights over all steps is w - acc/step.
	w, tr := m.w, m.trans
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
		gold[i] = make([]int, len(s.Tags))
		for j, t := range s.Tags {
			gold[i][j] = m.tagIndex(t)
		}
		masks[i] = m.partialMask(s)
	}
	s := &scratch{}
	var latent []int
	var results []EpochResult
	bestF, bestEpoch, sinceBest := -1.0, 0, 0
	start := time.Now()
	for epoch := 1; epoch <= cfg.Epochs; epoch++ {
		rng.Shuffle(len(docOrder), func(i, j int) { docOrder[i], docOrder[j] = docOrder[j], docOrder[i] })
		docs := m.docContexts(train)
		updates := 0
		for _, di := range docOrder {
			for _, si := range docSents[di] {
				toks, g := train[si].Tokens, gold[si]
				doc := docs[train[si].Doc]
				if masks[si] != nil {
					// Latent gold: the best tagging the partial annotation
					// allows, under the current weights.
					latent = append(latent[:0], m.decodeCost(toks, doc, s, w, tr, nil, 0, masks[si])...)
					g = latent
				}
				pred := m.decodeCost(toks, doc, s, w, tr, g, cfg.Cost, nil)
				// decode left the features of this sentence in s.rows.
				prevG, prevP := nt, nt
				for i := range toks {
					gi, pi := g[i], pred[i]
					if gi != pi {
						updates++
						for _, r := range s.rows[i*featsPerToken : (i+1)*featsPerToken] {
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
				doc.remember(s.infos, pred)
				step++
			}
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
		res := EpochResult{Epoch: epoch, DevF1: f, Updates: updates, Elapsed: time.Since(start)}
		results = append(results, res)
		if cfg.Log != nil {
			fmt.Fprintf(cfg.Log, "%s epoch %2d: %7d token errors, dev F1 %.2f (%s)\n", m.Lang, epoch, updates, f, res.Elapsed.Round(time.Second))
		}
		if f > bestF || len(dev) == 0 {
			bestF, bestEpoch, sinceBest = f, epoch, 0
			copy(bestW, avgW)
			copy(bestT, avgT)
		} else if sinceBest++; cfg.Patience > 0 && sinceBest >= cfg.Patience {
			break
		}
	}
	m.w, m.trans = bestW, bestT
	m.quantise()
	return results, bestEpoch
}

// evalWith scores sentences with the given weights.
func evalWith(m *Model, sents []Sentence, w, tr []float32) Score {
	var sc Scorer
	s := &scratch{}
	pred := make([]string, 0, 64)
	docs := m.docContexts(sents)
	for _, snt := range sents {
		doc := docs[snt.Doc]
		idx := m.decode(snt.Tokens, doc, s, w, tr)
		doc.remember(s.infos, idx)
		pred = pred[:0]
		for _, t := range idx {
			pred = append(pred, m.tags[t])
		}
		sc.Add(snt.Tags, dropTypes(pred, snt.Unannotated))
	}
	return sc.Score()
}

// Evaluate tags sents with m and scores them; TokensPerSecond is the
// tagging throughput on one goroutine (scoring excluded).
func Evaluate(m *Model, sents []Sentence) Score {
	s := &scratch{}
	preds := make([][]int, len(sents))
	tokens := 0
	start := time.Now()
	docs := m.docContexts(sents)
	for i, snt := range sents {
		doc := docs[snt.Doc]
		preds[i] = append([]int(nil), m.decode(snt.Tokens, doc, s, m.w, m.trans)...)
		doc.remember(s.infos, preds[i])
		tokens += len(snt.Tokens)
	}
	el := time.Since(start)
	var sc Scorer
	for i, snt := range sents {
		p := make([]string, len(preds[i]))
		for j, t := range preds[i] {
			p[j] = m.tags[t]
		}
		sc.Add(snt.Tags, dropTypes(p, snt.Unannotated))
	}
	out := sc.Score()
	if el > 0 {
		out.TokensPerSecond = float64(tokens) / el.Seconds()
	}
	return out
}

// docContexts computes the DocContext of every document in sents.
func (m *Model) docContexts(sents []Sentence) map[int]*DocContext {
	byDoc := map[int][][]string{}
	for _, s := range sents {
		byDoc[s.Doc] = append(byDoc[s.Doc], s.Tokens)
	}
	out := make(map[int]*DocContext, len(byDoc))
	for d, ss := range byDoc {
		out[d] = m.DocContext(ss)
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
			if t == "B-"+typ || t == "I-"+typ {
				extra = append(extra, k)
			}
		}
	}
	if len(extra) == 0 {
		return nil
	}
	nt := len(m.tags)
	mask := make([]bool, len(s.Tags)*nt)
	for i, t := range s.Tags {
		g := m.tagIndex(t)
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
