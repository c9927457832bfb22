// Package upgrade is the registry of software upgrades a binary knows: for
// each, its name (as a passed software_upgrade proposal names it), the app
// version the chain runs after it, and the state migration to run at its
// height. The app is given a Registry explicitly (app.Config.Upgrades); a
// binary given one that lacks a scheduled upgrade stops at its height
// naming it, which is also how tests simulate an old binary.
package upgrade

import (
	"fmt"
	"slices"

	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/module/governance"
)

// Migration changes state at the upgrade's height, before the block's txs,
// deterministically (block height and time only). It runs in an overlay:
// an error leaves nothing behind and stops the node.
type Migration func(ctx *module.Context) error

// Upgrade is one known upgrade.
type Upgrade struct {
	Name string
	// AppVersion is the version the chain runs from the upgrade's height
	// on; it must be above every earlier upgrade's.
	AppVersion uint64
	// Migrate may be nil: an upgrade that only changes code.
	Migrate Migration
	// Doc says what the upgrade changes, for `govchain upgrades`.
	Doc string
}

// Registry is an ordered set of upgrades, oldest first.
type Registry struct {
	list []Upgrade
}

// NewRegistry checks and orders a binary's upgrades: names valid and
// unique, app versions strictly increasing in the order given and above
// base (the genesis app version).
func NewRegistry(base uint64, ups ...Upgrade) (Registry, error) {
	prev := base
	seen := map[string]bool{}
	for _, u := range ups {
		if err := governance.ValidUpgradeName(u.Name); err != nil {
			return Registry{}, err
		}
		if seen[u.Name] {
			return Registry{}, fmt.Errorf("upgrade %q registered twice", u.Name)
		}
		seen[u.Name] = true
		if u.AppVersion <= prev {
			return Registry{}, fmt.Errorf("upgrade %q: app version %d is not above %d", u.Name, u.AppVersion, prev)
		}
		prev = u.AppVersion
	}
	return Registry{list: slices.Clone(ups)}, nil
}

// Lookup finds an upgrade by name.
func (r Registry) Lookup(name string) (Upgrade, bool) {
	for _, u := range r.list {
		if u.Name == name {
			return u, true
		}
	}
	return Upgrade{}, false
}

// List is every upgrade, oldest first.
func (r Registry) List() []Upgrade { return slices.Clone(r.list) }

// Without is the registry less the named upgrades: what an older binary
// knows (tests, and `govchain start --forget-upgrade` in drills).
func (r Registry) Without(names ...string) Registry {
	out := Registry{}
	for _, u := range r.list {
		if !slices.Contains(names, u.Name) {
			out.list = append(out.list, u)
		}
	}
	return out
}
