package module

import "github.com/pingshan/govchain/internal/store"

// ValidatorUpdate is one CometBFT validator as the app sees it: an Ed25519
// public key (32 bytes) and a voting power; power 0 removes the key.
type ValidatorUpdate struct {
	PubKey []byte
	Power  int64
}

// BlockInfo is what consensus says about a block before its txs run: its
// hash and the CometBFT addresses of the validators whose precommits for
// the previous block were included (DecidedLastCommit), in the order
// CometBFT gave them. Both are the same on every node.
type BlockInfo struct {
	Hash    []byte
	Signers [][]byte
}

// ValidatorKeeper is the module that owns the validator set. The app
// hands it InitChain's validators, each block's BlockInfo before the txs,
// and asks it after EndBlock for the validator updates of the block, which
// go back to CometBFT in FinalizeBlock's response (they take effect two
// blocks later). At most one module implements it.
type ValidatorKeeper interface {
	Module
	InitValidators(ctx *Context, vals []ValidatorUpdate) error
	BeginBlock(ctx *Context, info BlockInfo) error
	ValidatorUpdates(r store.Reader, height int64) ([]ValidatorUpdate, error)
}
