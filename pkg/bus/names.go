// Package bus holds the names that make up the pipeline's NATS interface
// (subjects, streams, durable consumers, header keys) and creates the
// JetStream streams and consumers they describe.
//
// These names are public API: newsroom systems publish to them, dashboards
// watch them. Keep them stable; never derive them from Go type names.
package bus

import "strings"

// Stage names. A stage's durable consumer and its dead-letter subject are
// named after it.
const (
	StageIngest    = "ingest"
	StageNormalize = "normalize"
	StageEntityTag = "entitytag"
	StageIndex     = "index"
)

// Stream names.
const (
	StreamRaw        = "NEWS_RAW"
	StreamIngested   = "NEWS_INGESTED"
	StreamNormalized = "NEWS_NORMALIZED"
	StreamTagged     = "NEWS_TAGGED"
	StreamDLQ        = "NEWS_DLQ"
)

// Subject prefixes. Each is followed by one token: the source (raw,
// ingested), the language (normalized, tagged) or the stage (dlq).
const (
	PrefixRaw        = "news.raw."
	PrefixIngested   = "news.ingested."
	PrefixNormalized = "news.normalized."
	PrefixTagged     = "news.tagged."
	PrefixDLQ        = "news.dlq."
)

// Header keys set by the pipeline.
const (
	HeaderArticleID   = "Newsroom-Article-Id"
	HeaderVersion     = "Newsroom-Article-Version"
	HeaderTraceParent = "traceparent" // W3C trace context, passed through unchanged
	HeaderContentType = "Content-Type"
	HeaderMsgID       = "Nats-Msg-Id"

	// A deliberate second pass of a story (a dead letter replayed, NEWS_RAW
	// reprocessed) names itself in HeaderReplay. Every stage passes it on
	// and adds it to its outputs' message ids, so the pass is not swallowed
	// by the streams' duplicate windows, while a redelivery within the pass
	// still is.
	HeaderReplay = "Newsroom-Replay"
	// A raw story published again keeps the identity of its first
	// publication: ingest takes the publisher's message id and the arrival
	// time from these headers instead of the new message's.
	HeaderOriginMsgID    = "Newsroom-Origin-Msg-Id"
	HeaderOriginReceived = "Newsroom-Origin-Received" // RFC 3339, the first NEWS_RAW stored time

	// Dead-letter headers: why and where a message failed.
	HeaderDLQReason       = "Newsroom-Dlq-Reason"
	HeaderDLQStage        = "Newsroom-Dlq-Stage"
	HeaderDLQSubject      = "Newsroom-Dlq-Subject"
	HeaderDLQStream       = "Newsroom-Dlq-Stream"
	HeaderDLQStreamSeq    = "Newsroom-Dlq-Stream-Seq"
	HeaderDLQNumDelivered = "Newsroom-Dlq-Num-Delivered"
	HeaderDLQTime         = "Newsroom-Dlq-Time"
	HeaderDLQMsgID        = "Newsroom-Dlq-Msg-Id"   // the dead message's own Nats-Msg-Id, for a replay
	HeaderDLQReceived     = "Newsroom-Dlq-Received" // when its stream stored the dead message (RFC 3339)
)

// Token makes s safe as one subject token: lower case, with characters that
// NATS gives meaning to (. * > and white space) replaced by '_'. An empty
// result becomes "unknown".
func Token(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" {
		return "unknown"
	}
	return strings.Map(func(r rune) rune {
		switch {
		case r == '.' || r == '*' || r == '>' || r <= ' ' || r == 0x7f:
			return '_'
		}
		return r
	}, s)
}

// RawSubject is where newsroom systems publish stories from source.
func RawSubject(source string) string { return PrefixRaw + Token(source) }

// IngestedSubject carries ingested envelopes from source.
func IngestedSubject(source string) string { return PrefixIngested + Token(source) }

// UndeterminedLanguage is the language token of stories whose language could
// not be detected ("und", as in BCP 47).
const UndeterminedLanguage = "und"

// NormalizedSubject carries normalized articles in language lang ("" is
// UndeterminedLanguage).
func NormalizedSubject(lang string) string { return PrefixNormalized + langToken(lang) }

// TaggedSubject carries entity-tagged articles in language lang ("" is
// UndeterminedLanguage).
func TaggedSubject(lang string) string { return PrefixTagged + langToken(lang) }

func langToken(lang string) string {
	if lang == "" {
		return UndeterminedLanguage
	}
	return Token(lang)
}

// DLQSubject is the dead-letter subject of stage.
func DLQSubject(stage string) string { return PrefixDLQ + Token(stage) }

// LastToken returns the last dot-separated token of subject.
func LastToken(subject string) string {
	if i := strings.LastIndexByte(subject, '.'); i >= 0 {
		return subject[i+1:]
	}
	return subject
}
