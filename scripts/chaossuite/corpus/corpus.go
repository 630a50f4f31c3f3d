// Package corpus supplies the chaos suite's load: real news stories from
// ../shared/data (IndoSum in Indonesian, BBC News in English) as a newsroom
// system would publish them, and hostile inputs that the pipeline must
// dead-letter without losing the good stories beside them.
package corpus

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/newsroom-pipeline/newsroom/pkg/wire"
	"github.com/newsroom-pipeline/newsroom/services/ingest/ingest"
)

// Story is one message to publish: its bytes, and a key unique within the
// corpus. Hostile names the kind of a hostile input ("" for a good story).
type Story struct {
	Key     string
	Data    []byte
	Hostile string
}

// maxStoryBytes is the ingest stage's default limit, NEWSROOM_MAX_STORY_BYTES.
const maxStoryBytes = 1 << 20

// Good returns every story of the shared corpora that the pipeline accepts
// (ingest takes it and normalize can parse it), Indonesian and English
// alternating, in a fixed order. shared is the ../shared/data folder.
func Good(shared string) ([]Story, error) {
	id, err := indoSum(filepath.Join(shared, "id-news-indosum", "derived", "indosum_dev_articles.jsonl"))
	if err != nil {
		return nil, err
	}
	en, err := bbc(filepath.Join(shared, "en-news-bbc", "bbc"))
	if err != nil {
		return nil, err
	}
	var all []Story
	for i := 0; i < max(len(id), len(en)); i++ {
		for _, list := range [][]Story{id, en} {
			if i < len(list) && Accepted(list[i].Data) {
				all = append(all, list[i])
			}
		}
	}
	if len(all) == 0 {
		return nil, errors.New("no usable story in the shared corpora")
	}
	return all, nil
}

// Accepted reports whether the pipeline takes data as a story published with
// no headers: ingest gives it an identity and normalize parses it.
func Accepted(data []byte) bool {
	envs, err := ingest.New(maxStoryBytes).Envelopes("news.raw.chaos", "", "", data, time.Now())
	if err != nil || len(envs) != 1 {
		return false
	}
	_, err = wire.Parse(envs[0].Format, envs[0].ContentType, envs[0].Raw)
	return err == nil
}

func indoSum(path string) ([]Story, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("indosum: %w", err)
	}
	defer f.Close()
	var out []Story
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<22)
	for sc.Scan() {
		var a struct {
			ID   string `json:"id"`
			Body string `json:"body"`
		}
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			return nil, fmt.Errorf("indosum %s: %w", path, err)
		}
		out = append(out, Story{Key: "indosum/" + a.ID, Data: []byte(a.Body)})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("indosum %s: %w", path, err)
	}
	return out, nil
}

func bbc(dir string) ([]Story, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "*", "*.txt"))
	if err != nil {
		return nil, fmt.Errorf("bbc: %w", err)
	}
	if len(paths) == 0 {
		return nil, fmt.Errorf("bbc: no stories under %s", dir)
	}
	sort.Strings(paths)
	out := make([]Story, 0, len(paths))
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			return nil, fmt.Errorf("bbc: %w", err)
		}
		rel, _ := filepath.Rel(dir, p)
		out = append(out, Story{Key: "bbc/" + filepath.ToSlash(rel), Data: b})
	}
	return out, nil
}
