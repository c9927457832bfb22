package app

import (
	"sync"

	"github.com/pingshan/govchain/internal/tx"
)

// checkedTx is a decoded envelope whose signature this node has verified.
// Because an address is the hash of its key, a verified signature stays
// valid whatever happens to state, so FinalizeBlock may reuse the check.
type checkedTx struct {
	tx     *tx.Tx
	height int64 // committed height when it was checked, for eviction
}

// sigCache remembers CheckTx's verifications so each signature is verified
// once per node per tx. It is memory only: after a restart FinalizeBlock
// verifies again, which is the safe direction.
type sigCache struct {
	mu      sync.Mutex
	entries map[string]checkedTx
	max     int
}

func newSigCache(max int) *sigCache {
	return &sigCache{entries: map[string]checkedTx{}, max: max}
}

func (c *sigCache) put(hash []byte, t *tx.Tx, height int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.entries) >= c.max {
		// Full means the mempool is far behind; dropping entries only costs
		// a second verification later.
		for k := range c.entries {
			delete(c.entries, k)
			if len(c.entries) < c.max*3/4 {
				break
			}
		}
	}
	c.entries[string(hash)] = checkedTx{tx: t, height: height}
}

func (c *sigCache) get(hash []byte) (*tx.Tx, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[string(hash)]
	return e.tx, ok
}

// take returns and forgets a cached check: FinalizeBlock uses each once.
func (c *sigCache) take(hash []byte) (*tx.Tx, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[string(hash)]
	delete(c.entries, string(hash))
	return e.tx, ok
}

// evictBefore drops entries checked before height: such txs have been
// dropped from the mempool or will be verified again.
func (c *sigCache) evictBefore(height int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for k, e := range c.entries {
		if e.height < height {
			delete(c.entries, k)
		}
	}
}
