package app

import (
	cmtproto "github.com/cometbft/cometbft/api/cometbft/types/v1"

	"github.com/pingshan/govchain/internal/module/governance"
	"github.com/pingshan/govchain/internal/store"
	"github.com/pingshan/govchain/internal/upgrade"
)

// consensusUpdates is the block's consensus parameter update: block and
// evidence parameters a passed proposal set in this block, and the app
// version. Whenever CometBFT receives an update it also takes the app
// version from it, so every update carries the current one (an update of
// the block size alone must not reset the version to 0).
// upgraded says an upgrade applied at the start of this block.
func consensusUpdates(working store.Reader, height int64, upgraded bool) (*cmtproto.ConsensusParams, error) {
	upd, err := governance.ConsensusUpdates(working, height)
	if err != nil {
		return nil, err
	}
	if upd == nil && !upgraded {
		return nil, nil
	}
	if upd == nil {
		upd = &cmtproto.ConsensusParams{}
	}
	v, ok, err := governance.StoredAppVersion(working)
	if err != nil {
		return nil, err
	}
	if !ok {
		v = upgrade.GenesisAppVersion
	}
	upd.Version = &cmtproto.VersionParams{App: v}
	return upd, nil
}
