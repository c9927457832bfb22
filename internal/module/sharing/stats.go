package sharing

import (
	"fmt"
	"sort"

	"github.com/pingshan/govchain/internal/module"
)

// Groupings of the statistics: by the department asked (owner) or the
// department asking (requester).
const (
	ByOwner     = "owner"
	ByRequester = "requester"
)

// StatsRow is the public sharing statistics of one department in one month
// (CST, of the request's day; of the attachment's day for materials saved):
// what it was asked and how it answered (by owner), or what it asked and
// what it got (by requester). Not consensus code: the API computes it from
// committed state.
type StatsRow struct {
	Department string `json:"department"`
	Month      string `json:"month"` // YYYY-MM
	Requests   int    `json:"requests"`
	Grants     int    `json:"grants"`
	Refusals   int    `json:"refusals"`
	// RefusalsByReason counts refusals by reason code.
	RefusalsByReason map[string]int `json:"refusals_by_reason"`
	Pending          int            `json:"pending"`
	Arbitration      int            `json:"arbitration"`
	Overdue          int            `json:"overdue"`
	// ArbitrationOverdue: requests the data bureau did not decide in time.
	ArbitrationOverdue int `json:"arbitration_overdue"`
	// MedianAnswerDays is the median, in working days, of the answers by a
	// person (owner or data bureau), not the catalogue's automatic grants;
	// the lower middle of an even count (an integer, no rounding). Absent
	// with no such answer.
	MedianAnswerDays *int `json:"median_answer_days,omitempty"`
	Answered         int  `json:"answered"`
	Automatic        int  `json:"automatic_grants"`
	// MaterialsSaved counts materials applicants did not hand in because
	// a case's review took them through sharing (减材料).
	MaterialsSaved int `json:"materials_saved"`
}

// StatsQuery says how to group and filter: By is ByOwner (the default,
// "") or ByRequester; Department and Month ("" for all) filter.
type StatsQuery struct {
	By, Department, Month string
}

// Check refuses an unknown grouping.
func (q StatsQuery) Check() error {
	if q.By != "" && q.By != ByOwner && q.By != ByRequester {
		return fmt.Errorf("by %q must be %s or %s", q.By, ByOwner, ByRequester)
	}
	return nil
}

// Stats groups requests and saved materials by department and month, in
// that order.
func Stats(reqs []*Request, mats []*CaseMaterial, q StatsQuery) []StatsRow {
	type key struct{ d, m string }
	rows := map[key]*StatsRow{}
	days := map[key][]int{}
	row := func(owner, requester, month string) *StatsRow {
		k := key{owner, month}
		if q.By == ByRequester {
			k.d = requester
		}
		if (q.Department != "" && k.d != q.Department) || (q.Month != "" && k.m != q.Month) {
			return nil
		}
		r := rows[k]
		if r == nil {
			r = &StatsRow{Department: k.d, Month: k.m, RefusalsByReason: map[string]int{}}
			rows[k] = r
		}
		return r
	}
	for _, r := range reqs {
		row := row(r.Owner, r.Requester, r.Created.In(module.CST()).Format("2006-01"))
		if row == nil {
			continue
		}
		row.Requests++
		if r.Overdue {
			row.Overdue++
		}
		if r.ArbitrationOverdue {
			row.ArbitrationOverdue++
		}
		switch r.State {
		case StateGranted:
			row.Grants++
		case StateRefused:
			row.Refusals++
			row.RefusalsByReason[r.Answer.Reason]++
		case StatePending:
			row.Pending++
		case StateArbitration:
			row.Arbitration++
		}
		if r.Answer != nil {
			if r.Answer.By == automaticAnswerer {
				row.Automatic++
			} else {
				row.Answered++
				k := key{row.Department, row.Month}
				days[k] = append(days[k], r.Answer.WorkingDays)
			}
		}
	}
	for _, m := range mats {
		if row := row(m.Owner, m.Requester, m.Time.In(module.CST()).Format("2006-01")); row != nil {
			row.MaterialsSaved++
		}
	}
	out := make([]StatsRow, 0, len(rows))
	for k, row := range rows {
		if d := days[k]; len(d) > 0 {
			sort.Ints(d)
			m := d[(len(d)-1)/2]
			row.MedianAnswerDays = &m
		}
		out = append(out, *row)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Department != out[j].Department {
			return out[i].Department < out[j].Department
		}
		return out[i].Month < out[j].Month
	})
	return out
}
