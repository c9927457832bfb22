package app

import "sync"

// recentTxs remembers where the txs of the last few committed blocks are
// recorded, by hash. Tx records are keyed by position (TxKey); finding one
// by hash is the off-chain index's job, and this covers the moment between
// a block's commit and the index catching up with it, so a client polling
// for its tx sees it as soon as it is committed.
type recentTxs struct {
	mu     sync.RWMutex
	blocks [][][]byte // hashes per committed block, oldest first
	loc    map[string]TxLocation
}

// TxLocation is where a tx's record is: its block and index in the block.
type TxLocation struct {
	Height int64
	Index  uint32
}

const recentTxBlocks = 16

func (r *recentTxs) add(height int64, hashes [][]byte) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.loc == nil {
		r.loc = map[string]TxLocation{}
	}
	for i, h := range hashes {
		if h != nil {
			r.loc[string(h)] = TxLocation{Height: height, Index: uint32(i)}
		}
	}
	r.blocks = append(r.blocks, hashes)
	for len(r.blocks) > recentTxBlocks {
		for _, h := range r.blocks[0] {
			if h != nil {
				delete(r.loc, string(h))
			}
		}
		r.blocks = r.blocks[1:]
	}
}

func (r *recentTxs) get(hash []byte) (TxLocation, bool) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	l, ok := r.loc[string(hash)]
	return l, ok
}

// RecentTx reports where a tx of one of the last committed blocks is
// recorded; older txs are found through the index.
func (a *App) RecentTx(hash []byte) (TxLocation, bool) { return a.recent.get(hash) }
