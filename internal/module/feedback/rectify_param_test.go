package feedback_test

import (
	"encoding/json"
	"strconv"
	"testing"
	"time"

	"github.com/pingshan/govchain/internal/apptest"
	"github.com/pingshan/govchain/internal/module/feedback"
	"github.com/pingshan/govchain/internal/module/governance"
)

// TestRectifyDaysIsGoverned: the rectification deadline comes from the
// feedback.rectify_days parameter. Before a proposal it is 15 days; after
// five of seven departments vote to set it to 10, a new poor rating gets 10
// days, and a task opened before keeps its deadline.
func TestRectifyDaysIsGoverned(t *testing.T) {
	c := newFakeCaseChain(t)
	rateBadly := func(no string) *feedback.Task {
		t.Helper()
		addCase(c, no, "completed")
		raw := c.Sign("gsd-gateway", "feedback", "rate", feedback.Rate{CaseNo: no, Level: feedback.VeryDissatisfied, RatingToken: tokenFor(c.Suite, accessCode(no))})
		if r := c.Block(raw)[0]; r.Code != 0 {
			t.Fatal(r.Log)
		}
		it, err := feedback.GetItem(c.State(), feedback.ReceiptFor(feedback.KindRating, c.Suite.Hash(raw)))
		if err != nil {
			t.Fatal(err)
		}
		task, err := feedback.GetTask(c.State(), it.Task)
		if err != nil {
			t.Fatal(err)
		}
		return task
	}
	before := rateBadly("PS-2026-0201")
	if got := before.Deadline.Sub(before.Opened); got != 15*24*time.Hour {
		t.Fatalf("default deadline %v", got)
	}
	payload, _ := json.Marshal(map[string]any{"name": "feedback.rectify_days", "value": 10})
	r := c.MustDo("nrb-admin", "governance", "propose", governance.Propose{Type: governance.TypeParam, Payload: payload})
	id, _ := strconv.ParseUint(apptest.Event(r, "governance.proposed", "proposal"), 10, 64)
	for _, who := range []string{"gov-admin", "fin-admin", "gsd-admin", "aud-admin"} {
		c.MustDo(who, "governance", "vote", governance.VoteRequest{Proposal: id, Choice: governance.Yes})
	}
	if p, _ := governance.GetProposal(c.State(), id); p.State != governance.StatePassed {
		t.Fatalf("proposal %s", p.State)
	}
	after := rateBadly("PS-2026-0202")
	if got := after.Deadline.Sub(after.Opened); got != 10*24*time.Hour {
		t.Fatalf("deadline after the change %v, want 10 days", got)
	}
	if old, _ := feedback.GetTask(c.State(), before.ID); !old.Deadline.Equal(before.Deadline) {
		t.Fatal("an open task's deadline moved")
	}
}
