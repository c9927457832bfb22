package landweb

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/pingshan/govchain/internal/audit"
	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/module/finance"
	"github.com/pingshan/govchain/internal/module/land"
	"github.com/pingshan/govchain/internal/module/workflow"
	"github.com/pingshan/govchain/internal/web/site"
)

// Staff console for land cases: the department's pending work, a case's
// detail with the actions the member may take, the applicant's personal
// data (decrypted on request for departments on the case, every time
// recorded in the node's access log) and the window clerk's application
// form.

// actRoles may act on some workflow step (the step decides exactly who).
var actRoles = []string{module.RoleAdmin, module.RoleClerk, module.RoleReviewer, module.RoleApprover, module.RoleFinance, module.RoleAuditor}

func (p *Portal) landStaffRoutes() {
	p.Staff("GET /staff/cases", p.staffCases)
	p.Staff("GET /staff/cases/{no}", p.staffCase)
	p.Staff("POST /staff/cases/{no}/personal", p.staffCasePersonal, actRoles...)
	p.Staff("POST /staff/cases/{no}/act", p.staffCaseAct, actRoles...)
	p.Staff("POST /staff/cases/{no}/answer", p.staffCaseAnswer, actRoles...)
	p.Staff("POST /staff/cases/{no}/permit", p.staffCasePermit, module.RoleClerk)
	p.Staff("POST /staff/cases/{no}/fee", p.staffCaseFee, module.RoleFinance)
	p.Staff("GET /staff/land/apply", p.staffApplyForm, module.RoleClerk)
	p.Staff("POST /staff/land/apply", p.staffApply, module.RoleClerk)
}

type staffCasesPage struct {
	site.QueryState
	Work []landWorkItem
	No   string
}

func (p *Portal) staffCases(w http.ResponseWriter, r *http.Request, s *site.Session) {
	if no := strings.ToUpper(strings.TrimSpace(r.URL.Query().Get("no"))); no != "" {
		http.Redirect(w, r, "/staff/cases/"+url.PathEscape(no), http.StatusSeeOther)
		return
	}
	work, err := p.landWork(s.Department)
	d := staffCasesPage{Work: work}
	d.Failed = p.QueryErr("staff cases queue", err)
	p.Render(w, r, site.Page{Template: "land_staff_cases.html", Title: "sland.title", Active: "cases", Data: d})
}

// staffActions is what the signed-in member may do on the case now.
type staffActions struct {
	Step     string
	StepName string
	Actions  []string // workflow.act actions
	Kinds    []attachmentSlot
	Permit   bool // issue the approval document (land.issue_permit)
	Fee      bool // record the land fee (land.record_fee)
	Answer   []workflow.ObjectionView
	// Why the member has nothing to do here (message key), if so.
	Why         string
	NoticeUntil string // complete waits for the notice period to end
	Unanswered  int
}

// attachmentSlot is a document kind the step needs.
type attachmentSlot struct {
	Kind string
	Have bool
}

// whyKey is the console's words for Allowed's refusal.
func whyKey(err error) string {
	switch {
	case errors.Is(err, workflow.ErrCaseClosed), errors.Is(err, workflow.ErrDefinitionInvalid):
		return "sland.why_closed"
	case errors.Is(err, workflow.ErrAwaitingMaterials):
		return "sland.why_awaiting"
	case errors.Is(err, workflow.ErrBranchDone):
		return "sland.why_branch_done"
	default:
		return "sland.why_not_yours"
	}
}

// actionsFor asks the engine's own rule (workflow.Allowed) what the member
// may do now, and adds only what the page needs: the land-specific buttons,
// the attachment slots and the objections to answer.
func (p *Portal) actionsFor(def *workflow.Definition, c *workflow.Case, s *site.Session, lang string) staffActions {
	var a staffActions
	if st := def.Step(c.Current); st != nil && c.Status == workflow.StatusOpen {
		a.Step, a.StepName = st.ID, site.Loc(lang, st.NameZH, st.NameEN)
	}
	al, err := workflow.Allowed(def, c, module.Signer{Address: s.Address, Department: s.Department, Roles: s.Roles}, p.BlockTime())
	if err != nil {
		a.Why = whyKey(err)
		return a
	}
	st := al.Step
	have := c.AttachmentKinds()
	for _, k := range al.Required {
		a.Kinds = append(a.Kinds, attachmentSlot{Kind: k, Have: have[k]})
	}
	a.Unanswered = c.UnansweredObjections()
	for _, act := range al.Actions {
		switch {
		case st.ID == land.StepIssue && act == workflow.ActIssueDocument:
			a.Permit = true
		case st.ID == land.StepLandFee && act == workflow.ActApprove:
			a.Fee = true
		default:
			a.Actions = append(a.Actions, act)
		}
	}
	for _, h := range al.Held {
		// The date shows even while objections also hold complete back.
		if h.Action == workflow.ActComplete && c.NoticeEnds.After(p.BlockTime()) {
			a.NoticeUntil = c.NoticeEnds.In(module.CST()).Format("2006-01-02 15:04")
		}
	}
	if st.Kind == workflow.KindNotice {
		for _, o := range c.Objections {
			if !o.Answered() {
				a.Answer = append(a.Answer, workflow.ObjectionView{ID: o.ID, Step: o.Step, Text: o.Text, FiledAt: o.FiledAt})
			}
		}
	}
	return a
}

type staffCasePage struct {
	Case     *landCase
	Can      staffActions
	OnCase   bool // the member's department holds a wrapped key
	Personal *workflow.PersonalData
	LogSeq   uint64
	Purposes []string
	Opinion  string
	// Applied is set right after the window clerk registered the case.
	Done string
}

var personalPurposes = []string{"review", "contact", "document", "fee", "other"}

func (p *Portal) staffCaseData(w http.ResponseWriter, r *http.Request, s *site.Session) (*staffCasePage, *workflow.Case, bool) {
	lang := p.Lang(w, r)
	st := p.n.Store.Committed()
	c, err := landCaseOf(st, strings.ToUpper(r.PathValue("no")))
	if err != nil {
		p.Fail(w, r, http.StatusNotFound, p.T(lang, "land.err_no_case"))
		return nil, nil, false
	}
	def, err := workflow.GetDefinition(st, c.Definition, c.Version)
	if err != nil {
		p.Fail(w, r, http.StatusInternalServerError, p.T(lang, "err.internal"))
		return nil, nil, false
	}
	d := &staffCasePage{Case: p.landCaseView(st, c, lang), Can: p.actionsFor(def, c, s, lang), Purposes: personalPurposes}
	for _, id := range c.Departments {
		d.OnCase = d.OnCase || id == s.Department
	}
	return d, c, true
}

func (p *Portal) staffCase(w http.ResponseWriter, r *http.Request, s *site.Session) {
	d, _, ok := p.staffCaseData(w, r, s)
	if !ok {
		return
	}
	pg := site.Page{Template: "land_staff_case.html", Title: "sland.case_title", Active: "cases", Data: d}
	if done := r.URL.Query().Get("done"); done != "" {
		pg.Notice = p.T(p.Lang(w, r), "sland.done", p.T(p.Lang(w, r), "wfact."+done))
	}
	p.Render(w, r, pg)
}

func (p *Portal) staffCaseError(w http.ResponseWriter, r *http.Request, s *site.Session, err error) {
	d, _, ok := p.staffCaseData(w, r, s)
	if !ok {
		return
	}
	d.Opinion = r.PostFormValue("opinion")
	p.Render(w, r, site.Page{Template: "land_staff_case.html", Title: "sland.case_title", Active: "cases", Status: site.StatusOf(err),
		Error: p.landErrText(p.Lang(w, r), err), Data: d})
}

// landErrText is a refusal in the reader's language, with the land and
// workflow refusals staff meet most often in their own words.
func (p *Portal) landErrText(lang string, err error) string {
	for _, k := range []struct {
		err error
		key string
	}{
		{workflow.ErrMissingAttachment, "sland.err_attachment"},
		{workflow.ErrNoticeNotElapsed, "sland.err_notice_running"},
		{workflow.ErrObjectionsUnanswered, "sland.err_unanswered"},
		{workflow.ErrWrongStep, "sland.err_stale"},
		{workflow.ErrBranchDone, "sland.why_branch_done"},
		{workflow.ErrWrongDepartment, "sland.why_not_yours"},
		{workflow.ErrWrongRole, "err.role"},
		{land.ErrParcelBusy, "sland.err_parcel_busy"},
		{errPersonalPurpose, "sland.err_purpose"},
	} {
		if errors.Is(err, k.err) {
			return p.T(lang, k.key)
		}
	}
	return p.ErrText(lang, err)
}

var errPersonalPurpose = fmt.Errorf("%w: say why you need the applicant's data", site.ErrBadRequest)

// staffCasePersonal decrypts the applicant's personal data for a member of
// a department on the case, with the department's data key, after the
// access (who, which case, when, why) is durably in the access log. The
// data is shown on this answer only: never stored, logged or cached.
func (p *Portal) staffCasePersonal(w http.ResponseWriter, r *http.Request, s *site.Session) {
	lang := p.Lang(w, r)
	d, c, ok := p.staffCaseData(w, r, s)
	if !ok {
		return
	}
	purpose := r.PostFormValue("purpose")
	note := strings.TrimSpace(r.PostFormValue("note"))
	valid := false
	for _, x := range personalPurposes {
		valid = valid || x == purpose
	}
	render := func(status int, msg string) {
		p.Render(w, r, site.Page{Template: "land_staff_case.html", Title: "sland.case_title", Active: "cases", Status: status, Error: msg, Data: d})
	}
	if !valid || (purpose == "other" && note == "") || len(note) > 300 {
		render(http.StatusBadRequest, p.T(lang, "sland.err_purpose"))
		return
	}
	if !d.OnCase {
		render(http.StatusForbidden, p.T(lang, "sland.err_not_on_case"))
		return
	}
	sealed, err := workflow.GetPersonalData(p.n.Store.Committed(), c.Number)
	var pd *workflow.PersonalData
	if err == nil {
		k, kerr := p.DataKey(s.Department)
		if err = kerr; err == nil {
			pd, err = workflow.OpenPersonalData(p.suite, sealed, s.Department, k)
		}
	}
	if err != nil {
		p.log.Warn("personal data not decrypted", "case", c.Number, "department", s.Department, "err", err)
		render(http.StatusServiceUnavailable, p.T(lang, "sland.personal_unavailable"))
		return
	}
	e, err := p.logPersonalAccess(s, c.Number, "land case "+c.Number+" at step "+c.Current+": "+purpose+site.Optional(": ", note))
	if err != nil {
		p.log.Error("access log: personal data withheld", "case", c.Number, "err", err)
		render(http.StatusServiceUnavailable, p.T(lang, "sland.personal_nolog"))
		return
	}
	d.Personal, d.LogSeq = pd, e.Seq
	p.Render(w, r, site.Page{Template: "land_staff_case.html", Title: "sland.case_title", Active: "cases", Data: d})
}

func (p *Portal) logPersonalAccess(s *site.Session, caseNo, purpose string) (*audit.Entry, error) {
	if p.n.AccessLog == nil {
		return nil, errors.New("this node has no access log")
	}
	return p.n.AccessLog.Append(audit.Access{Staff: s.Address, StaffName: s.Name, Department: s.Department, Case: caseNo,
		Purpose: purpose, Fields: []string{"name", "id_number", "phone", "address"}})
}

func (p *Portal) staffCaseAct(w http.ResponseWriter, r *http.Request, s *site.Session) {
	no := strings.ToUpper(r.PathValue("no"))
	req := workflow.ActRequest{Case: no, Step: r.PostFormValue("step"), Action: r.PostFormValue("action"), Opinion: strings.TrimSpace(r.PostFormValue("opinion"))}
	if c, err := landCaseOf(p.n.Store.Committed(), no); err == nil {
		if def, err := workflow.GetDefinition(p.n.Store.Committed(), c.Definition, c.Version); err == nil {
			for _, k := range p.actionsFor(def, c, s, "zh").Kinds {
				if k.Have {
					continue
				}
				a, ok, err := site.AttachmentFrom(p.suite, r, k.Kind)
				if err != nil {
					p.staffCaseError(w, r, s, err)
					return
				}
				if ok {
					req.Attachments = append(req.Attachments, a)
				}
			}
		}
	}
	err := req.Validate()
	if err != nil {
		err = fmt.Errorf("%w: %v", site.ErrBadRequest, err)
	} else {
		_, err = p.Send(r.Context(), s.Key, "workflow", "act", req)
	}
	if err != nil {
		p.staffCaseError(w, r, s, err)
		return
	}
	site.Redirect(w, r, "/staff/cases/"+no+"?done="+url.QueryEscape(req.Action))
}

func (p *Portal) staffCaseAnswer(w http.ResponseWriter, r *http.Request, s *site.Session) {
	no := strings.ToUpper(r.PathValue("no"))
	id, _ := strconv.Atoi(r.PostFormValue("objection"))
	req := workflow.AnswerObjectionRequest{Case: no, Objection: id, Outcome: r.PostFormValue("outcome"), Answer: strings.TrimSpace(r.PostFormValue("answer"))}
	err := req.Validate()
	if err != nil {
		err = fmt.Errorf("%w: %v", site.ErrBadRequest, err)
	} else {
		_, err = p.Send(r.Context(), s.Key, "workflow", "answer_objection", req)
	}
	if err != nil {
		p.staffCaseError(w, r, s, err)
		return
	}
	site.Redirect(w, r, "/staff/cases/"+no+"?done=answer_objection")
}

func (p *Portal) staffCasePermit(w http.ResponseWriter, r *http.Request, s *site.Session) {
	no := strings.ToUpper(r.PathValue("no"))
	a, ok, err := site.AttachmentFrom(p.suite, r, "land_use_permit")
	if err == nil && !ok {
		err = site.BadRequest("the approval document (file or its hash) is required")
	}
	if err == nil {
		req := land.IssuePermit{Case: no, DocHash: module.HashOf(a.Hash), Opinion: strings.TrimSpace(r.PostFormValue("opinion"))}
		if err = req.Validate(); err == nil {
			_, err = p.Send(r.Context(), s.Key, "land", "issue_permit", req)
		}
	}
	if err != nil {
		p.staffCaseError(w, r, s, err)
		return
	}
	site.Redirect(w, r, "/staff/cases/"+no+"?done=issue_document")
}

func (p *Portal) staffCaseFee(w http.ResponseWriter, r *http.Request, s *site.Session) {
	no := strings.ToUpper(r.PathValue("no"))
	fen, err := site.ParseYuan(r.PostFormValue("amount"))
	payer := finance.PayeeData{Name: strings.TrimSpace(r.PostFormValue("payer_name")),
		Kind: r.PostFormValue("payer_kind"), Account: strings.TrimSpace(r.PostFormValue("payer_account")),
		CreditCode: strings.TrimSpace(r.PostFormValue("credit_code"))}
	if payer.Kind == finance.PayeeIndividual {
		payer.CreditCode = ""
	}
	req := land.RecordFee{Case: no, AmountFen: fen}
	if err == nil {
		// The payer is sealed here, before signing: a person's name and
		// any account never reach the chain in clear.
		req.Payer, err = p.sealParty(payer, false)
	}
	if err == nil {
		var a workflow.Attachment
		var ok bool
		if a, ok, err = site.AttachmentFrom(p.suite, r, "receipt"); ok {
			req.ReceiptHash = module.HashOf(a.Hash)
		}
	}
	if err == nil {
		if err = req.Validate(); err == nil {
			_, err = p.Send(r.Context(), s.Key, "land", "record_fee", req)
		}
	}
	if err != nil {
		p.staffCaseError(w, r, s, err)
		return
	}
	site.Redirect(w, r, "/staff/cases/"+no+"?done=land_fee")
}

// ---- window application ----

type applyForm struct {
	Parcel, Use, Name, IDNumber, Phone, Address string
}

type staffApplyPage struct {
	Parcels []land.ParcelRow
	Kinds   []string
	Form    applyForm
	// After registering: shown once.
	Case   string
	Code   string
	Parcel string
}

func (p *Portal) applyData(s *site.Session) (*staffApplyPage, *workflow.Definition, error) {
	def, err := workflow.GetDefinition(p.n.Store.Committed(), land.ProcessID, 0)
	if err != nil {
		return nil, nil, err
	}
	d := &staffApplyPage{}
	if st := def.Step(def.Start); st != nil {
		if st.Department != s.Department {
			return nil, def, fmt.Errorf("%w: applications are received by %s", land.ErrWrongDepartment, st.Department)
		}
		d.Kinds = st.RequiredAttachments
	}
	rows, err := land.Parcels(p.n.Index.DB())
	if err != nil {
		return nil, def, err
	}
	for _, r := range rows {
		if r.Status == land.ParcelAvailable {
			d.Parcels = append(d.Parcels, r)
		}
	}
	return d, def, nil
}

// windowApplyData is applyData for a page, answering the request itself
// when the member may not register applications or the data fails to load.
func (p *Portal) windowApplyData(w http.ResponseWriter, r *http.Request, s *site.Session, lang string) (*staffApplyPage, bool) {
	d, _, err := p.applyData(s)
	if errors.Is(err, land.ErrWrongDepartment) {
		p.Fail(w, r, http.StatusForbidden, p.T(lang, "sland.err_window_dept"))
		return nil, false
	}
	if err != nil {
		p.Fail(w, r, http.StatusInternalServerError, p.T(lang, "err.internal"))
		return nil, false
	}
	return d, true
}

func (p *Portal) staffApplyForm(w http.ResponseWriter, r *http.Request, s *site.Session) {
	lang := p.Lang(w, r)
	d, ok := p.windowApplyData(w, r, s, lang)
	if !ok {
		return
	}
	d.Form.Parcel = r.URL.Query().Get("parcel")
	p.Render(w, r, site.Page{Template: "land_staff_apply.html", Title: "sland.apply_title", Active: "land_apply", Data: d})
}

// staffApply registers an application received at the window: the
// applicant's personal data is sealed here for every department on the
// process (land.NewApplication), a fresh access code is made, and only its
// hash goes on chain; the code is shown on this answer, once.
func (p *Portal) staffApply(w http.ResponseWriter, r *http.Request, s *site.Session) {
	lang := p.Lang(w, r)
	d, ok := p.windowApplyData(w, r, s, lang)
	if !ok {
		return
	}
	f := applyForm{Parcel: strings.TrimSpace(r.PostFormValue("parcel")), Use: strings.TrimSpace(r.PostFormValue("use")),
		Name: strings.TrimSpace(r.PostFormValue("name")), IDNumber: strings.ToUpper(strings.TrimSpace(r.PostFormValue("id_number"))),
		Phone: strings.TrimSpace(r.PostFormValue("phone")), Address: strings.TrimSpace(r.PostFormValue("address"))}
	d.Form = f
	fail := func(err error) {
		msg := p.landErrText(lang, err)
		if errors.Is(err, errApplicant) {
			msg = p.T(lang, "sland.err_applicant")
		}
		p.Render(w, r, site.Page{Template: "land_staff_apply.html", Title: "sland.apply_title", Active: "land_apply", Status: site.StatusOf(err), Error: msg, Data: d})
	}
	if f.Name == "" || f.IDNumber == "" || len([]rune(f.Name)) > 100 || len(f.IDNumber) > 40 || len(f.Phone) > 40 || len([]rune(f.Address)) > 200 {
		fail(errApplicant)
		return
	}
	pd := workflow.PersonalData{Name: f.Name, IDNumber: f.IDNumber, Phone: f.Phone, Address: f.Address}
	if fe := checkApplicant(pd); fe != nil {
		fail(fe)
		return
	}
	var atts []workflow.Attachment
	for _, k := range d.Kinds {
		a, ok, err := site.AttachmentFrom(p.suite, r, k)
		if err != nil {
			fail(err)
			return
		}
		if ok {
			atts = append(atts, a)
		}
	}
	st := p.n.Store.Committed()
	payload, code, err := land.NewApplication(p.suite, st, f.Parcel, f.Use, pd, atts)
	if err == nil {
		// The applicant's participant hash, when this node holds the city
		// key: the case's rating is then counted by person in the
		// evaluation (docs/evaluation.md), the phone itself stays sealed.
		payload.Participant = p.ParticipantHash(f.Phone, "")
		if err = payload.Validate(); err == nil {
			_, err = p.Send(r.Context(), s.Key, "land", "apply", payload)
		}
	}
	if err != nil {
		fail(err)
		return
	}
	pc, err := land.GetParcel(p.n.Store.Committed(), f.Parcel)
	if err != nil || len(pc.History) == 0 {
		fail(fmt.Errorf("%w: the case number could not be read back", site.ErrUnavailable))
		return
	}
	out := &staffApplyPage{Case: pc.History[len(pc.History)-1].Case, Code: code, Parcel: f.Parcel}
	p.log.Info("land application registered at the window", "case", out.Case, "parcel", f.Parcel, "clerk", s.Name)
	p.Render(w, r, site.Page{Template: "land_staff_applied.html", Title: "sland.applied_title", Active: "land_apply", Data: out})
}

var errApplicant = fmt.Errorf("%w: the applicant's name and ID number are required", site.ErrBadRequest)
