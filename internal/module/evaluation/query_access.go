package evaluation

// Accesses is the personal-data accesses figure of a period: the sum of
// the monthly access-log digests the departments' nodes published for the
// period's months (access.go).
type Accesses struct {
	// Count is the accesses the published digests report.
	Count int64 `json:"count"`
	// Months is how many department-months were published.
	Months int64 `json:"months"`
	// Missing names each ended month of the period for which a department
	// that publishes digests has not published one ("nrb 2026-11"): the
	// count is incomplete by those, not short by zero.
	Missing []string `json:"missing,omitempty"`
}

// MissingAccessDigest is why the figure is unavailable.
const MissingAccessDigest = "no department node has published a digest of its personal-data access log (evaluation/publish_accesses)"

// accesses computes the figure; nil when no department in scope has ever
// published a digest (unknown, not zero).
func accesses(src Source, p Period, department string) (*Accesses, error) {
	rows, err := src.DB.Query(`SELECT department, MIN(month) FROM eval_access WHERE ? = '' OR department = ?
		GROUP BY department ORDER BY department`, department, department)
	if err != nil {
		return nil, err
	}
	type first struct{ dept, month string }
	var publishers []first
	for rows.Next() {
		var f first
		if err := rows.Scan(&f.dept, &f.month); err != nil {
			rows.Close()
			return nil, err
		}
		publishers = append(publishers, f)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(publishers) == 0 {
		return nil, nil
	}
	months := p.months()
	a := &Accesses{}
	where, args := deptClause("department", department, []any{months[0], months[len(months)-1]})
	if err := src.DB.QueryRow(`SELECT COALESCE(SUM(count), 0), COUNT(*) FROM eval_access WHERE month >= ? AND month <= ?`+where, args...).
		Scan(&a.Count, &a.Months); err != nil {
		return nil, err
	}
	for _, f := range publishers {
		for _, m := range months {
			end, _ := MonthEnd(m)
			if m < f.month || end.After(src.Now) {
				continue // before the node published at all, or not over yet
			}
			var n int
			if err := src.DB.QueryRow(`SELECT COUNT(*) FROM eval_access WHERE department = ? AND month = ?`, f.dept, m).Scan(&n); err != nil {
				return nil, err
			}
			if n == 0 {
				a.Missing = append(a.Missing, f.dept+" "+m)
			}
		}
	}
	return a, nil
}

// months lists the period's months as YYYY-MM, in order.
func (p Period) months() []string {
	var out []string
	for t := p.Start; t.Before(p.End); t = t.AddDate(0, 1, 0) {
		out = append(out, t.Format("2006-01"))
	}
	return out
}
