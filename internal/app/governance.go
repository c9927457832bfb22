package app

import "github.com/pingshan/govchain/internal/module/governance"

// Governance is the build's governance module (false in a build without).
func (a *App) Governance() (governance.Module, bool) {
	for _, m := range a.modules {
		if g, ok := m.(governance.Module); ok {
			return g, true
		}
	}
	return governance.Module{}, false
}
