package web

import (
	"context"
	"database/sql"

	"github.com/pingshan/govchain/internal/module/disclosure"
)

// Queries read the off-chain index (internal/index): lists, counts and
// queues. The SQL lives with the tables, in the module that owns them
// (disclosure/query.go, feedback/query.go); these are the names the
// portal's files call. Records themselves are always read from committed
// state.

// DocRow is a disclosure version in a list.
type DocRow = disclosure.DocRow

// latestDocs lists the latest version of each document, newest first.
func (p *Portal) latestDocs(ctx context.Context, dept, category, q string, limit int) ([]DocRow, error) {
	return disclosure.Latest(ctx, p.n.Index.DB(), dept, category, q, limit)
}

// countErr logs a home-page count that failed: the figure shows 0 and
// the rest of the page is still served (as it was when the counts were
// queried here).
func (p *Portal) countErr(what string, err error) {
	if err != nil && err != sql.ErrNoRows {
		p.log.Warn("index count", "what", what, "err", err)
	}
}
