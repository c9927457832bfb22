package workflow_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/module/identity"
	"github.com/pingshan/govchain/internal/module/workflow"
	"github.com/pingshan/govchain/internal/store"
	"github.com/pingshan/govchain/internal/tx"
)

// mutate returns the land definition with a change applied.
func mutate(t *testing.T, fn func(d *workflow.Definition)) workflow.Definition {
	d := landDef(t)
	fn(d)
	return *d
}

func stepOf(d *workflow.Definition, id string) *workflow.Step { return d.Step(id) }

func to(id string) *workflow.Target { return &workflow.Target{Step: id} }

var badDefinitions = []struct {
	name, code, step string
	fn               func(d *workflow.Definition)
}{
	{"unreachable step", workflow.ProblemUnreachable, "island", func(d *workflow.Definition) {
		d.Steps = append(d.Steps, workflow.Step{ID: "island", Kind: "task", NameZH: "孤岛", NameEN: "Island", Department: "nrb",
			Roles: []string{"clerk"}, TimeLimitDays: 1, Actions: []string{"approve"}, Next: workflow.Next{Pass: to("approved")}})
	}},
	{"dead end", workflow.ProblemDeadEnd, "limbo", func(d *workflow.Definition) {
		d.Steps = append(d.Steps, workflow.Step{ID: "limbo", Kind: "task", NameZH: "悬置", NameEN: "Limbo", Department: "nrb",
			Roles: []string{"clerk"}, TimeLimitDays: 1, Actions: []string{"opinion"}})
		stepOf(d, "issue").Next.Pass = to("limbo")
	}},
	{"loop without exit", workflow.ProblemDeadEnd, "city_approval", func(d *workflow.Definition) {
		s := stepOf(d, "city_approval")
		s.Actions = []string{"approve", "opinion"}
		s.Next = workflow.Next{Pass: to("decision")}
		stepOf(d, "decision").Next.Pass = to("city_approval")
		stepOf(d, "decision").Next.Reject = to("city_approval")
	}},
	{"pass cycle", workflow.ProblemCycle, "", func(d *workflow.Definition) {
		stepOf(d, "city_approval").Next.Pass = to("decision")
	}},
	{"no end at all", workflow.ProblemDeadEnd, "", func(d *workflow.Definition) {
		for _, id := range []string{"approved", "rejected"} {
			*stepOf(d, id) = workflow.Step{ID: id, Kind: "task", NameZH: id, NameEN: id, Department: "nrb",
				Roles: []string{"clerk"}, TimeLimitDays: 1, Actions: []string{"opinion"}}
		}
	}},
	{"unknown department", workflow.ProblemUnknownDepartment, "city_approval", func(d *workflow.Definition) {
		stepOf(d, "city_approval").Department = "mayor"
	}},
	{"unknown branch department", workflow.ProblemUnknownDepartment, "review", func(d *workflow.Definition) {
		stepOf(d, "review").Branches[2].Department = "fire"
	}},
	{"unknown role", workflow.ProblemUnknownRole, "decision", func(d *workflow.Definition) {
		stepOf(d, "decision").Roles = []string{"boss"}
	}},
	{"gateway cannot decide", workflow.ProblemRoleNotAllowed, "decision", func(d *workflow.Definition) {
		stepOf(d, "decision").Roles = []string{"gateway"}
	}},
	{"next names no step", workflow.ProblemUnknownStep, "accept", func(d *workflow.Definition) {
		stepOf(d, "accept").Next.Pass = to("reveiw")
	}},
	{"duplicate step", workflow.ProblemDuplicateStep, "issue", func(d *workflow.Definition) {
		d.Steps = append(d.Steps, *stepOf(d, "issue"))
	}},
	{"start at an end", workflow.ProblemBadStart, "", func(d *workflow.Definition) { d.Start = "approved" }},
	{"zero time limit", workflow.ProblemTimeLimit, "review", func(d *workflow.Definition) { stepOf(d, "review").TimeLimitDays = 0 }},
	{"notice longer than its limit", workflow.ProblemTimeLimit, "notice", func(d *workflow.Definition) { stepOf(d, "notice").DurationDays = 30 }},
	{"notice without complete", workflow.ProblemAction, "notice", func(d *workflow.Definition) {
		stepOf(d, "notice").Actions = []string{"opinion"}
		stepOf(d, "notice").Next = workflow.Next{}
	}},
	{"action of another kind", workflow.ProblemAction, "review", func(d *workflow.Definition) {
		stepOf(d, "review").Actions = append(stepOf(d, "review").Actions, "issue_document")
	}},
	{"missing reject transition", workflow.ProblemTransition, "decision", func(d *workflow.Definition) {
		stepOf(d, "decision").Next.Reject = nil
	}},
	{"transition nothing leads to", workflow.ProblemTransition, "issue", func(d *workflow.Definition) {
		stepOf(d, "issue").Next.Reject = to("rejected")
	}},
	{"return to a notice", workflow.ProblemTransition, "review", func(d *workflow.Definition) {
		stepOf(d, "review").Next.Return = to("notice")
	}},
	{"condition on an undeclared field", workflow.ProblemCondition, "decision", func(d *workflow.Definition) {
		stepOf(d, "decision").Next.Pass.If.Field = "height_m"
	}},
	{"condition on an optional field", workflow.ProblemCondition, "decision", func(d *workflow.Definition) {
		stepOf(d, "decision").Next.Pass.If = &workflow.Condition{Field: "use", Op: "==", Value: workflow.StringValue("industrial")}
	}},
	{"condition type mismatch", workflow.ProblemCondition, "decision", func(d *workflow.Definition) {
		stepOf(d, "decision").Next.Pass.If.Value = workflow.StringValue("big")
	}},
	{"personal data as a field", workflow.ProblemField, "", func(d *workflow.Definition) {
		d.Fields = append(d.Fields, workflow.FieldSpec{Name: "phone", Type: "string"})
	}},
	{"bad prefix", workflow.ProblemField, "", func(d *workflow.Definition) { d.Prefix = "land" }},
	{"end step with a department", workflow.ProblemStepShape, "approved", func(d *workflow.Definition) { stepOf(d, "approved").Department = "nrb" }},
	{"parallel with one branch", workflow.ProblemStepShape, "review", func(d *workflow.Definition) {
		stepOf(d, "review").Branches = stepOf(d, "review").Branches[:1]
	}},
}

// allDepts is a lookup in which every demo department exists with a key.
func allDepts(id string) (bool, bool) {
	switch id {
	case "gov", "nrb", "fin", "eeb", "hub", "gsd", "aud":
		return true, true
	}
	return false, false
}

func TestValidateDefinition(t *testing.T) {
	if err := workflow.ValidateDefinition(landDef(t), allDepts); err != nil {
		t.Fatalf("land definition: %v", err)
	}
	for _, tc := range badDefinitions {
		t.Run(tc.name, func(t *testing.T) {
			d := mutate(t, tc.fn)
			err := workflow.ValidateDefinition(&d, allDepts)
			var de *workflow.DefinitionError
			if !errors.As(err, &de) || !errors.Is(err, workflow.ErrDefinitionInvalid) {
				t.Fatalf("got %v, want a DefinitionError", err)
			}
			if !de.Has(tc.code, tc.step) {
				t.Fatalf("want %s at %q, got %v", tc.code, tc.step, de.Problems)
			}
		})
	}
	noKey := func(id string) (bool, bool) { e, _ := allDepts(id); return e, id != "hub" }
	var de *workflow.DefinitionError
	if err := workflow.ValidateDefinition(landDef(t), noKey); !errors.As(err, &de) || !de.Has(workflow.ProblemNoEncryptionKey, "review") {
		t.Fatalf("department without encryption key: %v", err)
	}
}

// TestPublishRefusesBadDefinitions sends the same bad definitions through
// the chain: one code, and the log names the problem and the step.
func TestPublishRefusesBadDefinitions(t *testing.T) {
	c := newChain(t, "intl")
	for _, tc := range badDefinitions {
		t.Run(tc.name, func(t *testing.T) {
			r := c.Do("nrb-admin", "workflow", "publish_definition", workflow.PublishRequest{Definition: mutate(t, tc.fn)})
			wantCode(t, r, workflow.ErrDefinitionInvalid)
			if !strings.Contains(r.Log, tc.code) || (tc.step != "" && !strings.Contains(r.Log, `"`+tc.step+`"`)) {
				t.Fatalf("log does not name %s at %q: %s", tc.code, tc.step, r.Log)
			}
		})
	}
	if v, _ := workflow.LatestVersion(c.State(), "land-use"); v != 1 {
		t.Fatalf("a refused publish changed the version to %d", v)
	}
	// Chain-set fields cannot be forged; that needs no state, so CheckTx refuses it.
	d := *landDef(t)
	d.Version = 7
	wantCode(t, c.Do("nrb-admin", "workflow", "publish_definition", workflow.PublishRequest{Definition: d}), tx.ErrInvalidPayload)
}

// TestVersioning: a case keeps the version it started with.
func TestVersioning(t *testing.T) {
	c := newChain(t, "intl")
	old, _ := open(t, c, 5000)
	v2 := mutate(t, func(d *workflow.Definition) {
		stepOf(d, "accept").TimeLimitDays = 2
		stepOf(d, "accept").RequiredAttachments = []string{"application_form"}
	})
	// land-use involves four departments: its admin alone may not
	// publish it, the committee's proposal does.
	wantCode(t, c.Do("nrb-admin", "workflow", "publish_definition", workflow.PublishRequest{Definition: v2}), workflow.ErrNeedsProposal)
	p := passProcess(t, c, "nrb-admin", &v2)
	d, err := workflow.GetDefinition(c.State(), "land-use", 0)
	if err != nil || d.Version != 2 || d.PublishedBy != "governance" || d.Proposal != p.ID {
		t.Fatalf("latest: %+v %v", d, err)
	}
	fresh, _ := open(t, c, 5000, "application_form")
	if k := getCase(t, c, fresh); k.Version != 2 || k.Visits[0].Deadline.Sub(k.Visits[0].EnteredAt).Hours() != 48 {
		t.Fatalf("new case on v%d, limit %v", k.Version, k.Visits[0].Deadline.Sub(k.Visits[0].EnteredAt))
	}
	if k := getCase(t, c, old); k.Version != 1 || k.Visits[0].Deadline.Sub(k.Visits[0].EnteredAt).Hours() != 120 {
		t.Fatalf("old case moved to v%d", k.Version)
	}
	mustAct(t, c, "nrb-clerk", fresh, "accept", workflow.ActAccept) // v2 needs no site plan
	defs, err := workflow.Definitions(c.State())
	if err != nil || len(defs) != 1 || defs[0].Version != 2 {
		t.Fatalf("definitions: %v %v", defs, err)
	}
}

// TestGenesis: definitions load at genesis through the same validation;
// a chain does not start with a broken process, and no entry writes nothing.
func TestGenesis(t *testing.T) {
	db, err := store.OpenMemory()
	if err != nil {
		t.Fatal(err)
	}
	kv := db.Working()
	for _, id := range []string{"gov", "nrb", "eeb", "hub"} {
		if err := identity.PutDepartment(kv, &identity.Department{ID: id, NameZH: id, NameEN: id, EncryptionKey: []byte{4}}); err != nil {
			t.Fatal(err)
		}
	}
	ctx := &module.Context{KV: kv, BlockTime: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	hash := func() []byte {
		h, err := db.WorkingHash()
		if err != nil {
			t.Fatal(err)
		}
		return h
	}
	before := hash()
	if err := (workflow.Module{}).InitGenesis(ctx, nil); err != nil || !bytes.Equal(before, hash()) {
		t.Fatalf("no genesis entry: %v, state changed: %v", err, !bytes.Equal(before, hash()))
	}
	bad := mutate(t, badDefinitions[0].fn)
	raw, _ := json.Marshal(workflow.Genesis{Definitions: []workflow.Definition{*landDef(t), bad}})
	err = (workflow.Module{}).InitGenesis(ctx, raw)
	if !errors.Is(err, workflow.ErrInvalidGenesis) || !strings.Contains(err.Error(), "definitions[1]") || !strings.Contains(err.Error(), workflow.ProblemUnreachable) {
		t.Fatalf("bad genesis: %v", err)
	}
	if err := (workflow.Module{}).InitGenesis(ctx, []byte(`{"definitions":[],"extra":1}`)); !errors.Is(err, workflow.ErrInvalidGenesis) {
		t.Fatalf("unknown genesis field: %v", err)
	}
}
