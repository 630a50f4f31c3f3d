package faultproxy

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
)

// Answers shaped like Elasticsearch's when its write or search thread pool
// queue is full.
var (
	bulkRejected   = wholeRejection("bulk")
	searchRejected = wholeRejection("search")
)

func wholeRejection(what string) []byte {
	return fmt.Appendf(nil, `{"error":{"root_cause":[{"type":"es_rejected_execution_exception",`+
		`"reason":"rejected execution of %[1]s request (chaos fault proxy)"}],`+
		`"type":"es_rejected_execution_exception",`+
		`"reason":"rejected execution of %[1]s request (chaos fault proxy)"},"status":429}`, what)
}

// bulkAction is one action line of a bulk body.
type bulkAction struct {
	Op    string // index, create, update or delete
	Index string
	ID    string
}

// parseBulk reads an NDJSON bulk body: action lines, each but delete followed
// by one source line; blank lines are ignored. An action without _index gets
// defaultIndex (the index of the request path, possibly "").
func parseBulk(body []byte, defaultIndex string) ([]bulkAction, error) {
	var (
		actions    []bulkAction
		wantSource bool
	)
	for n, line := range bytes.Split(body, []byte("\n")) {
		line = bytes.TrimSpace(line)
		switch {
		case len(line) == 0:
			continue
		case wantSource:
			if !json.Valid(line) {
				return nil, fmt.Errorf("line %d: source is not JSON", n+1)
			}
			wantSource = false
			continue
		}
		a, err := parseAction(line)
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", n+1, err)
		}
		if a.Index == "" {
			a.Index = defaultIndex
		}
		actions = append(actions, a)
		wantSource = a.Op != "delete"
	}
	if wantSource {
		return nil, errors.New("last action has no source line")
	}
	if len(actions) == 0 {
		return nil, errors.New("no actions")
	}
	return actions, nil
}

// parseAction reads an action line such as {"index":{"_index":"news","_id":"1"}}.
func parseAction(line []byte) (bulkAction, error) {
	var action map[string]json.RawMessage
	if err := json.Unmarshal(line, &action); err != nil {
		return bulkAction{}, fmt.Errorf("action: %w", err)
	}
	if len(action) != 1 {
		return bulkAction{}, fmt.Errorf("action has %d keys, want 1", len(action))
	}
	var (
		op  string
		raw json.RawMessage
	)
	for op, raw = range action { // the only entry
	}
	switch op {
	case "index", "create", "update", "delete":
	default:
		return bulkAction{}, fmt.Errorf("unknown action %q", op)
	}
	var meta *struct {
		Index string `json:"_index"`
		ID    string `json:"_id"`
	}
	if err := json.Unmarshal(raw, &meta); err != nil {
		return bulkAction{}, fmt.Errorf("%s metadata: %w", op, err)
	}
	if meta == nil {
		return bulkAction{}, fmt.Errorf("%s metadata is null", op)
	}
	return bulkAction{Op: op, Index: meta.Index, ID: meta.ID}, nil
}

type itemError struct {
	Type   string `json:"type"`
	Reason string `json:"reason"`
}

type itemResult struct {
	Index  string    `json:"_index"`
	ID     string    `json:"_id"`
	Status int       `json:"status"`
	Error  itemError `json:"error"`
}

// itemsRejected returns a bulk response in which every action failed with 429.
func itemsRejected(actions []bulkAction) []byte {
	resp := struct {
		Took   int                     `json:"took"`
		Errors bool                    `json:"errors"`
		Items  []map[string]itemResult `json:"items"`
	}{Took: 1, Errors: true, Items: make([]map[string]itemResult, 0, len(actions))}
	for _, a := range actions {
		resp.Items = append(resp.Items, map[string]itemResult{a.Op: {
			Index:  a.Index,
			ID:     a.ID,
			Status: 429,
			Error: itemError{
				Type:   "es_rejected_execution_exception",
				Reason: "rejected execution of bulk item (chaos fault proxy)",
			},
		}})
	}
	body, err := json.Marshal(resp)
	if err != nil {
		panic(fmt.Sprintf("faultproxy: marshal bulk response: %v", err)) // strings and ints only
	}
	return body
}
