// Package governance lets the departments run the platform together: a
// committee of departments with vote weights decides proposals under
// per-type policies (parameter changes, keeping or lifting emergency
// freezes); a registry holds every governable parameter the modules
// declare, with its history; two admins of different departments can
// freeze an account, a department's signing or a process at once; and an
// incident register records what happened and what was done.
package governance

import (
	"github.com/pingshan/govchain/internal/module"
)

// Module is the governance module. Build it with New: it needs the other
// modules' parameter declarations.
type Module struct {
	reg *Registry
	// movers hold open work for departments, in module order; a merger
	// moves it through them.
	movers []module.DepartmentMover
	// processes holds process definitions (workflow): a process proposal
	// is checked and published through it.
	processes module.ProcessKeeper
	// holders keep data sealed to departments' encryption keys, in module
	// order; a key rotation lists their entries for re-wrap.
	holders []module.SealedHolder
}

// New builds the module over the build's modules (it reads their Params
// and finds the ones that hold departments' open work).
func New(mods []module.Module) Module {
	m := Module{reg: NewRegistry(mods)}
	for _, x := range mods {
		if mv, ok := x.(module.DepartmentMover); ok {
			m.movers = append(m.movers, mv)
		}
		if pk, ok := x.(module.ProcessKeeper); ok && m.processes == nil {
			m.processes = pk
		}
		if h, ok := x.(module.SealedHolder); ok {
			m.holders = append(m.holders, h)
		}
	}
	return m
}

// Name implements module.Module.
func (Module) Name() string { return "governance" }

// Registry is the parameter registry.
func (m Module) Registry() *Registry { return m.reg }

// Actions implements module.Module.
func (m Module) Actions() []module.Action {
	admin := []string{module.RoleAdmin}
	incident := []string{module.RoleAdmin, module.RoleAuditor}
	return []module.Action{
		{Name: "propose", Roles: admin, Decode: m.decodePropose, Handle: m.handlePropose},
		{Name: "vote", Roles: admin, Decode: module.DecodeJSON[VoteRequest], Handle: m.handleVote},
		{Name: "withdraw", Roles: admin, Decode: module.DecodeJSON[Withdraw], Handle: m.handleWithdraw},
		{Name: "freeze", Roles: admin, Decode: module.DecodeJSON[RequestFreeze], Handle: m.handleFreeze},
		{Name: "cosign_freeze", Roles: admin, Decode: module.DecodeJSON[CosignFreeze], Handle: m.handleCosign},
		{Name: "validator_attest", Roles: admin, Decode: module.DecodeJSON[AttestValidator], Handle: m.handleAttest},
		{Name: "rotate_enc_key", Roles: admin, Decode: module.DecodeJSON[RotateEncKey], Handle: m.handleRotateEncKey},
		{Name: "rewrap", Roles: admin, Decode: module.DecodeJSON[Rewrap], Handle: m.handleRewrap},
		{Name: "incident_open", Roles: incident, Decode: module.DecodeJSON[OpenIncident], Handle: handleIncidentOpen},
		{Name: "incident_update", Roles: incident, Decode: module.DecodeJSON[UpdateIncident], Handle: handleIncidentUpdate},
		{Name: "incident_close", Roles: incident, Decode: module.DecodeJSON[CloseIncident], Handle: handleIncidentClose},
		{Name: "incident_publish", Roles: admin, Decode: module.DecodeJSON[PublishIncident], Handle: handleIncidentPublish},
	}
}
