package governanceweb

import (
	"encoding/json"
	"net/http"
	"strings"

	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/module/governance"
	"github.com/pingshan/govchain/internal/module/identity"
	"github.com/pingshan/govchain/internal/web/site"
)

// The governance console (治理工作台): a department admin proposes a
// parameter change, votes on open proposals, requests or co-signs an
// emergency freeze; an admin or auditor opens, updates and closes
// incidents. Every form is signed with the member's own key, like the
// other console forms; the chain checks roles and departments again.

func (p *Portal) staffGovernanceRoutes() {
	anyone := []string{module.RoleAdmin, module.RoleAuditor}
	p.Staff("GET /staff/governance", p.staffGovernance, anyone...)
	p.Staff("POST /staff/governance/propose", p.govPropose, module.RoleAdmin)
	p.Staff("POST /staff/governance/vote", p.govVote, module.RoleAdmin)
	p.Staff("POST /staff/governance/freeze", p.govFreeze, module.RoleAdmin)
	p.Staff("POST /staff/governance/cosign", p.govCosign, module.RoleAdmin)
	p.Staff("POST /staff/governance/incidents", p.govIncidentOpen, anyone...)
	p.Staff("POST /staff/governance/incidents/update", p.govIncidentUpdate, anyone...)
	p.Staff("POST /staff/governance/incidents/close", p.govIncidentClose, anyone...)
	p.Staff("POST /staff/governance/incidents/publish", p.govIncidentPublish, module.RoleAdmin)
}

type staffGovData struct {
	site.QueryState
	IsAdmin     bool
	Open        []*governance.Proposal
	Freezes     []*governance.Freeze // requested (to co-sign) and active
	Incidents   []*governance.Incident
	Params      []string
	Departments []*identity.Department
	Department  string
	Levels      []int
}

func (p *Portal) staffGovernancePage(w http.ResponseWriter, r *http.Request, s *site.Session, status int, errMsg string) {
	st := p.n.Store.Committed()
	d := staffGovData{IsAdmin: s.HasRole(module.RoleAdmin), Department: s.Department, Levels: []int{1, 2, 3, 4}}
	props, err := governance.Proposals(st)
	if err == nil {
		for i := len(props) - 1; i >= 0; i-- {
			if props[i].State == governance.StateVoting {
				d.Open = append(d.Open, props[i])
			}
		}
		var fs []*governance.Freeze
		if fs, err = governance.Freezes(st); err == nil {
			for i := len(fs) - 1; i >= 0; i-- {
				if fs[i].State == governance.FreezeRequested || fs[i].State == governance.FreezeActive || fs[i].State == governance.FreezeRatified {
					d.Freezes = append(d.Freezes, fs[i])
				}
			}
		}
	}
	if err == nil {
		var ins []*governance.Incident
		if ins, err = governance.Incidents(st); err == nil {
			for i := len(ins) - 1; i >= 0 && len(d.Incidents) < 50; i-- {
				d.Incidents = append(d.Incidents, ins[i])
			}
		}
	}
	d.Failed = p.QueryErr("staff governance", err)
	d.Params = p.n.App.GovRegistry().Names()
	d.Departments, err = identity.Departments(st)
	d.Failed = p.QueryErr("staff governance departments", err) || d.Failed
	p.Render(w, r, site.Page{Template: "staff_governance.html", Title: "sgov.title", Active: "staff_governance", Status: status, Error: errMsg, Data: d})
}

func (p *Portal) staffGovernance(w http.ResponseWriter, r *http.Request, s *site.Session) {
	p.staffGovernancePage(w, r, s, 0, "")
}

// govSend validates, signs and sends one governance action, then goes
// back to the console (or shows the refusal there).
func (p *Portal) govSend(w http.ResponseWriter, r *http.Request, s *site.Session, action string, pl module.Payload) {
	err := pl.Validate()
	if err == nil {
		_, err = p.Send(r.Context(), s.Key, "governance", action, pl)
	}
	if err != nil {
		p.staffGovernancePage(w, r, s, site.StatusOf(err), p.ErrText(p.Lang(w, r), err))
		return
	}
	site.Redirect(w, r, "/staff/governance")
}

func (p *Portal) govPropose(w http.ResponseWriter, r *http.Request, s *site.Session) {
	value := strings.TrimSpace(r.PostFormValue("value"))
	if !json.Valid([]byte(value)) {
		p.staffGovernancePage(w, r, s, http.StatusBadRequest, p.T(p.Lang(w, r), "sgov.bad_value"))
		return
	}
	body, _ := json.Marshal(governance.ParamChangeBody{Name: r.PostFormValue("name"), Value: json.RawMessage(value)})
	p.govSend(w, r, s, "propose", &governance.Propose{Type: governance.TypeParam, Payload: body, Summary: strings.TrimSpace(r.PostFormValue("summary"))})
}

func (p *Portal) govVote(w http.ResponseWriter, r *http.Request, s *site.Session) {
	p.govSend(w, r, s, "vote", &governance.VoteRequest{Proposal: site.FormUint(r, "proposal"), Choice: r.PostFormValue("choice"),
		Reason: strings.TrimSpace(r.PostFormValue("reason"))})
}

func (p *Portal) govFreeze(w http.ResponseWriter, r *http.Request, s *site.Session) {
	p.govSend(w, r, s, "freeze", &governance.RequestFreeze{Kind: r.PostFormValue("kind"), Target: strings.TrimSpace(r.PostFormValue("target")),
		Reason: strings.TrimSpace(r.PostFormValue("reason"))})
}

func (p *Portal) govCosign(w http.ResponseWriter, r *http.Request, s *site.Session) {
	p.govSend(w, r, s, "cosign_freeze", &governance.CosignFreeze{Freeze: site.FormUint(r, "freeze")})
}

func (p *Portal) govIncidentOpen(w http.ResponseWriter, r *http.Request, s *site.Session) {
	sev, _ := parseInt(r.PostFormValue("severity"))
	var comps []string
	for _, c := range strings.Split(r.PostFormValue("components"), ",") {
		if c = strings.TrimSpace(c); c != "" {
			comps = append(comps, c)
		}
	}
	r.ParseForm() //nolint:errcheck // PostFormValue above has parsed it
	p.govSend(w, r, s, "incident_open", &governance.OpenIncident{Type: strings.TrimSpace(r.PostFormValue("type")), Severity: sev,
		Departments: r.PostForm["departments"], Components: comps, Description: strings.TrimSpace(r.PostFormValue("description"))})
}

func (p *Portal) govIncidentUpdate(w http.ResponseWriter, r *http.Request, s *site.Session) {
	p.govSend(w, r, s, "incident_update", &governance.UpdateIncident{Incident: site.FormUint(r, "incident"), Kind: r.PostFormValue("kind"),
		Text: strings.TrimSpace(r.PostFormValue("text"))})
}

func (p *Portal) govIncidentClose(w http.ResponseWriter, r *http.Request, s *site.Session) {
	p.govSend(w, r, s, "incident_close", &governance.CloseIncident{Incident: site.FormUint(r, "incident"), Review: strings.TrimSpace(r.PostFormValue("review"))})
}

// govIncidentPublish puts a closed incident's review on the public log; the
// opening department's admin decides.
func (p *Portal) govIncidentPublish(w http.ResponseWriter, r *http.Request, s *site.Session) {
	p.govSend(w, r, s, "incident_publish", &governance.PublishIncident{Incident: site.FormUint(r, "incident")})
}
