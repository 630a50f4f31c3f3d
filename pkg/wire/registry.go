package wire

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/newsroom-pipeline/newsroom/pkg/article"
	"github.com/newsroom-pipeline/newsroom/pkg/format"
)

// Limits every parser honours. They bound the memory and time one hostile
// story can take; the ingest stage's own size limit is usually lower.
const (
	MaxStoryBytes = 16 << 20  // raw bytes of one story or feed
	MaxXMLDepth   = 256       // element nesting
	MaxXMLTokens  = 1_000_000 // tokens of one XML document
	MaxFieldBytes = 4 << 20   // text of one field (a body, a headline)
	MaxItems      = 10_000    // stories split from one container
)

// parseFunc reads one story. contentType is the publisher's header (may be
// empty). It need not set Format; Parse does, and fills the derived fields.
type parseFunc func(contentType string, raw []byte) (*article.Article, error)

// splitFunc cuts a container (feed, news message) into self-contained
// documents of the same format, one story each, in document order. A
// document that holds one story comes back as itself.
type splitFunc func(raw []byte) ([][]byte, error)

// parsers and splitters are filled by each format's file in its init.
var (
	parsers   = map[string]parseFunc{}
	splitters = map[string]splitFunc{}
)

func register(name string, p parseFunc, s splitFunc) {
	parsers[name] = p
	if s != nil {
		splitters[name] = s
	}
}

func init() {
	register(format.Text, func(ct string, raw []byte) (*article.Article, error) {
		text, err := decode(ct, raw)
		if err != nil {
			return nil, err
		}
		return parseText(text)
	}, nil)
	register(format.NINJS, func(ct string, raw []byte) (*article.Article, error) {
		text, err := decode(ct, raw)
		if err != nil {
			return nil, err
		}
		return parseNINJS(text)
	}, splitNINJS)
}

// Supported reports whether Parse reads the named format.
func Supported(formatName string) bool {
	_, ok := parsers[formatName]
	return ok
}

// Split cuts raw, in the named format, into the documents of its stories:
// an RSS or Atom feed into one document per item, a NewsML-G2 newsMessage
// into one per item, and so on. Each document is self-contained (it keeps
// the container's prolog, namespaces and channel data) and can be given to
// Parse. A format without containers returns raw itself.
func Split(formatName string, raw []byte) ([][]byte, error) {
	if _, ok := parsers[formatName]; !ok {
		return nil, unsupported(formatName, raw)
	}
	s, ok := splitters[formatName]
	if !ok {
		return [][]byte{raw}, nil
	}
	docs, err := s(raw)
	if err != nil {
		return nil, err
	}
	if len(docs) == 0 {
		return nil, fmt.Errorf("%s document holds no stories", formatName)
	}
	if len(docs) > MaxItems {
		return nil, fmt.Errorf("%s document holds %d stories, more than the limit of %d", formatName, len(docs), MaxItems)
	}
	return docs, nil
}

// unsupported explains why a format is not read.
func unsupported(formatName string, raw []byte) error {
	switch formatName {
	case format.XML:
		return fmt.Errorf("XML with root element <%s> is not a news format this pipeline reads", rootName(raw))
	case format.JSON:
		return errors.New("JSON that is not a ninjs news item (no uri, headline or body)")
	case format.Unknown, "":
		return errors.New("unrecognised format: not text, JSON, XML or a raw wire format")
	}
	return fmt.Errorf("unsupported format %q", formatName)
}

// bareKill reports whether a is a kill notice that names the story it kills
// and carries nothing else: wires send kills as just an identity and a
// canceled status, and such a notice must reach the index (where it becomes
// the story's tombstone) although it has neither headline nor text.
func bareKill(a *article.Article) bool {
	return a.PubStatus == article.PubStatusCanceled && strings.TrimSpace(a.URI) != ""
}

// Identity is a story's own identity as its source gives it: the id
// (ninjs uri, G2 guid, NITF doc-id, 7901/ANPA selector and keyword, RSS
// guid, ...; empty when the source gives none) and a version that orders its
// revisions: the source's version number when it is an integer, else
// versioncreated in Unix milliseconds, else 0 (unknown).
func Identity(a *article.Article) (id string, version int64) {
	id = strings.TrimSpace(a.URI)
	if id == "" {
		return "", 0
	}
	if n, err := strconv.ParseInt(strings.TrimSpace(a.Version), 10, 64); err == nil && n >= 0 {
		return id, n
	}
	if a.VersionCreated != nil {
		return id, a.VersionCreated.UnixMilli()
	}
	return id, 0
}
