package evaluation

// Headline is the handful of figures a leader reads first, for the
// department comparison table, the charts and the Prometheus gauges.
// Rates aggregate counts across processes (sum of numerators over sum of
// denominators), never average percentages.
type Headline struct {
	GoodRate      Rate   `json:"good_rate"`
	Ratings       int64  `json:"ratings"`
	Rectified     Rate   `json:"rectification_rate"`
	Closed        int64  `json:"closed_cases"`
	ApprovalRate  Rate   `json:"approval_rate"`
	OnTimeRate    Rate   `json:"on_time_rate"`
	Overdue       int64  `json:"overdue"`
	Incidents     int64  `json:"incidents"`
	OpenIncidents int64  `json:"open_incidents"`
	AuditFindings int64  `json:"audit_findings"`
	ShareRate     Rate   `json:"share_rate"`
	GrantRate     Rate   `json:"grant_rate"`
	Participation int64  `json:"participation"`
	PerThousand   *int64 `json:"participation_per_thousand_cases,omitempty"`
	// Distinct is the distinct participants; Accesses the published
	// personal-data accesses (absent when no node publishes them).
	Distinct int64  `json:"distinct_participants"`
	Accesses *int64 `json:"personal_data_accesses,omitempty"`
}

// Headline sums up a report.
func (r *Report) Headline() Headline {
	h := Headline{}
	if s := r.Satisfaction; s != nil {
		h.GoodRate, h.Ratings, h.Rectified = s.GoodRate, s.Ratings, s.RectifiedRate
	}
	if e := r.Efficiency; e != nil {
		h.Closed = e.Closed
		var appr, dec, in, lim int64
		for _, p := range e.Processes {
			appr += p.Approved
			dec += p.Approved + p.Rejected
			if p.OnTime != nil {
				in += p.OnTime.Num
				lim += p.OnTime.Den
				h.Overdue += *p.Overdue
			}
		}
		h.ApprovalRate, h.OnTimeRate = NewRate(appr, dec), NewRate(in, lim)
	}
	if s := r.Security; s != nil {
		h.Incidents, h.OpenIncidents, h.AuditFindings = s.Incidents, s.Open, s.AuditFindings
		if s.PersonalAccesses != nil {
			n := s.PersonalAccesses.Count
			h.Accesses = &n
		}
	}
	if g := r.Integration; g != nil {
		h.ShareRate, h.GrantRate = g.ShareRate, g.GrantRate
	}
	if p := r.Participation; p != nil {
		h.Participation, h.PerThousand, h.Distinct = p.Total, p.PerThousandCases, p.DistinctParticipants
	}
	return h
}
