package wire

import (
	"strings"
	"testing"
)

func TestHTMLToText(t *testing.T) {
	tests := []struct {
		name string
		html string
		want string
	}{
		{"paragraphs", "<p>One.</p><p>Two.</p>", "One.\n\nTwo."},
		{"br breaks", "<p>Line one<br>line two<br/>three</p>", "Line one\n\nline two\n\nthree"},
		{"headings", "<h1>Title</h1>Text after", "Title\n\nText after"},
		{"inline tags join", "<p>Sch<b>ett</b>ino <a href=\"x\">said</a>.</p>", "Schettino said."},
		{"entities", "<p>Fish &amp; chips &mdash; &#8364;5 &lt;b&gt;</p>", "Fish & chips — €5 <b>"},
		{"script and style dropped", "<style>p{color:red}</style><p>a</p><script>alert('<p>x</p>')</script><p>b</p>", "a\n\nb"},
		{"noscript and template dropped", "<noscript>enable js</noscript><template><p>t</p></template>c", "c"},
		{"white space collapses", "<p>\n  a \t b\n</p>\n\n\n<p>c</p>", "a b\n\nc"},
		{"lists", "<ul><li>one</li><li>two</li></ul>", "one\n\ntwo"},
		{"table cells apart", "<table><tr><td>a</td><td>b</td></tr></table>", "a b"},
		{"xhtml with body and section", "<body><section class=\"main\"><p>x</p></section></body>", "x"},
		{"broken markup", "<p>unclosed <b>bold <i>x", "unclosed bold x"},
		{"comments dropped", "a<!-- hidden -->b", "ab"},
		{"nitf", "<?xml version=\"1.0\"?><nitf><body><body.content><p>Text</p></body.content></body></nitf>", "Text"},
		{"plain text", "no markup at all", "no markup at all"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := htmlToText(tt.html); got != tt.want {
				t.Errorf("htmlToText(%q) = %q, want %q", tt.html, got, tt.want)
			}
		})
	}
}

func TestHTMLToTextDeepNesting(t *testing.T) {
	src := strings.Repeat("<div><span>", 100000) + "deep" + strings.Repeat("</span></div>", 100000)
	if got := htmlToText(src); got != "deep" {
		t.Errorf("got %q, want %q", got, "deep")
	}
}
