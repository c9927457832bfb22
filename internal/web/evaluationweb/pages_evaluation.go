package evaluationweb

import (
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"sync"

	"github.com/pingshan/govchain/internal/module/evaluation"
	"github.com/pingshan/govchain/internal/module/identity"
	"github.com/pingshan/govchain/internal/module/participation"
	"github.com/pingshan/govchain/internal/web/site"
)

// The evaluation dashboard (运行效果评估): the five dimensions for the city
// and each department, per month, quarter or year (CST), computed from the
// index and committed state by internal/module/evaluation. The public page
// shows the city and a comparison of departments; the staff page every
// figure of one department; each figure links to how it is computed
// (/evaluation/method) and to the records behind it
// (/evaluation/records/…); every table exports as CSV, the report as JSON
// (/api/v1/evaluation); /evaluation/report is the printable monthly report.

// Extension is the evaluation area.
func Extension() site.Extension {
	return site.Extension{
		Name:     "evaluation",
		Nav:      []site.NavItem{{Path: "/evaluation", Label: "nav.evaluation", Key: "evaluation"}},
		StaffNav: []site.NavItem{{Path: "/staff/evaluation", Label: "nav.staff_evaluation", Key: "staff_evaluation"}},
		Routes: func(c site.Core) {
			p := newPortal(c)
			p.Page("GET /evaluation", p.evaluationPage)
			p.Page("GET /evaluation/method", p.evaluationMethod)
			p.Page("GET /evaluation/records/{kind}", p.evaluationRecords)
			p.Page("GET /evaluation/export.csv", p.evaluationCSV)
			p.Page("GET /evaluation/report", p.evaluationReport)
			p.Staff("GET /staff/evaluation", p.staffEvaluation)
			p.evaluationAPIRoutes()
			p.registerEvaluationGauges()
		},
		Schemas: evaluationSchemas(),
		Funcs: func(c site.Core, lang string) template.FuncMap {
			return template.FuncMap{
				"list3": func(a, b, c string) []string { return []string{a, b, c} },
				// evSection is what the ev-section partial needs.
				"evSection": func(s evalSection, v *evalView) evalSectionView {
					return evalSectionView{S: s, Q: v.Query, Staff: v.Staff}
				},
			}
		},
		Templates: templateFS,
		Messages:  evaluationMessages,
	}
}

type evalSectionView struct {
	S     evalSection
	Q     template.URL
	Staff bool
}

// civicSource gives the evaluation the participation module's counts.
func (p *Portal) civicSource() evaluation.CivicSource { return participation.Civic{DB: p.n.Index.DB()} }

func (p *Portal) evalSource() evaluation.Source {
	return evaluation.Source{DB: p.n.Index.DB(), State: p.n.Store.Committed(), Civic: p.civicSource(), Now: p.BlockTime()}
}

// evalCache keeps reports computed at one height: a page computes the
// city, every department and a trail of periods, and the gauges ask for
// the same figures at every scrape.
type evalCache struct {
	mu      sync.Mutex // guards height and reports, never held while computing
	height  int64
	reports map[string]*evalEntry
}

// evalEntry is one report at one height: the first request computes it,
// requests for the same key meanwhile wait for that one, and requests for
// other departments or periods compute theirs in parallel.
type evalEntry struct {
	done chan struct{} // closed when r and err are set
	r    *evaluation.Report
	err  error
}

func (p *Portal) report(periodKey, dept string) (*evaluation.Report, error) {
	c := p.eval
	h := p.n.Height()
	if ih, err := p.n.Index.Height(); err == nil && ih < h {
		h = ih // the figures are as of what the index holds
	}
	key := periodKey + "|" + dept
	c.mu.Lock()
	if c.height != h || c.reports == nil || len(c.reports) > 512 {
		c.height, c.reports = h, map[string]*evalEntry{}
	}
	e := c.reports[key]
	if e == nil {
		e = &evalEntry{done: make(chan struct{})}
		c.reports[key] = e
		c.mu.Unlock()
		func() {
			// Run even if the computation panics (net/http recovers the
			// request), so no waiter hangs on it and no failure is kept: the
			// next request tries again.
			defer func() {
				if e.err != nil {
					c.mu.Lock()
					if c.reports[key] == e {
						delete(c.reports, key)
					}
					c.mu.Unlock()
				}
				close(e.done)
			}()
			e.err = errReportPanicked
			e.r, e.err = p.computeReport(periodKey, dept)
		}()
		return e.r, e.err
	}
	c.mu.Unlock()
	<-e.done
	return e.r, e.err
}

var errReportPanicked = errors.New("evaluation report: computation failed")

func (p *Portal) computeReport(periodKey, dept string) (*evaluation.Report, error) {
	pd, err := evaluation.ParsePeriod(periodKey)
	if err != nil {
		return nil, err
	}
	return evaluation.Compute(p.evalSource(), pd, dept)
}

// evalPeriod reads ?period= (default: this month by block time) and ?dept=.
func (p *Portal) evalPeriod(r *http.Request) (evaluation.Period, error) {
	if k := r.URL.Query().Get("period"); k != "" {
		return evaluation.ParsePeriod(k)
	}
	if k := r.URL.Query().Get("kind"); k == evaluation.Quarter || k == evaluation.Year {
		return evaluation.PeriodOf(k, p.BlockTime()), nil
	}
	return evaluation.PeriodOf(evaluation.Month, p.BlockTime()), nil
}

// departments lists the live departments, by id.
func (p *Portal) evalDepartments() ([]string, error) {
	ds, err := identity.Departments(p.n.Store.Committed())
	if err != nil {
		return nil, err
	}
	var out []string
	for _, d := range ds {
		if d.Retired == nil {
			out = append(out, d.ID)
		}
	}
	return out, nil
}

func evalQuery(period, dept string) string {
	q := url.Values{}
	q.Set("period", period)
	if dept != "" {
		q.Set("dept", dept)
	}
	return q.Encode()
}

// evalChoice is a period the page offers.
type evalChoice struct {
	Key, Kind string
	Current   bool
}

func (p *Portal) evalChoices(cur evaluation.Period) []evalChoice {
	now := p.BlockTime()
	var out []evalChoice
	for _, k := range []string{evaluation.Month, evaluation.Quarter, evaluation.Year} {
		n := map[string]int{evaluation.Month: 6, evaluation.Quarter: 4, evaluation.Year: 2}[k]
		for _, q := range evaluation.PeriodOf(k, now).Trail(n) {
			out = append(out, evalChoice{Key: q.Key, Kind: k, Current: q.Key == cur.Key})
		}
	}
	return out
}

func (p *Portal) evalFail(w http.ResponseWriter, r *http.Request, err error) {
	if errorsIsInvalid(err) {
		p.Fail(w, r, http.StatusBadRequest, err.Error())
		return
	}
	p.log.Error("evaluation", "err", err)
	p.Fail(w, r, http.StatusInternalServerError, p.T(p.Lang(w, r), "err.internal"))
}
