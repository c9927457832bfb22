// Package evaluation records what the platform's evaluation (运行效果评估)
// needs on chain beyond what the other modules already hold: the
// pre-platform baselines the data management bureau publishes (for
// example 2024's average land-approval time, with the hash of the
// statistical report it comes from), and the signed summaries of
// auditors' `govchain audit` runs. The five dimensions themselves are
// computed off chain from the index and committed state (query*.go), so
// every figure can be traced to the records behind it.
package evaluation

import "github.com/pingshan/govchain/internal/module"

// Module is the evaluation module.
type Module struct{}

// Name implements module.Module.
func (Module) Name() string { return "evaluation" }

// Actions implements module.Module. Who may do what (docs/evaluation.md):
//   - the data bureau's admin publishes baselines (the department is
//     checked in the handler against sharing.data_bureau, the same
//     parameter that names the bureau for data-sharing arbitration);
//   - any department's auditor publishes an audit report summary;
//   - a department's staff account (the node's anchoring key, the one
//     that anchors the access log's head) publishes the monthly digest of
//     its node's access log, for its own department only (access.go).
func (Module) Actions() []module.Action {
	return []module.Action{
		{Name: "publish_baseline", Roles: []string{module.RoleAdmin}, Decode: module.DecodeJSON[PublishBaseline], Handle: handlePublishBaseline},
		{Name: "publish_audit", Roles: []string{module.RoleAuditor}, Decode: module.DecodeJSON[PublishAudit], Handle: handlePublishAudit},
		{Name: "publish_accesses", Roles: []string{module.RoleAdmin, module.RoleClerk, module.RoleReviewer, module.RoleApprover, module.RoleFinance, module.RoleAuditor},
			Decode: module.DecodeJSON[PublishAccesses], Handle: handlePublishAccesses},
	}
}
