package governance_test

import (
	"encoding/json"
	"testing"

	"github.com/pingshan/govchain/internal/module/finance"
	"github.com/pingshan/govchain/internal/module/governance"
)

// TestFinanceThresholdsByProposal: finance.approval_thresholds is in the
// registry; a passed proposal changes what finance reads (the genesis
// values until then).
func TestFinanceThresholdsByProposal(t *testing.T) {
	c := newChain(t, nil)
	before, err := finance.GetParams(c.State())
	if err != nil || before.TwoApproversAboveFen != finance.DefaultParams().TwoApproversAboveFen {
		t.Fatalf("before: %+v %v", before, err)
	}
	id := propose(t, c, "gov-admin", governance.TypeParam, paramBody(finance.ParamApprovalThresholds,
		map[string]any{"two_approvers_above_fen": 100_000, "leader_above_fen": 1_000_000}))
	voteUntil(t, c, id, 4, governance.StatePassed)
	after, err := finance.GetParams(c.State())
	if err != nil || after.TwoApproversAboveFen != 100_000 || after.LeaderAboveFen != 1_000_000 || after.FinanceDepartment != before.FinanceDepartment {
		t.Fatalf("after: %+v %v", after, err)
	}
	if n := finance.Required(after, 100_001); n.FinanceBureau != 2 || n.Leader != 0 {
		t.Fatalf("a payment of 100,001 fen needs %+v, want two approvers", n)
	}
}

// TestFinanceThresholdsBounds: the thresholds at their edges.
func TestFinanceThresholdsBounds(t *testing.T) {
	p := finance.ApprovalThresholdsParam()
	for _, tc := range []struct {
		name, value string
		ok          bool
	}{
		{"equal thresholds", `{"two_approvers_above_fen":1,"leader_above_fen":1}`, true},
		{"leader below two", `{"two_approvers_above_fen":2,"leader_above_fen":1}`, false},
		{"zero", `{"two_approvers_above_fen":0,"leader_above_fen":1}`, false},
		{"at the maximum", `{"two_approvers_above_fen":1,"leader_above_fen":1000000000000000}`, true},
		{"above the maximum", `{"two_approvers_above_fen":1,"leader_above_fen":1000000000000001}`, false},
		{"fraction", `{"two_approvers_above_fen":1.5,"leader_above_fen":2}`, false},
		{"unknown field", `{"two_approvers_above_fen":1,"leader_above_fen":2,"x":1}`, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := p.Check(json.RawMessage(tc.value))
			if (err == nil) != tc.ok {
				t.Fatalf("%s: got %v, want ok=%v", tc.value, err, tc.ok)
			}
		})
	}
}
