package workflow_test

import (
	"encoding/json"
	"strconv"
	"testing"

	"github.com/pingshan/govchain/internal/apptest"
	"github.com/pingshan/govchain/internal/module/governance"
	"github.com/pingshan/govchain/internal/module/workflow"
)

// admins are the demo departments' admins, in the order they vote.
var admins = []string{"gov-admin", "nrb-admin", "eeb-admin", "hub-admin", "gsd-admin", "fin-admin", "aud-admin"}

// proposeProcess opens a process proposal for d by who and returns its id.
func proposeProcess(t testing.TB, c *apptest.Chain, who string, d *workflow.Definition) uint64 {
	t.Helper()
	b, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	r := c.MustDo(who, "governance", "propose", governance.Propose{Type: governance.TypeProcess, Payload: b, Summary: "new version of " + d.ID})
	id, err := strconv.ParseUint(apptest.Event(r, "governance.proposed", "proposal"), 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// passProcess proposes d and has the other departments vote yes until the
// proposal closes; it fails the test unless it passed.
func passProcess(t testing.TB, c *apptest.Chain, who string, d *workflow.Definition) *governance.Proposal {
	t.Helper()
	id := proposeProcess(t, c, who, d)
	for _, a := range admins {
		p, err := governance.GetProposal(c.State(), id)
		if err != nil {
			t.Fatal(err)
		}
		if p.State != governance.StateVoting {
			break
		}
		if a != who {
			// A merged department's admin is suspended: its vote is
			// refused, and the others carry the proposal.
			c.Do(a, "governance", "vote", governance.VoteRequest{Proposal: id, Choice: governance.Yes})
		}
	}
	p, err := governance.GetProposal(c.State(), id)
	if err != nil {
		t.Fatal(err)
	}
	if p.State != governance.StatePassed {
		t.Fatalf("process proposal %d: %s %q", id, p.State, p.Result)
	}
	return p
}

// processProposal is the propose payload for d.
func processProposal(t testing.TB, d *workflow.Definition) governance.Propose {
	t.Helper()
	b, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	return governance.Propose{Type: governance.TypeProcess, Payload: b}
}
