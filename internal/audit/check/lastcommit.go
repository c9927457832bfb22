package check

import (
	abci "github.com/cometbft/cometbft/abci/types"
	cmtproto "github.com/cometbft/cometbft/api/cometbft/types/v1"
	"github.com/cometbft/cometbft/types"
)

// decidedLastCommit rebuilds what CometBFT passed as FinalizeBlock's
// DecidedLastCommit from the block's LastCommit: the app records which
// validators signed (governance's validator guard), so a replay must give
// it the same signers or its app hash differs. Only addresses and flags are
// read by the app; powers are left out.
func decidedLastCommit(b *types.Block) abci.CommitInfo {
	var ci abci.CommitInfo
	if b.LastCommit == nil {
		return ci
	}
	ci.Round = b.LastCommit.Round
	for _, s := range b.LastCommit.Signatures {
		ci.Votes = append(ci.Votes, abci.VoteInfo{Validator: abci.Validator{Address: s.ValidatorAddress},
			BlockIdFlag: cmtproto.BlockIDFlag(s.BlockIDFlag)})
	}
	return ci
}

// genesisValidators is InitChain's validator list as CometBFT builds it
// from the genesis file (the app keeps the set in state).
func genesisValidators(g *types.GenesisDoc) []abci.ValidatorUpdate {
	out := make([]abci.ValidatorUpdate, 0, len(g.Validators))
	for _, v := range g.Validators {
		out = append(out, abci.NewValidatorUpdate(v.PubKey, v.Power))
	}
	return out
}
