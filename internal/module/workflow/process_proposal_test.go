package workflow_test

import (
	"bytes"
	"errors"
	"testing"
	"time"

	"github.com/pingshan/govchain/internal/module/workflow"
)

// TestVersionsSideBySide: the committee passes version 2 of the land
// process, which drops the public notice. A case opened on version 1
// before that finishes on version 1 (through the notice); a case opened
// after it runs on version 2 (straight from review to decision); both are
// worked on in the same blocks.
func TestVersionsSideBySide(t *testing.T) {
	c := newChain(t, "intl")
	old, _ := toReview(t, c, 5000)
	v2 := mutate(t, func(d *workflow.Definition) {
		stepOf(d, "review").Next.Pass = to("decision")
		var steps []workflow.Step
		for _, s := range d.Steps {
			if s.ID != "notice" {
				steps = append(steps, s)
			}
		}
		d.Steps = steps
	})
	passProcess(t, c, "nrb-admin", &v2)
	fresh, _ := toReview(t, c, 5000)

	for _, n := range []string{old, fresh} {
		mustAct(t, c, "nrb-reviewer", n, "review", workflow.ActApprove)
		mustAct(t, c, "eeb-reviewer", n, "review", workflow.ActApprove, "environmental_opinion")
		mustAct(t, c, "hub-reviewer", n, "review", workflow.ActApprove)
	}
	for _, tc := range []struct {
		number  string
		version uint32
		step    string
	}{{old, 1, "notice"}, {fresh, 2, "decision"}} {
		if k := getCase(t, c, tc.number); k.Version != tc.version || k.Current != tc.step {
			t.Fatalf("%s: v%d at %s, want v%d at %s", tc.number, k.Version, k.Current, tc.version, tc.step)
		}
	}
	// The new case decides at once; the old one waits out its notice.
	mustAct(t, c, "nrb-approver", fresh, "decision", workflow.ActApprove)
	wantCode(t, c.Do("nrb-approver", "workflow", "act", act(old, "decision", workflow.ActApprove, nil)), workflow.ErrWrongStep)
	c.Advance(7 * 24 * time.Hour)
	mustAct(t, c, "nrb-clerk", old, "notice", workflow.ActComplete)
	mustAct(t, c, "nrb-approver", old, "decision", workflow.ActApprove)
	for _, n := range []string{old, fresh} {
		if k := getCase(t, c, n); k.Current != "issue" {
			t.Fatalf("%s at %s, want issue", n, k.Current)
		}
	}
	if k := getCase(t, c, old); k.Version != 1 || stepsOf(k) == stepsOf(getCase(t, c, fresh)) {
		t.Fatalf("old case moved to v%d or took the new route: %s", k.Version, stepsOf(k))
	}
}

// FuzzProposedDefinition feeds arbitrary bytes to the decoder of a process
// proposal's payload. It may not panic; a refusal is ErrDefinitionInvalid;
// what it accepts it writes in a canonical form that it reads back to the
// same bytes and the same id.
func FuzzProposedDefinition(f *testing.F) {
	f.Add(landJSON(f))
	f.Add([]byte(`{"id":"land-use","version":2,"owner":"nrb","steps":[]}`))
	f.Add([]byte(`{"id":"land-use","published_by":"x"}`))
	f.Add([]byte(`{"id":"a","id":"b"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var m workflow.Module
		out, id, err := m.CanonicalProcess(data)
		if err != nil {
			if !errors.Is(err, workflow.ErrDefinitionInvalid) {
				t.Fatalf("refusal is not ErrDefinitionInvalid: %v", err)
			}
			return
		}
		again, id2, err := m.CanonicalProcess(out)
		if err != nil || !bytes.Equal(out, again) || id != id2 {
			t.Fatalf("canonical form does not read back: %v\n%s\n%s", err, out, again)
		}
	})
}
