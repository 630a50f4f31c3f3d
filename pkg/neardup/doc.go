// Package neardup finds near-duplicate stories: the same story arriving
// through two feeds, re-sent with a corrected word, a new headline, another
// dateline or trailer, or a paragraph more or less. It is pure logic; the
// index stage stores what it computes and asks Elasticsearch for
// candidates.
//
// # Fingerprint
//
// A story's fingerprint is a 64-bit SimHash of its word shingles:
//
//  1. Text: the headline and the body text (FingerprintStory joins them).
//  2. Tokens: compatibility decomposition (NFKD), non-spacing marks
//     dropped (so "café" = "cafe", full-width "Ａ" = "A"), lower case,
//     split at every rune that is not a letter, digit or mark. Punctuation
//     and white space therefore never matter: a re-wrapped story has the
//     same tokens. Han, Hiragana and Katakana runes are one token each.
//  3. Shingles: every run of ShingleWords (4) consecutive tokens.
//  4. Each shingle is hashed with FNV-1a 64 over its tokens joined by one
//     space, then mixed with MurmurHash3's fmix64 finaliser (FNV alone
//     leaves the low bits nearly the same for every input).
//  5. Bit i of the fingerprint is set when more than half of the shingle
//     hashes (counted with repetition) have bit i set.
//
// Similar texts share most shingles, so most bit votes agree, and the
// Hamming distance between their fingerprints is small; unrelated stories
// differ in about 32 of the 64 bits (31.9 on average over random pairs of
// the same BBC section, IndoSum category or Reuters topic).
//
// A text with fewer than MinShingles (50) shingles, about 53 words, gets no
// fingerprint and is never a duplicate: one changed word moves too large a
// share of its votes, and short items (price lines, dividend notices,
// money-market reports) are where different stories share all their words.
// That excludes 15% of the Reuters-21578 stories and none of the BBC or
// IndoSum ones.
//
// # Stability
//
// Fingerprints are stored and compared across processes, versions and
// years, so every step above is fixed: no seeded or per-process hash, no
// dependence on map order or the Go version (a newer Unicode version only
// changes how newly assigned characters are classified).
// Changing any step (tokens, normalisation, shingle size, hash, voting)
// makes old and new fingerprints incomparable: it needs a new Version tag,
// which Format, Parse and Bands carry, and a re-fingerprinting of the
// stories that should take part. TestFingerprintIsFrozen pins the output.
//
// # Threshold
//
// Two fingerprints are near-duplicates when their Hamming distance is at
// most Threshold (7). Shingle size, minimum and threshold were chosen by
// TestNearDuplicatePrecision on a sample built from the BBC, Reuters-21578
// and IndoSum corpora: 1,067 labelled pairs of real stories (re-sent,
// corrected, re-titled and re-run wire stories; recurring reports, follow-ups,
// the same event from two outlets), 3,600 synthetic light edits of real
// stories and 6,000 random pairs of stories of the same section and outlet.
// With 4-word shingles, at least 50 of them and distance <= 7:
//
//   - precision 0.999 and recall 0.72 on the whole sample; 0.993 and 0.76 on
//     the real pairs;
//   - recall 1.0 for re-sends and re-wrapped copies that have a
//     fingerprint; on BBC and IndoSum stories 0.93-0.99 for an added
//     dateline or trailer, 0.91-0.97 for a new headline, 0.74-0.83 for three
//     words changed, 0.73-0.78 for a sentence cut, 0.49-0.69 for a sentence
//     added and 0.39-0.54 for headline, dateline, trailer and a cut sentence
//     together. Reuters stories are short (median 101 words) and fare
//     worse: a sentence added to one moves 12.5 bits on average;
//   - comparing every pair of stories within each corpus, as an index would,
//     557 pairs are flagged and 4 of them are different stories, all
//     recurring Reuters reports that repeat their wording on another day
//     (2 and 2.3 days apart for two of them, 6 and 21 days for the others);
//   - random pairs from the same section differ in 31.6 to 31.9 bits on
//     average, and none came within 10.
//
// Compared at the same recall, 3- and 5-word shingles flag four to five
// times as many different stories (3 words, distance <= 6: recall 0.69, 16
// false positives; 5 words, distance <= 7: 0.69, 19); 6-word shingles match
// 4-word ones at distance <= 8, which would need more band keys. Raising the
// minimum from 20 to 50 shingles removed 7 of the 11 false positives (short
// recurring reports, most repeated word for word) for 1 to 2 points of
// recall. Threshold 3, the classic choice for web pages, finds 40% of the
// sample's copies; 10 finds 84% and flags 17 different stories.
//
// # Candidates
//
// The pipeline's index stage compares a fingerprint with every fingerprint
// of its window held in memory (Distance over 64-bit words is cheap enough).
// For a store too large for that, Bands returns keys under which to store
// a fingerprint (e.g. a keyword field) and with which to look for
// candidates (e.g. a terms query); each candidate is then checked with
// IsNearDuplicate. The 64 bits are cut
// into 10 blocks (four of 7 bits, six of 6) and there is one key per
// combination of 3 blocks, 120 keys in all. Two fingerprints at distance
// <= 7 differ in at most 7 blocks, so at least 3 blocks are equal and the
// two share the key of those blocks: the search misses nothing within the
// threshold. A key holds 18 to 21 bits, so a random fingerprint shares one
// with about 0.02% of an index (measured on Reuters: 3.7 candidates per
// story among 16,130). The simpler scheme of 8 bands of 8 bits gives the
// same guarantee but matches about 3% of the index.
//
// Match picks, among candidates, the story a new one duplicates and the
// cluster it joins: a cluster is a first story and its near-copies, named
// by the first story's id.
//
// # Limits
//
//   - Two near-copies in flight at the same moment may both be first: each
//     looks for candidates before the other is indexed, so neither carries
//     duplicate_of and they start two clusters. A later copy joins one of
//     them.
//   - Recurring reports that repeat their wording on another day (a central
//     bank's daily operation, a weekly price table) can be flagged; looking
//     for candidates only among recent stories (a few days, enough for a
//     weekend re-run) avoids most of them.
//   - A rewrite of the same event (another outlet's own story, a
//     translation, a follow-up) is not a near-copy and is not found.
//   - Heavier edits of short stories are missed (see Threshold); scripts
//     written without spaces other than Chinese and Japanese (Thai, Lao,
//     Khmer) are one token per phrase, which makes the fingerprint coarse.
package neardup
