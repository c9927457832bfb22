package evaluationweb

import (
	"net/http"
	"sync"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/pingshan/govchain/internal/module/evaluation"
	"github.com/pingshan/govchain/internal/web/site"
)

// JSON routes of the evaluation: the report with one section per
// dimension (satisfaction, efficiency, security, integration,
// participation), the lists behind the figures, and the baselines.

// evaluationSchemas are the OpenAPI components its JSON routes name.
func evaluationSchemas() map[string]any {
	return map[string]any{
		"EvaluationReport":  evaluation.Report{},
		"EvaluationRecords": evaluation.Table{},
		"EvaluationBaselines": struct {
			Baselines []*evaluation.Baseline `json:"baselines"`
		}{},
	}
}

func (p *Portal) evaluationAPIRoutes() {
	p.API("GET", "/api/v1/evaluation", site.APIDoc{Summary: "The five evaluation dimensions for the city or a department in a month, quarter or year (CST); rates as counts and basis points; figures whose source is missing are listed under unavailable", Tag: "evaluation",
		Query: map[string]string{"period": "YYYY-MM, YYYY-Qn or YYYY (default: this month by block time)", "department": "department id (default: the city)"}, Response: "EvaluationReport"}, p.apiEvaluation)
	p.API("GET", "/api/v1/evaluation/records/{kind}", site.APIDoc{Summary: "The records behind a figure (ratings, tasks, messages, cases, audits, requests, accesses; incidents are on the pages, for signed-in staff) with the figure's filters", Tag: "evaluation",
		Query: map[string]string{"period": "YYYY-MM, YYYY-Qn or YYYY", "dept": "department id (default: all)"}, Response: "EvaluationRecords"}, p.apiEvaluationRecords)
	p.API("GET", "/api/v1/evaluation/baselines", site.APIDoc{Summary: "Every version of every pre-platform baseline the data bureau published, oldest first", Tag: "evaluation",
		Response: "EvaluationBaselines"}, p.apiEvaluationBaselines)
}

func (p *Portal) apiEvaluation(w http.ResponseWriter, r *http.Request) {
	pd, err := p.evalPeriod(r)
	if err != nil {
		site.WriteError(w, site.BadRequest("%v", err))
		return
	}
	dept := r.URL.Query().Get("department")
	if dept != "" {
		depts, err := p.evalDepartments()
		if err != nil {
			site.WriteError(w, err)
			return
		}
		if !containsString(depts, dept) {
			site.WriteError(w, site.BadRequest("no department %q", dept))
			return
		}
	}
	rep, err := p.report(pd.Key, dept)
	if err != nil {
		site.WriteError(w, err)
		return
	}
	site.WriteJSON(w, http.StatusOK, rep)
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func (p *Portal) apiEvaluationRecords(w http.ResponseWriter, r *http.Request) {
	v, status, err := p.evalRecords(r, r.PathValue("kind"), false)
	switch {
	case err != nil:
		site.WriteError(w, site.BadRequest("%v", err))
	case status == http.StatusNotFound:
		site.WriteError(w, site.ErrNotFound)
	case status != 0:
		site.WriteError(w, site.BadRequest("incidents are listed for signed-in staff at /evaluation/records/incidents"))
	default:
		site.WriteJSON(w, http.StatusOK, v.Table)
	}
}

func (p *Portal) apiEvaluationBaselines(w http.ResponseWriter, r *http.Request) {
	st := p.n.Store.Committed()
	latest, err := evaluation.Latest(st)
	if err != nil {
		site.WriteError(w, err)
		return
	}
	out := struct {
		Baselines []*evaluation.Baseline `json:"baselines"`
	}{Baselines: []*evaluation.Baseline{}}
	for _, l := range latest {
		vs, err := evaluation.Versions(st, l.Process, l.Figure)
		if err != nil {
			site.WriteError(w, err)
			return
		}
		out.Baselines = append(out.Baselines, vs...)
	}
	site.WriteJSON(w, http.StatusOK, out)
}

// evalGauges exports the city's headline figures of the current month and
// year as Prometheus gauges. Collect computes them through the portal's
// report cache, so a scrape costs one computation per block at most.
type evalGauges struct {
	p    *Portal
	desc map[string]*prometheus.Desc
	once sync.Once
}

var evalGaugeNames = []struct{ name, help string }{
	{"good_rating_rate", "好评率 of ratings in the period, 0–1 (absent with no ratings)."},
	{"rectification_rate", "Share of rectification tasks opened in the period that are closed, 0–1."},
	{"closed_cases", "Cases closed in the period."},
	{"on_time_rate", "Share of closed cases within the promised (or statutory) limit, 0–1."},
	{"approval_rate", "Approved / (approved + rejected) of cases closed in the period, 0–1."},
	{"incidents", "Security incidents opened in the period."},
	{"audit_findings", "Findings of audit summaries published in the period."},
	{"share_rate", "Share of catalogue resources that are shared (unconditionally or on condition), 0–1."},
	{"grant_rate", "Granted / decided sharing requests made in the period, 0–1."},
	{"participation", "Ratings, suggestions, complaints, objections and activity sign-ups in the period."},
	{"distinct_participants", "Distinct participant hashes (keyed hashes of phones) among the period's named feedback, ratings (under their case's applicant hash) and sign-ups."},
	{"personal_data_accesses", "Personal-data accesses the nodes' monthly access-log digests report for the period (absent when none publishes)."},
}

func (g *evalGauges) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range g.descs() {
		ch <- d
	}
}

func (g *evalGauges) descs() map[string]*prometheus.Desc {
	g.once.Do(func() {
		g.desc = map[string]*prometheus.Desc{}
		for _, n := range evalGaugeNames {
			g.desc[n.name] = prometheus.NewDesc("govchain_evaluation_"+n.name, n.help, []string{"period"}, nil)
		}
	})
	return g.desc
}

func (g *evalGauges) Collect(ch chan<- prometheus.Metric) {
	d := g.descs()
	now := g.p.BlockTime()
	for _, kind := range []string{evaluation.Month, evaluation.Year} {
		rep, err := g.p.report(evaluation.PeriodOf(kind, now).Key, "")
		if err != nil {
			g.p.log.Error("evaluation gauges", "err", err)
			return
		}
		h := rep.Headline()
		rate := func(name string, r evaluation.Rate) {
			if r.BP != nil {
				ch <- prometheus.MustNewConstMetric(d[name], prometheus.GaugeValue, float64(*r.BP)/10000, kind)
			}
		}
		count := func(name string, v int64) {
			ch <- prometheus.MustNewConstMetric(d[name], prometheus.GaugeValue, float64(v), kind)
		}
		rate("good_rating_rate", h.GoodRate)
		rate("rectification_rate", h.Rectified)
		count("closed_cases", h.Closed)
		rate("on_time_rate", h.OnTimeRate)
		rate("approval_rate", h.ApprovalRate)
		count("incidents", h.Incidents)
		count("audit_findings", h.AuditFindings)
		rate("share_rate", h.ShareRate)
		rate("grant_rate", h.GrantRate)
		count("participation", h.Participation)
		count("distinct_participants", h.Distinct)
		if h.Accesses != nil {
			count("personal_data_accesses", *h.Accesses)
		}
	}
}

// registerEvaluationGauges adds the gauges to the node's registry once (a
// second portal on the same node, in tests, finds them there).
func (p *Portal) registerEvaluationGauges() {
	if p.n.Metrics == nil {
		return
	}
	_ = p.n.Metrics.Registry.Register(&evalGauges{p: p})
}
