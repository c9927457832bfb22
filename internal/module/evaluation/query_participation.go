package evaluation

// Participation is 市民参与: what citizens did in the period.
type Participation struct {
	Ratings     int64 `json:"ratings"`
	Suggestions int64 `json:"suggestions"`
	Complaints  int64 `json:"complaints"`
	// Objections filed in the period during public notices of the
	// department's cases.
	Objections int64 `json:"objections"`
	Total      int64 `json:"total"`
	// RatedCases is the number of distinct cases rated: one applicant
	// each, the closest the chain comes to counting people without
	// identifying anyone.
	RatedCases int64 `json:"rated_cases"`
	// PerThousandCases is Total per 1,000 cases closed in the period
	// (per-mille, floor); absent when none closed.
	PerThousandCases *int64 `json:"per_thousand_cases,omitempty"`
	// From the civic features; absent (see Report.Missing) until present.
	SignUps            *int64 `json:"sign_ups,omitempty"`
	ReturnVisits       *int64 `json:"return_visits,omitempty"`
	ReturnVisitsSolved *int64 `json:"return_visits_solved,omitempty"`
	// DistinctParticipants is the number of distinct keyed participant
	// hashes among the period's named suggestions and complaints, its
	// ratings of cases filed with the applicant's hash, and its sign-ups.
	// WithoutHash counts the participations that carry none (objections,
	// ratings of cases filed without a hash, anonymous items, records from
	// before the gateway had a key): unknown people, not zero people —
	// each may or may not be one of those counted.
	DistinctParticipants int64 `json:"distinct_participants"`
	WithoutHash          int64 `json:"participations_without_hash"`
}

// Reasons for figures the chain cannot give yet.
const (
	MissingCivic = "activities, sign-ups and return visits are not on this chain yet"
)

func participation(src Source, p Period, department string, eff *Efficiency) (*Participation, error) {
	pt := &Participation{}
	where, args := deptClause("department", department, []any{p.Start.Unix(), p.End.Unix()})
	if err := src.DB.QueryRow(`SELECT COALESCE(SUM(kind = 'rating'), 0), COALESCE(SUM(kind = 'suggestion'), 0),
		COALESCE(SUM(kind = 'complaint'), 0), COUNT(DISTINCT CASE WHEN kind = 'rating' THEN case_no END)
		FROM feedback_items WHERE time >= ? AND time < ?`+where, args...).
		Scan(&pt.Ratings, &pt.Suggestions, &pt.Complaints, &pt.RatedCases); err != nil {
		return nil, err
	}
	hashes, err := feedbackParticipants(src, p, department)
	if err != nil {
		return nil, err
	}
	where, args = deptClause("c.owner", department, []any{p.Start.Unix(), p.End.Unix()})
	if err := src.DB.QueryRow(`SELECT COUNT(*) FROM wf_objections o JOIN wf_cases c ON c.number = o.case_number
		WHERE o.filed_at >= ? AND o.filed_at < ?`+where, args...).Scan(&pt.Objections); err != nil {
		return nil, err
	}
	pt.Total = pt.Ratings + pt.Suggestions + pt.Complaints + pt.Objections
	pt.WithoutHash = pt.Total - int64(len(hashes))
	if eff != nil && eff.Closed > 0 {
		v := pt.Total * 1000 / eff.Closed
		pt.PerThousandCases = &v
	}
	if src.Civic == nil {
		pt.DistinctParticipants = distinct(hashes)
		return pt, nil
	}
	n, err := src.Civic.SignUps(p.Start, p.End, department)
	if err != nil {
		return nil, err
	}
	solved, total, err := src.Civic.ReturnVisits(p.Start, p.End, department)
	if err != nil {
		return nil, err
	}
	hs, unhashed, err := src.Civic.ParticipantHashes(p.Start, p.End, department)
	if err != nil {
		return nil, err
	}
	pt.SignUps, pt.ReturnVisits, pt.ReturnVisitsSolved = &n, &total, &solved
	pt.DistinctParticipants = distinct(append(hashes, hs...))
	pt.WithoutHash += unhashed
	pt.Total += n
	if eff != nil && eff.Closed > 0 {
		v := pt.Total * 1000 / eff.Closed
		pt.PerThousandCases = &v
	}
	return pt, nil
}

// feedbackParticipants lists the participant hashes of the period's
// feedback that has one (one per item): a named suggestion or complaint
// carries its own; a rating carries none (the access code authorises it,
// not a person) and counts under its case's, the applicant's hash recorded
// when the case was filed (wf_cases.participant), if the filer gave one.
// Objections are not tied to anyone: anybody may object during a notice,
// and the objector is not the applicant.
func feedbackParticipants(src Source, p Period, department string) ([]string, error) {
	where, args := deptClause("department", department, []any{p.Start.Unix(), p.End.Unix()})
	out, err := textColumn(src, `SELECT participant FROM feedback_items WHERE kind IN ('suggestion', 'complaint')
		AND participant != '' AND time >= ? AND time < ?`+where, args)
	if err != nil {
		return nil, err
	}
	where, args = deptClause("f.department", department, []any{p.Start.Unix(), p.End.Unix()})
	rated, err := textColumn(src, `SELECT c.participant FROM feedback_items f JOIN wf_cases c ON c.number = f.case_no
		WHERE f.kind = 'rating' AND c.participant != '' AND f.time >= ? AND f.time < ?`+where, args)
	return append(out, rated...), err
}

// textColumn runs a query of one text column.
func textColumn(src Source, query string, args []any) ([]string, error) {
	rows, err := src.DB.Query(query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var h string
		if err := rows.Scan(&h); err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	return out, rows.Err()
}

// distinct counts the different values (the hashes are compared, never
// looked into).
func distinct(hashes []string) int64 {
	seen := make(map[string]struct{}, len(hashes))
	for _, h := range hashes {
		seen[h] = struct{}{}
	}
	return int64(len(seen))
}
