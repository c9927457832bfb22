package app

import (
	"sync"

	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/tx"
)

// checkedTx is a decoded envelope whose signature this node has verified.
// Because an address is the hash of its key, a verified signature stays
// valid whatever happens to state, so FinalizeBlock may reuse the check.
//
// payload is the envelope's payload as its action decoded it. Decoding is a
// pure function of the payload bytes and the action, and the router is fixed
// for the life of the process, so FinalizeBlock may reuse it instead of
// decoding again (the strict JSON scan and decode were ~7 % of a node's CPU,
// half of it the second decode). FinalizeBlock takes each entry once, so a
// handler that changes its payload changes no one else's.
type checkedTx struct {
	tx      *tx.Tx
	payload module.Payload
	height  int64 // committed height when it was checked, for eviction
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

func (c *sigCache) put(hash []byte, t *tx.Tx, payload module.Payload, height int64) {
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
	c.entries[string(hash)] = checkedTx{tx: t, payload: payload, height: height}
}

func (c *sigCache) get(hash []byte) (*tx.Tx, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[string(hash)]
	return e.tx, ok
}

// take returns and forgets a cached check: FinalizeBlock uses each once.
func (c *sigCache) take(hash []byte) (checkedTx, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[string(hash)]
	delete(c.entries, string(hash))
	return e, ok
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
