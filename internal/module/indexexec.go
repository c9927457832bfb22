package module

import (
	"database/sql"
	"errors"
)

// IndexExec is what a module's off-chain index handler writes through: one
// SQL statement at a time inside the index's batch transaction. The index
// prepares each distinct statement once per batch (internal/index), which
// is most of what indexing a busy block costs.
type IndexExec interface {
	Exec(query string, args ...any) (sql.Result, error)
	// Tx reads back the bytes of a committed tx from the node's block
	// store, for records that keep text off the Merkle state and point at
	// the tx that carried it (feedback). It fails with ErrNoTx when the
	// index has no block store or the block is not there (pruned).
	Tx(height int64, index uint32) ([]byte, error)
}

// ErrNoTx is IndexExec.Tx's answer for a tx it cannot read.
var ErrNoTx = errors.New("index: tx not available from the block store")
