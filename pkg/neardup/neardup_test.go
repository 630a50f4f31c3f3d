package neardup

import (
	"errors"
	"fmt"
	"math/bits"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
)

// Inline stories written for these tests (not taken from any corpus).
const (
	storyHeadline = "Harbour authority delays new ferry terminal"
	storyBody     = "The harbour authority has postponed the opening of the new ferry terminal by three months after inspectors found cracks in two of the mooring platforms, its director said on Tuesday.\n\n" +
		"The terminal, which cost 42 million euros, was due to handle its first passengers in April. Engineers will now strengthen the platforms before any vessel is allowed to berth there, the director told reporters at the port.\n\n" +
		"\"Safety comes first. We would rather open late than open with doubts,\" she said, adding that the contractor would pay for the repairs under the terms of its contract.\n\n" +
		"Ferry operators said the delay would force them to keep using the old quay, where only two ships can load at the same time and queues of lorries often reach the motorway in summer.\n\n" +
		"The regional council, which owns a third of the harbour authority, asked for a full report on the inspection by the end of the month. Opposition members called for an independent review of the whole project."
	// followUp is another story on the same event, written afresh: the
	// kind of pair that must not be called a copy.
	followUpHeadline = "Ferry terminal repairs to start next week"
	followUpBody     = "Repairs on the cracked mooring platforms of the new ferry terminal will begin next week, the contractor said on Friday, days after the harbour authority put off the opening until the summer.\n\n" +
		"A spokesman for the construction group said steel braces would be fitted to both platforms and that the work should take about ten weeks. He declined to say how much it would cost, but confirmed that his company would bear the expense.\n\n" +
		"The regional council meanwhile appointed an engineering firm from outside the region to review the design of the terminal, following demands from the opposition. Its findings are expected in May.\n\n" +
		"Lorry drivers' associations welcomed the quick start but warned that the old quay could not cope with another season of heavy traffic and asked the port to open a second waiting area near the motorway exit."
)

func story1() string { return storyHeadline + "\n\n" + storyBody }

func mustFingerprint(t *testing.T, text string) uint64 {
	t.Helper()
	fp, ok := Fingerprint(text)
	if !ok {
		t.Fatalf("no fingerprint for %q", text)
	}
	return fp
}

func TestTokens(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		{"Hello, World! It's 2017.", "hello world it s 2017"},
		{"  re-wrapped\nline\t\tbreaks ", "re wrapped line breaks"},
		{"Café crème", "cafe creme"},               // accents dropped
		{"Ｆｕｌｌ ｗｉｄｔｈ ＡＢＣ１２３", "full width abc123"}, // compatibility forms folded
		{"ﬁnance", "finance"},                      // ligature folded
		{"Österreich ÜBER straße", "osterreich uber straße"},
		{"Москва, Россия", "москва россия"},
		{"東京都 に 行く", "東 京 都 に 行 く"}, // one token per ideograph or kana
		{"Jakarta (ANTARA News) - Presiden", "jakarta antara news presiden"},
		{"", ""},
		{"\xff\xfe bad bytes", "bad bytes"},
	}
	for _, tt := range tests {
		if got := strings.Join(tokens(tt.in), " "); got != tt.want {
			t.Errorf("tokens(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestFingerprintIsFrozen pins the algorithm: fingerprints are stored in
// Elasticsearch and compared across versions. If this fails, the change
// needs a new Version (see the package comment), not a new expected value.
func TestFingerprintIsFrozen(t *testing.T) {
	fp := mustFingerprint(t, story1())
	if got, want := Format(fp), Version+":de40937b2c8d877e"; got != want {
		t.Errorf("Format(Fingerprint(story)) = %s, want %s", got, want)
	}
	if got, want := shingleHash([]string{"the", "harbour", "authority", "has"}), uint64(0x72425ceb90fa93a7); got != want {
		t.Errorf("shingleHash = %#x, want %#x", got, want)
	}
	if got, want := Bands(fp)[0], Version+":b012:1f8736"; got != want {
		t.Errorf("Bands[0] = %s, want %s", got, want)
	}
}

func TestFingerprintOfCopies(t *testing.T) {
	orig := mustFingerprint(t, story1())
	tests := []struct {
		name string
		text string
		maxD int // 0: must be identical
	}{
		{"same text", story1(), 0},
		{"re-wrapped and re-cased", strings.ToUpper(storyHeadline) + "\n" + strings.Join(strings.Fields(storyBody), "\n  "), 0},
		{"punctuation changed", strings.NewReplacer(",", "", "\"", "'", ".", ";").Replace(story1()), 0},
		{"FingerprintStory", "", 0},
		{"dateline added", storyHeadline + "\n\nROTTERDAM (Reuters) - " + storyBody, Threshold},
		{"trailer added", story1() + "\n\n(Reporting by Jane Doe; Editing by John Smith)", Threshold},
		{"headline rewritten", "Cracks put off opening of ferry terminal\n\n" + storyBody, Threshold},
		{"word corrected", strings.Replace(story1(), "42 million", "45 million", 1), Threshold},
		{"last sentence cut", strings.TrimSuffix(story1(), " Opposition members called for an independent review of the whole project."), Threshold},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var fp uint64
			var ok bool
			if tt.name == "FingerprintStory" {
				fp, ok = FingerprintStory(storyHeadline, storyBody)
			} else {
				fp, ok = Fingerprint(tt.text)
			}
			if !ok {
				t.Fatal("no fingerprint")
			}
			d := Distance(orig, fp)
			t.Logf("distance %d", d)
			if d > tt.maxD {
				t.Errorf("distance %d, want <= %d", d, tt.maxD)
			}
			if !IsNearDuplicate(orig, fp) {
				t.Errorf("IsNearDuplicate = false at distance %d", d)
			}
		})
	}
}

func TestFingerprintOfDifferentStories(t *testing.T) {
	a := mustFingerprint(t, story1())
	b := mustFingerprint(t, followUpHeadline+"\n\n"+followUpBody)
	if d := Distance(a, b); d <= Threshold+5 {
		t.Errorf("follow-up story at distance %d, want well above %d", d, Threshold)
	}
	if IsNearDuplicate(a, b) {
		t.Error("a follow-up story is a near-duplicate")
	}
}

func TestShortTextHasNoFingerprint(t *testing.T) {
	words := strings.Fields(story1())
	for _, n := range []int{0, 1, ShingleWords, MinShingles + ShingleWords - 2} {
		if fp, ok := Fingerprint(strings.Join(words[:n], " ")); ok || fp != 0 {
			t.Errorf("%d words: fingerprint %x, ok=%v; want none", n, fp, ok)
		}
	}
	if _, ok := Fingerprint(strings.Join(words[:MinShingles+ShingleWords-1], " ")); !ok {
		t.Errorf("%d words (%d shingles): no fingerprint", MinShingles+ShingleWords-1, MinShingles)
	}
	if _, ok := Fingerprint(strings.Repeat("... -- !! ", 200)); ok {
		t.Error("punctuation only: got a fingerprint")
	}
}

// TestVotes checks the eight-lane vote counting against one counter per
// bit, across the flushes that keep the lanes from overflowing.
func TestVotes(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{1, 254, 255, 256, 1000} {
		var v votes
		var want [64]int
		for range n {
			h := r.Uint64() & r.Uint64() // biased, so counts differ
			v.add(h)
			for b := range want {
				want[b] += int(h >> b & 1)
			}
		}
		v.flush()
		if v.ones != want {
			t.Errorf("%d hashes: votes %v, want %v", n, v.ones, want)
		}
	}
}

func TestDistance(t *testing.T) {
	tests := []struct {
		a, b uint64
		want int
	}{
		{0, 0, 0},
		{0, ^uint64(0), 64},
		{0b1011, 0b0110, 3},
		{1 << 63, 1, 2},
	}
	for _, tt := range tests {
		if got := Distance(tt.a, tt.b); got != tt.want {
			t.Errorf("Distance(%#x, %#x) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
	if !IsNearDuplicate(0, 1<<Threshold-1) || IsNearDuplicate(0, 1<<(Threshold+1)-1) {
		t.Errorf("IsNearDuplicate does not switch between distance %d and %d", Threshold, Threshold+1)
	}
}

func TestFormatParse(t *testing.T) {
	for _, fp := range []uint64{0, 1, 0x9f2bb6d4ea98a2d8, ^uint64(0)} {
		s := Format(fp)
		if len(s) != len(Version)+17 {
			t.Errorf("Format(%#x) = %q: want fixed width", fp, s)
		}
		got, err := Parse(s)
		if err != nil || got != fp {
			t.Errorf("Parse(%q) = %#x, %v; want %#x", s, got, err, fp)
		}
	}
	for _, s := range []string{"", "9f2bb6d4ea98a2d8", Version + ":9f2bb6d4", Version + ":9f2bb6d4ea98a2dz", "sh0:9f2bb6d4ea98a2d8", Version + ":+f2bb6d4ea98a2d8"} {
		if _, err := Parse(s); err == nil {
			t.Errorf("Parse(%q): no error", s)
		}
	}
	if _, err := Parse("sh0:9f2bb6d4ea98a2d8"); !errors.Is(err, ErrOtherVersion) {
		t.Errorf("Parse of another version: %v, want ErrOtherVersion", err)
	}
}

// TestBandsFindEverythingWithinThreshold checks the pigeonhole guarantee on
// random fingerprints: flipping up to Threshold bits always leaves a shared
// key, and keys are distinct within a fingerprint.
func TestBandsFindEverythingWithinThreshold(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		a := r.Uint64()
		b := a
		for bits.OnesCount64(a^b) < 1+r.IntN(Threshold) {
			b ^= 1 << r.IntN(64)
		}
		ka := Bands(a)
		if len(ka) != 120 {
			t.Fatalf("%d keys, want 120", len(ka))
		}
		seen := map[string]bool{}
		for _, k := range ka {
			if seen[k] || !strings.HasPrefix(k, Version+":b") {
				t.Fatalf("key %q repeated or malformed", k)
			}
			seen[k] = true
		}
		shared := false
		for _, k := range Bands(b) {
			shared = shared || seen[k]
		}
		if !shared {
			t.Fatalf("%016x and %016x at distance %d share no key", a, b, Distance(a, b))
		}
	}
	// Worst case: the differing bits spread over 7 different blocks.
	a := uint64(0)
	b := uint64(1<<0 | 1<<7 | 1<<14 | 1<<21 | 1<<28 | 1<<34 | 1<<40)
	shared := 0
	ka := map[string]bool{}
	for _, k := range Bands(a) {
		ka[k] = true
	}
	for _, k := range Bands(b) {
		if ka[k] {
			shared++
		}
	}
	if shared != 1 {
		t.Errorf("fingerprints differing in 7 blocks share %d keys, want exactly 1 (blocks 7, 8, 9)", shared)
	}
}

func TestMatch(t *testing.T) {
	fp := mustFingerprint(t, story1())
	near := fp ^ 0b101                 // distance 2
	nearer := fp ^ 0b1                 // distance 1
	far := fp ^ (1<<(Threshold+1) - 1) // distance Threshold+1
	cands := []Candidate{
		{ID: "far", Fingerprint: Format(far)},
		{ID: "old-version", Fingerprint: "sh0:" + fmt.Sprintf("%016x", fp)},
		{ID: "garbage", Fingerprint: "x"},
		{ID: "first", ClusterID: "c1", Fingerprint: Format(near)},
		{ID: "nearest", Fingerprint: Format(nearer)},
		{ID: "tie", ClusterID: "c2", Fingerprint: Format(nearer)},
	}
	dup, cluster, ok := Match(fp, cands)
	if !ok || dup != "nearest" || cluster != "nearest" {
		t.Errorf("Match = %q, %q, %v; want nearest, its own cluster", dup, cluster, ok)
	}
	dup, cluster, ok = Match(fp, cands[:4])
	if !ok || dup != "first" || cluster != "c1" {
		t.Errorf("Match = %q, %q, %v; want first, c1", dup, cluster, ok)
	}
	if dup, cluster, ok := Match(fp, cands[:3]); ok || dup != "" || cluster != "" {
		t.Errorf("Match without a near candidate = %q, %q, %v; want none", dup, cluster, ok)
	}
}

// TestNearDuplicatePrecision measures the chosen configuration on a sample
// labelled from the shared corpora (see testdata/README.md) and logs the
// tables of the package comment.
func TestNearDuplicatePrecision(t *testing.T) {
	c := loadCorpora(t)
	real := loadLabels(t, c)
	synth := synthetic(c, real, 150, 2000)
	cfg := config{ShingleWords, MinShingles}
	e := evaluate(c, real, synth, cfg)

	t.Logf("%v, threshold %d: per kind\n%s", cfg, Threshold, kindTable(e.scored, Threshold))
	t.Logf("threshold sweep\n%s", sweepTable(e, 3))

	// Every pair that the chosen threshold flags in the corpora must be
	// labelled, or the precision below is not measured.
	for _, f := range e.flagged {
		if _, ok := e.labels[pairKey(f.a, f.b)]; !ok && f.d <= Threshold {
			t.Errorf("unlabelled pair %s %s at distance %d: inspect it and add it to testdata/labels.tsv", f.a, f.b, f.d)
		}
	}
	all := sweep(e.scored, anyPair)[Threshold]
	real7 := sweep(e.scored, isReal)[Threshold]
	scan := corpusSweep(e.flagged, e.labels, -1)[Threshold]
	// Floors just under the measurement; see the package comment.
	check := func(what string, got, floor float64) {
		t.Helper()
		if got < floor {
			t.Errorf("%s = %.3f, below the floor %.3f", what, got, floor)
		}
	}
	check("sample precision", all.precision(), 0.995)
	check("real-pair precision", real7.precision(), 0.99)
	check("corpus-scan precision", scan.precision(), 0.99)
	check("sample recall", all.recall(), 0.70)
	check("real-pair recall", real7.recall(), 0.75)

	if os.Getenv("NEARDUP_COMPARE") != "" {
		for _, alt := range []config{{3, MinShingles}, {5, MinShingles}, {6, MinShingles}, {ShingleWords, 20}} {
			t.Logf("alternative %v\n%s", alt, sweepTable(evaluate(c, real, synth, alt), 3))
		}
	}
}

// benchStory is a 500-word story built from the inline texts.
func benchStory() string {
	words := strings.Fields(storyBody + " " + followUpBody)
	var b strings.Builder
	for i := range 500 {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(words[i%len(words)])
	}
	return b.String()
}

func BenchmarkFingerprint(b *testing.B) {
	text := benchStory()
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		Fingerprint(text)
	}
}

func BenchmarkFingerprintNonASCII(b *testing.B) {
	text := strings.ReplaceAll(benchStory(), "e", "é")
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		Fingerprint(text)
	}
}

func BenchmarkBands(b *testing.B) {
	for b.Loop() {
		Bands(0x9f2bb6d4ea98a2d8)
	}
}

func FuzzFingerprint(f *testing.F) {
	f.Add(story1())
	f.Add(followUpBody)
	f.Add("東京都 に 行く Café ﬁnance \xff\xfe")
	f.Add("")
	f.Fuzz(func(t *testing.T, text string) {
		fp, ok := Fingerprint(text)
		fp2, ok2 := Fingerprint(text)
		if fp != fp2 || ok != ok2 {
			t.Fatal("not deterministic")
		}
		if !ok && fp != 0 {
			t.Fatal("fingerprint without ok")
		}
		// Case and white space never matter.
		if fp3, ok3 := Fingerprint(strings.ToUpper(text)); isASCII(text) && (ok3 != ok || fp3 != fp) {
			t.Fatalf("upper-casing changed the fingerprint of %q", text)
		}
		if ok {
			got, err := Parse(Format(fp))
			if err != nil || got != fp {
				t.Fatalf("Format/Parse round trip: %v", err)
			}
		}
	})
}
