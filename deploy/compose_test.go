// Package deploy holds the deployment files (docker-compose.yml, Dockerfile,
// nats.conf). No Docker engine is needed to check them: this test loads the
// compose file with compose-go and checks it against the Dockerfile, the
// service directories and the environment variables each worker's main
// really reads (through the same config readers, with a recording
// config.Reader).
package deploy

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/compose-spec/compose-go/v2/cli"
	"github.com/compose-spec/compose-go/v2/types"

	"github.com/newsroom-pipeline/newsroom/pkg/config"
	"github.com/newsroom-pipeline/newsroom/services/index/esindex"
	"github.com/newsroom-pipeline/newsroom/services/ingest/ingest"
)

// workerSpec mirrors what one worker's main does with its configuration.
type workerSpec struct {
	// read calls the readers the worker's main calls, in the same order and
	// with the same default ops address, and returns the shared settings and
	// the joined Validate errors.
	read func(r *config.Reader) (config.Common, error)
	// required are variables the compose file must set (their defaults,
	// 127.0.0.1, are wrong inside a container).
	required []string
	// dependsOn are services the worker must wait for (service_healthy).
	dependsOn []string
}

// workers is one entry per pipeline worker; keep in step with
// services/<name>/main.go.
var workers = map[string]workerSpec{
	"ingest": { // services/ingest/main.go
		read: func(r *config.Reader) (config.Common, error) {
			common := config.ReadCommon(r, ":8081")
			cfg := ingest.ReadConfig(r)
			return common, errors.Join(common.Validate(), cfg.Validate())
		},
		required:  []string{"NEWSROOM_NATS_URL"},
		dependsOn: []string{"nats"},
	},
	"normalize": { // services/normalize/main.go
		read: func(r *config.Reader) (config.Common, error) {
			common := config.ReadCommon(r, ":8082")
			return common, common.Validate()
		},
		required:  []string{"NEWSROOM_NATS_URL"},
		dependsOn: []string{"nats"},
	},
	"entitytag": { // services/entitytag/main.go
		read: func(r *config.Reader) (config.Common, error) {
			common := config.ReadCommon(r, ":8083")
			return common, common.Validate()
		},
		required:  []string{"NEWSROOM_NATS_URL"},
		dependsOn: []string{"nats"},
	},
	"index": { // services/index/main.go
		read: func(r *config.Reader) (config.Common, error) {
			common := config.ReadCommon(r, ":8084")
			cfg := esindex.ReadConfig(r)
			return common, errors.Join(common.Validate(), cfg.Validate())
		},
		required:  []string{"NEWSROOM_NATS_URL", "NEWSROOM_ES_URLS"},
		dependsOn: []string{"nats", "elasticsearch"},
	},
}

func workerNames() []string {
	names := make([]string, 0, len(workers))
	for name := range workers {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

// knownVars is the set of variables a worker reads, recorded by running its
// readers against an empty environment.
func knownVars(spec workerSpec) map[string]bool {
	r := config.NewReader(func(string) string { return "" })
	_, _ = spec.read(r)
	known := map[string]bool{}
	for _, v := range r.Vars() {
		known[v.Name] = true
	}
	return known
}

// loadProject loads a compose file the way `docker compose` would, without a
// Docker engine: working directory = the file's directory, no .env file, no
// OS environment; relative paths (build context, bind mounts) are resolved
// against the working directory, which only needs the file system.
func loadProject(t *testing.T, file string) *types.Project {
	t.Helper()
	dir := filepath.Dir(file)
	opts, err := cli.NewProjectOptions([]string{file},
		cli.WithWorkingDirectory(dir),
		cli.WithResolvedPaths(true),
	)
	if err != nil {
		t.Fatal(err)
	}
	p, err := opts.LoadProject(context.Background())
	if err != nil {
		t.Fatalf("load %s: %v", file, err)
	}
	return p
}

// checkProject returns every problem found in a loaded compose project.
// repoRoot is the repository root (the build context).
func checkProject(p *types.Project, repoRoot string) []string {
	var problems []string
	add := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }

	for _, name := range append([]string{"nats", "elasticsearch"}, workerNames()...) {
		if _, ok := p.Services[name]; !ok {
			add("service %s is missing", name)
		}
	}
	if nats, ok := p.Services["nats"]; ok {
		problems = append(problems, checkNATS(nats)...)
	}
	if es, ok := p.Services["elasticsearch"]; ok {
		problems = append(problems, checkElasticsearch(es)...)
	}

	images := map[string]string{} // image -> worker, for workers that build one
	for _, name := range workerNames() {
		svc, ok := p.Services[name]
		if !ok {
			continue
		}
		problems = append(problems, checkWorker(name, svc, workers[name], repoRoot)...)
		problems = append(problems, checkWorkerEnv(name, svc, workers[name])...)
		if svc.Build != nil && svc.Image != "" {
			if other, dup := images[svc.Image]; dup {
				add("%s: builds image %s, like %s: the builds overwrite each other", name, svc.Image, other)
			}
			images[svc.Image] = name
		}
	}

	// A service_healthy dependency on a service without a health check never
	// becomes healthy.
	for _, name := range sortedKeys(p.Services) {
		for _, dep := range sortedKeys(p.Services[name].DependsOn) {
			if p.Services[name].DependsOn[dep].Condition != types.ServiceConditionHealthy {
				continue
			}
			if target, ok := p.Services[dep]; ok && !hasHealthCheck(target) {
				add("%s: waits for %s to be healthy, but %s has no health check", name, dep, dep)
			}
		}
	}
	return problems
}

var (
	natsImage = regexp.MustCompile(`^(docker\.io/)?(library/)?nats:2(\.\d+)*(-[a-z0-9.]+)?$`)
	esImage   = regexp.MustCompile(`^docker\.elastic\.co/elasticsearch/elasticsearch:8\.19\.\d+$`)
	// an enabling jetstream block or setting in a NATS server config file
	natsJetStream = regexp.MustCompile(`(?m)^\s*jetstream\s*(?:[:=]\s*)?(?:\{|enabled\b|true\b|on\b|yes\b)`)
)

// checkNATS: a NATS 2.x image with JetStream enabled, by flag or by the
// config file it is started with.
func checkNATS(svc types.ServiceConfig) []string {
	var problems []string
	if !natsImage.MatchString(svc.Image) {
		problems = append(problems, fmt.Sprintf("nats: image %q is not a nats:2.x image", svc.Image))
	}
	configPath := "/etc/nats/nats-server.conf" // the official image's default command
	jetstream := false
	args := []string(svc.Command)
	for i, a := range args {
		switch {
		case a == "-js" || a == "--js" || a == "-jetstream" || a == "--jetstream":
			jetstream = true
		case (a == "-c" || a == "--config" || a == "-config") && i+1 < len(args):
			configPath = args[i+1]
		case strings.HasPrefix(a, "--config="):
			configPath = strings.TrimPrefix(a, "--config=")
		}
	}
	if !jetstream {
		for _, v := range svc.Volumes {
			if v.Type != types.VolumeTypeBind || v.Target != configPath {
				continue
			}
			b, err := readNATSConfig(v.Source, 0)
			if err != nil {
				problems = append(problems, fmt.Sprintf("nats: config %s: %v", v.Source, err))
				continue
			}
			jetstream = natsJetStream.Match(b)
		}
	}
	if !jetstream {
		problems = append(problems, fmt.Sprintf("nats: JetStream is not enabled (no -js flag, no jetstream block in a config file mounted at %s)", configPath))
	}
	if !hasHealthCheck(svc) {
		problems = append(problems, "nats: no health check")
	}
	return problems
}

// natsInclude is a NATS config include directive; its path is relative to
// the including file.
var natsInclude = regexp.MustCompile(`(?m)^\s*include\s+['"]?([^'"\s;]+)`)

// readNATSConfig returns a NATS config file with the files it includes
// appended (nats-least-privilege.conf includes nats.conf, which enables
// JetStream).
func readNATSConfig(path string, depth int) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err != nil || depth > 5 {
		return b, err
	}
	for _, m := range natsInclude.FindAllSubmatch(b, -1) {
		inc, err := readNATSConfig(filepath.Join(filepath.Dir(path), string(m[1])), depth+1)
		if err != nil {
			return nil, fmt.Errorf("include %s: %w", m[1], err)
		}
		b = append(append(b, '\n'), inc...)
	}
	return b, nil
}

func checkElasticsearch(svc types.ServiceConfig) []string {
	var problems []string
	if !esImage.MatchString(svc.Image) {
		problems = append(problems, fmt.Sprintf("elasticsearch: image %q is not docker.elastic.co/elasticsearch/elasticsearch:8.19.x", svc.Image))
	}
	if v := svc.Environment["discovery.type"]; v == nil || *v != "single-node" {
		problems = append(problems, "elasticsearch: discovery.type is not single-node")
	}
	if !hasHealthCheck(svc) {
		problems = append(problems, "elasticsearch: no health check")
	}
	return problems
}

// checkWorker: built from deploy/Dockerfile for itself, health-checked with
// `/app -healthcheck`, scalable (no container_name, no published ports) and
// started after its dependencies are healthy.
func checkWorker(name string, svc types.ServiceConfig, spec workerSpec, repoRoot string) []string {
	var problems []string
	add := func(format string, args ...any) {
		problems = append(problems, name+": "+fmt.Sprintf(format, args...))
	}

	if b := svc.Build; b == nil {
		add("has no build section")
	} else {
		dockerfile := b.Dockerfile
		if !filepath.IsAbs(dockerfile) {
			dockerfile = filepath.Join(b.Context, dockerfile)
		}
		if want := filepath.Join(repoRoot, "deploy", "Dockerfile"); filepath.Clean(dockerfile) != want {
			add("builds from %s, want %s", dockerfile, want)
		}
		if filepath.Clean(b.Context) != filepath.Clean(repoRoot) {
			add("build context is %s, want the repository root %s", b.Context, repoRoot)
		}
		if arg := b.Args["SERVICE"]; arg == nil || *arg != name {
			got := "<unset>"
			if arg != nil {
				got = *arg
			}
			add("build arg SERVICE=%s, want %s", got, name)
		}
	}

	hc := svc.HealthCheck
	switch {
	case hc == nil || hc.Disable:
		add("has no health check")
	case !slices.Equal(hc.Test, []string{"CMD", "/app", "-healthcheck"}) &&
		!slices.Equal(hc.Test, []string{"CMD-SHELL", "/app -healthcheck"}):
		add("health check is %q, want [CMD /app -healthcheck]", []string(hc.Test))
	}

	if svc.ContainerName != "" {
		add("has container_name %q: it could not be scaled", svc.ContainerName)
	}
	for _, port := range svc.Ports {
		add("publishes port %s:%d: it could not be scaled (use expose)", port.Published, port.Target)
	}

	for _, dep := range spec.dependsOn {
		d, ok := svc.DependsOn[dep]
		if !ok {
			add("does not depend on %s", dep)
		} else if d.Condition != types.ServiceConditionHealthy {
			add("depends on %s with condition %q, want %s", dep, d.Condition, types.ServiceConditionHealthy)
		}
	}
	return problems
}

// checkWorkerEnv: every NEWSROOM_* variable set is one the worker reads, the
// required ones are set, and the values parse and validate exactly as the
// worker's main would see them.
func checkWorkerEnv(name string, svc types.ServiceConfig, spec workerSpec) []string {
	var problems []string
	add := func(format string, args ...any) {
		problems = append(problems, name+": "+fmt.Sprintf(format, args...))
	}

	known := knownVars(spec)
	env := map[string]string{}
	for _, k := range sortedKeys(svc.Environment) {
		v := svc.Environment[k]
		if !strings.HasPrefix(k, "NEWSROOM_") {
			continue
		}
		if !known[k] {
			add("sets %s, which %s does not read", k, name)
		}
		if v != nil {
			env[k] = *v
		}
	}
	for _, k := range spec.required {
		if strings.TrimSpace(env[k]) == "" {
			add("%s is not set", k)
		}
	}
	// A *_FILE variable naming a compose secret: the service must mount
	// that secret; the reader then gets a placeholder file (the real ones,
	// deploy/secrets/*, exist only where scripts/compose-secrets ran).
	for _, k := range sortedKeys(env) {
		name, ok := strings.CutPrefix(env[k], "/run/secrets/")
		if !strings.HasSuffix(k, "_FILE") || !ok {
			continue
		}
		if !slices.ContainsFunc(svc.Secrets, func(s types.ServiceSecretConfig) bool {
			return s.Source == name && (s.Target == "" || s.Target == name || s.Target == "/run/secrets/"+name)
		}) {
			add("%s=%s, but the service does not mount the secret %s", k, env[k], name)
			continue
		}
		file, err := placeholderSecret()
		if err != nil {
			add("placeholder secret: %v", err)
			continue
		}
		env[k] = file
	}

	r := config.NewReader(func(k string) string { return env[k] })
	common, err := spec.read(r)
	if err := errors.Join(r.Err(), err); err != nil {
		for _, line := range strings.Split(err.Error(), "\n") {
			add("environment: %s", line)
		}
	}
	// `/app -healthcheck` probes the ops address: it has to be on.
	if hc := svc.HealthCheck; hc != nil && !hc.Disable {
		if _, _, err := net.SplitHostPort(common.HTTPAddr); err != nil {
			add("NEWSROOM_HTTP_ADDR=%q: the health check needs the ops port (%v)", env["NEWSROOM_HTTP_ADDR"], err)
		}
	}
	return problems
}

// placeholderSecret is a file holding a made-up password, in place of a
// compose secret (one file for the whole run, overwritten by the next).
var placeholderSecret = sync.OnceValues(func() (string, error) {
	file := filepath.Join(os.TempDir(), "newsroom-compose-check-placeholder-secret")
	return file, os.WriteFile(file, []byte("placeholder-password"), 0o600)
})

func hasHealthCheck(svc types.ServiceConfig) bool {
	hc := svc.HealthCheck
	return hc != nil && !hc.Disable && len(hc.Test) > 0 && hc.Test[0] != "NONE"
}

func sortedKeys[M ~map[string]V, V any](m M) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

var (
	serviceCase = regexp.MustCompile(`case\s+"\$\{SERVICE\}"\s+in[\s\\]*([a-z0-9_|-]+)\)`)
	fromLine    = regexp.MustCompile(`(?i)^FROM\s+`)
	argRef      = regexp.MustCompile(`^\$(?:\{(\w+)\}|(\w+))$`)
)

// checkDockerfile checks deploy/Dockerfile as text and returns the SERVICE
// names it accepts. servicesDir is the repository's services/ directory;
// dockerignore is the Dockerfile's build-context filter.
func checkDockerfile(dockerfile, dockerignore, servicesDir string) (allowed []string, problems []string) {
	b, err := os.ReadFile(dockerfile)
	if err != nil {
		return nil, []string{err.Error()}
	}
	text := string(b)
	add := func(format string, args ...any) {
		problems = append(problems, "Dockerfile: "+fmt.Sprintf(format, args...))
	}

	if m := serviceCase.FindStringSubmatch(text); m == nil {
		add(`no case "${SERVICE}" in ... guard on the SERVICE build arg`)
	} else {
		allowed = strings.Split(m[1], "|")
		for _, name := range allowed {
			if _, err := os.Stat(filepath.Join(servicesDir, name, "main.go")); err != nil {
				add("SERVICE=%s is allowed, but there is no %s", name, filepath.Join(servicesDir, name, "main.go"))
			}
		}
	}

	// Instructions of the final stage (continuation lines joined).
	var final []string
	for _, line := range strings.Split(strings.ReplaceAll(text, "\\\n", " "), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if fromLine.MatchString(line) {
			final = nil
		}
		final = append(final, line)
	}
	if len(final) == 0 {
		add("no FROM")
		return allowed, problems
	}
	var image string
	for _, f := range strings.Fields(final[0])[1:] {
		if !strings.HasPrefix(f, "--") {
			image = f
			break
		}
	}
	// FROM ${RUNTIME_IMAGE}: the default of the global ARG is what an
	// operator builds unless told otherwise.
	if m := argRef.FindStringSubmatch(image); m != nil {
		name := m[1] + m[2]
		def := regexp.MustCompile(`(?m)^ARG\s+` + name + `=(\S+)`).FindStringSubmatch(text)
		if def == nil {
			add("final stage is FROM %s, but ARG %s has no default", image, name)
		} else {
			image = def[1]
		}
	}
	if image != "scratch" && !strings.HasPrefix(image, "gcr.io/distroless/static") {
		add("final stage is FROM %s, want gcr.io/distroless/static* or scratch", image)
	}
	entrypoint := ""
	for _, line := range final {
		if f := strings.Fields(line); strings.EqualFold(f[0], "ENTRYPOINT") {
			entrypoint = strings.Join(f[1:], " ")
		}
	}
	if entrypoint != `["/app"]` && entrypoint != "/app" {
		add(`final stage ENTRYPOINT is %q, want ["/app"]`, entrypoint)
	}

	// go.work lists modules (./deploy, ./scripts/chaossuite) that the build
	// context leaves out: the build must drop each from the workspace, or
	// every `go build` fails with "cannot load module ... listed in go.work".
	if ignore, err := os.ReadFile(dockerignore); err == nil {
		build := strings.Index(text, "go build")
		for _, dir := range ignoredWorkspaceModules(filepath.Dir(servicesDir), string(ignore)) {
			drop := strings.Index(text, "-dropuse=./"+dir)
			if drop < 0 || drop > build {
				add("%s leaves %s/ out of the build context, but the build does not run `go work edit -dropuse=./%s` before `go build`", filepath.Base(dockerignore), dir, dir)
			}
		}
	}
	return allowed, problems
}

// ignoredWorkspaceModules lists the go.work modules under root whose folder
// (or a parent folder) the dockerignore file leaves out.
func ignoredWorkspaceModules(root, dockerignore string) []string {
	work, err := os.ReadFile(filepath.Join(root, "go.work"))
	if err != nil {
		return nil
	}
	var ignored []string
	for _, line := range strings.Split(dockerignore, "\n") {
		if l := strings.Trim(strings.TrimSpace(line), "/"); l != "" && !strings.HasPrefix(l, "#") {
			ignored = append(ignored, l)
		}
	}
	var out []string
	for _, m := range regexp.MustCompile(`(?m)^\s*\./(\S+)\s*$`).FindAllStringSubmatch(string(work), -1) {
		dir := m[1]
		for _, ig := range ignored {
			if dir == ig || strings.HasPrefix(dir, ig+"/") {
				out = append(out, dir)
				break
			}
		}
	}
	return out
}

// repoRoot is the repository root: the build context of every worker.
func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	return root
}

func TestComposeFile(t *testing.T) {
	root := repoRoot(t)
	p := loadProject(t, filepath.Join(root, "deploy", "docker-compose.yml"))
	for _, problem := range checkProject(p, root) {
		t.Error(problem)
	}

	// Sanity: the checks looked at what they should have.
	for _, name := range workerNames() {
		if n := len(knownVars(workers[name])); n < 10 {
			t.Errorf("%s: only %d variables recorded; is the reader still recording?", name, n)
		}
	}
	t.Logf("services: %v (disabled by profile: %v)", sortedKeys(p.Services), sortedKeys(p.DisabledServices))
}

func TestDockerfile(t *testing.T) {
	root := repoRoot(t)
	allowed, problems := checkDockerfile(
		filepath.Join(root, "deploy", "Dockerfile"),
		filepath.Join(root, "deploy", "Dockerfile.dockerignore"),
		filepath.Join(root, "services"))
	for _, problem := range problems {
		t.Error(problem)
	}
	// Every compose worker must be a SERVICE the Dockerfile accepts.
	for _, name := range workerNames() {
		if !slices.Contains(allowed, name) {
			t.Errorf("worker %s is not an allowed SERVICE in the Dockerfile (%v)", name, allowed)
		}
	}
}

// goodCompose is a small compose file that passes every check; each case of
// TestCheckFindsProblems breaks one thing in it. {{ROOT}} is the repository
// root (the build context).
const goodCompose = `name: checktest
x-worker: &worker
  depends_on:
    nats: {condition: service_healthy}
  environment: &env
    NEWSROOM_NATS_URL: nats://nats:4222
  healthcheck:
    test: ["CMD", "/app", "-healthcheck"]
services:
  nats:
    image: nats:2.12-alpine
    command: ["--config", "/etc/nats/test.conf"]
    volumes: ["./nats.conf:/etc/nats/test.conf:ro"]
    healthcheck: {test: ["CMD", "wget", "-qO-", "http://127.0.0.1:8222/healthz"]}
  elasticsearch:
    image: docker.elastic.co/elasticsearch/elasticsearch:8.19.7
    environment: {discovery.type: single-node}
    healthcheck: {test: ["CMD-SHELL", "curl -fsS localhost:9200"]}
  ingest:
    <<: *worker
    image: test/ingest
    build: {context: "{{ROOT}}", dockerfile: deploy/Dockerfile, args: {SERVICE: ingest}}
  normalize:
    <<: *worker
    image: test/normalize
    build: {context: "{{ROOT}}", dockerfile: deploy/Dockerfile, args: {SERVICE: normalize}}
  entitytag:
    <<: *worker
    image: test/entitytag
    build: {context: "{{ROOT}}", dockerfile: deploy/Dockerfile, args: {SERVICE: entitytag}}
  index:
    <<: *worker
    image: test/index
    build: {context: "{{ROOT}}", dockerfile: deploy/Dockerfile, args: {SERVICE: index}}
    depends_on:
      nats: {condition: service_healthy}
      elasticsearch: {condition: service_healthy}
    environment:
      <<: *env
      NEWSROOM_ES_URLS: http://elasticsearch:9200
`

const goodNATSConf = "jetstream {\n  store_dir: /data\n}\n"

func TestCheckFindsProblems(t *testing.T) {
	root := repoRoot(t)
	cases := []struct {
		name       string
		old, new   string // replaced once in goodCompose
		natsConf   string // default goodNATSConf
		wantSubstr []string
	}{
		{name: "good"},
		{
			name: "misspelled variable",
			old:  "    NEWSROOM_NATS_URL: nats://nats:4222\n",
			new:  "    NEWSROOM_NATS_ULR: nats://nats:4222\n",
			wantSubstr: []string{
				"ingest: sets NEWSROOM_NATS_ULR, which ingest does not read",
				"index: sets NEWSROOM_NATS_ULR, which index does not read",
				"normalize: NEWSROOM_NATS_URL is not set",
			},
		},
		{
			name:       "variable of another worker",
			old:        "    image: test/normalize\n",
			new:        "    image: test/normalize\n    environment: {NEWSROOM_NATS_URL: nats://nats:4222, NEWSROOM_ES_URLS: http://x:9200}\n",
			wantSubstr: []string{"normalize: sets NEWSROOM_ES_URLS, which normalize does not read"},
		},
		{
			name:       "value does not parse",
			old:        "      NEWSROOM_ES_URLS: http://elasticsearch:9200\n",
			new:        "      NEWSROOM_ES_URLS: http://elasticsearch:9200\n      NEWSROOM_ES_REPLICAS: none\n",
			wantSubstr: []string{`index: environment: NEWSROOM_ES_REPLICAS="none": not an integer`},
		},
		{
			name:       "value fails Validate",
			old:        "    NEWSROOM_NATS_URL: nats://nats:4222\n",
			new:        "    NEWSROOM_NATS_URL: nats://nats:4222\n    NEWSROOM_CONCURRENCY: \"0\"\n",
			wantSubstr: []string{"ingest: environment: NEWSROOM_CONCURRENCY=0: must be >= 1"},
		},
		{
			name:       "ops port off",
			old:        "    NEWSROOM_NATS_URL: nats://nats:4222\n",
			new:        "    NEWSROOM_NATS_URL: nats://nats:4222\n    NEWSROOM_HTTP_ADDR: off\n",
			wantSubstr: []string{`entitytag: NEWSROOM_HTTP_ADDR="off": the health check needs the ops port`},
		},
		{
			name:       "index without ES URL",
			old:        "      NEWSROOM_ES_URLS: http://elasticsearch:9200\n",
			new:        "",
			wantSubstr: []string{"index: NEWSROOM_ES_URLS is not set"},
		},
		{
			name:       "password file of a secret not mounted",
			old:        "      NEWSROOM_ES_URLS: http://elasticsearch:9200\n",
			new:        "      NEWSROOM_ES_URLS: http://elasticsearch:9200\n      NEWSROOM_ES_PASSWORD_FILE: /run/secrets/es_pw\n",
			wantSubstr: []string{"index: NEWSROOM_ES_PASSWORD_FILE=/run/secrets/es_pw, but the service does not mount the secret es_pw"},
		},
		{
			name:       "wrong SERVICE",
			old:        "args: {SERVICE: entitytag}",
			new:        "args: {SERVICE: normalize}",
			wantSubstr: []string{"entitytag: build arg SERVICE=normalize, want entitytag"},
		},
		{
			name:       "container_name and ports",
			old:        "    image: test/ingest\n",
			new:        "    image: test/ingest\n    container_name: ingest\n    ports: [\"8081:8080\"]\n",
			wantSubstr: []string{"ingest: has container_name", "ingest: publishes port 8081:8080"},
		},
		{
			name:       "no health check",
			old:        "    image: test/index\n",
			new:        "    image: test/index\n    healthcheck: {disable: true}\n",
			wantSubstr: []string{"index: has no health check"},
		},
		{
			name:       "index does not wait for elasticsearch",
			old:        "      elasticsearch: {condition: service_healthy}\n",
			new:        "      elasticsearch: {condition: service_started}\n",
			wantSubstr: []string{`index: depends on elasticsearch with condition "service_started"`},
		},
		{
			name:       "JetStream off",
			natsConf:   "jetstream: disabled\n",
			wantSubstr: []string{"nats: JetStream is not enabled"},
		},
		{
			name:       "wrong images",
			old:        "image: nats:2.12-alpine",
			new:        "image: nats:1.4",
			wantSubstr: []string{`nats: image "nats:1.4" is not a nats:2.x image`},
		},
		{
			name:       "same image built twice",
			old:        "image: test/entitytag",
			new:        "image: test/normalize",
			wantSubstr: []string{"normalize: builds image test/normalize, like entitytag"},
		},
		{
			name:       "missing worker",
			old:        "  entitytag:\n    <<: *worker\n    image: test/entitytag\n",
			new:        "  entitytagger:\n    <<: *worker\n    image: test/entitytag\n",
			wantSubstr: []string{"service entitytag is missing"},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			yml := strings.ReplaceAll(goodCompose, "{{ROOT}}", root)
			if tc.old != "" {
				if !strings.Contains(yml, tc.old) {
					t.Fatalf("test case: %q not in the compose file", tc.old)
				}
				yml = strings.Replace(yml, tc.old, tc.new, 1)
			}
			conf := tc.natsConf
			if conf == "" {
				conf = goodNATSConf
			}
			dir := t.TempDir()
			file := filepath.Join(dir, "compose.yml")
			if err := os.WriteFile(file, []byte(yml), 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, "nats.conf"), []byte(conf), 0o644); err != nil {
				t.Fatal(err)
			}

			problems := checkProject(loadProject(t, file), root)
			if len(tc.wantSubstr) == 0 && len(problems) > 0 {
				t.Errorf("problems in a good file:\n  %s", strings.Join(problems, "\n  "))
			}
			for _, want := range tc.wantSubstr {
				if !slices.ContainsFunc(problems, func(p string) bool { return strings.Contains(p, want) }) {
					t.Errorf("no problem %q reported; got:\n  %s", want, strings.Join(problems, "\n  "))
				}
			}
			if len(tc.wantSubstr) > 0 {
				t.Logf("reported:\n  %s", strings.Join(problems, "\n  "))
			}
		})
	}
}

func TestCheckDockerfileFindsProblems(t *testing.T) {
	root := repoRoot(t)
	dir := t.TempDir()
	bad := `FROM golang:1.26 AS build
ARG SERVICE
RUN case "${SERVICE}" in \
      ingest|normalize|nosuchworker) ;; \
      *) exit 1 ;; \
    esac
COPY . .
RUN go build -o /out/app "./services/${SERVICE}"
FROM alpine:3
COPY --from=build /out/app /app
ENTRYPOINT ["/bin/sh", "-c", "/app"]
`
	dockerfile := filepath.Join(dir, "Dockerfile")
	ignore := filepath.Join(dir, "Dockerfile.dockerignore")
	if err := os.WriteFile(dockerfile, []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(ignore, []byte(".git\ndeploy\nscripts/\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	allowed, problems := checkDockerfile(dockerfile, ignore, filepath.Join(root, "services"))
	if !slices.Equal(allowed, []string{"ingest", "normalize", "nosuchworker"}) {
		t.Errorf("allowed = %v", allowed)
	}
	for _, want := range []string{
		"SERVICE=nosuchworker is allowed, but there is no",
		"final stage is FROM alpine:3",
		`final stage ENTRYPOINT is "[\"/bin/sh\", \"-c\", \"/app\"]"`,
		"go work edit -dropuse=./deploy",
		"leaves scripts/chaossuite/ out of the build context",
	} {
		if !slices.ContainsFunc(problems, func(p string) bool { return strings.Contains(p, want) }) {
			t.Errorf("no problem %q reported; got:\n  %s", want, strings.Join(problems, "\n  "))
		}
	}
}
