package index

import (
	"bytes"
	"fmt"
	"sync"

	"github.com/cometbft/cometbft/types"
)

// BlockLoader is the part of CometBFT's block store the index reads.
type BlockLoader interface {
	LoadBlock(height int64) (*types.Block, *types.BlockMeta)
}

// BlockTxs reads txs from a CometBFT block store. It keeps the txs of the
// block it loaded last: the index asks for the texts of one block's items
// one after another, and loading a block (decoding it and re-hashing all
// its txs) for each of them was a third of a block-syncing node's CPU with
// blocks of a few hundred txs. A committed block never changes, so the
// copy cannot go stale.
func BlockTxs(bs BlockLoader) TxSource {
	var mu sync.Mutex
	lastHeight := int64(-1)
	var lastTxs types.Txs
	return func(height int64, index uint32) ([]byte, error) {
		mu.Lock()
		defer mu.Unlock()
		if height != lastHeight {
			b, err := loadBlock(bs, height)
			if err != nil {
				return nil, err
			}
			if b == nil {
				return nil, fmt.Errorf("block %d is not in the block store", height)
			}
			lastHeight, lastTxs = height, b.Data.Txs
		}
		if int(index) >= len(lastTxs) {
			return nil, fmt.Errorf("block %d has %d txs, no tx %d", height, len(lastTxs), index)
		}
		// A copy: a caller that changes its tx cannot change the next one's.
		return bytes.Clone(lastTxs[index]), nil
	}
}

// loadBlock is bs.LoadBlock with its panics made errors: CometBFT's block
// store panics on a block that does not decode or whose header does not
// match its data (a damaged or altered file), and the index reads every
// block — in the node, and in `govchain audit`, which must report such a
// block, not die on it.
func loadBlock(bs BlockLoader, height int64) (b *types.Block, err error) {
	defer func() {
		if r := recover(); r != nil {
			b, err = nil, fmt.Errorf("block %d does not load: %v", height, r)
		}
	}()
	b, _ = bs.LoadBlock(height)
	return b, nil
}
