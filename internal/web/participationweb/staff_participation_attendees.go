package participationweb

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/pingshan/govchain/internal/audit"
	"github.com/pingshan/govchain/internal/module/participation"
	"github.com/pingshan/govchain/internal/sealed"
	"github.com/pingshan/govchain/internal/web/site"
)

// attendee is one open sign-up as the organiser reads it at the door.
type attendee struct {
	Receipt, State string
	Contact        *SignupContact
}

type attendeesData struct {
	A      *participation.Activity
	List   []attendee
	LogSeq uint64
}

// staffAttendees opens the sealed names and phones of an activity's
// sign-ups for a member of the organising department, after the reading
// (who, which activity, why) is in the node's access log, and shows them
// on this answer only, as feedback contact details are opened.
func (p *Portal) staffAttendees(w http.ResponseWriter, r *http.Request, s *site.Session) {
	lang := p.Lang(w, r)
	st := p.n.Store.Committed()
	a, err := participation.GetActivity(st, site.FormUint(r, "activity"))
	switch {
	case err != nil:
		p.Fail(w, r, http.StatusNotFound, p.T(lang, "pt.no_activity"))
		return
	case a.Department != s.Department:
		p.Fail(w, r, http.StatusForbidden, p.T(lang, "err.other_department"))
		return
	}
	purpose := strings.TrimSpace(r.PostFormValue("purpose"))
	if purpose == "" || len([]rune(purpose)) > 300 {
		p.staffParticipationPage(w, r, s, http.StatusBadRequest, p.T(lang, "spt.err_purpose"), nil)
		return
	}
	rows, err := participation.SignupsOf(r.Context(), p.n.Index.DB(), a.ID)
	if err != nil {
		p.Fail(w, r, http.StatusInternalServerError, p.T(lang, "err.internal"))
		return
	}
	key, err := p.DataKey(a.Department)
	if err != nil || p.n.AccessLog == nil {
		p.log.Warn("sign-up contacts not decrypted", "activity", a.ID, "err", err)
		p.staffParticipationPage(w, r, s, http.StatusServiceUnavailable, p.T(lang, "sland.personal_nolog"), nil)
		return
	}
	e, err := p.n.AccessLog.Append(audit.Access{Staff: s.Address, StaffName: s.Name, Department: s.Department,
		Case: fmt.Sprintf("activity %d", a.ID), Purpose: "activity sign-ups: " + purpose, Fields: []string{"name", "phone"}})
	if err != nil {
		p.log.Error("access log: sign-up contacts withheld", "activity", a.ID, "err", err)
		p.staffParticipationPage(w, r, s, http.StatusServiceUnavailable, p.T(lang, "sland.personal_nolog"), nil)
		return
	}
	d := attendeesData{A: a, LogSeq: e.Seq}
	for _, row := range rows {
		at := attendee{Receipt: row.Receipt, State: row.State}
		if su, err := participation.GetSignup(st, row.Receipt); err == nil {
			if plain, err := sealed.Open(p.suite, su.Contact, sealed.DomainActivitySignup, a.Department, key); err == nil {
				var c SignupContact
				if json.Unmarshal(plain, &c) == nil {
					at.Contact = &c
				}
				clear(plain)
			}
		}
		d.List = append(d.List, at)
	}
	w.Header().Set("Cache-Control", "no-store")
	p.Render(w, r, site.Page{Template: "staff_participation_attendees.html", Title: "spt.attendees", Active: "staff_participation", Data: d})
}
