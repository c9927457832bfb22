package evaluation

import (
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/module/governance"
	"github.com/pingshan/govchain/internal/module/sharing"
)

// Record lists: the rows behind a figure, with the same filters the
// figure used, so a reader can recount it. Each list is a header and
// rows of text (also the CSV export's content).

// RecordKinds are the lists there are, in the order the method page
// names them.
func RecordKinds() []string {
	return []string{"ratings", "tasks", "messages", "cases", "incidents", "audits", "requests", "accesses"}
}

// Table is a header and its rows.
type Table struct {
	Header []string   `json:"header"`
	Rows   [][]string `json:"rows"`
}

func cstText(t time.Time) string { return t.In(module.CST()).Format("2006-01-02 15:04") }

// Records lists the records of one kind behind the figures of department
// ("" = city) in period p.
func Records(src Source, kind string, p Period, department string) (*Table, error) {
	switch kind {
	case "ratings":
		return sqlTable(src, []string{"receipt", "case", "department", "level", "time"},
			`SELECT receipt, case_no, department, level, time FROM feedback_items WHERE kind = 'rating' AND time >= ? AND time < ?`,
			"department", department, []any{p.Start.Unix(), p.End.Unix()}, " ORDER BY time, receipt", 4)
	case "tasks":
		return sqlTable(src, []string{"task", "receipt", "department", "status", "opened", "deadline", "closed"},
			`SELECT id, receipt, department, status, opened, deadline, closed FROM feedback_tasks WHERE opened >= ? AND opened < ?`,
			"department", department, []any{p.Start.Unix(), p.End.Unix()}, " ORDER BY opened, id", 4, 5, 6)
	case "messages":
		return sqlTable(src, []string{"receipt", "kind", "department", "filed", "first_reply", "latest_reply"},
			`SELECT receipt, kind, department, time, first_reply, last_reply FROM feedback_items WHERE kind IN ('suggestion', 'complaint') AND time >= ? AND time < ?`,
			"department", department, []any{p.Start.Unix(), p.End.Unix()}, " ORDER BY time, receipt", 3, 4, 5)
	case "cases":
		return caseRecords(src, p, department)
	case "accesses":
		months := p.months()
		return sqlTable(src, []string{"department", "month", "from_seq", "to_seq", "count", "head", "restart", "height"},
			`SELECT department, month, from_seq, to_seq, count, head, restart, height FROM eval_access WHERE month >= ? AND month <= ?`,
			"department", department, []any{months[0], months[len(months)-1]}, " ORDER BY month, department")
	case "incidents":
		return incidentRecords(src, p, department)
	case "audits":
		where, args := deptClause("node_department", department, []any{p.Start.Unix(), p.End.Unix()})
		rows, err := src.DB.Query(`SELECT id, node_department, from_height, to_height, findings, report_hash, department, time
			FROM eval_audits WHERE time >= ? AND time < ?`+where+` ORDER BY id`, args...)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		t := &Table{Header: []string{"audit", "node_department", "from_height", "to_height", "findings", "report_hash", "auditor_department", "time"}}
		for rows.Next() {
			var id, from, to, n, at int64
			var node, hash, dept string
			if err := rows.Scan(&id, &node, &from, &to, &n, &hash, &dept, &at); err != nil {
				return nil, err
			}
			t.Rows = append(t.Rows, []string{itoa(id), node, itoa(from), itoa(to), itoa(n), hash, dept, cstText(time.Unix(at, 0))})
		}
		return t, rows.Err()
	case "requests":
		return requestRecords(src, p, department)
	}
	return nil, fmt.Errorf("%w: no record list %q (one of %v)", ErrInvalid, kind, RecordKinds())
}

func itoa(v int64) string { return strconv.FormatInt(v, 10) }

// sqlTable runs a feedback query; the columns at timeCols hold index
// times (Unix seconds, NULL if none: module.IndexTime) shown in CST.
func sqlTable(src Source, header []string, q, deptCol, department string, args []any, order string, timeCols ...int) (*Table, error) {
	where, args := deptClause(deptCol, department, args)
	rows, err := src.DB.Query(q+where+order, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	t := &Table{Header: header}
	for rows.Next() {
		vals := make([]sql.NullString, len(header))
		ptrs := make([]any, len(header))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		row := make([]string, len(header))
		for i, v := range vals {
			row[i] = v.String // NULL: ""
		}
		for _, c := range timeCols {
			if sec, err := strconv.ParseInt(row[c], 10, 64); err == nil {
				row[c] = cstText(time.Unix(sec, 0))
			}
		}
		t.Rows = append(t.Rows, row)
	}
	return t, rows.Err()
}

func caseRecords(src Source, p Period, department string) (*Table, error) {
	cal, err := sharing.CurrentCalendar(src.State)
	if err != nil {
		return nil, err
	}
	cases, err := closedCases(src, p, department)
	if err != nil {
		return nil, err
	}
	t := &Table{Header: []string{"case", "process", "department", "outcome", "opened", "closed", "working_days", "steps", "handoffs"}}
	for _, c := range cases {
		if err := stepsOf(src, c); err != nil {
			return nil, err
		}
		o, cl := time.Unix(c.opened, 0), time.Unix(c.closed, 0)
		t.Rows = append(t.Rows, []string{c.number, c.def, c.owner, c.outcome, cstText(o), cstText(cl),
			strconv.Itoa(cal.WorkingDaysBetween(o, cl)), itoa(c.steps), itoa(c.handoffs)})
	}
	return t, nil
}

func incidentRecords(src Source, p Period, department string) (*Table, error) {
	list, err := governance.Incidents(src.State)
	if err != nil {
		return nil, err
	}
	t := &Table{Header: []string{"incident", "severity", "state", "department", "affected", "opened", "closed"}}
	for _, in := range list {
		if !p.Contains(in.Opened) || (department != "" && in.Department != department && !slices.Contains(in.Departments, department)) {
			continue
		}
		closed := ""
		if in.Review != nil {
			closed = cstText(in.Review.Time)
		}
		aff := ""
		for i, d := range in.Departments {
			if i > 0 {
				aff += " "
			}
			aff += d
		}
		t.Rows = append(t.Rows, []string{itoa(int64(in.ID)), governance.Roman(in.Severity), in.State, in.Department, aff, cstText(in.Opened), closed})
	}
	return t, nil
}

func requestRecords(src Source, p Period, department string) (*Table, error) {
	reqs, err := sharing.Requests(src.State)
	if err != nil {
		return nil, err
	}
	t := &Table{Header: []string{"request", "resource", "owner", "requester", "state", "created", "answered_by", "answer_working_days", "overdue"}}
	for _, r := range reqs {
		if !p.Contains(r.Created) || (department != "" && r.Owner != department) {
			continue
		}
		by, days := "", ""
		if r.Answer != nil {
			by, days = r.Answer.By, strconv.Itoa(r.Answer.WorkingDays)
			if by != "catalogue" {
				by = r.Answer.Department
			}
		}
		t.Rows = append(t.Rows, []string{itoa(int64(r.ID)), r.Resource, r.Owner, r.Requester, r.State, cstText(r.Created), by, days, strconv.FormatBool(r.Overdue)})
	}
	return t, nil
}
