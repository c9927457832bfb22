// Package sharing is cross-department data sharing (政务数据共享): a
// catalogue of each department's data resources with their share class
// (无条件 / 有条件 / 不予共享), requests answered within a time limit in
// working days, arbitration by the data management bureau, grants with
// their revocation, and the access record of every delivery. The data
// itself never goes on chain: the catalogue holds field names and types,
// an access record the hash of what was delivered.
package sharing

import (
	"github.com/pingshan/govchain/internal/module"
)

// Module is the sharing module.
type Module struct{}

// Name implements module.Module.
func (Module) Name() string { return "sharing" }

// Actions implements module.Module. Who may do what (docs/data-sharing.md):
//   - a department admin keeps its catalogue;
//   - an admin, clerk or reviewer asks for data (the staff who handle the
//     cases that need it);
//   - the owner's admin or reviewer answers and revokes;
//   - the data bureau's admin arbitrates (the department is checked in the
//     handler: sharing.data_bureau);
//   - the owner's node account (gateway) or its admin or reviewer records a
//     delivery;
//   - the requesting department's staff attach a delivery to a case they
//     are reviewing (the case's step is checked in the handler).
func (Module) Actions() []module.Action {
	admin := []string{module.RoleAdmin}
	asker := []string{module.RoleAdmin, module.RoleClerk, module.RoleReviewer}
	owner := []string{module.RoleAdmin, module.RoleReviewer}
	deliverer := []string{module.RoleAdmin, module.RoleReviewer, module.RoleGateway}
	return []module.Action{
		{Name: "register_resource", Roles: admin, Decode: module.DecodeJSON[RegisterResource], Handle: handleRegister},
		{Name: "retire_resource", Roles: admin, Decode: module.DecodeJSON[RetireResource], Handle: handleRetire},
		{Name: "request", Roles: asker, Decode: module.DecodeJSON[RequestData], Handle: handleRequest},
		{Name: "answer", Roles: owner, Decode: module.DecodeJSON[Decide], Handle: handleAnswer},
		{Name: "arbitrate", Roles: admin, Decode: module.DecodeJSON[Decide], Handle: handleArbitrate},
		{Name: "revoke", Roles: owner, Decode: module.DecodeJSON[Revoke], Handle: handleRevoke},
		{Name: "record_access", Roles: deliverer, Decode: module.DecodeJSON[RecordAccess], Handle: handleRecordAccess},
		{Name: "attach_to_case", Roles: asker, Decode: module.DecodeJSON[AttachToCase], Handle: handleAttach},
	}
}
