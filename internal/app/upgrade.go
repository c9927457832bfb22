package app

import (
	"errors"
	"fmt"

	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/module/governance"
	"github.com/pingshan/govchain/internal/store"
	"github.com/pingshan/govchain/internal/upgrade"
)

// UpgradeNeededError stops a node at the height of a scheduled upgrade
// its binary does not know. FinalizeBlock returns it before executing
// anything of the block, so the node's state stays at the block before:
// restarted with a binary that knows the upgrade, it replays the block.
type UpgradeNeededError struct {
	Name     string
	Height   int64
	Info     string
	Proposal uint64
}

func (e *UpgradeNeededError) Error() string {
	s := fmt.Sprintf("UPGRADE NEEDED: upgrade %q (proposal %d) applies at height %d and this binary does not know it; "+
		"install a govchain binary whose `govchain upgrades` lists %q and start the node again", e.Name, e.Proposal, e.Height, e.Name)
	if e.Info != "" {
		s += " (" + e.Info + ")"
	}
	return s
}

// AsUpgradeNeeded finds an UpgradeNeededError in err's chain.
func AsUpgradeNeeded(err error) (*UpgradeNeededError, bool) {
	var u *UpgradeNeededError
	ok := errors.As(err, &u)
	return u, ok
}

// beginUpgrade runs, at the start of a block, the scheduled upgrade whose
// height has come: its migration, then the record that moves the app
// version. It reports whether an upgrade applied (the block's consensus
// parameter update then carries the new app version).
func (a *App) beginUpgrade(working store.KV, height int64) (bool, []module.Event, error) {
	plan, err := governance.PendingUpgrade(working)
	if err != nil || plan == nil || plan.Height > height {
		return false, nil, err
	}
	up, ok := a.upgrades.Lookup(plan.Name)
	if !ok {
		return false, nil, &UpgradeNeededError{Name: plan.Name, Height: plan.Height, Info: plan.Info, Proposal: plan.Proposal}
	}
	ov := store.NewOverlay(working)
	ctx := &module.Context{KV: ov, Suite: a.suite, ChainID: a.chainID, Height: height, BlockTime: a.blockTime}
	if up.Migrate != nil {
		if err := up.Migrate(ctx); err != nil {
			return false, nil, fmt.Errorf("upgrade %q migration: %w", plan.Name, err)
		}
	}
	if err := governance.MarkUpgradeApplied(ctx, plan, up.AppVersion); err != nil {
		return false, nil, err
	}
	if err := ov.Write(); err != nil {
		return false, nil, err
	}
	a.log.Info("upgrade applied", "upgrade", plan.Name, "height", height, "app_version", up.AppVersion)
	return true, ctx.Events(), nil
}

// CurrentAppVersion is the app version of the committed state: the one the last
// applied upgrade set, or the genesis version.
func (a *App) CurrentAppVersion() uint64 {
	v, ok, err := governance.StoredAppVersion(a.store.Committed())
	if err != nil || !ok {
		return upgrade.GenesisAppVersion
	}
	return v
}

// Upgrades is the registry of upgrades this app runs.
func (a *App) Upgrades() upgrade.Registry { return a.upgrades }
