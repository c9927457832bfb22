package workflow_test

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/pingshan/govchain/internal/apptest"
	"github.com/pingshan/govchain/internal/module/governance"
	"github.com/pingshan/govchain/internal/module/workflow"
)

// passProposal proposes as gov-admin and has every other demo department
// vote yes until it closes; it returns the proposal.
func passProposal(t *testing.T, c *apptest.Chain, typ string, body any) *governance.Proposal {
	t.Helper()
	b, _ := json.Marshal(body)
	r := c.MustDo("gov-admin", "governance", "propose", governance.Propose{Type: typ, Payload: b})
	id, _ := strconv.ParseUint(apptest.Event(r, "governance.proposed", "proposal"), 10, 64)
	for _, who := range []string{"nrb-admin", "fin-admin", "eeb-admin", "hub-admin", "gsd-admin", "aud-admin"} {
		p, err := governance.GetProposal(c.State(), id)
		if err != nil {
			t.Fatal(err)
		}
		if p.State != governance.StateVoting {
			return p
		}
		if r := c.Do(who, "governance", "vote", governance.VoteRequest{Proposal: id, Choice: governance.Yes}); r.Code != 0 {
			t.Fatalf("%s: %s", who, r.Log)
		}
	}
	p, _ := governance.GetProposal(c.State(), id)
	return p
}

// TestMergeMovesOpenCases: retiring nrb with an open case waiting for it
// fails (nobody would be left to act); merging it into eeb moves the open
// visit to eeb with a history entry, eeb's clerk acts on it, and a new
// case of a definition naming nrb is refused until a new version.
func TestMergeMovesOpenCases(t *testing.T) {
	c := newChain(t, "gm")
	number, _ := open(t, c, 1200)
	p := passProposal(t, c, governance.TypeDeptRetire, governance.DeptRetireBody{Department: "nrb"})
	if p.State != governance.StateFailed || !strings.Contains(p.Result, number) || !strings.Contains(p.Result, workflow.ErrOpenWork.Desc) {
		t.Fatalf("retire with an open case: %s %q", p.State, p.Result)
	}
	p = passProposal(t, c, governance.TypeDeptMerge, governance.DeptRetireBody{Department: "nrb", Into: "eeb"})
	if p.State != governance.StatePassed {
		t.Fatalf("merge: %s %q", p.State, p.Result)
	}
	cs, err := workflow.GetCase(c.State(), number)
	if err != nil {
		t.Fatal(err)
	}
	last := cs.History[len(cs.History)-1]
	if v := cs.OpenVisits(); len(v) != 1 || v[0].Department != "eeb" || last.Action != workflow.ActTransferred || last.Department != "eeb" {
		t.Fatalf("after merge: visits %+v, last entry %+v", cs.Visits, last)
	}
	c.MustDo("eeb-clerk", "workflow", "act", act(number, "accept", workflow.ActAccept, nil))
	if cs, _ = workflow.GetCase(c.State(), number); cs.Current != "review" {
		t.Fatalf("after eeb accepted: at %s", cs.Current)
	}
	req, _ := openReq(t, c, 800)
	if r := c.Do("eeb-clerk", "workflow", "open_case", req); r.Codespace != "workflow" || r.Code != workflow.ErrRetiredDepartment.Code {
		t.Fatalf("a new case naming a retired department: %d %s", r.Code, r.Log)
	}
	// eeb, nrb's successor, publishes the process's next version naming
	// itself; a version still naming nrb is refused.
	d := landDef(t)
	if r := c.Do("eeb-admin", "governance", "propose", processProposal(t, d)); r.Code == 0 {
		t.Fatal("a version naming the retired department was published")
	}
	// nrb's branch of the joint review goes (eeb has one already).
	raw := strings.Replace(string(landJSON(t)), `{"department": "nrb", "roles": ["reviewer"]},`, "", 1)
	raw = strings.ReplaceAll(raw, `"nrb"`, `"eeb"`)
	d2, err := workflow.ParseDefinition([]byte(raw))
	if err != nil {
		t.Fatal(err)
	}
	passProcess(t, c, "eeb-admin", d2)
	req, _ = openReq2(t, c, d2)
	c.MustDo("eeb-clerk", "workflow", "open_case", req)
}

// openReq2 is openReq for another version of the land process.
func openReq2(t *testing.T, c *apptest.Chain, d *workflow.Definition) (workflow.OpenCaseRequest, string) {
	t.Helper()
	req, code := openReq(t, c, 800)
	sealed, err := workflow.SealPersonalData(c.Suite, deptKeys(t, c, d.Departments()), applicant)
	if err != nil {
		t.Fatal(err)
	}
	req.PersonalData = *sealed
	return req, code
}
