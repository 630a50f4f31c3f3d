package deploy

import (
	"context"
	"encoding/json"
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"go.uber.org/zap"
	"go.yaml.in/yaml/v4"

	"github.com/newsroom-pipeline/newsroom/pkg/esconn"
	"github.com/newsroom-pipeline/newsroom/pkg/stage"
	"github.com/newsroom-pipeline/newsroom/services/index/esindex"
	"github.com/newsroom-pipeline/newsroom/services/ingest/ingest"
)

// recorder is a prometheus.Registerer that keeps what is registered.
type recorder struct{ collectors []prometheus.Collector }

func (r *recorder) Register(c prometheus.Collector) error {
	r.collectors = append(r.collectors, c)
	return nil
}
func (r *recorder) MustRegister(cs ...prometheus.Collector) {
	r.collectors = append(r.collectors, cs...)
}
func (r *recorder) Unregister(prometheus.Collector) bool { return false }

var fqName = regexp.MustCompile(`fqName: "([^"]+)"`)

// exportedMetrics names every newsroom_* metric the workers serve: the
// runner's (stage.NewMetrics), the index stage's bulk metrics and the
// ingest stage's, with the _bucket/_sum/_count series of histograms.
func exportedMetrics(t *testing.T) map[string]bool {
	t.Helper()
	rec := &recorder{}
	stage.NewMetrics(rec)
	rec.collectors = append(rec.collectors, ingest.New(1).Collectors()...)
	cfg := esindex.Config{Options: esconn.Options{URLs: []string{"http://127.0.0.1:1"}}, IndexPrefix: "news",
		FlushBytes: 1 << 20, FlushInterval: time.Second, BulkWorkers: 1, Timeout: time.Second}
	client, err := esindex.NewClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	w, err := esindex.NewWriter(client, cfg, zap.NewNop())
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close(context.Background())
	rec.collectors = append(rec.collectors, w.Collectors()...)

	names := map[string]bool{}
	for _, c := range rec.collectors {
		descs := make(chan *prometheus.Desc, 16)
		go func() { c.Describe(descs); close(descs) }()
		for d := range descs {
			m := fqName.FindStringSubmatch(d.String())
			if m == nil {
				t.Fatalf("cannot read the name of %s", d)
			}
			for _, suffix := range []string{"", "_bucket", "_sum", "_count"} {
				names[m[1]+suffix] = true
			}
		}
	}
	if len(names) < 4*8 {
		t.Fatalf("only %d metric names found: %v", len(names), names)
	}
	return names
}

var metricRef = regexp.MustCompile(`\bnewsroom_[a-z0-9_]+`)

// checkExpr returns what is wrong with one PromQL expression: a newsroom_
// metric no worker exports, no newsroom_ metric at all, or unbalanced
// brackets.
func checkExpr(expr string, exported map[string]bool) []string {
	var problems []string
	refs := metricRef.FindAllString(expr, -1)
	if len(refs) == 0 {
		problems = append(problems, "names no newsroom_ metric")
	}
	for _, r := range refs {
		if !exported[r] {
			problems = append(problems, "names "+r+", which no worker exports")
		}
	}
	depth := map[rune]int{}
	pairs := map[rune]rune{')': '(', ']': '[', '}': '{'}
	for _, c := range expr {
		switch c {
		case '(', '[', '{':
			depth[c]++
		case ')', ']', '}':
			depth[pairs[c]]--
			if depth[pairs[c]] < 0 {
				problems = append(problems, "unbalanced "+string(c))
			}
		}
	}
	for open, n := range depth {
		if n > 0 {
			problems = append(problems, "unclosed "+string(open))
		}
	}
	return problems
}

func TestGrafanaDashboardUsesExportedMetrics(t *testing.T) {
	exported := exportedMetrics(t)
	b, err := os.ReadFile("observability/grafana-dashboard.json")
	if err != nil {
		t.Fatal(err)
	}
	var dash struct {
		Title  string `json:"title"`
		Panels []struct {
			Title   string `json:"title"`
			Targets []struct {
				Expr string `json:"expr"`
			} `json:"targets"`
		} `json:"panels"`
	}
	if err := json.Unmarshal(b, &dash); err != nil {
		t.Fatalf("dashboard: %v", err)
	}
	used := map[string]bool{}
	for _, p := range dash.Panels {
		if len(p.Targets) == 0 {
			t.Errorf("panel %q has no query", p.Title)
		}
		for _, tg := range p.Targets {
			for _, problem := range checkExpr(tg.Expr, exported) {
				t.Errorf("panel %q: %s: %s", p.Title, problem, tg.Expr)
			}
			for _, r := range metricRef.FindAllString(tg.Expr, -1) {
				used[strings.TrimSuffix(r, "_bucket")] = true
			}
		}
	}
	// The dashboard shows every metric the issue asks operators to watch.
	for _, want := range []string{"newsroom_consumer_pending", "newsroom_consumer_ack_pending", "newsroom_dlq_messages",
		"newsroom_es_bulk_seconds", "newsroom_es_bulk_items_total", "newsroom_source_last_received_timestamp_seconds",
		"newsroom_stage_breaker_state", "newsroom_stage_messages_total"} {
		if !used[want] {
			t.Errorf("the dashboard has no panel on %s", want)
		}
	}
}

func TestAlertRulesUseExportedMetrics(t *testing.T) {
	exported := exportedMetrics(t)
	b, err := os.ReadFile("observability/alerts.yml")
	if err != nil {
		t.Fatal(err)
	}
	var rules struct {
		Groups []struct {
			Name  string `yaml:"name"`
			Rules []struct {
				Alert       string            `yaml:"alert"`
				Expr        string            `yaml:"expr"`
				For         string            `yaml:"for"`
				Labels      map[string]string `yaml:"labels"`
				Annotations map[string]string `yaml:"annotations"`
			} `yaml:"rules"`
		} `yaml:"groups"`
	}
	if err := yaml.Unmarshal(b, &rules); err != nil {
		t.Fatalf("alerts.yml: %v", err)
	}
	var names []string
	for _, g := range rules.Groups {
		for _, r := range g.Rules {
			names = append(names, r.Alert)
			for _, problem := range checkExpr(r.Expr, exported) {
				t.Errorf("alert %s: %s: %s", r.Alert, problem, r.Expr)
			}
			if _, err := time.ParseDuration(r.For); err != nil {
				t.Errorf("alert %s: for %q: %v", r.Alert, r.For, err)
			}
			if s := r.Labels["severity"]; s != "critical" && s != "warning" && s != "info" {
				t.Errorf("alert %s: severity %q", r.Alert, s)
			}
			if r.Annotations["summary"] == "" {
				t.Errorf("alert %s has no summary", r.Alert)
			}
		}
	}
	sort.Strings(names)
	for _, want := range []string{"NewsroomStageStalled", "NewsroomDeadLettersGrowing", "NewsroomElasticsearchFailing"} {
		if i := sort.SearchStrings(names, want); i == len(names) || names[i] != want {
			t.Errorf("no alert %s (have %v)", want, names)
		}
	}
}

// The checks catch what they are for.
func TestCheckExprFindsProblems(t *testing.T) {
	exported := map[string]bool{"newsroom_dlq_messages": true}
	for expr, want := range map[string]string{
		"max by (stage) (newsroom_dlq_mesages)":  "which no worker exports",
		"rate(up[5m])":                           "names no newsroom_ metric",
		"max by (stage) (newsroom_dlq_messages":  "unclosed (",
		"max by (stage) newsroom_dlq_messages)]": "unbalanced )",
	} {
		got := strings.Join(checkExpr(expr, exported), "; ")
		if !strings.Contains(got, want) {
			t.Errorf("checkExpr(%q) = %q, want %q", expr, got, want)
		}
	}
	if p := checkExpr("max by (stage) (newsroom_dlq_messages{stage=\"index\"})", exported); len(p) != 0 {
		t.Errorf("a good expression: %v", p)
	}
}
