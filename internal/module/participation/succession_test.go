package participation_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/pingshan/govchain/internal/apptest"
	"github.com/pingshan/govchain/internal/module/governance"
	"github.com/pingshan/govchain/internal/module/participation"
)

// TestMergerMovesComingActivities: when eeb merges into hub, eeb's
// activity still ahead moves to hub with its sign-ups; one that has
// already started stays with eeb, as history.
func TestMergerMovesComingActivities(t *testing.T) {
	c := newChain(t)
	past := announce(t, c, "eeb-admin", 5, c.Now().Add(time.Hour))
	ahead := announce(t, c, "eeb-admin", 5, c.Now().Add(30*24*time.Hour))
	r := c.MustDo("gsd-gateway", "participation", "signup", participation.SignUp{Activity: ahead, Contact: sealFor(t, c, "eeb"), CancelHash: hexHash(c, "x")})
	receipt := apptest.Event(r, "participation.signed_up", "receipt")
	c.Advance(2 * time.Hour)
	body, _ := json.Marshal(governance.DeptRetireBody{Department: "eeb", Into: "hub"})
	c.MustDo("gov-admin", "governance", "propose", governance.Propose{Type: governance.TypeDeptMerge, Payload: body, Summary: "merge"})
	for _, who := range []string{"nrb-admin", "fin-admin", "eeb-admin", "hub-admin", "gsd-admin", "aud-admin"} {
		if p, _ := governance.GetProposal(c.State(), 1); p.State != governance.StateVoting {
			break
		}
		c.MustDo(who, "governance", "vote", governance.VoteRequest{Proposal: 1, Choice: governance.Yes})
	}
	if p, _ := governance.GetProposal(c.State(), 1); p.State != governance.StatePassed {
		t.Fatalf("merge: %s %s", p.State, p.Result)
	}
	if a, _ := participation.GetActivity(c.State(), ahead); a.Department != "hub" {
		t.Fatalf("the coming activity stayed with %s", a.Department)
	}
	if s, _ := participation.GetSignup(c.State(), receipt); s.Department != "hub" {
		t.Fatalf("its sign-up stayed with %s", s.Department)
	}
	if a, _ := participation.GetActivity(c.State(), past); a.Department != "eeb" {
		t.Fatalf("the started activity moved to %s", a.Department)
	}
	// The successor runs it now.
	c.MustDo("hub-admin", "participation", "activity_cancel", participation.CancelActivity{Activity: ahead, Reason: "合并后重新安排"})
}
