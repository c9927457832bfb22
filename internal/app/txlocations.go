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
	// logs holds the result log of each refused tx among them: the portal
	// shows it to the staff member who sent the tx. CometBFT's tx index
	// and stored block results, which also hold it, are off by default
	// (docs/benchmarks.md), and the sender asks right after the commit.
	logs map[string]string
}

// TxLocation is where a tx's record is: its block and index in the block.
type TxLocation struct {
	Height int64
	Index  uint32
}

const recentTxBlocks = 16

func (r *recentTxs) add(height int64, hashes [][]byte, logs map[string]string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.loc == nil {
		r.loc, r.logs = map[string]TxLocation{}, map[string]string{}
	}
	for h, l := range logs {
		r.logs[h] = l
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
				delete(r.logs, string(h))
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

func (r *recentTxs) log(hash []byte) (string, bool) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	l, ok := r.logs[string(hash)]
	return l, ok
}

// RecentTxLog is the result log of a tx of one of the last committed
// blocks that its handler refused.
func (a *App) RecentTxLog(hash []byte) (string, bool) { return a.recent.log(hash) }

// refusedLogs are the logs of a block's recorded txs that did not succeed.
func refusedLogs(outcomes []TxOutcome, recorded [][]byte) map[string]string {
	var m map[string]string
	for _, o := range outcomes {
		if o.Code == 0 || o.Index < 0 || o.Index >= len(recorded) || recorded[o.Index] == nil {
			continue
		}
		if m == nil {
			m = map[string]string{}
		}
		m[string(recorded[o.Index])] = o.Log
	}
	return m
}
