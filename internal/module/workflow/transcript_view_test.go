package workflow_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/pingshan/govchain/internal/index"
	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/module/workflow"
)

// What a transcript prints after a command: the case, the supervision
// list, or where a file and a replay part.

// state is the case as a clerk sees it, as of the last block.
func (r *transcript) state() []string {
	k, err := workflow.GetCase(r.c.State(), r.number)
	if err != nil {
		return []string{"no case: " + err.Error()}
	}
	head := fmt.Sprintf("case %s step=%s status=%s", k.Number, k.Current, k.Status)
	if k.Outcome != "" {
		head += " outcome=" + k.Outcome
	}
	if k.AwaitingMaterials {
		head += " awaiting-materials"
	}
	if !k.NoticeEnds.IsZero() {
		head += " notice-ends=" + strings.ReplaceAll(k.NoticeEnds.In(module.CST()).Format(clock), " ", "T")
	}
	if len(k.Objections) > 0 {
		head += fmt.Sprintf(" objections=%d unanswered=%d", len(k.Objections), k.UnansweredObjections())
		if up := k.UpheldObjections(); up > 0 {
			head += fmt.Sprintf(" upheld=%d", up)
		}
	}
	var late []string
	for _, v := range k.Visits {
		if v.Late {
			late = append(late, v.Step+"/"+v.Department)
		}
	}
	if len(late) > 0 {
		head += " late=" + strings.Join(late, ",") // acted after the deadline, kept for statistics
	}
	out := []string{head}
	for _, v := range k.OpenVisits() {
		s := fmt.Sprintf("  waiting for %s at %s, due %s", v.Department, v.Step, v.Deadline.In(module.CST()).Format(clock))
		if r.at.After(v.Deadline) {
			s += " OVERDUE"
		}
		out = append(out, s)
	}
	return out
}

// overdue indexes the chain as a node does and asks the index query behind
// the supervision page.
func (r *transcript) overdue() []string {
	ix, err := index.Open(":memory:", workflow.IndexHandler{})
	if err != nil {
		r.t.Fatal(err)
	}
	defer ix.Close()
	if err := ix.Sync(context.Background(), r.c.App.Store(), nil); err != nil {
		r.t.Fatal(err)
	}
	items, err := workflow.Overdue(ix.DB(), r.at)
	if err != nil {
		r.t.Fatal(err)
	}
	if len(items) == 0 {
		return []string{"nothing overdue"}
	}
	var out []string
	for _, w := range items {
		out = append(out, fmt.Sprintf("overdue %s at %s, %s, due %s", w.Case, w.Step, w.Department, w.Deadline.In(module.CST()).Format(clock)))
	}
	return out
}

// firstDiff shows the first line where want and got part.
func firstDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			return fmt.Sprintf("line %d:\n  file: %s\n  got:  %s", i+1, wl, gl)
		}
	}
	return ""
}
