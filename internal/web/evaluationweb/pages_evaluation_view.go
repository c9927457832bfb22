package evaluationweb

import (
	"errors"
	"html/template"
	"strconv"
	"strings"

	"github.com/pingshan/govchain/internal/module/evaluation"
	"github.com/pingshan/govchain/internal/web/site"
)

func errorsIsInvalid(err error) bool { return errors.Is(err, evaluation.ErrInvalid) }

// evalRow is one figure as a page and its CSV show it: the group it
// belongs to (a process, for efficiency), its name, its value, where its
// method is explained and which records it counts.
type evalRow struct {
	Group, Key, Label, Value string
	Method                   string // anchor on /evaluation/method
	Records                  string // link, "" when there is no list
	Unavailable              bool
	GroupStart               bool // the first row of its group: the page shows the group as a heading row
}

// evalSection is one dimension's table.
type evalSection struct {
	ID, Title string
	Grouped   bool
	Rows      []evalRow
}

// sectionBuilder builds rows with the language, period and department of
// the page.
type sectionBuilder struct {
	lang, period, dept string
	staff              bool
}

func (b sectionBuilder) records(kind string) string {
	if kind == "" || (kind == "incidents" && !b.staff) {
		return ""
	}
	return "/evaluation/records/" + kind + "?" + evalQuery(b.period, b.dept)
}

func (b sectionBuilder) row(key, value, records string) evalRow {
	return evalRow{Key: key, Label: figureLabel(b.lang, key), Value: value, Method: methodAnchor(key), Records: b.records(records)}
}

func (b sectionBuilder) missing(key string) evalRow {
	return evalRow{Key: key, Label: figureLabel(b.lang, key), Value: T(b.lang, "ev.unavailable"), Method: methodAnchor(key), Unavailable: true}
}

func n(v int64) string { return strconv.FormatInt(v, 10) }

func opt(lang string, v *int64, f func(int64) string) string {
	if v == nil {
		return T(lang, "ev.none")
	}
	return f(*v)
}

func rateText(lang string, r evaluation.Rate) string {
	if r.BP == nil {
		return T(lang, "ev.none")
	}
	return evaluation.Percent(r.BP) + " (" + n(r.Num) + "/" + n(r.Den) + ")"
}

func centiText(v int64) string { return evaluation.Centi(v) }

func (b sectionBuilder) sections(r *evaluation.Report) []evalSection {
	L := b.lang
	var out []evalSection
	s := r.Satisfaction
	sat := evalSection{ID: "satisfaction", Title: T(L, "ev.s.satisfaction")}
	for _, l := range s.Levels {
		sat.Rows = append(sat.Rows, b.row("level."+l.Name, n(l.Count), "ratings"))
	}
	sat.Rows = append(sat.Rows, b.row("ratings", n(s.Ratings), "ratings"), b.row("good_rate", rateText(L, s.GoodRate), "ratings"),
		b.row("bad", n(s.Bad), "ratings"), b.row("tasks", n(s.Tasks), "tasks"), b.row("rectified", rateText(L, s.RectifiedRate), "tasks"),
		b.row("rectified_on_time", rateText(L, s.RectifiedOnTime), "tasks"),
		b.row("median_reply_hours", opt(L, s.MedianReplyHours, n), "messages"))
	out = append(out, sat)

	e := r.Efficiency
	eff := evalSection{ID: "efficiency", Title: T(L, "ev.s.efficiency"), Grouped: true}
	eff.Rows = append(eff.Rows, b.row("closed", n(e.Closed), "cases"))
	for _, pe := range e.Processes {
		g := site.Loc(L, pe.NameZH, pe.NameEN)
		if g == "" {
			g = pe.Process
		}
		rows := []evalRow{b.row("closed", n(pe.Closed)+" ("+T(L, "ev.outcomes", pe.Approved, pe.Rejected, pe.Withdrawn)+")", "cases"),
			b.row("approval_rate", rateText(L, pe.ApprovalRate), "cases"),
			b.row("median_days", opt(L, pe.MedianDays, n), "cases"), b.row("p90_days", opt(L, pe.P90Days, n), "cases"),
			b.row("avg_days", opt(L, pe.AvgCenti, centiText), "cases"),
			b.row("statutory", opt(L, pe.StatutoryDays, n), ""), b.row("promised", opt(L, pe.PromisedDays, n), "")}
		if pe.Compression != nil {
			rows = append(rows, b.row("compression", rateText(L, *pe.Compression), ""))
		} else {
			rows = append(rows, b.missing("compression"))
		}
		if pe.OnTime != nil {
			rows = append(rows, b.row("on_time", rateText(L, *pe.OnTime), "cases"), b.row("overdue", n(*pe.Overdue), "cases"))
		} else {
			rows = append(rows, b.missing("on_time"))
		}
		rows = append(rows, b.row("open_overdue", n(pe.OpenOverdue), ""), b.row("steps", opt(L, pe.StepsCenti, centiText), "cases"),
			b.row("handoffs", opt(L, pe.HandoffsCenti, centiText), "cases"))
		for _, c := range pe.Versus {
			v := T(L, "ev.versus", scaled(L, c.Scale, c.Now), scaled(L, c.Scale, &c.Baseline.Value), c.Baseline.Period, signed(L, c.Scale, c.Change))
			row := b.row("vs."+c.Figure, v, "")
			row.Records = "/api/v1/evaluation/baselines"
			rows = append(rows, row)
		}
		for i := range rows {
			rows[i].Group = g
		}
		rows[0].GroupStart = true
		eff.Rows = append(eff.Rows, rows...)
	}
	out = append(out, eff)

	sc := r.Security
	sec := evalSection{ID: "security", Title: T(L, "ev.s.security")}
	sec.Rows = append(sec.Rows, b.row("incidents", n(sc.Incidents), "incidents"))
	for _, c := range sc.BySeverity {
		sec.Rows = append(sec.Rows, b.row("severity."+c.Name, n(c.Count), "incidents"))
	}
	sec.Rows = append(sec.Rows, b.row("open_incidents", n(sc.Open), "incidents"), b.row("closed_incidents", n(sc.Closed), "incidents"),
		b.row("median_close_hours", opt(L, sc.MedianCloseHours, n), "incidents"),
		b.row("audits", n(sc.Audits), "audits"), b.row("audit_findings", n(sc.AuditFindings), "audits"))
	if b.staff {
		for _, c := range sc.FindingsByKind {
			sec.Rows = append(sec.Rows, b.row("findings."+c.Name, n(c.Count), "audits"))
		}
		sec.Rows = append(sec.Rows, b.row("personal_deliveries", n(sc.PersonalDeliveries), "requests"))
	}
	if a := sc.PersonalAccesses; a != nil {
		v := n(a.Count)
		if len(a.Missing) > 0 {
			v += " " + T(L, "ev.accesses_missing", strings.Join(a.Missing, ", "))
		}
		sec.Rows = append(sec.Rows, b.row("personal_accesses", v, "accesses"))
	} else {
		sec.Rows = append(sec.Rows, b.missing("personal_accesses"))
	}
	out = append(out, sec)

	g := r.Integration
	in := evalSection{ID: "integration", Title: T(L, "ev.s.integration")}
	in.Rows = append(in.Rows, b.row("resources", n(g.Resources), ""))
	for _, c := range g.ByClass {
		in.Rows = append(in.Rows, b.row("class."+c.Name, n(c.Count), ""))
	}
	in.Rows = append(in.Rows, b.row("share_rate", rateText(L, g.ShareRate), ""), b.row("requests", n(g.Requests), "requests"),
		b.row("granted", n(g.Granted), "requests"), b.row("refused", n(g.Refused), "requests"), b.row("pending", n(g.Pending), "requests"),
		b.row("grant_rate", rateText(L, g.GrantRate), "requests"), b.row("median_answer_days", opt(L, g.MedianAnswerDays, n), "requests"),
		b.row("sharing_overdue", n(g.Overdue), "requests"), b.row("deliveries", n(g.Deliveries), ""), b.row("materials_saved", n(g.MaterialsSaved), ""))
	out = append(out, in)

	pt := r.Participation
	par := evalSection{ID: "participation", Title: T(L, "ev.s.participation")}
	par.Rows = append(par.Rows, b.row("p.ratings", n(pt.Ratings), "ratings"), b.row("suggestions", n(pt.Suggestions), "messages"),
		b.row("complaints", n(pt.Complaints), "messages"), b.row("objections", n(pt.Objections), ""),
		b.row("total", n(pt.Total), ""), b.row("rated_cases", n(pt.RatedCases), "ratings"),
		b.row("per_thousand", opt(L, pt.PerThousandCases, func(v int64) string { return n(v) + "‰" }), "cases"))
	for _, k := range []struct {
		key string
		v   *int64
	}{{"sign_ups", pt.SignUps}, {"return_visits", pt.ReturnVisits}} {
		if k.v == nil {
			par.Rows = append(par.Rows, b.missing(k.key))
		} else {
			par.Rows = append(par.Rows, b.row(k.key, n(*k.v), ""))
		}
	}
	par.Rows = append(par.Rows, b.row("distinct_participants", n(pt.DistinctParticipants), ""),
		b.row("without_hash", n(pt.WithoutHash), ""))
	out = append(out, par)
	return out
}

// scaled renders a baseline-scaled value.
func scaled(lang, scale string, v *int64) string {
	if v == nil {
		return T(lang, "ev.none")
	}
	switch scale {
	case evaluation.ScaleBasisPoint:
		return evaluation.Percent(v)
	case evaluation.ScaleCentiDays:
		return evaluation.Centi(*v)
	}
	return n(*v)
}

func signed(lang, scale string, v *int64) string {
	s := scaled(lang, scale, v)
	if v != nil && *v > 0 {
		s = "+" + s
	}
	return s
}

// deptTable is the comparison of departments (headline figures), one row
// per department, as the page and its CSV show it.
func deptTable(lang string, depts []string, reports []*evaluation.Report, name func(string) string, staff bool) *evaluation.Table {
	t := &evaluation.Table{Header: []string{T(lang, "ev.col.dept"), figureLabel(lang, "good_rate"), figureLabel(lang, "closed"),
		figureLabel(lang, "approval_rate"), figureLabel(lang, "on_time"), figureLabel(lang, "share_rate"), figureLabel(lang, "total")}}
	if staff {
		t.Header = append(t.Header, figureLabel(lang, "incidents"), figureLabel(lang, "audit_findings"))
	}
	for i, d := range depts {
		h := reports[i].Headline()
		row := []string{name(d), evaluation.Percent(h.GoodRate.BP), n(h.Closed), evaluation.Percent(h.ApprovalRate.BP),
			evaluation.Percent(h.OnTimeRate.BP), evaluation.Percent(h.ShareRate.BP), n(h.Participation)}
		if staff {
			row = append(row, n(h.Incidents), n(h.AuditFindings))
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

// sectionTable is a section as CSV rows.
func sectionTable(lang string, s evalSection) *evaluation.Table {
	t := &evaluation.Table{Header: []string{T(lang, "ev.col.figure"), T(lang, "ev.col.value")}}
	if s.Grouped {
		t.Header = append([]string{T(lang, "ev.col.process")}, t.Header...)
	}
	for _, r := range s.Rows {
		row := []string{r.Label, r.Value}
		if s.Grouped {
			row = append([]string{r.Group}, row...)
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

// charts of a page.
type evalCharts struct {
	Trend, DeptBars, Targets template.HTML
}
