package sharing

import (
	"sort"

	"github.com/pingshan/govchain/internal/module"
)

// StatsRow is the public sharing statistics of one owner department in one
// month (CST, of the request's day): what the catalogue's owners were asked
// and how they answered. Not consensus code: the API computes it from
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
	// MedianAnswerDays is the median, in working days, of the answers by a
	// person (owner or data bureau), not the catalogue's automatic grants;
	// the lower middle of an even count (an integer, no rounding). Absent
	// with no such answer.
	MedianAnswerDays *int `json:"median_answer_days,omitempty"`
	Answered         int  `json:"answered"`
	Automatic        int  `json:"automatic_grants"`
}

// Stats groups requests by owner department and month, in that order.
// department and month ("" for all) filter.
func Stats(reqs []*Request, department, month string) []StatsRow {
	type key struct{ d, m string }
	rows := map[key]*StatsRow{}
	days := map[key][]int{}
	for _, r := range reqs {
		k := key{r.Owner, r.Created.In(module.CST()).Format("2006-01")}
		if (department != "" && k.d != department) || (month != "" && k.m != month) {
			continue
		}
		row := rows[k]
		if row == nil {
			row = &StatsRow{Department: k.d, Month: k.m, RefusalsByReason: map[string]int{}}
			rows[k] = row
		}
		row.Requests++
		if r.Overdue {
			row.Overdue++
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
				days[k] = append(days[k], r.Answer.WorkingDays)
			}
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
