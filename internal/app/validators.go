package app

import (
	"fmt"

	abci "github.com/cometbft/cometbft/abci/types"
	cmtproto "github.com/cometbft/cometbft/api/cometbft/types/v1"

	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/store"
)

// ed25519KeyType is CometBFT's name of its Ed25519 key type.
const ed25519KeyType = "ed25519"

// validatorKeeper is the module that owns the validator set (governance),
// or nil in a build without one.
func (a *App) validatorKeeper() module.ValidatorKeeper {
	for _, m := range a.modules {
		if vk, ok := m.(module.ValidatorKeeper); ok {
			return vk
		}
	}
	return nil
}

// initValidators hands InitChain's validators to the keeper.
func (a *App) initValidators(kv store.KV, height int64, req *abci.InitChainRequest) error {
	vk := a.validatorKeeper()
	if vk == nil {
		return nil
	}
	vals := make([]module.ValidatorUpdate, 0, len(req.Validators))
	for _, v := range req.Validators {
		if v.PubKeyType != ed25519KeyType {
			return fmt.Errorf("genesis validator key type %q: only %s", v.PubKeyType, ed25519KeyType)
		}
		vals = append(vals, module.ValidatorUpdate{PubKey: v.PubKeyBytes, Power: v.Power})
	}
	ctx := &module.Context{KV: kv, Suite: a.suite, ChainID: a.chainID, Height: height, BlockTime: req.Time.UTC()}
	return vk.InitValidators(ctx, vals)
}

// beginBlock gives the keeper the block's hash and who signed the last
// block, before the block's txs.
func (a *App) beginBlock(working store.KV, req *abci.FinalizeBlockRequest) error {
	vk := a.validatorKeeper()
	if vk == nil {
		return nil
	}
	info := module.BlockInfo{Hash: req.Hash}
	for _, v := range req.DecidedLastCommit.Votes {
		if v.BlockIdFlag == cmtproto.BlockIDFlagCommit {
			info.Signers = append(info.Signers, v.Validator.Address)
		}
	}
	ov := store.NewOverlay(working)
	ctx := &module.Context{KV: ov, Suite: a.suite, ChainID: a.chainID, Height: a.blockHeight, BlockTime: a.blockTime}
	if err := vk.BeginBlock(ctx, info); err != nil {
		return err
	}
	return ov.Write()
}

// validatorUpdates are the changes to return to CometBFT for this block.
func (a *App) validatorUpdates(r store.Reader) ([]abci.ValidatorUpdate, error) {
	vk := a.validatorKeeper()
	if vk == nil {
		return nil, nil
	}
	ups, err := vk.ValidatorUpdates(r, a.blockHeight)
	if err != nil || len(ups) == 0 {
		return nil, err
	}
	out := make([]abci.ValidatorUpdate, 0, len(ups))
	for _, u := range ups {
		out = append(out, abci.ValidatorUpdate{Power: u.Power, PubKeyType: ed25519KeyType, PubKeyBytes: u.PubKey})
	}
	return out, nil
}
