package index

import (
	"fmt"
	"sync"

	"github.com/cometbft/cometbft/types"
)

// BlockLoader is the part of CometBFT's block store the index reads.
type BlockLoader interface {
	LoadBlock(height int64) (*types.Block, *types.BlockMeta)
}

// BlockTxs reads txs from a CometBFT block store. It keeps the last block
// it loaded: the index asks for every tx of a block in turn (CometBFT's
// name of each), and loading decodes the whole block.
func BlockTxs(bs BlockLoader) TxSource {
	var (
		mu   sync.Mutex
		last *types.Block
	)
	return func(height int64, index uint32) ([]byte, error) {
		mu.Lock()
		b := last
		mu.Unlock()
		if b == nil || b.Height != height {
			var err error
			if b, err = loadBlock(bs, height); err != nil {
				return nil, err
			}
			if b == nil {
				return nil, fmt.Errorf("block %d is not in the block store", height)
			}
			mu.Lock()
			last = b
			mu.Unlock()
		}
		if int(index) >= len(b.Data.Txs) {
			return nil, fmt.Errorf("block %d has %d txs, no tx %d", height, len(b.Data.Txs), index)
		}
		return b.Data.Txs[index], nil
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
