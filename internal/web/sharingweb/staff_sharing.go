package sharingweb

import (
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/module/governance"
	"github.com/pingshan/govchain/internal/module/sharing"
	"github.com/pingshan/govchain/internal/web/site"
)

// The data sharing console (数据共享工作台): a department's incoming
// requests (overdue first), its own requests, the grants it gave and got,
// the access records of its resources, and — for the data bureau — the
// requests waiting for arbitration. Every form is signed with the member's
// own key; the chain checks roles and departments again. Fetching data
// under a grant is in staff_sharing_fetch.go.

func (p *Portal) staffSharingRoutes() {
	staff := []string{module.RoleAdmin, module.RoleClerk, module.RoleReviewer}
	deciders := []string{module.RoleAdmin, module.RoleReviewer}
	p.Staff("GET /staff/sharing", p.staffSharing, staff...)
	p.Staff("POST /staff/sharing/request", p.shRequest, staff...)
	p.Staff("POST /staff/sharing/answer", p.shAnswer, deciders...)
	p.Staff("POST /staff/sharing/arbitrate", p.shArbitrate, module.RoleAdmin)
	p.Staff("POST /staff/sharing/revoke", p.shRevoke, deciders...)
	p.Staff("POST /staff/sharing/attach", p.shAttach, staff...)
	p.Staff("POST /staff/sharing/fetch", p.shFetch, staff...)
}

type staffSharingData struct {
	Department  string
	IsBureau    bool
	CanDecide   bool
	Incoming    []*sharing.Request // pending for this department, overdue first
	Arbitration []*sharing.Request // the bureau's queue, lapsed first
	Own         []*sharing.Request // asked by this department, newest first
	Given       []*sharing.Request // grants of this department's resources
	Received    []*sharing.Request // grants this department holds, active
	Accesses    []*sharing.Access  // deliveries of this department's resources, newest first
	Resources   []*sharing.Resource
	Reasons     []string
	Now         time.Time
	Fetched     *fetchedView
}

func (p *Portal) staffSharingData(s *site.Session) (*staffSharingData, error) {
	st := p.n.Store.Committed()
	now := p.BlockTime()
	d := &staffSharingData{Department: s.Department, Reasons: sharing.RefusalReasons(), Now: now,
		CanDecide: s.HasRole(module.RoleAdmin) || s.HasRole(module.RoleReviewer)}
	bureau, err := sharingBureau(p)
	if err != nil {
		return nil, err
	}
	d.IsBureau = bureau == s.Department && s.HasRole(module.RoleAdmin)
	reqs, err := sharing.Requests(st)
	if err != nil {
		return nil, err
	}
	for i := len(reqs) - 1; i >= 0; i-- {
		r := reqs[i]
		switch {
		case r.Owner == s.Department && r.State == sharing.StatePending:
			d.Incoming = append(d.Incoming, r)
		case d.IsBureau && r.State == sharing.StateArbitration:
			d.Arbitration = append(d.Arbitration, r)
		}
		if r.Requester == s.Department {
			d.Own = append(d.Own, r)
			if r.State == sharing.StateGranted && r.Grant.Revoked == nil && now.Before(r.Grant.ValidUntil) {
				d.Received = append(d.Received, r)
			}
		}
		if r.Owner == s.Department && r.State == sharing.StateGranted {
			d.Given = append(d.Given, r)
		}
	}
	// Overdue first: the nearest deadline heads the list.
	sort.SliceStable(d.Incoming, func(i, j int) bool { return d.Incoming[i].Deadline.Before(*d.Incoming[j].Deadline) })
	sort.SliceStable(d.Arbitration, func(i, j int) bool {
		a, b := d.Arbitration[i], d.Arbitration[j]
		if a.ArbitrationOverdue != b.ArbitrationOverdue {
			return a.ArbitrationOverdue
		}
		return a.ArbitrationDeadline != nil && b.ArbitrationDeadline != nil && a.ArbitrationDeadline.Before(*b.ArbitrationDeadline)
	})
	acc, err := sharing.Accesses(st)
	if err != nil {
		return nil, err
	}
	for i := len(acc) - 1; i >= 0 && len(d.Accesses) < 200; i-- {
		if acc[i].Owner == s.Department || acc[i].Requester == s.Department {
			d.Accesses = append(d.Accesses, acc[i])
		}
	}
	res, err := sharing.Resources(st)
	if err != nil {
		return nil, err
	}
	for _, r := range res {
		if r.Retired == nil && r.Department != s.Department {
			d.Resources = append(d.Resources, r)
		}
	}
	return d, nil
}

func sharingBureau(p *Portal) (string, error) {
	raw, err := governance.ParamValue(p.n.Store.Committed(), sharing.DataBureauParam())
	if err != nil {
		return "", err
	}
	return strings.Trim(string(raw), `"`), nil
}

func (p *Portal) staffSharingPage(w http.ResponseWriter, r *http.Request, s *site.Session, status int, errMsg, notice string, f *fetchedView) {
	d, err := p.staffSharingData(s)
	if err != nil {
		p.log.Error("staff sharing", "err", err)
		p.Fail(w, r, http.StatusInternalServerError, p.T(p.Lang(w, r), "err.internal"))
		return
	}
	d.Fetched = f
	p.Render(w, r, site.Page{Template: "staff_sharing.html", Title: "ssh.title", Active: "staff_sharing", Status: status, Error: errMsg, Notice: notice, Data: d})
}

func (p *Portal) staffSharing(w http.ResponseWriter, r *http.Request, s *site.Session) {
	p.staffSharingPage(w, r, s, 0, "", "", nil)
}

// shSend validates, signs and sends one sharing action, then goes back to
// the console (or shows the refusal there).
func (p *Portal) shSend(w http.ResponseWriter, r *http.Request, s *site.Session, action string, pl module.Payload) {
	err := pl.Validate()
	if err == nil {
		_, err = p.Send(r.Context(), s.Key, "sharing", action, pl)
	}
	if err != nil {
		p.staffSharingPage(w, r, s, site.StatusOf(err), p.ErrText(p.Lang(w, r), err), "", nil)
		return
	}
	site.Redirect(w, r, "/staff/sharing")
}

func formList(r *http.Request, name string) []string {
	var out []string
	for _, f := range strings.FieldsFunc(r.PostFormValue(name), func(c rune) bool { return c == ',' || c == '，' || c == ' ' }) {
		out = append(out, strings.TrimSpace(f))
	}
	return out
}

func (p *Portal) shRequest(w http.ResponseWriter, r *http.Request, s *site.Session) {
	days, _ := strconv.ParseUint(strings.TrimSpace(r.PostFormValue("duration_days")), 10, 32)
	p.shSend(w, r, s, "request", &sharing.RequestData{Resource: r.PostFormValue("resource"), Fields: formList(r, "fields"),
		Purpose: strings.TrimSpace(r.PostFormValue("purpose")), LegalBasis: strings.TrimSpace(r.PostFormValue("legal_basis")),
		CaseNo: strings.TrimSpace(r.PostFormValue("case_no")), DurationDays: uint32(days)})
}

// decideFrom reads a grant or refusal form; valid_days counts from the
// latest block's time (the chain checks against block time).
func (p *Portal) decideFrom(r *http.Request) *sharing.Decide {
	d := &sharing.Decide{Request: site.FormUint(r, "request"), Decision: r.PostFormValue("decision")}
	if d.Decision == sharing.DecisionGrant {
		days, _ := strconv.Atoi(strings.TrimSpace(r.PostFormValue("valid_days")))
		until := p.BlockTime().Add(time.Duration(days) * 24 * time.Hour).UTC().Truncate(time.Second)
		d.Fields, d.ValidUntil = formList(r, "fields"), &until
		uses, _ := strconv.ParseUint(strings.TrimSpace(r.PostFormValue("max_uses")), 10, 32)
		d.MaxUses = uint32(uses)
	} else {
		d.Reason, d.ReasonText = r.PostFormValue("reason"), strings.TrimSpace(r.PostFormValue("reason_text"))
	}
	return d
}

func (p *Portal) shAnswer(w http.ResponseWriter, r *http.Request, s *site.Session) {
	p.shSend(w, r, s, "answer", p.decideFrom(r))
}

func (p *Portal) shArbitrate(w http.ResponseWriter, r *http.Request, s *site.Session) {
	p.shSend(w, r, s, "arbitrate", p.decideFrom(r))
}

func (p *Portal) shRevoke(w http.ResponseWriter, r *http.Request, s *site.Session) {
	p.shSend(w, r, s, "revoke", &sharing.Revoke{Grant: site.FormUint(r, "grant"), Reason: strings.TrimSpace(r.PostFormValue("reason"))})
}

func (p *Portal) shAttach(w http.ResponseWriter, r *http.Request, s *site.Session) {
	p.shSend(w, r, s, "attach_to_case", &sharing.AttachToCase{Case: strings.TrimSpace(r.PostFormValue("case")), Access: site.FormUint(r, "access")})
}
