package evaluation_test

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/pingshan/govchain/internal/apptest"
	"github.com/pingshan/govchain/internal/index"
	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/module/evaluation"
	"github.com/pingshan/govchain/internal/module/feedback"
	"github.com/pingshan/govchain/internal/module/participation"
	"github.com/pingshan/govchain/internal/module/sharing"
	"github.com/pingshan/govchain/internal/module/workflow"
)

// rowDefaults fill the NOT NULL columns a transcript row leaves out.
var rowDefaults = map[string]map[string]any{
	"wf_definitions": {"published_at": "2026-09-01T09:00"},
	"wf_cases": {"version": 1, "origin": "", "ref": "", "current_step": "", "current_kind": "", "awaiting_materials": 0,
		"opened_department": "", "open_objections": 0, "fields": "{}", "participant": ""},
	"wf_steps":      {"step": "s", "kind": "task", "entered_at": "2026-09-01T09:00", "deadline": "2026-12-31T00:00", "result": "approve", "late": 0},
	"wf_objections": {"step": "notice", "text": "", "answer": ""},
	"feedback_items": {"subject": "", "case_no": "", "level": "", "status": "open", "hidden": 0, "replies": 0, "task": "",
		"height": 1, "text": "", "salt": "", "participant": ""},
	"participation_signups": {"state": "active", "participant": ""},
	"feedback_tasks":        {"case_no": "", "level": "", "height": 1},
}

func cst(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.ParseInLocation("2006-01-02T15:04", s, module.CST())
	if err != nil {
		t.Fatalf("time %q: %v", s, err)
	}
	return v
}

// scenario replays testdata/scenario.txt: transactions through the real
// app, rows into an index opened with the real handlers' schemas, and the
// index synced from the chain's state.
func scenario(t *testing.T) evaluation.Source {
	t.Helper()
	ix, err := index.Open(":memory:", feedback.IndexHandler{}, workflow.IndexHandler{}, evaluation.IndexHandler{}, sharing.IndexHandler{},
		participation.IndexHandler{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	c := apptest.New(t, apptest.Options{Start: time.Date(2026, 9, 28, 0, 0, 0, 0, time.UTC)})
	f, err := os.Open("testdata/scenario.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		verb, rest, _ := strings.Cut(line, " ")
		switch verb {
		case "at":
			if d := cst(t, rest).Sub(c.Now()); d > 0 {
				c.Advance(d)
			}
		case "tx":
			parts := strings.SplitN(rest, " ", 4)
			if len(parts) != 4 {
				t.Fatalf("line %d: tx ACCOUNT MODULE ACTION {payload}", n)
			}
			c.MustDo(parts[0], parts[1], parts[2], json.RawMessage(parts[3]))
		case "row":
			table, js, _ := strings.Cut(rest, " ")
			var cols map[string]any
			if err := json.Unmarshal([]byte(js), &cols); err != nil {
				t.Fatalf("line %d: %v", n, err)
			}
			for k, v := range rowDefaults[table] {
				if _, ok := cols[k]; !ok {
					cols[k] = v
				}
			}
			names := make([]string, 0, len(cols))
			for k := range cols {
				names = append(names, k)
			}
			sort.Strings(names)
			args := make([]any, len(names))
			for i, k := range names {
				args[i] = cols[k]
				// Every index time is Unix seconds (module.IndexTime).
				if s, ok := cols[k].(string); ok && len(s) == 16 && s[10] == 'T' {
					args[i] = cst(t, s).Unix()
				}
			}
			q := "INSERT INTO " + table + "(" + strings.Join(names, ",") + ") VALUES(?" + strings.Repeat(",?", len(names)-1) + ")"
			if _, err := ix.DB().Exec(q, args...); err != nil {
				t.Fatalf("line %d: %v", n, err)
			}
		default:
			t.Fatalf("line %d: unknown verb %q", n, verb)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	c.Block() // the last "at": the report's time
	if err := ix.Sync(context.Background(), c.App.Store(), nil); err != nil {
		t.Fatal(err)
	}
	return evaluation.Source{DB: ix.DB(), State: c.State(), Civic: participation.Civic{DB: ix.DB()}, Now: c.Now()}
}
