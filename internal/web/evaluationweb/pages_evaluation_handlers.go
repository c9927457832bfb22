package evaluationweb

import (
	"encoding/csv"
	"html/template"
	"net/http"
	"slices"

	"github.com/pingshan/govchain/internal/module/evaluation"
	"github.com/pingshan/govchain/internal/web/site"
)

// evalView is what the dashboard templates get.
type evalView struct {
	Period    evaluation.Period
	Choices   []evalChoice
	Dept      string
	Depts     []string
	Report    *evaluation.Report
	Sections  []evalSection
	DeptTable *evaluation.Table
	Charts    evalCharts
	Staff     bool
	Query     template.URL // period (and dept) as a query string (url.Values.Encode: safe)
	Path      string       // the page itself, for the period links
}

func (p *Portal) evalView(w http.ResponseWriter, r *http.Request, staff bool, dept string) (*evalView, error) {
	lang := p.Lang(w, r)
	pd, err := p.evalPeriod(r)
	if err != nil {
		return nil, err
	}
	depts, err := p.evalDepartments()
	if err != nil {
		return nil, err
	}
	if dept != "" && !slices.Contains(depts, dept) {
		return nil, badRequestEval("department " + dept)
	}
	v := &evalView{Period: pd, Choices: p.evalChoices(pd), Dept: dept, Depts: depts, Staff: staff, Query: template.URL(evalQuery(pd.Key, dept)), Path: r.URL.Path}
	if v.Report, err = p.report(pd.Key, dept); err != nil {
		return nil, err
	}
	v.Sections = sectionBuilder{lang: lang, period: pd.Key, dept: dept, staff: staff}.sections(v.Report)
	reports := make([]*evaluation.Report, len(depts))
	var bars []site.Bar
	for i, d := range depts {
		if reports[i], err = p.report(pd.Key, d); err != nil {
			return nil, err
		}
		h := reports[i].Headline()
		b := site.Bar{Label: p.DeptName(lang, d), Text: evaluation.Percent(h.GoodRate.BP)}
		if h.GoodRate.BP != nil {
			b.Value = float64(*h.GoodRate.BP) / 100
		}
		bars = append(bars, b)
	}
	v.DeptTable = deptTable(lang, depts, reports, func(id string) string { return p.DeptName(lang, id) }, staff)
	v.Charts.DeptBars = site.BarChart(T(lang, "ev.chart_depts"), bars, "%")
	var good, closed []Point
	for _, q := range pd.Trail(6) {
		rq, err := p.report(q.Key, dept)
		if err != nil {
			return nil, err
		}
		h := rq.Headline()
		pt := Point{Label: shortPeriod(q), Text: evaluation.Percent(h.GoodRate.BP), Missing: h.GoodRate.BP == nil}
		if h.GoodRate.BP != nil {
			pt.Value = float64(*h.GoodRate.BP)
		}
		good = append(good, pt)
		closed = append(closed, Point{Label: shortPeriod(q), Text: n(h.Closed), Value: float64(h.Closed)})
	}
	v.Charts.Trend = TrendChart(T(lang, "ev.chart_trend"), good) + TrendChart(T(lang, "ev.chart_closed"), closed)
	var targets []Target
	for _, pe := range v.Report.Efficiency.Processes {
		if pe.MedianDays == nil || pe.PromisedDays == nil {
			continue
		}
		targets = append(targets, Target{Label: site.Loc(lang, pe.NameZH, pe.NameEN), Value: float64(*pe.MedianDays), Target: float64(*pe.PromisedDays),
			Text: n(*pe.MedianDays), TargetTx: n(*pe.PromisedDays), Over: *pe.MedianDays > *pe.PromisedDays})
	}
	if len(targets) > 0 {
		v.Charts.Targets = TargetChart(T(lang, "ev.chart_targets"), targets)
	}
	return v, nil
}

// shortPeriod labels a column: 10月 / Q4 / 2026 fit under a bar.
func shortPeriod(p evaluation.Period) string {
	switch p.Kind {
	case evaluation.Month:
		return p.Key[2:] // 26-10
	case evaluation.Quarter:
		return p.Key[2:] // 26-Q4
	}
	return p.Key
}

func badRequestEval(what string) error {
	return &evalInvalid{what: what}
}

type evalInvalid struct{ what string }

func (e *evalInvalid) Error() string { return "no such " + e.what }
func (e *evalInvalid) Unwrap() error { return evaluation.ErrInvalid }

func (p *Portal) evaluationPage(w http.ResponseWriter, r *http.Request) {
	v, err := p.evalView(w, r, false, "")
	if err != nil {
		p.evalFail(w, r, err)
		return
	}
	p.Render(w, r, site.Page{Template: "evaluation.html", Title: "ev.title", Active: "evaluation", Data: v})
}

func (p *Portal) staffEvaluation(w http.ResponseWriter, r *http.Request, s *site.Session) {
	dept := r.URL.Query().Get("dept")
	if dept == "" {
		dept = s.Department
	}
	v, err := p.evalView(w, r, true, dept)
	if err != nil {
		p.evalFail(w, r, err)
		return
	}
	p.Render(w, r, site.Page{Template: "evaluation.html", Title: "ev.staff_title", Active: "staff_evaluation", Data: v})
}

// evaluationReport is the printable monthly report of a department (or
// the city): the same figures, laid out for A4.
func (p *Portal) evaluationReport(w http.ResponseWriter, r *http.Request) {
	staff := p.signedIn(r)
	v, err := p.evalView(w, r, staff, r.URL.Query().Get("dept"))
	if err != nil {
		p.evalFail(w, r, err)
		return
	}
	p.Render(w, r, site.Page{Template: "evaluation_report.html", Title: "ev.report_title", Active: "evaluation", Data: v})
}

func (p *Portal) evaluationMethod(w http.ResponseWriter, r *http.Request) {
	lang := p.Lang(w, r)
	type entry struct{ Anchor, Label, Formula string }
	var list []entry
	for _, k := range methodKeys {
		list = append(list, entry{Anchor: "m-" + k, Label: figureLabel(lang, k), Formula: T(lang, "evm."+k)})
	}
	p.Render(w, r, site.Page{Template: "evaluation_method.html", Title: "ev.method_title", Active: "evaluation", Data: list})
}

type evalRecordsView struct {
	Kind   string
	Period evaluation.Period
	Dept   string
	Table  *evaluation.Table
	Query  template.URL
}

// evalRecords lists the records of kind; incidents only for staff (a
// signed-in member on the pages; never through the JSON routes).
func (p *Portal) evalRecords(r *http.Request, kind string, staff bool) (*evalRecordsView, int, error) {
	if !slices.Contains(evaluation.RecordKinds(), kind) {
		return nil, http.StatusNotFound, nil
	}
	if kind == "incidents" && !staff {
		return nil, http.StatusUnauthorized, nil
	}
	pd, err := p.evalPeriod(r)
	if err != nil {
		return nil, 0, err
	}
	dept := r.URL.Query().Get("dept")
	t, err := evaluation.Records(p.evalSource(), kind, pd, dept)
	if err != nil {
		return nil, 0, err
	}
	return &evalRecordsView{Kind: kind, Period: pd, Dept: dept, Table: t, Query: template.URL(evalQuery(pd.Key, dept))}, 0, nil
}

func (p *Portal) evaluationRecords(w http.ResponseWriter, r *http.Request) {
	v, status, err := p.evalRecords(r, r.PathValue("kind"), p.signedIn(r))
	switch {
	case err != nil:
		p.evalFail(w, r, err)
	case status == http.StatusNotFound:
		p.NotFound(w, r)
	case status != 0:
		p.Fail(w, r, status, p.T(p.Lang(w, r), "err.signin"))
	default:
		p.Render(w, r, site.Page{Template: "evaluation_records.html", Title: "ev.records_title", Active: "evaluation", Data: v})
	}
}

// evaluationCSV exports one table of the page: ?table=departments or a
// section id, or ?records=KIND; the same rows as the page shows (staff
// rows only with ?view=staff and a session).
func (p *Portal) evaluationCSV(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	var t *evaluation.Table
	name := q.Get("table")
	if kind := q.Get("records"); kind != "" {
		v, status, err := p.evalRecords(r, kind, p.signedIn(r))
		switch {
		case err != nil:
			p.evalFail(w, r, err)
			return
		case status == http.StatusNotFound:
			p.NotFound(w, r)
			return
		case status != 0:
			p.Fail(w, r, status, p.T(p.Lang(w, r), "err.signin"))
			return
		}
		t, name = v.Table, "records-"+kind
	} else {
		staff := q.Get("view") == "staff" && p.signedIn(r)
		v, err := p.evalView(w, r, staff, q.Get("dept"))
		if err != nil {
			p.evalFail(w, r, err)
			return
		}
		if name == "departments" {
			t = v.DeptTable
		}
		for _, s := range v.Sections {
			if s.ID == name {
				t = sectionTable(p.Lang(w, r), s)
			}
		}
		if t == nil {
			p.NotFound(w, r)
			return
		}
		name += "-" + v.Period.Key
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="evaluation-`+name+`.csv"`)
	w.Header().Set("Cache-Control", "no-store")
	cw := csv.NewWriter(w)
	cw.Write(t.Header)
	cw.WriteAll(t.Rows)
}
