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
	SignUps              *int64 `json:"sign_ups,omitempty"`
	ReturnVisits         *int64 `json:"return_visits,omitempty"`
	ReturnVisitsSolved   *int64 `json:"return_visits_solved,omitempty"`
	DistinctParticipants *int64 `json:"distinct_participants,omitempty"`
}

// Reasons for figures the chain cannot give yet.
const (
	MissingCivic       = "activities, sign-ups and return visits are not on this chain yet"
	MissingAccessLog   = "the personal-data access log is kept per node (HOME/data/access.log) and is not indexed"
	MissingParticipant = "suggestions and complaints carry no identity; distinct people are counted from activity sign-ups, which are not on this chain yet"
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
	where, args = deptClause("c.owner", department, []any{p.Start.Unix(), p.End.Unix()})
	if err := src.DB.QueryRow(`SELECT COUNT(*) FROM wf_objections o JOIN wf_cases c ON c.number = o.case_number
		WHERE o.filed_at >= ? AND o.filed_at < ?`+where, args...).Scan(&pt.Objections); err != nil {
		return nil, err
	}
	pt.Total = pt.Ratings + pt.Suggestions + pt.Complaints + pt.Objections
	if eff != nil && eff.Closed > 0 {
		v := pt.Total * 1000 / eff.Closed
		pt.PerThousandCases = &v
	}
	if src.Civic == nil {
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
	hs, err := src.Civic.ParticipantHashes(p.Start, p.End, department)
	if err != nil {
		return nil, err
	}
	pt.SignUps, pt.ReturnVisits, pt.ReturnVisitsSolved = &n, &total, &solved
	if hs != nil { // nil: the source keeps no participant hash; the figure stays unavailable
		seen := map[string]bool{}
		for _, h := range hs {
			seen[h] = true
		}
		d := int64(len(seen))
		pt.DistinctParticipants = &d
	}
	pt.Total += n
	if eff != nil && eff.Closed > 0 {
		v := pt.Total * 1000 / eff.Closed
		pt.PerThousandCases = &v
	}
	return pt, nil
}
