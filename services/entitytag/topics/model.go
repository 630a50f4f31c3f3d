package topics

import (
	"cmp"
	"compress/gzip"
	"encoding/gob"
	"fmt"
	"io"
	"maps"
	"math"
	"os"
	"slices"
	"strings"
)

// Model is a multinomial naive Bayes classifier over the set of hashed word
// unigrams and bigrams of a story, for one language. A loaded or trained
// Model is read-only and safe for concurrent use.
type Model struct {
	Lang   string
	Topics []string          // the 8-digit ids of the topics it can choose, in code order
	Info   map[string]string // provenance: corpora, settings, training date
	Temp   float64           // softmax temperature that calibrates the posteriors (≥ 1)

	alpha   float64
	index   map[uint64]int32 // feature key → row in logp
	logp    []float32        // rows × len(Topics): log P(feature | topic)
	prior   []float64        // log P(topic)
	nTopics int
	raw     counts // what Save writes
}

// TrainConfig sets the estimator and the pruning that bounds the model size.
type TrainConfig struct {
	Alpha       float64 // additive smoothing of the feature counts (default 0.1)
	MinDF       int     // keep features seen in at least this many training documents (default 3)
	MaxFeatures int     // then keep at most this many, the most frequent (default 150000)
}

func (c TrainConfig) withDefaults() TrainConfig {
	if c.Alpha <= 0 {
		c.Alpha = 0.1
	}
	if c.MinDF <= 0 {
		c.MinDF = 3
	}
	if c.MaxFeatures <= 0 {
		c.MaxFeatures = 150000
	}
	return c
}

// Example is one labelled training text.
type Example struct {
	Text  string
	Topic string // 8-digit top-level id
}

// counts is the sufficient statistics of the model, which is also what is
// saved: small integers compress far better than log probabilities.
type counts struct {
	Lang     string
	Topics   []string
	Docs     []uint32 // documents per topic
	Keys     []uint64 // sorted feature keys
	DF       []uint32 // len(Keys) × len(Topics): documents of the topic with the feature
	Alpha    float64
	Temp     float64
	Info     [][2]string // sorted key/value pairs: gob writes maps in random order, and equal models should be equal files
	Revision int
}

// modelRevision changes when the features or the file layout change, so an
// old model file is refused rather than misread.
const modelRevision = 1

// Train estimates a model from examples. It is deterministic: the same
// examples in the same order give the same model. Every example's topic
// must be a top-level id.
func Train(lang string, examples []Example, cfg TrainConfig) (*Model, error) {
	cfg = cfg.withDefaults()
	topicIdx, topicIDs, err := topicIndex(examples)
	if err != nil {
		return nil, err
	}
	k := len(topicIDs)
	docs := make([]uint32, k)
	df := map[uint64][]uint32{}
	for _, ex := range examples {
		c := topicIdx[ex.Topic]
		docs[c]++
		for _, f := range Features(Tokens(ex.Text)) {
			row := df[f]
			if row == nil {
				row = make([]uint32, k)
				df[f] = row
			}
			row[c]++
		}
	}
	keys := pruneFeatures(df, cfg.MinDF, cfg.MaxFeatures)
	st := counts{Lang: lang, Topics: topicIDs, Docs: docs, Keys: keys, Alpha: cfg.Alpha, Temp: 1, Revision: modelRevision,
		DF: make([]uint32, 0, len(keys)*k)}
	for _, key := range keys {
		st.DF = append(st.DF, df[key]...)
	}
	return fromCounts(st)
}

// topicIndex numbers the topics of the examples in code order.
func topicIndex(examples []Example) (map[string]int, []string, error) {
	idx := map[string]int{}
	for _, ex := range examples {
		if _, ok := byID[ex.Topic]; !ok {
			return nil, nil, fmt.Errorf("example topic %q is not a top-level Media Topic id", ex.Topic)
		}
		idx[ex.Topic] = 0
	}
	if len(idx) < 2 {
		return nil, nil, fmt.Errorf("need examples of at least 2 topics, have %d", len(idx))
	}
	ids := make([]string, 0, len(idx))
	for id := range idx {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for i, id := range ids {
		idx[id] = i
	}
	return idx, ids, nil
}

// pruneFeatures keeps the keys seen in at least minDF documents, at most
// maxN of them (highest document frequency first, ties by key), sorted.
func pruneFeatures(df map[uint64][]uint32, minDF, maxN int) []uint64 {
	type kf struct {
		key uint64
		n   uint32
	}
	var kept []kf
	for key, row := range df {
		var n uint32
		for _, x := range row {
			n += x
		}
		if int(n) >= minDF {
			kept = append(kept, kf{key, n})
		}
	}
	slices.SortFunc(kept, func(a, b kf) int {
		if c := cmp.Compare(b.n, a.n); c != 0 {
			return c
		}
		return cmp.Compare(a.key, b.key)
	})
	kept = kept[:min(len(kept), maxN)]
	keys := make([]uint64, len(kept))
	for i, x := range kept {
		keys[i] = x.key
	}
	slices.Sort(keys)
	return keys
}

// fromCounts derives the log probabilities from the counts:
// P(f|t) = (df(f,t) + α) / (Σ_f df(f,t) + α·V), P(t) = docs(t) / docs.
func fromCounts(st counts) (*Model, error) {
	k := len(st.Topics)
	if k < 2 || len(st.Docs) != k || len(st.DF) != len(st.Keys)*k {
		return nil, fmt.Errorf("inconsistent model: %d topics, %d doc counts, %d keys, %d counts", k, len(st.Docs), len(st.Keys), len(st.DF))
	}
	for _, id := range st.Topics {
		if _, ok := byID[id]; !ok {
			return nil, fmt.Errorf("model topic %q is not a top-level Media Topic", id)
		}
	}
	m := &Model{Lang: st.Lang, Topics: st.Topics, Info: map[string]string{}, Temp: max(st.Temp, 1), alpha: st.Alpha, nTopics: k, raw: st,
		index: make(map[uint64]int32, len(st.Keys)), logp: make([]float32, len(st.DF)), prior: make([]float64, k)}
	for _, kv := range st.Info {
		m.Info[kv[0]] = kv[1]
	}
	total := make([]float64, k)
	var docs float64
	for c := range k {
		docs += float64(st.Docs[c])
	}
	for i, key := range st.Keys {
		m.index[key] = int32(i)
		for c := range k {
			total[c] += float64(st.DF[i*k+c])
		}
	}
	v := float64(len(st.Keys))
	for c := range k {
		m.prior[c] = math.Log((float64(st.Docs[c]) + 1) / (docs + float64(k)))
		denom := math.Log(total[c] + st.Alpha*v)
		for i := range st.Keys {
			m.logp[i*k+c] = float32(math.Log(float64(st.DF[i*k+c])+st.Alpha) - denom)
		}
	}
	return m, nil
}

// Features reports the number of features the model knows.
func (m *Model) Features() int { return len(m.index) }

// Prediction is one topic with its calibrated posterior probability.
type Prediction struct {
	Topic Topic
	Prob  float64
}

// Classify returns every topic of the model with its probability, most
// probable first (ties in code order), or nil when the text has no token.
func (m *Model) Classify(text string) []Prediction {
	p, _ := m.classifyTokens(Tokens(text))
	return p
}

// classifyTokens is Classify on tokens; it also returns the joint log
// scores (before calibration) for temperature fitting.
func (m *Model) classifyTokens(toks []string) ([]Prediction, []float64) {
	if len(toks) == 0 {
		return nil, nil
	}
	scores := m.scores(Features(toks))
	probs := softmax(scores, m.Temp)
	out := make([]Prediction, m.nTopics)
	for c, id := range m.Topics {
		out[c] = Prediction{Topic: byID[id], Prob: probs[c]}
	}
	slices.SortStableFunc(out, func(a, b Prediction) int { return cmp.Compare(b.Prob, a.Prob) })
	return out, scores
}

// scores sums the log probabilities of the known features (features the
// model pruned are ignored) and the log priors.
func (m *Model) scores(keys []uint64) []float64 {
	k := m.nTopics
	s := make([]float64, k)
	copy(s, m.prior)
	for _, key := range keys {
		row, ok := m.index[key]
		if !ok {
			continue
		}
		w := m.logp[int(row)*k : int(row)*k+k]
		for c := range k {
			s[c] += float64(w[c])
		}
	}
	return s
}

// softmax turns log scores into probabilities at temperature t: naive
// Bayes adds up correlated evidence and is overconfident, dividing the
// scores by t > 1 spreads the posteriors back out.
func softmax(scores []float64, t float64) []float64 {
	mx := slices.Max(scores)
	out := make([]float64, len(scores))
	var sum float64
	for i, s := range scores {
		out[i] = math.Exp((s - mx) / t)
		sum += out[i]
	}
	for i := range out {
		out[i] /= sum
	}
	return out
}

// FitTemperature sets Temp to the value, on a geometric grid from 1 to
// 4096, that minimises the log loss of the model on the examples (which
// must not be its training data), and returns that loss per example.
func (m *Model) FitTemperature(examples []Example) float64 {
	type scored struct {
		s    []float64
		gold int
	}
	var data []scored
	for _, ex := range examples {
		gold := slices.Index(m.Topics, ex.Topic)
		if gold < 0 {
			continue
		}
		if _, s := m.classifyTokens(Tokens(ex.Text)); s != nil {
			data = append(data, scored{s, gold})
		}
	}
	if len(data) == 0 {
		return 0
	}
	best, bestLoss := 1.0, math.Inf(1)
	for t := 1.0; t <= 4096; t *= 1.1 {
		var loss float64
		for _, d := range data {
			loss -= math.Log(max(softmax(d.s, t)[d.gold], 1e-12))
		}
		if loss < bestLoss {
			best, bestLoss = t, loss
		}
	}
	m.Temp = best
	return bestLoss / float64(len(data))
}

// Save writes the model, gzip'd.
func (m *Model) Save(w io.Writer) error {
	st := counts{Lang: m.Lang, Topics: m.Topics, Alpha: m.alpha, Temp: m.Temp, Revision: modelRevision}
	for _, k := range slices.Sorted(maps.Keys(m.Info)) {
		st.Info = append(st.Info, [2]string{k, m.Info[k]})
	}
	st.Keys, st.DF, st.Docs = m.raw.Keys, m.raw.DF, m.raw.Docs
	zw, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return err
	}
	if err := gob.NewEncoder(zw).Encode(st); err != nil {
		return fmt.Errorf("encode topic model: %w", err)
	}
	return zw.Close()
}

// SaveFile writes the model to path.
func (m *Model) SaveFile(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := m.Save(f); err != nil {
		f.Close()
		return fmt.Errorf("%s: %w", path, err)
	}
	return f.Close()
}

// Load reads a model written by Save.
func Load(r io.Reader) (*Model, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("topic model: %w", err)
	}
	var st counts
	if err := gob.NewDecoder(zr).Decode(&st); err != nil {
		return nil, fmt.Errorf("decode topic model: %w", err)
	}
	if st.Revision != modelRevision {
		return nil, fmt.Errorf("topic model revision %d, this code reads %d: retrain with `go run ./cmd/topics train`", st.Revision, modelRevision)
	}
	return fromCounts(st)
}

// Describe summarises the model in one line.
func (m *Model) Describe() string {
	return fmt.Sprintf("lang=%s topics=%s features=%d alpha=%g temperature=%.1f", m.Lang, strings.Join(m.Topics, ","), len(m.index), m.alpha, m.Temp)
}

// Alpha is the additive smoothing the model was estimated with.
func (m *Model) Alpha() float64 { return m.alpha }
