package web

import (
	"context"
	"database/sql"

	"github.com/pingshan/govchain/internal/module/disclosure"
	"github.com/pingshan/govchain/internal/module/feedback"
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

// ItemRow is a feedback item in a list.
type ItemRow = feedback.ItemRow

func (p *Portal) items(ctx context.Context, dept, kind, status string, limit int) ([]ItemRow, error) {
	return feedback.Items(ctx, p.n.Index.DB(), dept, kind, status, limit)
}

// TaskRow is a rectification task in a list.
type TaskRow = feedback.TaskRow

// tasks lists tasks, open ones first and those by deadline.
func (p *Portal) tasks(ctx context.Context, dept, status string, limit int) ([]TaskRow, error) {
	return feedback.Tasks(ctx, p.n.Index.DB(), dept, status, limit, p.now())
}

// count runs a COUNT query.
func (p *Portal) count(ctx context.Context, q string, args ...any) int {
	var n int
	if err := p.n.Index.DB().QueryRowContext(ctx, q, args...).Scan(&n); err != nil && err != sql.ErrNoRows {
		p.log.Warn("index count", "err", err)
	}
	return n
}
