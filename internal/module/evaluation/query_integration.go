package evaluation

import (
	"github.com/pingshan/govchain/internal/module/sharing"
)

// Integration is 资源整合: the department's (or the city's) catalogue as it
// stands, and the requests made to it in the period with their answers
// (from the data-sharing module).
type Integration struct {
	// Resources in the catalogue now (retired ones excluded), by class.
	Resources int64   `json:"resources"`
	ByClass   []Count `json:"by_class"`
	// ShareRate is (unconditional + conditional) / resources.
	ShareRate Rate  `json:"share_rate"`
	Requests  int64 `json:"requests"`
	Granted   int64 `json:"granted"`
	Refused   int64 `json:"refused"`
	Pending   int64 `json:"pending"`
	// GrantRate is granted / (granted + refused): decided requests only.
	GrantRate Rate `json:"grant_rate"`
	// MedianAnswerDays is the median of answers by a person (not the
	// catalogue's automatic grants), in working days.
	MedianAnswerDays *int64 `json:"median_answer_days,omitempty"`
	Overdue          int64  `json:"overdue"`
	// Deliveries made in the period under grants of the department's data.
	Deliveries int64 `json:"deliveries"`
	// MaterialsSaved (减材料): materials a case's review took through data
	// sharing instead of asking the applicant, attached in the period, from
	// the department's data (the giving department, as every figure here).
	MaterialsSaved int64 `json:"materials_saved"`
}

func integration(src Source, p Period, department string) (*Integration, error) {
	g := &Integration{}
	res, err := sharing.Resources(src.State)
	if err != nil {
		return nil, err
	}
	byClass := map[string]int64{}
	for _, r := range res {
		if r.Retired != nil || (department != "" && r.Department != department) {
			continue
		}
		g.Resources++
		byClass[r.Current.ShareClass]++
	}
	for _, c := range sharing.ShareClasses() {
		g.ByClass = append(g.ByClass, Count{Name: c, Count: byClass[c]})
	}
	g.ShareRate = NewRate(byClass[sharing.ClassUnconditional]+byClass[sharing.ClassConditional], g.Resources)

	reqs, err := sharing.Requests(src.State)
	if err != nil {
		return nil, err
	}
	var days []int64
	for _, r := range reqs {
		if !p.Contains(r.Created) || (department != "" && r.Owner != department) {
			continue
		}
		g.Requests++
		switch r.State {
		case sharing.StateGranted:
			g.Granted++
		case sharing.StateRefused:
			g.Refused++
		default:
			g.Pending++
		}
		if r.Overdue {
			g.Overdue++
		}
		if r.Answer != nil && r.Answer.By != "catalogue" {
			days = append(days, int64(r.Answer.WorkingDays))
		}
	}
	g.GrantRate = NewRate(g.Granted, g.Granted+g.Refused)
	g.MedianAnswerDays = median(days)
	acc, err := sharing.Accesses(src.State)
	if err != nil {
		return nil, err
	}
	for _, a := range acc {
		if p.Contains(a.Time) && (department == "" || a.Owner == department) {
			g.Deliveries++
		}
	}
	where, args := deptClause("owner", department, []any{p.Start.Unix(), p.End.Unix()})
	if err := src.DB.QueryRow(`SELECT COUNT(*) FROM sh_materials WHERE attached_at >= ? AND attached_at < ?`+where, args...).Scan(&g.MaterialsSaved); err != nil {
		return nil, err
	}
	return g, nil
}
