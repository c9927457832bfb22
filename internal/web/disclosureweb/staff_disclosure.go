package disclosureweb

import (
	"encoding/hex"
	"net/http"
	"strings"
	"time"

	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/module/disclosure"
	"github.com/pingshan/govchain/internal/web/site"
)

func (p *Portal) staffDisclosureRoutes() {
	p.Staff("GET /staff/disclosures", p.staffDisclosures)
	p.Staff("POST /staff/disclosures", p.staffPublish, disclosure.Publishers()...)
	p.Staff("GET /staff/disclosures/{number}/amend", p.staffAmendForm, disclosure.Publishers()...)
	p.Staff("POST /staff/disclosures/{number}/amend", p.staffAmend, disclosure.Publishers()...)
}

// docForm is the publish/amend form's values.
type docForm struct {
	Number        string
	Amends        int
	Title         string
	Category      string
	Body          string
	EffectiveDate string
	Ref           string
	Reason        string
}

type staffDisclosures struct {
	Docs       []DocRow
	Categories []string
	Form       docForm
	CanPublish bool
}

func (p *Portal) canPublish(s *site.Session) bool {
	for _, r := range disclosure.Publishers() {
		if s.HasRole(r) {
			return true
		}
	}
	return false
}

func (p *Portal) staffDisclosuresPage(w http.ResponseWriter, r *http.Request, s *site.Session, f docForm, status int, errMsg string) {
	d := staffDisclosures{Categories: disclosure.Categories(), Form: f, CanPublish: p.canPublish(s)}
	var err error
	if d.Docs, err = p.latestDocs(r.Context(), s.Department, "", "", 200); err != nil {
		p.log.Warn("staff disclosures", "err", err)
	}
	p.Render(w, r, site.Page{Template: "staff_disclosures.html", Title: "sdisc.title", Active: "staff_disclosures", Status: status, Error: errMsg, Data: d})
}

func (p *Portal) staffDisclosures(w http.ResponseWriter, r *http.Request, s *site.Session) {
	p.staffDisclosuresPage(w, r, s, docForm{Category: disclosure.CategoryNotice, EffectiveDate: p.Now().In(module.CST()).Format(time.DateOnly)}, 0, "")
}

func formDoc(r *http.Request) docForm {
	return docForm{Title: strings.TrimSpace(r.PostFormValue("title")), Category: r.PostFormValue("category"), Body: r.PostFormValue("body"),
		EffectiveDate: strings.TrimSpace(r.PostFormValue("effective_date")), Ref: strings.TrimSpace(r.PostFormValue("ref")),
		Reason: strings.TrimSpace(r.PostFormValue("reason"))}
}

func (p *Portal) staffPublish(w http.ResponseWriter, r *http.Request, s *site.Session) {
	f := formDoc(r)
	pl := &disclosure.Publish{Title: f.Title, Category: f.Category, Body: f.Body, EffectiveDate: f.EffectiveDate, Ref: f.Ref}
	err := pl.Validate()
	var res *site.Result
	if err == nil {
		res, err = p.Send(r.Context(), s.Key, "disclosure", "publish", pl)
	}
	if err != nil {
		p.staffDisclosuresPage(w, r, s, f, site.StatusOf(err), p.ErrText(p.Lang(w, r), err))
		return
	}
	number, _, err := p.docByTx(r.Context(), hex.EncodeToString(res.Hash))
	if err != nil {
		site.Redirect(w, r, "/staff/disclosures")
		return
	}
	site.Redirect(w, r, "/disclosures/"+number)
}

type amendPage struct {
	Form       docForm
	Categories []string
	Current    *disclosure.Document
}

func (p *Portal) amendPage(w http.ResponseWriter, r *http.Request, s *site.Session, f *docForm, status int, errMsg string) {
	number := r.PathValue("number")
	cur, err := disclosure.Get(p.n.Store.Committed(), number, 0)
	if err != nil || !disclosure.ValidNumber(number) {
		p.Fail(w, r, http.StatusNotFound, p.T(p.Lang(w, r), "err.not_found_text"))
		return
	}
	if cur.Department != s.Department {
		p.Fail(w, r, http.StatusForbidden, p.T(p.Lang(w, r), "err.other_department"))
		return
	}
	d := amendPage{Categories: disclosure.Categories(), Current: cur}
	if f != nil {
		d.Form = *f
	} else {
		d.Form = docForm{Title: cur.Title, Category: cur.Category, Body: cur.Body, EffectiveDate: cur.EffectiveDate, Ref: cur.Ref}
	}
	d.Form.Number, d.Form.Amends = cur.Number, cur.Version
	p.Render(w, r, site.Page{Template: "staff_amend.html", Title: "sdisc.amend_title", Active: "staff_disclosures", Status: status, Error: errMsg, Data: d})
}

func (p *Portal) staffAmendForm(w http.ResponseWriter, r *http.Request, s *site.Session) {
	p.amendPage(w, r, s, nil, 0, "")
}

func (p *Portal) staffAmend(w http.ResponseWriter, r *http.Request, s *site.Session) {
	f := formDoc(r)
	number := r.PathValue("number")
	var amends int
	if cur, err := disclosure.Get(p.n.Store.Committed(), number, 0); err == nil {
		amends = cur.Version
	}
	if v := r.PostFormValue("amends"); v != "" {
		// The version the editor saw: amending a newer one is refused.
		if n, err := parseInt(v); err == nil {
			amends = n
		}
	}
	pl := &disclosure.Amend{Number: number, Amends: amends, Title: f.Title, Category: f.Category, Body: f.Body, EffectiveDate: f.EffectiveDate,
		Ref: f.Ref, Reason: f.Reason}
	err := pl.Validate()
	if err == nil {
		_, err = p.Send(r.Context(), s.Key, "disclosure", "amend", pl)
	}
	if err != nil {
		p.amendPage(w, r, s, &f, site.StatusOf(err), p.ErrText(p.Lang(w, r), err))
		return
	}
	site.Redirect(w, r, "/disclosures/"+number)
}
