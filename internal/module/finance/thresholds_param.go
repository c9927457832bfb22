package finance

import (
	"encoding/json"
	"fmt"

	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/module/governance"
	"github.com/pingshan/govchain/internal/store"
)

// ParamApprovalThresholds names the payment approval thresholds in the
// governance registry: once a proposal sets it, it overrides the genesis
// values of Params.TwoApproversAboveFen and LeaderAboveFen.
const ParamApprovalThresholds = "finance.approval_thresholds"

// ApprovalThresholds is the value of finance.approval_thresholds, in fen.
type ApprovalThresholds struct {
	TwoApproversAboveFen int64 `json:"two_approvers_above_fen"`
	LeaderAboveFen       int64 `json:"leader_above_fen"`
}

// ApprovalThresholdsParam declares finance.approval_thresholds.
func ApprovalThresholdsParam() module.Param {
	d := DefaultParams()
	def, _ := json.Marshal(ApprovalThresholds{TwoApproversAboveFen: d.TwoApproversAboveFen, LeaderAboveFen: d.LeaderAboveFen})
	return module.Param{Name: ParamApprovalThresholds,
		Doc:     "payment approval thresholds in fen: above two_approvers_above_fen two Finance Bureau approvers, above leader_above_fen also a leader (until set: the genesis values)",
		Default: def, Check: func(raw json.RawMessage) (json.RawMessage, error) {
			var a ApprovalThresholds
			if err := module.DecodeStrict(raw, &a); err != nil {
				return nil, fmt.Errorf("%s: %v", ParamApprovalThresholds, err)
			}
			if a.TwoApproversAboveFen < 1 || a.TwoApproversAboveFen > MaxAmountFen {
				return nil, fmt.Errorf("%s: two_approvers_above_fen must be in 1..%d", ParamApprovalThresholds, MaxAmountFen)
			}
			if a.LeaderAboveFen < a.TwoApproversAboveFen || a.LeaderAboveFen > MaxAmountFen {
				return nil, fmt.Errorf("%s: leader_above_fen must be at least two_approvers_above_fen and at most %d", ParamApprovalThresholds, MaxAmountFen)
			}
			return json.Marshal(a)
		}}
}

// Params implements module.ParamModule.
func (Module) Params() []module.Param { return []module.Param{ApprovalThresholdsParam()} }

// withGovernedThresholds applies finance.approval_thresholds over p once a
// proposal (or the governance genesis) has set it.
func withGovernedThresholds(r store.Reader, p Params) (Params, error) {
	ps, err := governance.GetParamState(r, ParamApprovalThresholds)
	if err != nil || ps == nil {
		return p, err
	}
	var a ApprovalThresholds
	if err := json.Unmarshal(ps.Value, &a); err != nil {
		return Params{}, fmt.Errorf("corrupt parameter %s: %w", ParamApprovalThresholds, err)
	}
	p.TwoApproversAboveFen, p.LeaderAboveFen = a.TwoApproversAboveFen, a.LeaderAboveFen
	return p, nil
}
