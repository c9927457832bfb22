package governance_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/pingshan/govchain/internal/apptest"
	"github.com/pingshan/govchain/internal/errcode"
	"github.com/pingshan/govchain/internal/module/governance"
	"github.com/pingshan/govchain/internal/module/land"
	"github.com/pingshan/govchain/internal/module/workflow"
	"github.com/pingshan/govchain/internal/tx"
)

// landChain is a chain with the land process (nrb's, involving nrb, eeb,
// hub, gov and fin) published at genesis, and the given parameters.
func landChain(t *testing.T, params map[string]any) *apptest.Chain {
	t.Helper()
	g, err := land.WorkflowGenesis()
	if err != nil {
		t.Fatal(err)
	}
	mods := map[string]any{"workflow": g}
	if params != nil {
		mods["governance"] = map[string]any{"params": params}
	}
	return apptest.New(t, apptest.Options{Modules: mods})
}

// landV2 is the land process with a shorter acceptance time limit, as
// a map so a test can break any part of it.
func landV2(t *testing.T) map[string]any {
	t.Helper()
	d, err := land.Process()
	if err != nil {
		t.Fatal(err)
	}
	d.Steps[0].TimeLimitDays = 3
	b, _ := json.Marshal(d)
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func latestLand(t *testing.T, c *apptest.Chain) *workflow.Definition {
	t.Helper()
	d, err := workflow.GetDefinition(c.State(), land.ProcessID, 0)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestProcessProposalAtTheEdge: seven departments of weight 1 under the
// default policy of a process proposal (>= 2/3 vote, > 1/2 of yes+no yes).
// Version 2 is published in exactly the block the outcome becomes certain,
// and never otherwise.
func TestProcessProposalAtTheEdge(t *testing.T) {
	for _, tc := range []struct {
		name     string
		yes, no  []string // besides the proposer's (nrb) yes
		deadline bool     // then let the voting period run out
		want     string
		version  uint32
	}{
		{"4 yes: quorum not yet", []string{"gov-admin", "eeb-admin", "hub-admin"}, nil, false, governance.StateVoting, 1},
		{"5 yes: passes and publishes v2", []string{"gov-admin", "eeb-admin", "hub-admin", "fin-admin"}, nil, false, governance.StatePassed, 2},
		{"1 yes 3 no: 3 more yes could still win", nil, []string{"gov-admin", "eeb-admin", "hub-admin"}, false, governance.StateVoting, 1},
		{"1 yes 4 no: rejected early", nil, []string{"gov-admin", "eeb-admin", "hub-admin", "fin-admin"}, false, governance.StateRejected, 1},
		{"3 yes 2 no at the deadline: quorum, 3:2 passes", []string{"gov-admin", "eeb-admin"}, []string{"hub-admin", "fin-admin"}, true, governance.StatePassed, 2},
		{"2 yes 2 no at the deadline: quorum missed, expired", []string{"gov-admin"}, []string{"hub-admin", "fin-admin"}, true, governance.StateExpired, 1},
		{"3 yes 3 no at the deadline: a tie is rejected", []string{"gov-admin", "eeb-admin"}, []string{"hub-admin", "fin-admin", "gsd-admin"}, true, governance.StateRejected, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := landChain(t, map[string]any{"gov.voting_period": 60})
			id := propose(t, c, "nrb-admin", governance.TypeProcess, landV2(t))
			for _, who := range tc.yes {
				if r := vote(c, who, id, governance.Yes); r.Code != 0 {
					t.Fatal(r.Log)
				}
			}
			for _, who := range tc.no {
				if r := vote(c, who, id, governance.No); r.Code != 0 {
					t.Fatal(r.Log)
				}
			}
			if tc.deadline {
				c.Advance(proposal(t, c, id).Deadline.Sub(c.Now()))
				c.Block()
			}
			p := proposal(t, c, id)
			if p.State != tc.want {
				t.Fatalf("state %s (%s), want %s; tally %+v", p.State, p.Result, tc.want, p.Tally)
			}
			d := latestLand(t, c)
			if d.Version != tc.version {
				t.Fatalf("land-use is at v%d, want v%d", d.Version, tc.version)
			}
			if d.Version == 2 && (d.Proposal != id || d.PublishedBy != "governance" || d.Height != p.ClosedHeight || d.Steps[0].TimeLimitDays != 3) {
				t.Fatalf("v2 not as proposed, or not in the block it passed (%d): %+v", p.ClosedHeight, d)
			}
		})
	}
}

// TestProcessProposalRefusals: a definition the workflow engine would not
// publish does not become a proposal; the refusal names the field or step.
func TestProcessProposalRefusals(t *testing.T) {
	c := landChain(t, nil)
	for _, tc := range []struct {
		name  string
		edit  func(m map[string]any)
		want  *errcode.Error
		names string // must appear in the log
	}{
		{"unknown field", func(m map[string]any) { m["colour"] = "red" }, tx.ErrInvalidPayload, "colour"},
		{"published_by set by the proposer", func(m map[string]any) { m["published_by"] = "me" }, tx.ErrInvalidPayload, "published_by"},
		{"bad id", func(m map[string]any) { m["id"] = "Land Use" }, tx.ErrInvalidPayload, "id"},
		{"notice without a duration", func(m map[string]any) { step(m, "notice")["duration_days"] = 0 }, workflow.ErrDefinitionInvalid, `step "notice": bad_time_limit: duration_days`},
		{"branch of an unknown department", func(m map[string]any) {
			step(m, "review")["branches"] = []any{map[string]any{"department": "xyz", "roles": []any{"reviewer"}}}
		}, workflow.ErrDefinitionInvalid, `step "review": unknown_department`},
		{"transition to no step", func(m map[string]any) { step(m, "accept")["next"].(map[string]any)["pass"] = "nowhere" }, workflow.ErrDefinitionInvalid, `step "accept": unknown_step`},
		{"role that does not exist", func(m map[string]any) { step(m, "decision")["roles"] = []any{"mayor"} }, workflow.ErrDefinitionInvalid, `step "decision": unknown_role`},
		{"version that is not the next", func(m map[string]any) { m["version"] = 5 }, workflow.ErrDefinitionInvalid, "version: the proposal is for version 5"},
		{"owner taken over", func(m map[string]any) { m["owner"] = "eeb" }, workflow.ErrNotOwner, `"land-use" was published by "nrb"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := landV2(t)
			tc.edit(m)
			b, _ := json.Marshal(m)
			r := c.Do("nrb-admin", "governance", "propose", governance.Propose{Type: governance.TypeProcess, Payload: b})
			wantCode(t, r, tc.want)
			if !strings.Contains(r.Log, tc.names) {
				t.Fatalf("log does not name %q: %s", tc.names, r.Log)
			}
		})
	}
	if ps, _ := governance.Proposals(c.State()); len(ps) != 0 {
		t.Fatalf("refused proposals were stored: %d", len(ps))
	}
	// The version, if named, must be the next one; one open proposal per process.
	m := landV2(t)
	m["version"] = 2
	propose(t, c, "nrb-admin", governance.TypeProcess, m)
	wantCode(t, c.Do("eeb-admin", "governance", "propose", governance.Propose{Type: governance.TypeProcess, Payload: mustJSON(t, landV2(t))}), governance.ErrAlreadyOpen)
	// Only admins propose.
	wantCode(t, c.Do("nrb-clerk", "governance", "propose", governance.Propose{Type: governance.TypeProcess, Payload: mustJSON(t, landV2(t))}), tx.ErrRoleNotAllowed)
}

// TestProcessProposalCheckedAgainAtExecution: a department the new version
// names (hub) is merged into another while the proposal is open; when it passes, the engine's
// validation refuses it, the proposal fails with the reason, and the
// process stays at version 1.
func TestProcessProposalCheckedAgainAtExecution(t *testing.T) {
	c := landChain(t, nil)
	id := propose(t, c, "nrb-admin", governance.TypeProcess, landV2(t))
	merge := propose(t, c, "gov-admin", governance.TypeDeptMerge, governance.DeptRetireBody{Department: "hub", Into: "eeb"})
	for _, who := range []string{"nrb-admin", "eeb-admin", "hub-admin", "fin-admin", "gsd-admin", "aud-admin"} {
		if r := vote(c, who, merge, governance.Yes); r.Code != 0 {
			t.Fatal(r.Log)
		}
		if proposal(t, c, merge).State != governance.StateVoting {
			break
		}
	}
	if p := proposal(t, c, merge); p.State != governance.StatePassed {
		t.Fatalf("merge hub into eeb: %s %s", p.State, p.Result)
	}
	for _, who := range []string{"gov-admin", "eeb-admin", "fin-admin", "gsd-admin"} {
		if r := vote(c, who, id, governance.Yes); r.Code != 0 {
			t.Fatal(r.Log)
		}
	}
	p := proposal(t, c, id)
	if p.State != governance.StateFailed || !strings.Contains(p.Result, "unknown_department") || !strings.Contains(p.Result, "hub") {
		t.Fatalf("proposal naming a retired department: %s %q", p.State, p.Result)
	}
	if d := latestLand(t, c); d.Version != 1 {
		t.Fatalf("land-use at v%d after a failed execution", d.Version)
	}
}

// TestDirectPublishNeedsProposalForSeveralDepartments: a department's admin
// publishes a process of its own alone; one that involves another
// department (now or in the new version) is refused with workflow/27.
func TestDirectPublishNeedsProposalForSeveralDepartments(t *testing.T) {
	c := landChain(t, nil)
	solo := soloProcess(t, "nrb")
	c.MustDo("nrb-admin", "workflow", "publish_definition", map[string]any{"definition": solo})
	solo["name_en"] = "Filing (v2)"
	c.MustDo("nrb-admin", "workflow", "publish_definition", map[string]any{"definition": solo})
	// The next version would bring hub in: that takes the committee.
	step(solo, "check")["department"] = "hub"
	r := c.Do("nrb-admin", "workflow", "publish_definition", map[string]any{"definition": solo})
	wantCode(t, r, workflow.ErrNeedsProposal)
	if !strings.Contains(r.Log, "hub, nrb") || !strings.Contains(r.Log, "proposal") {
		t.Fatalf("the refusal does not say why: %s", r.Log)
	}
	wantCode(t, c.Do("nrb-admin", "workflow", "publish_definition", map[string]any{"definition": landV2(t)}), workflow.ErrNeedsProposal)
	if d, _ := workflow.GetDefinition(c.State(), "nrb-filing", 0); d.Version != 2 {
		t.Fatalf("nrb-filing at v%d", d.Version)
	}
}

// soloProcess is a one-department process: dept accepts and checks.
func soloProcess(t *testing.T, dept string) map[string]any {
	t.Helper()
	raw := `{"id":"nrb-filing","owner":"` + dept + `","prefix":"FIL","name_zh":"备案","name_en":"Filing","start":"accept",
	"steps":[
	 {"id":"accept","kind":"task","name_zh":"受理","name_en":"Acceptance","department":"` + dept + `","roles":["clerk"],"time_limit_days":5,"actions":["accept","reject"],"next":{"pass":"check","reject":"rejected"}},
	 {"id":"check","kind":"task","name_zh":"审核","name_en":"Check","department":"` + dept + `","roles":["reviewer"],"time_limit_days":5,"actions":["approve","reject"],"next":{"pass":"done","reject":"rejected"}},
	 {"id":"done","kind":"end","name_zh":"办结","name_en":"Done","outcome":"approved"},
	 {"id":"rejected","kind":"end","name_zh":"不予","name_en":"Rejected","outcome":"rejected"}]}`
	var m map[string]any
	if err := json.Unmarshal([]byte(raw), &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// step finds a step of a definition held as a map.
func step(m map[string]any, id string) map[string]any {
	for _, s := range m["steps"].([]any) {
		if s.(map[string]any)["id"] == id {
			return s.(map[string]any)
		}
	}
	panic("no step " + id)
}
