package finance

import (
	"fmt"

	"github.com/pingshan/govchain/internal/module"
)

// Requirement is what a payment's amount demands before it can be paid.
type Requirement struct {
	FinanceBureau int `json:"finance_bureau"` // distinct Finance Bureau approvers
	Leader        int `json:"leader"`         // a leader, not counted among them
}

// Required reads the thresholds: up to TwoApproversAboveFen one Finance
// Bureau approver; above it two; above LeaderAboveFen also a leader.
func Required(p Params, amountFen int64) Requirement {
	r := Requirement{FinanceBureau: 1}
	if amountFen > p.TwoApproversAboveFen {
		r.FinanceBureau = 2
	}
	if amountFen > p.LeaderAboveFen {
		r.Leader = 1
	}
	return r
}

func (r Requirement) slots() int { return r.FinanceBureau + r.Leader }

func (r Requirement) String() string {
	s := fmt.Sprintf("%d Finance Bureau approval(s)", r.FinanceBureau)
	if r.Leader > 0 {
		s += " and a leader's"
	}
	return s
}

// capacities says in which roles an account's approval can count: a
// Finance Bureau member with the finance or approver role approves for the
// bureau; an approver of a leader department approves as a leader. One
// account may hold both but fills only one slot on a payment.
func capacities(p Params, s module.Signer) (bureau, leader bool) {
	bureau = s.Department == p.FinanceDepartment && (s.HasRole(module.RoleFinance) || s.HasRole(module.RoleApprover))
	leader = s.HasRole(module.RoleApprover) && p.isLeaderDepartment(s.Department)
	return bureau, leader
}

// progress is how many of the requirement's slots the approvals fill, each
// approval filling at most one: the best assignment over who is the leader.
func progress(r Requirement, approvals []Approval) int {
	bureau := 0
	for _, a := range approvals {
		if a.FinanceBureau {
			bureau++
		}
	}
	best := min(r.FinanceBureau, bureau)
	if r.Leader == 0 {
		return best
	}
	for _, a := range approvals {
		if !a.Leader {
			continue
		}
		others := bureau
		if a.FinanceBureau {
			others--
		}
		best = max(best, 1+min(r.FinanceBureau, others))
	}
	return best
}

// Satisfied reports whether approvals meet the requirement.
func Satisfied(r Requirement, approvals []Approval) bool { return progress(r, approvals) >= r.slots() }
