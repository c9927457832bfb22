package web

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"github.com/pingshan/govchain/internal/module"
)

// Queries read the off-chain index (internal/index): lists, counts and
// queues. Records themselves are always read from committed state.

// DocRow is a disclosure version in a list.
type DocRow struct {
	Number        string    `json:"number"`
	Version       int       `json:"version"`
	Department    string    `json:"department"`
	Title         string    `json:"title"`
	Category      string    `json:"category"`
	EffectiveDate string    `json:"effective_date"`
	Ref           string    `json:"ref,omitempty"`
	Height        int64     `json:"height"`
	Time          time.Time `json:"time"`
}

// ts is an index time column (Unix seconds, NULL if none: module.IndexTime).
type ts = sql.NullInt64

// latestDocs lists the latest version of each document, newest first.
func (p *Portal) latestDocs(ctx context.Context, dept, category, q string, limit int) ([]DocRow, error) {
	var where []string
	var args []any
	where = append(where, `d.version = (SELECT MAX(version) FROM disclosures x WHERE x.number = d.number)`)
	if dept != "" {
		where, args = append(where, `d.department = ?`), append(args, dept)
	}
	if category != "" {
		where, args = append(where, `d.category = ?`), append(args, category)
	}
	if q != "" {
		where, args = append(where, `(d.title LIKE ? ESCAPE '\' OR d.number LIKE ? ESCAPE '\' OR d.ref LIKE ? ESCAPE '\')`), append(args, like(q), like(q), like(q))
	}
	args = append(args, limit)
	rows, err := p.n.Index.DB().QueryContext(ctx, `SELECT d.number, d.version, d.department, d.title, d.category, d.effective_date, d.ref, d.height, d.time
		FROM disclosures d WHERE `+strings.Join(where, " AND ")+` ORDER BY d.time DESC, d.number DESC LIMIT ?`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []DocRow{}
	for rows.Next() {
		var d DocRow
		var at ts
		if err := rows.Scan(&d.Number, &d.Version, &d.Department, &d.Title, &d.Category, &d.EffectiveDate, &d.Ref, &d.Height, &at); err != nil {
			return nil, err
		}
		d.Time = module.TimeFromIndex(at)
		out = append(out, d)
	}
	return out, rows.Err()
}

func like(q string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(q) + "%"
}

// docByTx finds the document version a tx wrote.
func (p *Portal) docByTx(ctx context.Context, txHash string) (string, int, error) {
	var n string
	var v int
	err := p.n.Index.DB().QueryRowContext(ctx, `SELECT number, version FROM disclosures WHERE tx_hash = ?`, txHash).Scan(&n, &v)
	return n, v, err
}

// ItemRow is a feedback item in a list.
type ItemRow struct {
	Receipt    string    `json:"receipt"`
	Kind       string    `json:"kind"`
	Department string    `json:"department"`
	Subject    string    `json:"subject"`
	CaseNo     string    `json:"case_no,omitempty"`
	Level      string    `json:"level,omitempty"`
	Status     string    `json:"status"`
	Hidden     bool      `json:"hidden"`
	Replies    int       `json:"replies"`
	Task       string    `json:"task,omitempty"`
	Height     int64     `json:"height"`
	Time       time.Time `json:"time"`
}

func (p *Portal) items(ctx context.Context, dept, kind, status string, limit int) ([]ItemRow, error) {
	where, args := []string{"1=1"}, []any{}
	if dept != "" {
		where, args = append(where, "department = ?"), append(args, dept)
	}
	if kind != "" {
		where, args = append(where, "kind = ?"), append(args, kind)
	}
	if status != "" {
		where, args = append(where, "status = ?"), append(args, status)
	}
	args = append(args, limit)
	rows, err := p.n.Index.DB().QueryContext(ctx, `SELECT receipt, kind, department, subject, case_no, level, status, hidden, replies, task, height, time
		FROM feedback_items WHERE `+strings.Join(where, " AND ")+` ORDER BY time DESC, receipt LIMIT ?`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []ItemRow{}
	for rows.Next() {
		var it ItemRow
		var at ts
		if err := rows.Scan(&it.Receipt, &it.Kind, &it.Department, &it.Subject, &it.CaseNo, &it.Level, &it.Status, &it.Hidden, &it.Replies, &it.Task, &it.Height, &at); err != nil {
			return nil, err
		}
		it.Time = module.TimeFromIndex(at)
		out = append(out, it)
	}
	return out, rows.Err()
}

// TaskRow is a rectification task in a list.
type TaskRow struct {
	ID         string    `json:"id"`
	Receipt    string    `json:"receipt"`
	CaseNo     string    `json:"case_no"`
	Department string    `json:"department"`
	Level      string    `json:"level"`
	Status     string    `json:"status"`
	Opened     time.Time `json:"opened"`
	Deadline   time.Time `json:"deadline"`
	Closed     time.Time `json:"closed,omitzero"`
	Overdue    bool      `json:"overdue"`
	Height     int64     `json:"height"`
}

// tasks lists tasks, open ones first and those by deadline.
func (p *Portal) tasks(ctx context.Context, dept, status string, limit int) ([]TaskRow, error) {
	where, args := []string{"1=1"}, []any{}
	if dept != "" {
		where, args = append(where, "department = ?"), append(args, dept)
	}
	if status != "" {
		where, args = append(where, "status = ?"), append(args, status)
	}
	args = append(args, limit)
	rows, err := p.n.Index.DB().QueryContext(ctx, `SELECT id, receipt, case_no, department, level, status, opened, deadline, closed, height
		FROM feedback_tasks WHERE `+strings.Join(where, " AND ")+` ORDER BY status = 'closed', deadline, id LIMIT ?`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []TaskRow{}
	now := p.now()
	for rows.Next() {
		var t TaskRow
		var o, d, c ts
		if err := rows.Scan(&t.ID, &t.Receipt, &t.CaseNo, &t.Department, &t.Level, &t.Status, &o, &d, &c, &t.Height); err != nil {
			return nil, err
		}
		t.Opened, t.Deadline, t.Closed = module.TimeFromIndex(o), module.TimeFromIndex(d), module.TimeFromIndex(c)
		t.Overdue = t.Status == "open" && now.After(t.Deadline)
		out = append(out, t)
	}
	return out, rows.Err()
}

// count runs a COUNT query.
func (p *Portal) count(ctx context.Context, q string, args ...any) int {
	var n int
	if err := p.n.Index.DB().QueryRowContext(ctx, q, args...).Scan(&n); err != nil && err != sql.ErrNoRows {
		p.log.Warn("index count", "err", err)
	}
	return n
}
