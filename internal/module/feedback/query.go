package feedback

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"github.com/pingshan/govchain/internal/module"
)

// Queries over the off-chain index (the feedback_items and feedback_tasks
// tables IndexHandler fills): lists for the portal and the API.

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

// Items lists feedback items, newest first, of one department, kind and
// status ("" for all).
func Items(ctx context.Context, db *sql.DB, dept, kind, status string, limit int) ([]ItemRow, error) {
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
	rows, err := db.QueryContext(ctx, `SELECT receipt, kind, department, subject, case_no, level, status, hidden, replies, task, height, time
		FROM feedback_items WHERE `+strings.Join(where, " AND ")+` ORDER BY time DESC, receipt LIMIT ?`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []ItemRow{}
	for rows.Next() {
		var it ItemRow
		var ts sql.NullInt64 // module.IndexTime
		if err := rows.Scan(&it.Receipt, &it.Kind, &it.Department, &it.Subject, &it.CaseNo, &it.Level, &it.Status, &it.Hidden, &it.Replies, &it.Task, &it.Height, &ts); err != nil {
			return nil, err
		}
		it.Time = module.TimeFromIndex(ts)
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

// Tasks lists rectification tasks of one department and status ("" for
// all), open ones first and those by deadline; Overdue is measured at now.
func Tasks(ctx context.Context, db *sql.DB, dept, status string, limit int, now time.Time) ([]TaskRow, error) {
	where, args := []string{"1=1"}, []any{}
	if dept != "" {
		where, args = append(where, "department = ?"), append(args, dept)
	}
	if status != "" {
		where, args = append(where, "status = ?"), append(args, status)
	}
	args = append(args, limit)
	rows, err := db.QueryContext(ctx, `SELECT id, receipt, case_no, department, level, status, opened, deadline, closed, height
		FROM feedback_tasks WHERE `+strings.Join(where, " AND ")+` ORDER BY status = 'closed', deadline, id LIMIT ?`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []TaskRow{}
	for rows.Next() {
		var t TaskRow
		var o, d, c sql.NullInt64 // module.IndexTime
		if err := rows.Scan(&t.ID, &t.Receipt, &t.CaseNo, &t.Department, &t.Level, &t.Status, &o, &d, &c, &t.Height); err != nil {
			return nil, err
		}
		t.Opened, t.Deadline, t.Closed = module.TimeFromIndex(o), module.TimeFromIndex(d), module.TimeFromIndex(c)
		t.Overdue = t.Status == "open" && now.After(t.Deadline)
		out = append(out, t)
	}
	return out, rows.Err()
}

// Counts are the feedback figures the home page shows.
type Counts struct {
	Items       int // suggestions, complaints and ratings received
	Tasks       int // rectification tasks opened
	TasksClosed int // of which closed
}

// CountAll counts feedback items and rectification tasks.
func CountAll(ctx context.Context, db *sql.DB) (Counts, error) {
	var c Counts
	err := db.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM feedback_items),
		(SELECT COUNT(*) FROM feedback_tasks), (SELECT COUNT(*) FROM feedback_tasks WHERE status = ?)`, TaskClosed).
		Scan(&c.Items, &c.Tasks, &c.TasksClosed)
	return c, err
}

// RatingsByLevel counts 好差评 ratings by level: every level of Levels,
// zero when none was given.
func RatingsByLevel(ctx context.Context, db *sql.DB) (map[string]int, error) {
	out := map[string]int{}
	for _, l := range Levels() {
		out[l] = 0
	}
	rows, err := db.QueryContext(ctx, `SELECT level, COUNT(*) FROM feedback_items WHERE kind = ? GROUP BY level`, KindRating)
	if err != nil {
		return out, err
	}
	defer rows.Close()
	for rows.Next() {
		var l string
		var n int
		if err := rows.Scan(&l, &n); err != nil {
			return out, err
		}
		if _, ok := out[l]; ok {
			out[l] = n
		}
	}
	return out, rows.Err()
}
