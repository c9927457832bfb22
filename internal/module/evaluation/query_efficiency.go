package evaluation

import (
	"sort"
	"time"

	"github.com/pingshan/govchain/internal/module/sharing"
)

// ProcessEfficiency is 办事效率 of one process: the cases closed in the
// period, their processing time in working days (the sharing module's
// calendar: weekends, the State Council's holidays and make-up working
// days), measured against the time limits the data bureau published for
// the process, and compared with its pre-platform baseline.
type ProcessEfficiency struct {
	Process    string `json:"process"`
	NameZH     string `json:"name_zh"`
	NameEN     string `json:"name_en"`
	Department string `json:"department"`
	Closed     int64  `json:"closed"`
	Approved   int64  `json:"approved"`
	Rejected   int64  `json:"rejected"`
	Withdrawn  int64  `json:"withdrawn"`
	// ApprovalRate is approved / (approved + rejected): a withdrawn case
	// was not decided.
	ApprovalRate Rate `json:"approval_rate"`
	// Working days from the day after opening to the day of closing.
	MedianDays *int64 `json:"median_days,omitempty"`
	P90Days    *int64 `json:"p90_days,omitempty"`
	AvgCenti   *int64 `json:"avg_centi_days,omitempty"`
	// Limits (working days) from the baselines; absent when unpublished.
	StatutoryDays *int64 `json:"statutory_limit_days,omitempty"`
	PromisedDays  *int64 `json:"promised_limit_days,omitempty"`
	// Compression is 承诺时限压缩比 (statutory − promised) / statutory.
	Compression *Rate `json:"compression,omitempty"`
	// OnTime: closed within the promised limit (the statutory one when no
	// promise is published); Overdue the rest. Absent with no limit.
	OnTime  *Rate  `json:"on_time_rate,omitempty"`
	Overdue *int64 `json:"overdue,omitempty"`
	// OpenOverdue counts open cases of the process past a step deadline
	// at the report's time.
	OpenOverdue int64 `json:"open_overdue"`
	// Steps and hand-offs per case, in hundredths (mean).
	StepsCenti    *int64 `json:"steps_per_case_centi,omitempty"`
	HandoffsCenti *int64 `json:"handoffs_per_case_centi,omitempty"`
	// Versus is each published baseline of the process against the same
	// figure now.
	Versus []Comparison `json:"versus_baseline,omitempty"`
}

// Comparison is a figure now against its baseline, in the baseline's
// scale; Change is Now − Baseline (absent when there is no value now).
type Comparison struct {
	Figure   string    `json:"figure"`
	Scale    string    `json:"scale"`
	Baseline *Baseline `json:"baseline"`
	Now      *int64    `json:"now,omitempty"`
	Change   *int64    `json:"change,omitempty"`
}

// Efficiency is every process owned by the department (or the city's).
type Efficiency struct {
	Processes []ProcessEfficiency `json:"processes"`
	Closed    int64               `json:"closed"`
	// CalendarNote names the calendar: working days are counted with it.
	CalendarYears []string `json:"calendar_years,omitempty"`
}

type caseRow struct {
	number, def, owner, outcome string
	opened, closed              int64
	steps, handoffs             int64
}

func efficiency(src Source, p Period, department string) (*Efficiency, error) {
	cal, err := sharing.CurrentCalendar(src.State)
	if err != nil {
		return nil, err
	}
	cases, err := closedCases(src, p, department)
	if err != nil {
		return nil, err
	}
	for _, c := range cases {
		if err := stepsOf(src, c); err != nil {
			return nil, err
		}
	}
	baselines, err := latestBaselines(src)
	if err != nil {
		return nil, err
	}
	names, err := processNames(src)
	if err != nil {
		return nil, err
	}
	byProcess := map[string][]*caseRow{}
	for _, c := range cases {
		byProcess[c.def] = append(byProcess[c.def], c)
	}
	// Processes with a baseline show even without cases in the period.
	for proc, figs := range baselines {
		if b := firstBaseline(figs); b != nil && proc != CityProcess && (department == "" || b.Department == department) {
			if _, ok := byProcess[proc]; !ok {
				byProcess[proc] = nil
			}
		}
	}
	procs := make([]string, 0, len(byProcess))
	for k := range byProcess {
		procs = append(procs, k)
	}
	sort.Strings(procs)
	e := &Efficiency{Closed: int64(len(cases))}
	for _, id := range procs {
		pe := ProcessEfficiency{Process: id, NameZH: names[id].zh, NameEN: names[id].en, Department: names[id].owner}
		var days, steps, hand []int64
		for _, c := range byProcess[id] {
			pe.Closed++
			switch c.outcome {
			case "approved":
				pe.Approved++
			case "rejected":
				pe.Rejected++
			default:
				pe.Withdrawn++
			}
			days = append(days, int64(cal.WorkingDaysBetween(time.Unix(c.opened, 0), time.Unix(c.closed, 0))))
			steps, hand = append(steps, c.steps), append(hand, c.handoffs)
		}
		pe.ApprovalRate = NewRate(pe.Approved, pe.Approved+pe.Rejected)
		pe.MedianDays, pe.P90Days, pe.AvgCenti = median(days), percentile90(days), meanCenti(days)
		pe.StepsCenti, pe.HandoffsCenti = meanCenti(steps), meanCenti(hand)
		bl := baselines[id]
		if b := bl[FigureStatutoryDays]; b != nil {
			pe.StatutoryDays = &b.Value
		}
		if b := bl[FigurePromisedDays]; b != nil {
			pe.PromisedDays = &b.Value
		}
		if pe.StatutoryDays != nil && pe.PromisedDays != nil && *pe.StatutoryDays > 0 {
			r := NewRate(*pe.StatutoryDays-*pe.PromisedDays, *pe.StatutoryDays)
			pe.Compression = &r
		}
		limit := pe.PromisedDays
		if limit == nil {
			limit = pe.StatutoryDays
		}
		if limit != nil {
			var in int64
			for _, d := range days {
				if d <= *limit {
					in++
				}
			}
			r, over := NewRate(in, int64(len(days))), int64(len(days))-in
			pe.OnTime, pe.Overdue = &r, &over
		}
		if err := src.DB.QueryRow(`SELECT COUNT(*) FROM wf_cases WHERE definition = ? AND status = 'open' AND deadline IS NOT NULL AND deadline < ?`,
			id, src.Now.Unix()).Scan(&pe.OpenOverdue); err != nil {
			return nil, err
		}
		pe.Versus = compare(bl, &pe)
		if pe.Department == "" && len(byProcess[id]) > 0 {
			pe.Department = byProcess[id][0].owner
		}
		if pe.Department == "" {
			if b := firstBaseline(bl); b != nil {
				pe.Department = b.Department
			}
		}
		e.Processes = append(e.Processes, pe)
	}
	return e, nil
}

// stepsOf counts a case's step visits (abandoned parallel branches
// excluded) and its hand-offs: consecutive visits, in order, by different
// departments.
func stepsOf(src Source, c *caseRow) error {
	rows, err := src.DB.Query(`SELECT department FROM wf_steps WHERE case_number = ? AND result != 'abandoned' ORDER BY seq`, c.number)
	if err != nil {
		return err
	}
	defer rows.Close()
	prev := ""
	for rows.Next() {
		var d string
		if err := rows.Scan(&d); err != nil {
			return err
		}
		c.steps++
		if prev != "" && d != prev {
			c.handoffs++
		}
		prev = d
	}
	return rows.Err()
}

// compare puts each published figure of the process next to its value now.
func compare(bl map[string]*Baseline, pe *ProcessEfficiency) []Comparison {
	now := map[string]*int64{
		FigureAvgDays:      pe.AvgCenti,
		FigureMedianDays:   times100(pe.MedianDays),
		FigureApprovalRate: pe.ApprovalRate.BP,
		FigureCases:        &pe.Closed,
	}
	if pe.OnTime != nil {
		now[FigureOnTimeRate] = pe.OnTime.BP
	}
	var out []Comparison
	for _, f := range Figures() {
		b := bl[f.Name]
		if b == nil || f.Name == FigureStatutoryDays || f.Name == FigurePromisedDays || f.Name == FigureGoodRate {
			continue
		}
		c := Comparison{Figure: f.Name, Scale: f.Scale, Baseline: b, Now: now[f.Name]}
		if c.Now != nil {
			d := *c.Now - b.Value
			c.Change = &d
		}
		out = append(out, c)
	}
	return out
}

func times100(v *int64) *int64 {
	if v == nil {
		return nil
	}
	x := *v * 100
	return &x
}

func firstBaseline(bl map[string]*Baseline) *Baseline {
	for _, f := range Figures() {
		if b := bl[f.Name]; b != nil {
			return b
		}
	}
	return nil
}

type procName struct{ zh, en, owner string }

// processNames are the names of each process's newest definition.
func processNames(src Source) (map[string]procName, error) {
	rows, err := src.DB.Query(`SELECT d.id, d.name_zh, d.name_en, d.owner FROM wf_definitions d
		WHERE d.version = (SELECT MAX(version) FROM wf_definitions WHERE id = d.id)`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]procName{}
	for rows.Next() {
		var id string
		var n procName
		if err := rows.Scan(&id, &n.zh, &n.en, &n.owner); err != nil {
			return nil, err
		}
		out[id] = n
	}
	return out, rows.Err()
}

// latestBaselines are the newest version of every baseline figure, by
// process then figure, from the index.
func latestBaselines(src Source) (map[string]map[string]*Baseline, error) {
	rows, err := src.DB.Query(`SELECT b.process, b.figure, b.version, b.department, b.value, b.scale, b.period, b.source_hash,
		b.source_title, b.note, b.by_account, b.height, b.time FROM eval_baselines b
		WHERE b.version = (SELECT MAX(version) FROM eval_baselines WHERE process = b.process AND figure = b.figure)`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]map[string]*Baseline{}
	for rows.Next() {
		b := &Baseline{}
		var hash string
		var t int64
		if err := rows.Scan(&b.Process, &b.Figure, &b.Version, &b.Department, &b.Value, &b.Scale, &b.Period, &hash,
			&b.SourceTitle, &b.Note, &b.By, &b.Height, &t); err != nil {
			return nil, err
		}
		b.SourceHash, b.Time = moduleHash(hash), time.Unix(t, 0).UTC()
		if out[b.Process] == nil {
			out[b.Process] = map[string]*Baseline{}
		}
		out[b.Process][b.Figure] = b
	}
	return out, rows.Err()
}

// closedCases are the workflow cases of department ("" for all) closed in
// p, by number: what the efficiency figures and their records both count.
func closedCases(src Source, p Period, department string) ([]*caseRow, error) {
	where, args := deptClause("owner", department, []any{p.Start.Unix(), p.End.Unix()})
	rows, err := src.DB.Query(`SELECT number, definition, owner, outcome, opened_at, closed_at FROM wf_cases
		WHERE status = 'closed' AND closed_at >= ? AND closed_at < ?`+where+` ORDER BY number`, args...)
	if err != nil {
		return nil, err
	}
	var cases []*caseRow
	for rows.Next() {
		c := &caseRow{}
		if err := rows.Scan(&c.number, &c.def, &c.owner, &c.outcome, &c.opened, &c.closed); err != nil {
			rows.Close()
			return nil, err
		}
		cases = append(cases, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return cases, nil
}
