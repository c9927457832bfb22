package governance_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/pingshan/govchain/internal/apptest"
	"github.com/pingshan/govchain/internal/module/feedback"
	"github.com/pingshan/govchain/internal/module/governance"
	"github.com/pingshan/govchain/internal/tx"
)

// TestParamProposalPasses: seven departments of weight 1 under the default
// policy (>= 2/3 vote, > 1/2 yes). The proposer and three more make four:
// no quorum yet. The fifth yes makes the outcome certain, and the change
// is executed in that block.
func TestParamProposalPasses(t *testing.T) {
	c := newChain(t, nil)
	reg := governance.New(nil).Registry()
	if _, err := reg.Lookup("feedback.rectify_days"); err == nil {
		t.Fatal("a registry built without feedback knows its parameter")
	}
	id := propose(t, c, "nrb-admin", governance.TypeParam, paramBody("feedback.rectify_days", 10))
	// One open proposal per (type, target).
	b, _ := json.Marshal(paramBody("feedback.rectify_days", 12))
	wantCode(t, c.Do("fin-admin", "governance", "propose", governance.Propose{Type: governance.TypeParam, Payload: b}), governance.ErrAlreadyOpen)
	for _, who := range []string{"gov-admin", "fin-admin", "eeb-admin"} {
		if r := vote(c, who, id, governance.Yes); r.Code != 0 {
			t.Fatal(r.Log)
		}
	}
	if p := proposal(t, c, id); p.State != governance.StateVoting || p.Tally.Yes != 4 || p.Tally.Remaining != 3 {
		t.Fatalf("after 4 yes: %s %+v", p.State, p.Tally)
	}
	// A department votes once; a non-admin cannot vote at all.
	wantCode(t, vote(c, "nrb-admin", id, governance.No), governance.ErrAlreadyVoted)
	wantCode(t, vote(c, "nrb-clerk", id, governance.Yes), tx.ErrRoleNotAllowed)
	r := vote(c, "hub-admin", id, governance.Yes)
	passedAt := c.Height()
	if r.Code != 0 || apptest.Event(r, "governance.executed", "value") != "10" {
		t.Fatalf("fifth yes: %d %s %+v", r.Code, r.Log, r.Events)
	}
	p := proposal(t, c, id)
	if p.State != governance.StatePassed || len(p.Votes) != 5 || p.Votes[0].Reason != "proposer" || p.Votes[1].Reason != "reason of gov-admin" {
		t.Fatalf("passed proposal: %+v", p)
	}
	wantCode(t, vote(c, "gsd-admin", id, governance.Yes), governance.ErrNotVoting)
	v, err := governance.ParamInt(c.State(), feedback.RectifyDaysParam())
	if err != nil || v != 10 {
		t.Fatalf("feedback.rectify_days = %d, %v", v, err)
	}
	ps, err := governance.GetParamState(c.State(), "feedback.rectify_days")
	if err != nil || len(ps.History) != 1 || ps.History[0].Proposal != id || ps.History[0].Height != passedAt {
		t.Fatalf("history: %+v %v", ps, err)
	}
	// The target is free again.
	propose(t, c, "fin-admin", governance.TypeParam, paramBody("feedback.rectify_days", 12))
}

// TestProposalExpires: without the quorum by the deadline, the proposal
// expires at the first block at or after it, and changes nothing.
func TestProposalExpires(t *testing.T) {
	c := newChain(t, map[string]any{"gov.voting_period": 60})
	id := propose(t, c, "nrb-admin", governance.TypeParam, paramBody("feedback.rectify_days", 10))
	for _, who := range []string{"gov-admin", "fin-admin"} {
		if r := vote(c, who, id, governance.Yes); r.Code != 0 {
			t.Fatal(r.Log)
		}
	}
	if r := vote(c, "eeb-admin", id, governance.No); r.Code != 0 {
		t.Fatal(r.Log)
	}
	deadline := proposal(t, c, id).Deadline
	c.Advance(deadline.Sub(c.Now()) - time.Second)
	c.Block()
	if p := proposal(t, c, id); p.State != governance.StateVoting {
		t.Fatalf("a second before the deadline: %s", p.State)
	}
	// A vote in the block at the deadline is refused; the block's end closes it.
	r := c.Block(c.Sign("hub-admin", "governance", "vote", governance.VoteRequest{Proposal: id, Choice: governance.Yes}))[0]
	wantCode(t, r, governance.ErrNotVoting)
	p := proposal(t, c, id)
	if p.State != governance.StateExpired || p.Tally.Yes != 3 || p.Tally.No != 1 || p.ClosedHeight != c.Height() {
		t.Fatalf("at the deadline: %s %+v", p.State, p.Tally)
	}
	if v, _ := governance.ParamInt(c.State(), feedback.RectifyDaysParam()); v != feedback.RectifyDays {
		t.Fatalf("an expired proposal changed the value to %d", v)
	}
}

// TestProposalRejectedEarly: once even every remaining yes could not make
// a majority of yes+no, the proposal is rejected at once.
func TestProposalRejectedEarly(t *testing.T) {
	c := newChain(t, nil)
	id := propose(t, c, "nrb-admin", governance.TypeParam, paramBody("feedback.rectify_days", 10))
	for i, who := range []string{"gov-admin", "fin-admin", "eeb-admin", "hub-admin"} {
		if r := vote(c, who, id, governance.No); r.Code != 0 {
			t.Fatal(r.Log)
		}
		want := governance.StateVoting
		if i == 3 {
			want = governance.StateRejected // 1 yes + 2 possible yes vs 4 no
		}
		if p := proposal(t, c, id); p.State != want {
			t.Fatalf("after %d no: %s", i+1, p.State)
		}
	}
}

// TestGovParamsAreStricter: changing governance's own rules takes more
// than 2/3 of yes+no (the default gov policy), not a bare majority.
func TestGovParamsAreStricter(t *testing.T) {
	c := newChain(t, nil)
	id := propose(t, c, "nrb-admin", governance.TypeParam, paramBody("gov.voting_period", 120))
	p := proposal(t, c, id)
	if p.Policy.Approve != (governance.Fraction{Num: 2, Den: 3}) {
		t.Fatalf("gov.* policy %+v", p.Policy)
	}
	for _, who := range []string{"gov-admin", "fin-admin", "eeb-admin"} {
		vote(c, who, id, governance.Yes)
	}
	vote(c, "hub-admin", id, governance.No)
	vote(c, "gsd-admin", id, governance.No)
	// 4 yes, 2 no, 1 left: 4/7 is not > 2/3 if the last says no; 5/7 > 2/3 if yes.
	if p := proposal(t, c, id); p.State != governance.StateVoting {
		t.Fatalf("4:2 with one left: %s", p.State)
	}
	vote(c, "aud-admin", id, governance.No)
	if p := proposal(t, c, id); p.State != governance.StateRejected {
		t.Fatalf("4:3: %s (a bare majority would have passed)", p.State)
	}
}

// TestPolicyAndWeightsAreParams: a policy change and a weight change go
// through the registry and apply to proposals opened afterwards.
func TestPolicyAndWeightsAreParams(t *testing.T) {
	c := newChain(t, map[string]any{
		"gov.weights":      map[string]int{"gsd": 4, "aud": 0},
		"gov.policy.param": map[string]any{"quorum": map[string]int{"num": 1, "den": 2}, "approve": map[string]int{"num": 1, "den": 2}},
	})
	id := propose(t, c, "gsd-admin", governance.TypeParam, paramBody("feedback.rectify_days", 20))
	p := proposal(t, c, id)
	// weights: 5 others × 1 + gsd 4 + aud 0 = 9; gsd's 4 is not half.
	if p.Tally.Total != 9 || p.Tally.Yes != 4 || p.State != governance.StateVoting {
		t.Fatalf("weights: %+v %s", p.Tally, p.State)
	}
	wantCode(t, vote(c, "aud-admin", id, governance.Yes), governance.ErrNoWeight)
	// gsd 4 + nrb 1 = 5 >= 9/2, and 5 > (5+4)/2 even if all others say no.
	vote(c, "nrb-admin", id, governance.Yes)
	if p := proposal(t, c, id); p.State != governance.StatePassed {
		t.Fatalf("weighted pass: %s %+v", p.State, p.Tally)
	}
}

// TestWithdraw: only the proposing department withdraws, while voting.
func TestWithdraw(t *testing.T) {
	c := newChain(t, nil)
	id := propose(t, c, "nrb-admin", governance.TypeParam, paramBody("feedback.rectify_days", 10))
	wantCode(t, c.Do("fin-admin", "governance", "withdraw", governance.Withdraw{Proposal: id, Reason: "no"}), governance.ErrNotProposer)
	c.MustDo("nrb-admin", "governance", "withdraw", governance.Withdraw{Proposal: id, Reason: "wrong value"})
	if p := proposal(t, c, id); p.State != governance.StateWithdrawn || p.Result != "wrong value" {
		t.Fatalf("withdrawn: %+v", p)
	}
	wantCode(t, vote(c, "fin-admin", id, governance.Yes), governance.ErrNotVoting)
}

// TestProposeRefusals: payloads the registry refuses never reach a block.
func TestProposeRefusals(t *testing.T) {
	c := newChain(t, nil)
	for _, tc := range []struct {
		name, typ string
		body      any
	}{
		{"unknown param", governance.TypeParam, paramBody("feedback.nope", 1)},
		{"out of range", governance.TypeParam, paramBody("feedback.rectify_days", 0)},
		{"not an integer", governance.TypeParam, paramBody("feedback.rectify_days", 1.5)},
		{"string value", governance.TypeParam, paramBody("feedback.rectify_days", "10")},
		{"bad policy", governance.TypeParam, paramBody("gov.policy.param", map[string]any{"quorum": map[string]int{"num": 0, "den": 1}, "approve": map[string]int{"num": 1, "den": 2}})},
		{"unknown field", governance.TypeParam, map[string]any{"name": "feedback.rectify_days", "value": 3, "x": 1}},
		{"unknown type", "validator", map[string]any{}},
		{"freeze 0", governance.TypeLiftFreeze, map[string]any{"freeze": 0}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, _ := json.Marshal(tc.body)
			wantCode(t, c.Do("nrb-admin", "governance", "propose", governance.Propose{Type: tc.typ, Payload: b}), tx.ErrInvalidPayload)
		})
	}
	wantCode(t, c.Do("nrb-admin", "governance", "propose", governance.Propose{Type: governance.TypeLiftFreeze, Payload: json.RawMessage(`{"freeze":9}`)}),
		governance.ErrFreezeNotFound)
}

// TestPassAtDeadline: 3 yes, 1 no, 1 abstain of 7 is not certain while two
// departments could still vote no (3 : 3), but at the deadline it passes
// on the votes cast and executes in that block's end.
func TestPassAtDeadline(t *testing.T) {
	c := newChain(t, map[string]any{"gov.voting_period": 60})
	id := propose(t, c, "nrb-admin", governance.TypeParam, paramBody("feedback.rectify_days", 7))
	vote(c, "gov-admin", id, governance.Yes)
	vote(c, "fin-admin", id, governance.Yes)
	vote(c, "eeb-admin", id, governance.No)
	vote(c, "hub-admin", id, governance.Abstain)
	if p := proposal(t, c, id); p.State != governance.StateVoting {
		t.Fatalf("before the deadline: %s", p.State)
	}
	c.Advance(time.Minute)
	c.Block()
	if p := proposal(t, c, id); p.State != governance.StatePassed {
		t.Fatalf("at the deadline: %s %+v", p.State, p.Tally)
	}
	if v, _ := governance.ParamInt(c.State(), feedback.RectifyDaysParam()); v != 7 {
		t.Fatalf("not executed at the deadline: %d", v)
	}
}
