package app_test

import (
	"context"
	"errors"
	"testing"

	abci "github.com/cometbft/cometbft/abci/types"

	"github.com/pingshan/govchain/internal/app"
	"github.com/pingshan/govchain/internal/apptest"
	"github.com/pingshan/govchain/internal/cryptosuite"
	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/module/governance"
	"github.com/pingshan/govchain/internal/upgrade"
)

const testUpgrade = "t-upgrade"

func testRegistry(t testing.TB, migrate upgrade.Migration) upgrade.Registry {
	r, err := upgrade.NewRegistry(upgrade.GenesisAppVersion, upgrade.Upgrade{Name: testUpgrade, AppVersion: 7, Migrate: migrate})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// scheduleUpgrade passes an upgrade proposal for height h (both test
// departments vote yes) and returns the height it passed at.
func scheduleUpgrade(t *testing.T, c *apptest.Chain, h int64) {
	t.Helper()
	prop := c.Sign("nrb-admin", "governance", "propose", map[string]any{"type": governance.TypeUpgrade,
		"payload": map[string]any{"name": testUpgrade, "height": h, "info": "release 7"}})
	if res := c.Block(prop); res[0].Code != 0 {
		t.Fatalf("propose: %s", res[0].Log)
	}
	vote := c.Sign("fin-admin", "governance", "vote", map[string]any{"proposal": 1, "choice": "yes"})
	if res := c.Block(vote); res[0].Code != 0 {
		t.Fatalf("vote: %s", res[0].Log)
	}
	plan, err := governance.PendingUpgrade(c.App.Store().Committed())
	if err != nil || plan == nil || plan.Name != testUpgrade || plan.Height != h {
		t.Fatalf("plan after the vote: %+v, %v", plan, err)
	}
}

// TestUpgradeStopsOldBinaryAndMigratesNew: two apps on the same chain, one
// whose registry lacks the scheduled upgrade. At the height the old one
// refuses the block naming the upgrade and changes nothing; restarted over
// the same store with the new registry it migrates and reaches the new
// one's app hash; the app version moves in the consensus parameters and
// in Info.
func TestUpgradeStopsOldBinaryAndMigratesNew(t *testing.T) {
	migrate := func(ctx *module.Context) error { return ctx.KV.Set([]byte("upgrade/test/marker"), []byte{1}) }
	newer := newTestChainWith(t, cryptosuite.Intl, testRegistry(t, migrate))
	older := newTestChainWith(t, cryptosuite.Intl, upgrade.Registry{})
	const at = 16
	for _, c := range []*apptest.Chain{newer, older} {
		scheduleUpgrade(t, c, at)
		for c.Height() < at-1 {
			c.Block()
		}
	}
	if newer.AppHash() != older.AppHash() {
		t.Fatal("the two apps differ before the upgrade")
	}
	if v := older.App.CurrentAppVersion(); v != upgrade.GenesisAppVersion {
		t.Fatalf("app version before: got %d, want %d", v, upgrade.GenesisAppVersion)
	}

	// The old binary stops at the height, naming the upgrade.
	before := older.AppHash()
	_, err := older.App.FinalizeBlock(context.Background(), older.Next())
	up, ok := app.AsUpgradeNeeded(err)
	if !ok || up.Name != testUpgrade || up.Height != at {
		t.Fatalf("old binary at the upgrade height: got %v, want UpgradeNeededError naming %q", err, testUpgrade)
	}
	if h, _ := older.App.Store().WorkingHash(); older.AppHash() != before || string(h) != string(older.App.Store().CommittedHash()) {
		t.Fatal("the refused block changed state")
	}

	// The new binary migrates at the height.
	res := newer.BlockResponse()
	if res.ConsensusParamUpdates == nil || res.ConsensusParamUpdates.Version == nil || res.ConsensusParamUpdates.Version.App != 7 {
		t.Fatalf("consensus param updates: got %+v, want version.app 7", res.ConsensusParamUpdates)
	}
	info, _ := newer.App.Info(context.Background(), &abci.InfoRequest{})
	if info.AppVersion != 7 {
		t.Fatalf("Info app version: got %d, want 7", info.AppVersion)
	}
	st := newer.App.Store().Committed()
	if b, _ := st.Get([]byte("upgrade/test/marker")); b == nil {
		t.Fatal("the migration did not run")
	}
	if p, _ := governance.PendingUpgrade(st); p != nil {
		t.Fatalf("plan still pending after the upgrade: %+v", p)
	}
	if a, _ := governance.GetAppliedUpgrade(st, testUpgrade); a == nil || a.Height != at || a.AppVersion != 7 {
		t.Fatalf("applied record: %+v", a)
	}

	// The old node restarted with the new registry over its own store.
	restarted, err := app.New(app.Config{ChainID: apptest.ChainID, State: older.Genesis, Store: older.App.Store(), Upgrades: testRegistry(t, migrate)})
	if err != nil {
		t.Fatal(err)
	}
	older.Restart(restarted)
	older.Block()
	if older.AppHash() != newer.AppHash() {
		t.Fatalf("after the upgrade: restarted node %s, new binary %s", older.AppHash(), newer.AppHash())
	}
	// Both continue.
	newer.Block()
	older.Block()
	if older.AppHash() != newer.AppHash() {
		t.Fatal("the nodes diverge after the upgrade")
	}
}

// TestUpgradeMigrationFailureChangesNothing: a migration that fails stops
// the block with its error and leaves the plan in place.
func TestUpgradeMigrationFailureChangesNothing(t *testing.T) {
	boom := errors.New("boom")
	c := newTestChainWith(t, cryptosuite.Intl, testRegistry(t, func(ctx *module.Context) error {
		_ = ctx.KV.Set([]byte("half"), []byte{1})
		return boom
	}))
	scheduleUpgrade(t, c, 16)
	for c.Height() < 15 {
		c.Block()
	}
	_, err := c.App.FinalizeBlock(context.Background(), c.Next())
	if !errors.Is(err, boom) {
		t.Fatalf("got %v, want the migration's error", err)
	}
	if b, _ := c.App.Store().Working().Get([]byte("half")); b != nil {
		t.Fatal("a failed migration left a write behind")
	}
}
