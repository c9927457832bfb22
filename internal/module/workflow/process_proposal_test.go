package workflow_test

import (
	"bytes"
	"errors"
	"testing"
	"time"

	"github.com/pingshan/govchain/internal/module/governance"
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

// soloDef is a process of one department: it accepts and checks.
func soloDef(t *testing.T, dept string) *workflow.Definition {
	t.Helper()
	raw := `{"id":"nrb-filing","owner":"` + dept + `","prefix":"FIL","name_zh":"备案","name_en":"Filing","start":"accept","steps":[
	 {"id":"accept","kind":"task","name_zh":"受理","name_en":"Acceptance","department":"` + dept + `","roles":["clerk"],"time_limit_days":5,"actions":["accept","reject"],"next":{"pass":"done","reject":"rejected"}},
	 {"id":"done","kind":"end","name_zh":"办结","name_en":"Done","outcome":"approved"},
	 {"id":"rejected","kind":"end","name_zh":"不予","name_en":"Rejected","outcome":"rejected"}]}`
	d, err := workflow.ParseDefinition([]byte(raw))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestSuccessorRepublishesSoloProcess: a process that was nrb's alone is
// still one department's after nrb merges into eeb: eeb's admin publishes
// its next version directly. Bringing in another department, or the land
// process (several departments), still takes a proposal.
func TestSuccessorRepublishesSoloProcess(t *testing.T) {
	c := newChain(t, "intl")
	c.MustDo("nrb-admin", "workflow", "publish_definition", workflow.PublishRequest{Definition: *soloDef(t, "nrb")})
	if p := passProposal(t, c, governance.TypeDeptMerge, governance.DeptRetireBody{Department: "nrb", Into: "eeb"}); p.State != governance.StatePassed {
		t.Fatalf("merge: %s %q", p.State, p.Result)
	}
	c.MustDo("eeb-admin", "workflow", "publish_definition", workflow.PublishRequest{Definition: *soloDef(t, "eeb")})
	if d, err := workflow.GetDefinition(c.State(), "nrb-filing", 0); err != nil || d.Version != 2 || d.Owner != "eeb" {
		t.Fatalf("nrb-filing after the merger: %+v %v", d, err)
	}
	two := soloDef(t, "eeb")
	two.Steps[0].Department = "hub"
	wantCode(t, c.Do("eeb-admin", "workflow", "publish_definition", workflow.PublishRequest{Definition: *two}), workflow.ErrNeedsProposal)
}
