package workflowweb

import (
	"fmt"
	"net/http"

	"github.com/pingshan/govchain/internal/module/feedback"
	"github.com/pingshan/govchain/internal/module/workflow"
	"github.com/pingshan/govchain/internal/store"
	"github.com/pingshan/govchain/internal/web/site"
)

// Extension is the workflow engine's part of the portal: what every
// approval process shares. Land (and any other process) pages go in their
// own package and have their own Extension; this one gives the home page
// its case figures and lets citizens rate completed workflow cases.
func Extension() site.Extension {
	return site.Extension{
		Name:    "workflow",
		Figures: func(c site.Core, r *http.Request) []site.Figure { return workflowFigures(newPortal(c), r) },
		CaseAccess: func(c site.Core, r store.Reader, number, code string) (*feedback.CaseInfo, error) {
			return workflowCaseAccess(newPortal(c), r, number, code)
		},
		Messages: workflowMessages,
	}
}

// workflowMessages are the workflow area's catalog entries.
var workflowMessages = map[string][2]string{
	"fig.cases_handled":  {"已办结事项", "Cases handled"},
	"fig.avg_processing": {"平均办理时长", "Average processing time"},
	"fig.days":           {"%.1f 天", "%.1f days"},
}

// workflowCaseAccess checks a case number and access code against the
// case's access-code hash (constant time; the same error for a missing
// case and a wrong code).
func workflowCaseAccess(p *Portal, r store.Reader, number, code string) (*feedback.CaseInfo, error) {
	c, err := workflow.GetCase(r, number)
	if err != nil || !workflow.CheckAccessCode(p.suite, c, code) {
		return nil, site.ErrAccessCode
	}
	return feedback.WorkflowCase(r, number)
}

func workflowFigures(p *Portal, r *http.Request) []site.Figure {
	s, err := workflow.Stats(p.n.Index.DB())
	if err != nil {
		p.log.Warn("home: workflow stats", "err", err)
		return nil
	}
	lang := site.LangOf(r)
	avg := "—"
	if s.Closed > 0 {
		avg = p.T(lang, "fig.days", s.AvgProcessingDays)
	}
	return []site.Figure{{Label: "fig.cases_handled", Value: fmt.Sprint(s.Closed)}, {Label: "fig.avg_processing", Value: avg}}
}
