package governanceweb

import (
	"net/http"

	"github.com/pingshan/govchain/internal/api"
	"github.com/pingshan/govchain/internal/module/workflow"
	"github.com/pingshan/govchain/internal/web/site"
)

// The process versions page (/governance/processes): every process
// definition with each version, who published it (a department's admin,
// genesis, or a governance proposal), and whether its next version takes
// a proposal. Read-only, from committed state, like /api/v1/processes.

type processVersionsRow struct {
	api.ProcessSummary
	Versions []*workflow.Definition
}

func (p *Portal) governanceProcessesPage(w http.ResponseWriter, r *http.Request) {
	st := p.n.Store.Committed()
	defs, err := workflow.Definitions(st)
	var rows []processVersionsRow
	for _, d := range defs {
		if err != nil {
			break
		}
		var vs []*workflow.Definition
		if vs, err = workflow.Versions(st, d.ID); err == nil {
			// Newest first: the version new cases start on is on top.
			for i, j := 0, len(vs)-1; i < j; i, j = i+1, j-1 {
				vs[i], vs[j] = vs[j], vs[i]
			}
			rows = append(rows, processVersionsRow{ProcessSummary: api.SummariseProcess(d), Versions: vs})
		}
	}
	if err != nil {
		p.log.Error("governance processes", "err", err)
		p.Fail(w, r, http.StatusInternalServerError, p.T(p.Lang(w, r), "err.internal"))
		return
	}
	p.Render(w, r, site.Page{Template: "governance_processes.html", Title: "gproc.title", Active: "governance", Data: rows})
}

var governanceProcessMessages = map[string][2]string{
	"gov.type.process":   {"流程新版本", "New process version"},
	"gproc.title":        {"业务流程及其版本", "Processes and their versions"},
	"gproc.link":         {"业务流程及其版本", "Processes and their versions"},
	"gproc.intro":        {"业务流程是链上数据，按版本发布：新办件按最新版本办理，在办件按受理时的版本办结。只涉及一个部门的流程由该部门管理员发布新版本；涉及多个部门的流程须经治理提案通过。", "Processes are chain data, published in versions: new cases run on the latest version, open cases finish on the version they started with. A process of one department is republished by its admin; one that involves several departments changes only by a passed governance proposal."},
	"gproc.none":         {"暂无业务流程。", "No processes yet."},
	"gproc.departments":  {"涉及部门", "Departments involved"},
	"gproc.by_proposal":  {"新版本须经治理提案", "New versions by governance proposal"},
	"gproc.by_admin":     {"新版本由本部门管理员发布", "New versions by its department's admin"},
	"gproc.version":      {"版本", "Version"},
	"gproc.published":    {"发布时间", "Published"},
	"gproc.published_by": {"发布方式", "Published by"},
	"gproc.steps":        {"环节数", "Steps"},
	"gproc.genesis":      {"创世配置", "genesis"},
	"gproc.proposal":     {"第 %d 号提案", "proposal %d"},
	"gproc.admin":        {"部门管理员", "department admin"},
}
