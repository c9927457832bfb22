package workflow

import (
	"context"
	"database/sql"
	"time"
)

// Queries over the off-chain index (the tables IndexHandler fills). They
// answer lists and statistics without scanning the Merkle store; "now" is
// passed in (the latest block time) so the index never consults a clock.

// WorkItem is one department's pending part of a case.
type WorkItem struct {
	Case       string    `json:"case"`
	Definition string    `json:"definition"`
	Step       string    `json:"step"`
	Kind       string    `json:"kind"`
	Department string    `json:"department"`
	EnteredAt  time.Time `json:"entered_at"`
	Deadline   time.Time `json:"deadline"`
	NoticeEnds time.Time `json:"notice_ends,omitzero"`
	Overdue    bool      `json:"overdue"`
}

const workSelect = `SELECT s.case_number, c.definition, s.step, s.kind, s.department, s.entered_at, s.deadline, c.notice_ends
	FROM wf_steps s JOIN wf_cases c ON c.number = s.case_number
	WHERE s.completed_at IS NULL AND c.status = 'open'`

func scanWork(rows *sql.Rows, now time.Time) ([]WorkItem, error) {
	defer rows.Close()
	var out []WorkItem
	for rows.Next() {
		var w WorkItem
		var entered, deadline int64
		var notice sql.NullInt64
		if err := rows.Scan(&w.Case, &w.Definition, &w.Step, &w.Kind, &w.Department, &entered, &deadline, &notice); err != nil {
			return nil, err
		}
		w.EnteredAt, w.Deadline = time.Unix(entered, 0).UTC(), time.Unix(deadline, 0).UTC()
		w.NoticeEnds = fromNull(notice)
		w.Overdue = now.After(w.Deadline)
		out = append(out, w)
	}
	return out, rows.Err()
}

// Queue is a department's pending work, most urgent deadline first.
func Queue(db *sql.DB, department string, now time.Time) ([]WorkItem, error) {
	rows, err := db.Query(workSelect+` AND s.department = ? ORDER BY s.deadline, s.case_number`, department)
	if err != nil {
		return nil, err
	}
	return scanWork(rows, now)
}

// Overdue is every pending piece of work past its deadline at now, across
// departments (for supervision, 督办), oldest deadline first.
func Overdue(db *sql.DB, now time.Time) ([]WorkItem, error) {
	rows, err := db.Query(workSelect+` AND s.deadline < ? ORDER BY s.deadline, s.case_number`, now.Unix())
	if err != nil {
		return nil, err
	}
	return scanWork(rows, now)
}

// NoticeItem is a case in public notice (公示).
type NoticeItem struct {
	Case           string           `json:"case"`
	Definition     string           `json:"definition"`
	Step           string           `json:"step"`
	NoticeEnds     time.Time        `json:"notice_ends"`
	OpenObjections int              `json:"open_objections"`
	Fields         map[string]Value `json:"fields,omitempty"`
}

// InNotice lists open cases at a notice step, soonest end first; the
// public notice board shows these (with their public fields). The partial
// index wf_cases_notice holds only those cases, so this does not scan the
// city's open cases (INDEXED BY, as in Decisions).
func InNotice(db *sql.DB) ([]NoticeItem, error) {
	rows, err := db.Query(`SELECT number, definition, current_step, notice_ends, open_objections, fields FROM wf_cases
		INDEXED BY wf_cases_notice WHERE status = 'open' AND notice_ends IS NOT NULL ORDER BY notice_ends, number`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []NoticeItem
	for rows.Next() {
		var n NoticeItem
		var ends int64
		var fields string
		if err := rows.Scan(&n.Case, &n.Definition, &n.Step, &ends, &n.OpenObjections, &fields); err != nil {
			return nil, err
		}
		n.NoticeEnds = time.Unix(ends, 0).UTC()
		if err := decodeFields(fields, &n.Fields); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

// Decision is a closed case.
type Decision struct {
	Case       string    `json:"case"`
	Definition string    `json:"definition"`
	Version    uint32    `json:"version"`
	Outcome    string    `json:"outcome"`
	OpenedAt   time.Time `json:"opened_at"`
	ClosedAt   time.Time `json:"closed_at"`
}

// Decisions lists the latest closed cases of process definition, newest
// first (limit ≤ 0: all). The filter and the limit are in the query, on the
// partial index wf_cases_closed (INDEXED BY: without ANALYZE statistics
// SQLite may prefer wf_cases_status and sort every closed case): the portal's home page asks for the latest
// few once per block, and with a million closed cases a scan of them all
// was most of its cost (docs/benchmarks.md, "1,000,000 cases").
func Decisions(db *sql.DB, definition string, limit int) ([]Decision, error) {
	if limit <= 0 {
		limit = -1 // SQLite: no limit
	}
	rows, err := db.Query(`SELECT number, definition, version, outcome, opened_at, closed_at FROM wf_cases
		INDEXED BY wf_cases_closed WHERE status = 'closed' AND definition = ? ORDER BY closed_at DESC, number DESC LIMIT ?`, definition, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Decision
	for rows.Next() {
		var d Decision
		var opened, closed int64
		if err := rows.Scan(&d.Case, &d.Definition, &d.Version, &d.Outcome, &opened, &closed); err != nil {
			return nil, err
		}
		d.OpenedAt, d.ClosedAt = time.Unix(opened, 0).UTC(), time.Unix(closed, 0).UTC()
		out = append(out, d)
	}
	return out, rows.Err()
}

// Statistics summarise processing.
type Statistics struct {
	Cases    int `json:"cases"`
	Open     int `json:"open"`
	Closed   int `json:"closed"`
	Approved int `json:"approved"`
	Rejected int `json:"rejected"`
	// AvgProcessingDays is the mean time from opening to closing of closed
	// cases, in days of block time (0 when none closed).
	AvgProcessingDays float64 `json:"avg_processing_days"`
	// StepsCompleted and StepsLate count departments' completed visits and
	// those completed after their statutory deadline.
	StepsCompleted int `json:"steps_completed"`
	StepsLate      int `json:"steps_late"`
}

// Stats computes the statistics over every indexed case.
func Stats(db *sql.DB) (*Statistics, error) {
	var s Statistics
	var avg sql.NullFloat64
	err := db.QueryRow(`SELECT COUNT(*),
		COALESCE(SUM(status = 'open'), 0), COALESCE(SUM(status = 'closed'), 0),
		COALESCE(SUM(outcome = 'approved'), 0), COALESCE(SUM(outcome = 'rejected'), 0),
		AVG(CASE WHEN status = 'closed' THEN (closed_at - opened_at) / 86400.0 END)
		FROM wf_cases`).Scan(&s.Cases, &s.Open, &s.Closed, &s.Approved, &s.Rejected, &avg)
	if err != nil {
		return nil, err
	}
	s.AvgProcessingDays = avg.Float64
	err = db.QueryRow(`SELECT COUNT(*), COALESCE(SUM(late), 0) FROM wf_steps WHERE completed_at IS NOT NULL AND result != 'abandoned'`).
		Scan(&s.StepsCompleted, &s.StepsLate)
	if err != nil {
		return nil, err
	}
	return &s, nil
}

// OpenCases counts the open cases of a process definition.
func OpenCases(ctx context.Context, db *sql.DB, definition string) (int, error) {
	var n int
	err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM wf_cases WHERE definition = ? AND status = 'open'`, definition).Scan(&n)
	return n, err
}

func fromNull(n sql.NullInt64) time.Time {
	if !n.Valid {
		return time.Time{}
	}
	return time.Unix(n.Int64, 0).UTC()
}
