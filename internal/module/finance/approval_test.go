package finance_test

import (
	"testing"

	"github.com/pingshan/govchain/internal/errcode"
	"github.com/pingshan/govchain/internal/module/finance"
	"github.com/pingshan/govchain/internal/tx"
)

// TestApprovalThresholds walks payments of amounts around the thresholds
// through approvers of every kind: Finance Bureau officers (finance),
// its director (approver + finance), the government's approver (a
// leader), and people who must not count.
func TestApprovalThresholds(t *testing.T) {
	type ap struct {
		who  string
		want *errcode.Error
	}
	govOnly := finance.DefaultParams()
	govOnly.LeaderDepartments = []string{"gov"}
	low := finance.DefaultParams()
	low.TwoApproversAboveFen, low.LeaderAboveFen = 100_000, 1_000_000
	const two, leader = 50_000_000, 500_000_000
	cases := []struct {
		name      string
		params    *finance.Params
		amount    int64
		approvals []ap
		status    string // after the approvals
	}{
		{"500,000 needs one bureau approval", nil, two, []ap{{"fin-officer2", nil}}, finance.StatusApproved},
		{"the director alone suffices at 500,000", nil, two, []ap{{"fin-director", nil}}, finance.StatusApproved},
		{"above 500,000 one is not enough", nil, two + 1, []ap{{"fin-officer2", nil}}, finance.StatusRequested},
		{"above 500,000 two distinct bureau approvals", nil, two + 1, []ap{{"fin-officer2", nil}, {"fin-officer", nil}}, finance.StatusApproved},
		{"one account approves once", nil, two + 1, []ap{{"fin-officer2", nil}, {"fin-officer2", finance.ErrAlreadyApproved}}, finance.StatusRequested},
		{"a leader alone cannot approve a small payment", nil, 1_000, []ap{{"gov-approver", finance.ErrNotEligible}}, finance.StatusRequested},
		{"an approver outside leader departments", nil, 1_000, []ap{{"nrb-approver", finance.ErrNotEligible}}, finance.StatusRequested},
		{"a department's finance role is not the bureau", nil, 1_000, []ap{{"gsd-accountant", finance.ErrNotEligible}}, finance.StatusRequested},
		{"an auditor has no approving role", nil, 1_000, []ap{{"aud-auditor", tx.ErrRoleNotAllowed}}, finance.StatusRequested},
		{"the bureau's admin has no approving role", nil, 1_000, []ap{{"fin-admin", tx.ErrRoleNotAllowed}}, finance.StatusRequested},
		{"5,000,000 needs no leader", nil, leader, []ap{{"fin-officer2", nil}, {"fin-officer", nil}}, finance.StatusApproved},
		{"above 5,000,000 two bureau approvals are not enough", nil, leader + 1,
			[]ap{{"fin-officer2", nil}, {"fin-officer", nil}}, finance.StatusRequested},
		{"above 5,000,000 two bureau approvals and a leader", nil, leader + 1,
			[]ap{{"fin-officer2", nil}, {"fin-officer", nil}, {"gov-approver", nil}}, finance.StatusApproved},
		{"leader first", nil, leader + 1,
			[]ap{{"gov-approver", nil}, {"fin-officer2", nil}, {"fin-officer", nil}}, finance.StatusApproved},
		{"the director fills one slot, not two", nil, leader + 1,
			[]ap{{"fin-director", nil}, {"fin-officer2", nil}}, finance.StatusRequested},
		{"the director as leader after two officers", nil, leader + 1,
			[]ap{{"fin-officer2", nil}, {"fin-officer", nil}, {"fin-director", nil}}, finance.StatusApproved},
		{"no approval after approval is complete", nil, 1_000,
			[]ap{{"fin-officer2", nil}, {"fin-officer", finance.ErrStatus}}, finance.StatusApproved},
		{"leader departments from genesis: the director is no leader", &govOnly, leader + 1,
			[]ap{{"fin-officer2", nil}, {"fin-officer", nil}, {"fin-director", finance.ErrNotEligible}, {"gov-approver", nil}}, finance.StatusApproved},
		{"thresholds from genesis", &low, 100_001,
			[]ap{{"fin-officer2", nil}}, finance.StatusRequested},
		{"thresholds from genesis: leader", &low, 1_000_001,
			[]ap{{"fin-officer2", nil}, {"fin-officer", nil}, {"gov-approver", nil}}, finance.StatusApproved},
	}
	for _, suite := range suites {
		for _, tc := range cases {
			t.Run(suite+"/"+tc.name, func(t *testing.T) {
				c := newChain(t, suite, tc.params)
				lineID := idOf(c.MustDo("fin-officer", "finance", "create_budget_line", line("eeb", "2110302", "30227", 1_000_000_000)))
				alloc := idOf(c.MustDo("fin-officer", "finance", "allocate", map[string]any{"line_id": lineID,
					"project_code": "EEB-T", "project_name": "测试", "amount_fen": 1_000_000_000}))
				id := idOf(c.MustDo("eeb-accountant", "finance", "request_payment", payment(alloc, tc.amount, org("深圳市测试有限公司"))))
				for _, a := range tc.approvals {
					wantCode(t, c.Do(a.who, "finance", "approve_payment", map[string]any{"payment_id": id}), a.want)
				}
				st, err := finance.GetPaymentState(c.State(), id)
				if err != nil {
					t.Fatal(err)
				}
				if st.Status != tc.status {
					t.Fatalf("status %s, want %s", st.Status, tc.status)
				}
				// Disbursing is possible exactly when approval is complete.
				var want *errcode.Error = finance.ErrApprovalsMissing
				if tc.status == finance.StatusApproved {
					want = nil
				}
				wantCode(t, c.Do("fin-officer", "finance", "disburse", map[string]any{"payment_id": id}), want)
				checkInvariants(t, c)
			})
		}
	}
}

// TestRequesterCannotApprove: segregation of duties inside the Finance
// Bureau, whose own budget its officers both request and approve.
func TestRequesterCannotApprove(t *testing.T) {
	c := newChain(t, "intl", nil)
	lineID := idOf(c.MustDo("fin-officer", "finance", "create_budget_line", line("fin", "2010601", "30201", 1_000_000)))
	alloc := idOf(c.MustDo("fin-officer", "finance", "allocate", map[string]any{"line_id": lineID, "project_code": "FIN-BG",
		"project_name": "办公", "amount_fen": 1_000_000}))
	id := idOf(c.MustDo("fin-officer", "finance", "request_payment", payment(alloc, 1_000, org("深圳市测试有限公司"))))
	wantCode(t, c.Do("fin-officer", "finance", "approve_payment", map[string]any{"payment_id": id}), finance.ErrSelfApproval)
	wantCode(t, c.Do("fin-officer2", "finance", "approve_payment", map[string]any{"payment_id": id}), nil)
}

func TestRequired(t *testing.T) {
	p := finance.DefaultParams()
	for _, tc := range []struct {
		fen  int64
		want finance.Requirement
	}{
		{1, finance.Requirement{FinanceBureau: 1}},
		{50_000_000, finance.Requirement{FinanceBureau: 1}},
		{50_000_001, finance.Requirement{FinanceBureau: 2}},
		{500_000_000, finance.Requirement{FinanceBureau: 2}},
		{500_000_001, finance.Requirement{FinanceBureau: 2, Leader: 1}},
	} {
		if got := finance.Required(p, tc.fen); got != tc.want {
			t.Errorf("Required(%d) = %+v, want %+v", tc.fen, got, tc.want)
		}
	}
}
