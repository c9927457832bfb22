package web

import (
	"bytes"
	"errors"
	"net/http"
	"strings"

	"github.com/pingshan/govchain/internal/index"
	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/module/feedback"
)

func (p *Portal) staffFeedbackRoutes() {
	p.Staff("GET /staff/feedback", p.staffFeedbackList)
	p.Staff("GET /staff/feedback/{receipt}", p.staffFeedbackItem)
	p.Staff("POST /staff/feedback/{receipt}/reply", p.staffReply, feedback.Staff...)
	p.Staff("POST /staff/feedback/{receipt}/hide", p.staffHide, module.RoleAdmin)
	p.Staff("POST /staff/tasks/{id}/close", p.staffCloseTask, feedback.Staff...)
}

type staffFeedbackList struct {
	Items []ItemRow
	Tasks []TaskRow
}

func (p *Portal) staffFeedbackList(w http.ResponseWriter, r *http.Request, s *session) {
	var d staffFeedbackList
	var err error
	if d.Items, err = p.items(r.Context(), s.Department, "", "", 200); err != nil {
		p.log.Warn("staff feedback", "err", err)
	}
	if d.Tasks, err = p.tasks(r.Context(), s.Department, "", 200); err != nil {
		p.log.Warn("staff tasks", "err", err)
	}
	p.Render(w, r, Page{Template: "staff_feedback.html", Title: "sfb.title", Active: "staff_feedback", Data: d})
}

type staffItemPage struct {
	Item       *ItemView
	HiddenText string // the text a moderator hid, for staff of the department
	Contact    *feedback.Contact
	ContactErr string
	Own        bool // addressed to the member's department
	CanHide    bool
}

func (p *Portal) staffItemData(w http.ResponseWriter, r *http.Request, s *session) (*staffItemPage, bool) {
	v, it, err := p.itemView(r.Context(), r.PathValue("receipt"))
	if errors.Is(err, feedback.ErrNotFound) {
		p.fail(w, r, http.StatusNotFound, T(p.lang(w, r), "fb.err_no_receipt"))
		return nil, false
	}
	if err != nil {
		p.fail(w, r, http.StatusInternalServerError, T(p.lang(w, r), "err.internal"))
		return nil, false
	}
	d := &staffItemPage{Item: v, Own: it.Department == s.Department}
	d.CanHide = s.HasRole(module.RoleAdmin) && (d.Own || s.Department == it.GatewayDept) && it.Hidden == nil
	if d.Own && it.Hidden != nil {
		d.HiddenText = p.hiddenText(it)
	}
	// Contact details are decrypted only for the addressed department,
	// with its data key, and only shown, never logged or stored.
	if d.Own && it.Contact != nil {
		key, err := p.dataKey(it.Department)
		if err == nil {
			d.Contact, err = feedback.OpenContact(p.suite, it.Department, key, it.Contact)
		}
		if err != nil {
			d.ContactErr = T(p.lang(w, r), "sfb.contact_unavailable")
			p.log.Warn("contact details not decrypted", "receipt", it.Receipt, "err", err)
		}
	}
	return d, true
}

func (p *Portal) staffFeedbackItem(w http.ResponseWriter, r *http.Request, s *session) {
	d, ok := p.staffItemData(w, r, s)
	if !ok {
		return
	}
	p.Render(w, r, Page{Template: "staff_feedback_item.html", Title: "sfb.item_title", Active: "staff_feedback", Data: d})
}

// staffAct sends one signed action and re-renders the item on refusal.
func (p *Portal) staffAct(w http.ResponseWriter, r *http.Request, s *session, action string, payload interface{ Validate() error }, back string) {
	err := payload.Validate()
	if err == nil {
		_, err = p.Send(r.Context(), s.key, "feedback", action, payload)
	}
	if err != nil {
		d, ok := p.staffItemData(w, r, s)
		if !ok {
			return
		}
		p.Render(w, r, Page{Template: "staff_feedback_item.html", Title: "sfb.item_title", Active: "staff_feedback", Status: statusOf(err),
			Error: errText(p.lang(w, r), err), Data: d})
		return
	}
	Redirect(w, r, back)
}

func (p *Portal) staffReply(w http.ResponseWriter, r *http.Request, s *session) {
	rc := r.PathValue("receipt")
	p.staffAct(w, r, s, "reply", &feedback.ReplyTo{Receipt: rc, Text: strings.TrimSpace(r.PostFormValue("text"))}, "/staff/feedback/"+rc)
}

func (p *Portal) staffHide(w http.ResponseWriter, r *http.Request, s *session) {
	rc := r.PathValue("receipt")
	p.staffAct(w, r, s, "hide", &feedback.Hide{Receipt: rc, Reason: strings.TrimSpace(r.PostFormValue("reason"))}, "/staff/feedback/"+rc)
}

func (p *Portal) staffCloseTask(w http.ResponseWriter, r *http.Request, s *session) {
	id := r.PathValue("id")
	t, err := feedback.GetTask(p.n.Store.Committed(), id)
	if err != nil {
		p.fail(w, r, http.StatusNotFound, T(p.lang(w, r), "err.not_found_text"))
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
