package module

import "database/sql"

// IndexExec is what a module's off-chain index handler writes through: one
// SQL statement at a time inside the index's batch transaction. The index
// prepares each distinct statement once per batch (internal/index), which
// is most of what indexing a busy block costs.
type IndexExec interface {
	Exec(query string, args ...any) (sql.Result, error)
}
