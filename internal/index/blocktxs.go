package index

import (
	"fmt"

	"github.com/cometbft/cometbft/types"
)

// BlockLoader is the part of CometBFT's block store the index reads.
type BlockLoader interface {
	LoadBlock(height int64) (*types.Block, *types.BlockMeta)
}

// BlockTxs reads txs from a CometBFT block store.
func BlockTxs(bs BlockLoader) TxSource {
	return func(height int64, index uint32) ([]byte, error) {
		b, _ := bs.LoadBlock(height)
		if b == nil {
			return nil, fmt.Errorf("block %d is not in the block store", height)
		}
		if int(index) >= len(b.Data.Txs) {
			return nil, fmt.Errorf("block %d has %d txs, no tx %d", height, len(b.Data.Txs), index)
		}
		return b.Data.Txs[index], nil
	}
}
