package feedbackweb

import (
	"bytes"
	"errors"
	"net/http"
	"strings"

	"github.com/pingshan/govchain/internal/audit"
	"github.com/pingshan/govchain/internal/index"
	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/module/feedback"
	"github.com/pingshan/govchain/internal/web/site"
)

func (p *Portal) staffFeedbackRoutes() {
	p.Staff("GET /staff/feedback", p.staffFeedbackList)
	p.Staff("GET /staff/feedback/{receipt}", p.staffFeedbackItem)
	p.Staff("POST /staff/feedback/{receipt}/reply", p.staffReply, feedback.Staff()...)
	p.Staff("POST /staff/feedback/{receipt}/hide", p.staffHide, module.RoleAdmin)
	p.Staff("POST /staff/feedback/{receipt}/contact", p.staffFeedbackContact, feedback.Staff()...)
	p.Staff("POST /staff/tasks/{id}/close", p.staffCloseTask, feedback.Staff()...)
}

type staffFeedbackList struct {
	Items []ItemRow
	Tasks []TaskRow
}

func (p *Portal) staffFeedbackList(w http.ResponseWriter, r *http.Request, s *site.Session) {
	var d staffFeedbackList
	var err error
	if d.Items, err = p.items(r.Context(), s.Department, "", "", 200); err != nil {
		p.log.Warn("staff feedback", "err", err)
	}
	if d.Tasks, err = p.tasks(r.Context(), s.Department, "", 200); err != nil {
		p.log.Warn("staff tasks", "err", err)
	}
	p.Render(w, r, site.Page{Template: "staff_feedback.html", Title: "sfb.title", Active: "staff_feedback", Data: d})
}

type staffItemPage struct {
	Item       *ItemView
	HiddenText string // the text a moderator hid, for staff of the department
	Contact    *feedback.Contact
	ContactErr string
	Purposes   []string // why a member may open the contact details
	LogSeq     uint64   // the access-log entry of this opening

	sealedContact *feedback.Sealed // opened only by staffFeedbackContact
	Own           bool             // addressed to the member's department
	CanHide       bool
}

func (p *Portal) staffItemData(w http.ResponseWriter, r *http.Request, s *site.Session) (*staffItemPage, bool) {
	v, it, err := p.itemView(r.Context(), r.PathValue("receipt"))
	if errors.Is(err, feedback.ErrNotFound) {
		p.Fail(w, r, http.StatusNotFound, p.T(p.Lang(w, r), "fb.err_no_receipt"))
		return nil, false
	}
	if err != nil {
		p.Fail(w, r, http.StatusInternalServerError, p.T(p.Lang(w, r), "err.internal"))
		return nil, false
	}
	d := &staffItemPage{Item: v, Own: it.Department == s.Department}
	d.CanHide = s.HasRole(module.RoleAdmin) && (d.Own || s.Department == it.GatewayDept) && it.Hidden == nil
	if d.Own && it.Hidden != nil {
		d.HiddenText = p.hiddenText(it)
	}
	d.Purposes = contactPurposes
	if d.Own {
		d.sealedContact = it.Contact
	}
	return d, true
}

// contactPurposes are the reasons a member may give for opening a
// citizen's contact details; "other" needs a note.
var contactPurposes = []string{"reply", "rectify", "other"}

// staffFeedbackContact opens the sealed contact details of one item for a
// member of the addressed department, after the reading (who, which item,
// why) is in the node's access log, and shows them on this answer only.
func (p *Portal) staffFeedbackContact(w http.ResponseWriter, r *http.Request, s *site.Session) {
	d, ok := p.staffItemData(w, r, s)
	if !ok {
		return
	}
	lang := p.Lang(w, r)
	it := d.Item
	render := func(status int, msg string) {
		p.Render(w, r, site.Page{Template: "staff_feedback_item.html", Title: "sfb.item_title", Active: "staff_feedback", Status: status, Error: msg, Data: d})
	}
	purpose, note := r.PostFormValue("purpose"), strings.TrimSpace(r.PostFormValue("note"))
	valid := false
	for _, x := range contactPurposes {
		valid = valid || x == purpose
	}
	switch {
	case !d.Own:
		render(http.StatusForbidden, p.T(lang, "sfb.err_not_own"))
		return
	case !valid || (purpose == "other" && note == "") || len([]rune(note)) > 300:
		render(http.StatusBadRequest, p.T(lang, "sland.err_purpose"))
		return
	case it.Anonymous || d.sealedContact == nil:
		render(http.StatusNotFound, p.T(lang, "sfb.no_contact"))
		return
	}
	key, err := p.DataKey(it.Department)
	if err != nil {
		p.log.Warn("contact details not decrypted", "receipt", it.Receipt, "err", err)
		render(http.StatusServiceUnavailable, p.T(lang, "sfb.contact_unavailable"))
		return
	}
	if p.n.AccessLog == nil {
		render(http.StatusServiceUnavailable, p.T(lang, "sland.personal_nolog"))
		return
	}
	e, err := p.n.AccessLog.Append(audit.Access{Staff: s.Address, StaffName: s.Name, Department: s.Department, Case: it.Receipt,
		Purpose: "feedback " + it.Receipt + ": " + purpose + site.Optional(": ", note), Fields: []string{"name", "phone", "email"}})
	if err != nil {
		p.log.Error("access log: contact details withheld", "receipt", it.Receipt, "err", err)
		render(http.StatusServiceUnavailable, p.T(lang, "sland.personal_nolog"))
		return
	}
	c, err := feedback.OpenContact(p.suite, it.Department, key, d.sealedContact)
	if err != nil {
		p.log.Warn("contact details not decrypted", "receipt", it.Receipt, "err", err)
		render(http.StatusServiceUnavailable, p.T(lang, "sfb.contact_unavailable"))
		return
	}
	d.Contact, d.LogSeq = c, e.Seq
	p.Render(w, r, site.Page{Template: "staff_feedback_item.html", Title: "sfb.item_title", Active: "staff_feedback", Data: d})
}

func (p *Portal) staffFeedbackItem(w http.ResponseWriter, r *http.Request, s *site.Session) {
	d, ok := p.staffItemData(w, r, s)
	if !ok {
		return
	}
	p.Render(w, r, site.Page{Template: "staff_feedback_item.html", Title: "sfb.item_title", Active: "staff_feedback", Data: d})
}

// staffAct sends one signed action and re-renders the item on refusal.
func (p *Portal) staffAct(w http.ResponseWriter, r *http.Request, s *site.Session, action string, payload interface{ Validate() error }, back string) {
	err := payload.Validate()
	if err == nil {
		_, err = p.Send(r.Context(), s.Key, "feedback", action, payload)
	}
	if err != nil {
		d, ok := p.staffItemData(w, r, s)
		if !ok {
			return
		}
		p.Render(w, r, site.Page{Template: "staff_feedback_item.html", Title: "sfb.item_title", Active: "staff_feedback", Status: site.StatusOf(err),
			Error: p.ErrText(p.Lang(w, r), err), Data: d})
		return
	}
	site.Redirect(w, r, back)
}

func (p *Portal) staffReply(w http.ResponseWriter, r *http.Request, s *site.Session) {
	rc := r.PathValue("receipt")
	p.staffAct(w, r, s, "reply", &feedback.ReplyTo{Receipt: rc, Text: strings.TrimSpace(r.PostFormValue("text"))}, "/staff/feedback/"+rc)
}

func (p *Portal) staffHide(w http.ResponseWriter, r *http.Request, s *site.Session) {
	rc := r.PathValue("receipt")
	p.staffAct(w, r, s, "hide", &feedback.Hide{Receipt: rc, Reason: strings.TrimSpace(r.PostFormValue("reason"))}, "/staff/feedback/"+rc)
}

func (p *Portal) staffCloseTask(w http.ResponseWriter, r *http.Request, s *site.Session) {
	id := r.PathValue("id")
	t, err := feedback.GetTask(p.n.Store.Committed(), id)
	if err != nil {
		p.Fail(w, r, http.StatusNotFound, p.T(p.Lang(w, r), "err.not_found_text"))
		return
	}
	r.SetPathValue("receipt", t.Receipt)
	p.staffAct(w, r, s, "close_task", &feedback.CloseTask{Task: id, Text: strings.TrimSpace(r.PostFormValue("text"))}, "/staff/feedback/"+t.Receipt)
}

// hiddenText is what a moderator hid, for staff of the addressed
// department (who must still be able to act on a complaint worded
// abusively): read from this node's own block store, never from the index
// or the public answers, and checked against the commitment in state.
func (p *Portal) hiddenText(it *feedback.Item) string {
	if len(it.TextHash) == 0 || p.n.CometNode() == nil {
		return ""
	}
	raw, err := index.BlockTxs(p.n.CometNode().BlockStore())(it.Height, it.TxIndex)
	if err != nil {
		return ""
	}
	w, err := feedback.TextFromTx(raw)
	if err != nil || !bytes.Equal(w.Commitment(p.suite), it.TextHash) {
		return ""
	}
	if w.Subject == "" {
		return w.Body
	}
	return w.Subject + "\n\n" + w.Body
}
