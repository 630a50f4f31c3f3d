package corpus

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// Kinds of hostile input, in the order Hostile cycles through them.
const (
	KindBinary      = "binary"    // random bytes with NULs: not text in any charset
	KindXMLBomb     = "xml-bomb"  // billion laughs
	KindXXE         = "xxe"       // external entity pointing at a local file
	KindDeepJSON    = "deep-json" // 100,000 nested arrays
	KindBadJSON     = "bad-json"  // truncated JSON
	KindEmpty       = "empty"     // white space only
	KindNotText     = "not-text"  // digits and punctuation, no words
	KindPanic       = "panic"     // a good story carrying the fault-injection marker
	KindOversize    = "oversize"  // 16 MiB: over every story limit
	oversizeEvery   = 100         // one hostile input in this many is oversize
	oversizeBytes   = 16 << 20
	deepJSONNesting = 100000
)

var cycle = []string{KindBinary, KindXMLBomb, KindXXE, KindDeepJSON, KindBadJSON, KindEmpty, KindNotText, KindPanic}

// Hostile returns n hostile inputs: every kind in turn, one in a hundred
// (at least one) 16 MiB. Panic inputs are good stories from stories with
// panicMarker added, so only the stage that has fault injection on fails
// on them. seed makes the binary inputs reproducible.
func Hostile(n int, stories []Story, panicMarker string, seed uint64) []Story {
	rng := rand.New(rand.NewPCG(seed, 7))
	out := make([]Story, 0, n)
	for i := range n {
		kind := cycle[i%len(cycle)]
		if i%oversizeEvery == oversizeEvery/2 || (n < oversizeEvery && i == n/2) {
			kind = KindOversize
		}
		var data []byte
		switch kind {
		case KindBinary:
			data = make([]byte, 512+rng.IntN(4096))
			for j := range data {
				data[j] = byte(rng.UintN(256))
			}
			data[0] = 0 // never sniffed as XML or JSON
		case KindXMLBomb:
			data = []byte(xmlBomb)
		case KindXXE:
			data = []byte(xxe)
		case KindDeepJSON:
			data = []byte(strings.Repeat("[", deepJSONNesting) + strings.Repeat("]", deepJSONNesting))
		case KindBadJSON:
			data = []byte(fmt.Sprintf(`{"uri": "urn:chaos:%d", "headline": "Truncated`, i))
		case KindEmpty:
			data = []byte(strings.Repeat(" \n\t", 1+i%5))
		case KindNotText:
			data = []byte(strings.Repeat(fmt.Sprintf("%07d -- 3.14 / %d ## ", i, i*7), 40))
		case KindPanic:
			s := stories[i%len(stories)]
			data = append([]byte(panicMarker+"\n\n"), s.Data...)
		case KindOversize:
			data = []byte(strings.Repeat("Berita panjang sekali yang tidak pernah selesai. ", oversizeBytes/49+1))
		}
		out = append(out, Story{Key: fmt.Sprintf("hostile/%s/%d", kind, i), Data: data, Hostile: kind})
	}
	return out
}

const xmlBomb = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<nitf><head><title>&lol9;</title></head><body><body.content><p>&lol9;</p></body.content></body></nitf>`

const xxe = `<?xml version="1.0"?>
<!DOCTYPE nitf [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<nitf><head><title>Leak</title></head><body><body.head><hedline><hl1>Leak &xxe;</hl1></hedline></body.head><body.content><p>&xxe;</p></body.content></body></nitf>`
