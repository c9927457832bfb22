package participationweb

import (
	"net/http"
	"strings"
	"time"

	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/module/participation"
	"github.com/pingshan/govchain/internal/web/site"
)

// The participation console (市民参与工作台): a department publishes a
// showcase story of one of its completed cases (with the hash of the
// citizen's signed consent form), withdraws one, announces or calls off a
// lecture or forum, and records who came. Every form is signed with the
// member's own key; the chain checks the department again.

func (p *Portal) staffParticipationRoutes() {
	staff := participation.Staff()
	p.Staff("GET /staff/participation", p.staffParticipation, staff...)
	p.Staff("POST /staff/participation/story", p.staffStoryPublish, staff...)
	p.Staff("POST /staff/participation/story/withdraw", p.staffStoryWithdraw, staff...)
	p.Staff("POST /staff/participation/activity", p.staffAnnounce, staff...)
	p.Staff("POST /staff/participation/activity/cancel", p.staffActivityCancel, staff...)
	p.Staff("POST /staff/participation/attendance", p.staffAttendance, staff...)
	p.Staff("POST /staff/participation/attendees", p.staffAttendees, staff...)
}

type staffActivity struct {
	*participation.Activity
	Signups []participation.SignupRow
	Started bool
}

type staffPartData struct {
	Stories    []*participation.Story
	Activities []staffActivity
	// Form values kept after a refusal.
	Form map[string]string
}

func (p *Portal) staffParticipationPage(w http.ResponseWriter, r *http.Request, s *site.Session, status int, errMsg string, form map[string]string) {
	st := p.n.Store.Committed()
	d := staffPartData{Form: form}
	stories, err := participation.Stories(st)
	for i := len(stories) - 1; err == nil && i >= 0; i-- {
		if stories[i].Department == s.Department {
			d.Stories = append(d.Stories, stories[i])
		}
	}
	var acts []*participation.Activity
	if err == nil {
		acts, err = participation.Activities(st)
	}
	now := p.BlockTime()
	for i := len(acts) - 1; err == nil && i >= 0 && len(d.Activities) < 30; i-- {
		a := acts[i]
		if a.Department != s.Department {
			continue
		}
		sa := staffActivity{Activity: a, Started: !now.Before(a.Start)}
		sa.Signups, err = participation.SignupsOf(r.Context(), p.n.Index.DB(), a.ID)
		d.Activities = append(d.Activities, sa)
	}
	if err != nil {
		p.log.Warn("staff participation", "err", err)
	}
	if d.Form == nil {
		d.Form = map[string]string{}
	}
	p.Render(w, r, site.Page{Template: "staff_participation.html", Title: "spt.title", Active: "staff_participation", Status: status, Error: errMsg, Data: d})
}

func (p *Portal) staffParticipation(w http.ResponseWriter, r *http.Request, s *site.Session) {
	p.staffParticipationPage(w, r, s, 0, "", nil)
}

// ptSend validates, signs and sends one participation action, then goes
// back to the console (or shows the refusal there, with the form kept).
func (p *Portal) ptSend(w http.ResponseWriter, r *http.Request, s *site.Session, action string, pl module.Payload) {
	err := pl.Validate()
	if err == nil {
		_, err = p.Send(r.Context(), s.Key, "participation", action, pl)
	}
	if err != nil {
		form := map[string]string{}
		for k, v := range r.PostForm {
			if k != "csrf" && len(v) > 0 {
				form[k] = v[0]
			}
		}
		p.staffParticipationPage(w, r, s, site.StatusOf(err), p.participationErrText(p.Lang(w, r), err), form)
		return
	}
	site.Redirect(w, r, "/staff/participation?done="+action)
}

func (p *Portal) staffStoryPublish(w http.ResponseWriter, r *http.Request, s *site.Session) {
	f := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	p.ptSend(w, r, s, "story_publish", &participation.PublishStory{CaseNo: f("case_no"), TitleZH: f("title_zh"), TitleEN: f("title_en"),
		BodyZH: f("body_zh"), BodyEN: f("body_en"), Consent: f("consent") == "1", ConsentHash: module.Hash(strings.ToLower(f("consent_hash")))})
}

func (p *Portal) staffStoryWithdraw(w http.ResponseWriter, r *http.Request, s *site.Session) {
	p.ptSend(w, r, s, "story_withdraw", &participation.WithdrawStory{Story: site.FormUint(r, "story"), Reason: strings.TrimSpace(r.PostFormValue("reason"))})
}

// startLayout is the datetime-local form field, read as Beijing time.
const startLayout = "2006-01-02T15:04"

func (p *Portal) staffAnnounce(w http.ResponseWriter, r *http.Request, s *site.Session) {
	f := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	var startUnix int64
	if t, err := time.ParseInLocation(startLayout, f("start"), module.CST()); err == nil {
		startUnix = t.Unix()
	}
	p.ptSend(w, r, s, "activity_announce", &participation.Announce{Kind: f("kind"), TitleZH: f("title_zh"), TitleEN: f("title_en"),
		DescriptionZH: f("description_zh"), DescriptionEN: f("description_en"), Place: f("place"), StartUnix: startUnix,
		Minutes: uint32(min(site.FormUint(r, "minutes"), 1<<31)), Capacity: uint32(min(site.FormUint(r, "capacity"), 1<<31))})
}

func (p *Portal) staffActivityCancel(w http.ResponseWriter, r *http.Request, s *site.Session) {
	p.ptSend(w, r, s, "activity_cancel", &participation.CancelActivity{Activity: site.FormUint(r, "activity"), Reason: strings.TrimSpace(r.PostFormValue("reason"))})
}

func (p *Portal) staffAttendance(w http.ResponseWriter, r *http.Request, s *site.Session) {
	_ = r.ParseForm()
	p.ptSend(w, r, s, "attendance", &participation.Attendance{Activity: site.FormUint(r, "activity"), Receipts: r.PostForm["receipt"]})
}
