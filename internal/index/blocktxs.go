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
		txs := lastTxs
		if height != lastHeight {
			// Loaded without the lock held: concurrent readers (audit's
			// checks) do not queue behind one block's decode; two loading
			// the same block at once is only work done twice.
			mu.Unlock()
			b, err := loadBlock(bs, height)
			if err != nil {
				return nil, err
			}
			if b == nil {
				return nil, fmt.Errorf("block %d is not in the block store", height)
			}
			txs = b.Data.Txs
			mu.Lock()
			lastHeight, lastTxs = height, txs
		}
		mu.Unlock()
		if int(index) >= len(txs) {
			return nil, fmt.Errorf("block %d has %d txs, no tx %d", height, len(txs), index)
		}
		// A copy: a caller that changes its tx cannot change the next one's.
		return bytes.Clone(txs[index]), nil
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
