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

// IndexHandler turns one module's state records into rows of the off-chain
// index. A handler must be a pure function of the records it is given (and
// of the committed txs they point at, read through IndexExec.Tx), so live
// indexing and a rebuild agree.
type IndexHandler interface {
	// Name identifies the handler in errors.
	Name() string
	// Schema is DDL run at open (CREATE … IF NOT EXISTS).
	Schema() []string
	// Tables are dropped by a rebuild.
	Tables() []string
	// Prefixes are the state key prefixes the handler consumes.
	Prefixes() []string
	// Apply indexes one change at a state version.
	Apply(tx IndexExec, version int64, key, value []byte, deleted bool) error
}

// Indexer is a module that keeps tables in the off-chain index; the node
// builds the index's handler list from the module list (node.IndexHandlers).
type Indexer interface {
	Module
	IndexHandler() IndexHandler
}
