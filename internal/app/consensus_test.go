package app_test

import (
	"testing"

	"github.com/pingshan/govchain/internal/cryptosuite"
	"github.com/pingshan/govchain/internal/module/governance"
	"github.com/pingshan/govchain/internal/upgrade"
)

// TestConsensusParamsByProposal: the block in which a consensus.block
// proposal passes returns the new block parameters as a consensus
// parameter update, with the registry's evidence parameters (the pair
// stays valid whatever the genesis had) and the current app version (never
// 0); other blocks return none.
func TestConsensusParamsByProposal(t *testing.T) {
	c := newTestChain(t, cryptosuite.Intl)
	prop := c.Sign("nrb-admin", "governance", "propose", map[string]any{"type": governance.TypeParam,
		"payload": map[string]any{"name": governance.ParamConsensusBlock, "value": map[string]any{"max_bytes": 2 << 20, "max_gas": -1}}})
	if res := c.Block(prop); res[0].Code != 0 {
		t.Fatalf("propose: %s", res[0].Log)
	}
	vote := c.Sign("fin-admin", "governance", "vote", map[string]any{"proposal": 1, "choice": "yes"})
	res := c.BlockResponse(vote)
	if res.TxResults[0].Code != 0 {
		t.Fatalf("vote: %+v", res)
	}
	u := res.ConsensusParamUpdates
	if u == nil || u.Block == nil || u.Block.MaxBytes != 2<<20 || u.Block.MaxGas != -1 || u.Evidence == nil || u.Evidence.MaxBytes != 256<<10 ||
		u.Version == nil || u.Version.App != upgrade.GenesisAppVersion {
		t.Fatalf("update: got %+v, want block 2 MiB / -1 and version %d", u, upgrade.GenesisAppVersion)
	}
	if res := c.BlockResponse(); res.ConsensusParamUpdates != nil {
		t.Fatalf("next block: update %+v", res.ConsensusParamUpdates)
	}
}
