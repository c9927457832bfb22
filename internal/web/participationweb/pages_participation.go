package participationweb

import (
	"errors"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"github.com/pingshan/govchain/internal/module/feedback"
	"github.com/pingshan/govchain/internal/module/participation"
	"github.com/pingshan/govchain/internal/module/workflow"
	"github.com/pingshan/govchain/internal/web/site"
)

// Citizen participation (市民参与): showcase stories of completed cases
// linked to the case's chain records, lectures and forums with sign-up,
// cancel and public counts, return visits after a rectification, and the
// plain-language pages about the platform (pages_learn.go). The console
// side is staff_participation.go; the module is internal/module/participation.

// Extension is the participation area.
func Extension() site.Extension {
	return site.Extension{
		Schemas: map[string]any{"SignupInput": SignupInput{}, "SignupCreated": SignupCreated{}, "VisitInput": VisitInput{},
			"Participation": participationOverview{}},
		Name: "participation",
		Nav: []site.NavItem{{Path: "/participate", Label: "nav.participate", Key: "participate"},
			{Path: "/learn", Label: "nav.learn", Key: "learn"}},
		StaffNav: []site.NavItem{{Path: "/staff/participation", Label: "nav.staff_participation", Key: "staff_participation"}},
		Routes: func(c site.Core) {
			p := newPortal(c)
			p.Page("GET /participate", p.participatePage)
			p.Page("GET /participate/stories/{id}", p.storyPage)
			p.Page("GET /participate/activities/{id}", p.activityPage)
			p.Page("POST /participate/activities/{id}/signup", p.activitySignup)
			p.Page("GET /participate/cancel", p.cancelPage)
			p.Page("POST /participate/cancel", p.cancelSubmit)
			p.Page("GET /participate/return-visit", p.visitPage)
			p.Page("POST /participate/return-visit", p.visitSubmit)
			p.learnRoutes()
			p.API("GET", "/api/v1/participation", site.APIDoc{Summary: "Showcase stories, activities with their public counts, and return-visit answers by department", Tag: "participation",
				Response: "Participation"}, p.apiParticipation)
			p.API("POST", "/api/v1/participation/signups", site.APIDoc{Summary: "Sign up for an activity (name and phone sealed to the organising department, signed by the gateway); answers the receipt and the cancel code", Tag: "participation",
				Body: "SignupInput", Response: "SignupCreated", Status: http.StatusCreated}, p.apiSignup)
			p.API("POST", "/api/v1/participation/return-visits", site.APIDoc{Summary: "Answer the return visit of a rectified poor rating with the case number and access code", Tag: "participation",
				Body: "VisitInput", Status: http.StatusCreated}, p.apiVisit)
			p.staffParticipationRoutes()
		},
		Funcs: func(c site.Core, lang string) template.FuncMap {
			return template.FuncMap{
				// pick is the English text on English pages when there is
				// one, else the Chinese.
				"pick": func(zh, en string) string {
					if lang == "en" && en != "" {
						return en
					}
					return zh
				},
			}
		},
		Templates: templateFS,
		Messages:  participationMessages,
	}
}

// participationOverview is the public overview, for the page and the API.
type participationOverview struct {
	Height     int64                       `json:"height"`
	Stories    []participation.StoryRow    `json:"stories"`
	Activities []*participation.Activity   `json:"activities"`
	Visits     []participation.VisitCounts `json:"return_visits"`
}

func (p *Portal) overview(r *http.Request) (*participationOverview, error) {
	ctx := r.Context()
	o := &participationOverview{Height: p.n.Height()}
	var err error
	if o.Stories, err = participation.PublishedStories(ctx, p.n.Index.DB(), 50); err != nil {
		return nil, err
	}
	// The 50 latest by start, found in the index; the records themselves
	// from committed state (a page must not decode every activity ever
	// announced).
	ids, err := participation.ActivityIDs(ctx, p.n.Index.DB(), 0, 50)
	if err != nil {
		return nil, err
	}
	st := p.n.Store.Committed()
	for _, id := range ids {
		a, err := participation.GetActivity(st, id)
		if err != nil {
			return nil, err
		}
		o.Activities = append(o.Activities, a)
	}
	if o.Visits, err = participation.VisitsByDepartment(ctx, p.n.Index.DB()); err != nil {
		return nil, err
	}
	return o, nil
}

type participateData struct {
	*participationOverview
	Now  int64
	Open []*participation.Activity // taking sign-ups
	Past []*participation.Activity
}

func (p *Portal) participatePage(w http.ResponseWriter, r *http.Request) {
	o, err := p.overview(r)
	if err != nil {
		p.log.Error("participation", "err", err)
		p.Fail(w, r, http.StatusInternalServerError, p.T(p.Lang(w, r), "err.internal"))
		return
	}
	d := participateData{participationOverview: o}
	now := p.BlockTime()
	for i := len(o.Activities) - 1; i >= 0; i-- { // soonest first
		if a := o.Activities[i]; a.Start.After(now) {
			d.Open = append(d.Open, a)
		}
	}
	for _, a := range o.Activities {
		if !a.Start.After(now) {
			d.Past = append(d.Past, a)
		}
	}
	p.Render(w, r, site.Page{Template: "participate.html", Title: "pt.title", Active: "participate", Data: d})
}

func pathID(r *http.Request) uint64 {
	id, _ := strconv.ParseUint(r.PathValue("id"), 10, 64)
	return id
}

type storyData struct {
	Story     *participation.Story
	CaseKey   string
	CaseProof string
	Proof     string
	// CaseNow is the case as the chain holds it today (nil: not a
	// workflow case); Land says the case is on the land decisions page.
	CaseNow *workflow.Case
	Land    bool
	Task    *feedback.Task
	Visit   *participation.Visit
}

func (p *Portal) storyPage(w http.ResponseWriter, r *http.Request) {
	st := p.n.Store.Committed()
	s, err := participation.GetStory(st, pathID(r))
	if err != nil {
		p.Fail(w, r, http.StatusNotFound, p.T(p.Lang(w, r), "pt.no_story"))
		return
	}
	caseKey := string(workflow.CaseKey(s.Case.Number))
	d := storyData{Story: s, CaseKey: caseKey, CaseProof: site.ProofPath(caseKey), Proof: site.ProofPath(string(participation.StoryKey(s.ID))),
		Land: strings.HasPrefix(s.Case.Number, "LAND-")}
	if c, err := workflow.GetCase(st, s.Case.Number); err == nil {
		d.CaseNow = c
	}
	if s.Case.RatingReceipt != "" {
		if it, err := feedback.GetItem(st, s.Case.RatingReceipt); err == nil && it.Task != "" {
			d.Task, _ = feedback.GetTask(st, it.Task)
			d.Visit, _ = participation.GetVisit(st, it.Task)
		}
	}
	pg := site.Page{Template: "participate_story.html", Title: "pt.story_title", Active: "participate", Data: d}
	if s.State == participation.StoryWithdrawn {
		pg.Notice = p.T(p.Lang(w, r), "pt.story_withdrawn", s.Withdrawal.Reason)
	}
	p.Render(w, r, pg)
}

type activityData struct {
	A       *participation.Activity
	Open    bool // taking sign-ups now
	Started bool
	Proof   string
	In      SignupInput
	Created *SignupCreated
}

func (p *Portal) activityData(r *http.Request) (*activityData, error) {
	a, err := participation.GetActivity(p.n.Store.Committed(), pathID(r))
	if err != nil {
		return nil, err
	}
	now := p.BlockTime()
	return &activityData{A: a, Started: !now.Before(a.Start), Open: a.State == participation.ActivityOpen && now.Before(a.Start) && !a.Full(),
		Proof: site.ProofPath(string(participation.ActivityKey(a.ID)))}, nil
}

func (p *Portal) activityPage(w http.ResponseWriter, r *http.Request) {
	d, err := p.activityData(r)
	if err != nil {
		p.Fail(w, r, http.StatusNotFound, p.T(p.Lang(w, r), "pt.no_activity"))
		return
	}
	p.Render(w, r, site.Page{Template: "participate_activity.html", Title: "pt.activity_title", Active: "participate", Data: d})
}

// activitySignup answers with the receipt page directly (not a redirect):
// the cancel code is shown this once and kept nowhere in clear.
func (p *Portal) activitySignup(w http.ResponseWriter, r *http.Request) {
	lang := p.Lang(w, r)
	in := SignupInput{Activity: pathID(r), Name: r.PostFormValue("name"), Phone: r.PostFormValue("phone")}
	c, err := p.signup(r.Context(), p.Client(r), in)
	d, derr := p.activityData(r)
	if derr != nil {
		p.Fail(w, r, http.StatusNotFound, p.T(lang, "pt.no_activity"))
		return
	}
	if err != nil {
		d.In = in
		p.Render(w, r, site.Page{Template: "participate_activity.html", Title: "pt.activity_title", Active: "participate", Status: site.StatusOf(err),
			Error: p.participationErrText(lang, err), Data: d})
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	d.Created = c
	p.Render(w, r, site.Page{Template: "participate_activity.html", Title: "pt.activity_title", Active: "participate",
		Notice: p.T(lang, "pt.signed_up", c.Receipt), Data: d})
}

type cancelData struct {
	Receipt string
	Done    *participation.Signup
}

func (p *Portal) cancelPage(w http.ResponseWriter, r *http.Request) {
	p.Render(w, r, site.Page{Template: "participate_cancel.html", Title: "pt.cancel_title", Active: "participate",
		Data: cancelData{Receipt: r.URL.Query().Get("receipt")}})
}

func (p *Portal) cancelSubmit(w http.ResponseWriter, r *http.Request) {
	lang := p.Lang(w, r)
	receipt := r.PostFormValue("receipt")
	s, err := p.cancelSignup(r.Context(), p.Client(r), receipt, r.PostFormValue("cancel_code"))
	if err != nil {
		p.Render(w, r, site.Page{Template: "participate_cancel.html", Title: "pt.cancel_title", Active: "participate", Status: site.StatusOf(err),
			Error: p.participationErrText(lang, err), Data: cancelData{Receipt: receipt}})
		return
	}
	p.Render(w, r, site.Page{Template: "participate_cancel.html", Title: "pt.cancel_title", Active: "participate",
		Notice: p.T(lang, "pt.cancelled", s.Receipt), Data: cancelData{Done: s}})
}

type visitData struct {
	In     VisitInput
	Done   *participation.Visit
	Counts []participation.VisitCounts
}

func (p *Portal) visitRender(w http.ResponseWriter, r *http.Request, d visitData, pg site.Page) {
	var err error
	if d.Counts, err = participation.VisitsByDepartment(r.Context(), p.n.Index.DB()); err != nil {
		p.log.Warn("return visits", "err", err)
	}
	pg.Template, pg.Title, pg.Active, pg.Data = "participate_visit.html", "pt.visit_title", "participate", d
	p.Render(w, r, pg)
}

func (p *Portal) visitPage(w http.ResponseWriter, r *http.Request) {
	p.visitRender(w, r, visitData{In: VisitInput{CaseNo: r.URL.Query().Get("case")}}, site.Page{})
}

func (p *Portal) visitSubmit(w http.ResponseWriter, r *http.Request) {
	lang := p.Lang(w, r)
	in := VisitInput{CaseNo: r.PostFormValue("case_no"), AccessCode: r.PostFormValue("access_code"), Answer: r.PostFormValue("answer")}
	v, err := p.returnVisit(r.Context(), p.Client(r), in)
	in.AccessCode = ""
	if err != nil {
		p.visitRender(w, r, visitData{In: in}, site.Page{Status: site.StatusOf(err), Error: p.participationErrText(lang, err)})
		return
	}
	p.visitRender(w, r, visitData{Done: v}, site.Page{Notice: p.T(lang, "pt.visit_thanks")})
}

// participationErrText is a refusal in the reader's language.
func (p *Portal) participationErrText(lang string, err error) string {
	known := []struct {
		err error
		key string
	}{
		{participation.ErrFull, "pt.err_full"},
		{participation.ErrSignupClosed, "pt.err_closed"},
		{participation.ErrActivityState, "pt.err_activity_cancelled"},
		{participation.ErrCancelCode, "pt.err_cancel_code"},
		{participation.ErrSignupState, "pt.err_signup_state"},
		{participation.ErrTaskNotClosed, "pt.err_task_open"},
		{participation.ErrAlreadyAnswered, "pt.err_answered"},
		{errSignupName, "pt.err_name"},
		{errSignupPhone, "pt.err_phone"},
		{errNoRectification, "pt.err_no_task"},
	}
	for _, k := range known {
		if errors.Is(err, k.err) {
			return p.T(lang, k.key)
		}
	}
	return p.ErrText(lang, err)
}

func (p *Portal) apiParticipation(w http.ResponseWriter, r *http.Request) {
	o, err := p.overview(r)
	if err != nil {
		site.WriteError(w, err)
		return
	}
	site.WriteJSON(w, http.StatusOK, o)
}

func (p *Portal) apiSignup(w http.ResponseWriter, r *http.Request) {
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		site.WriteError(w, site.BadRequest("Content-Type must be application/json"))
		return
	}
	var in SignupInput
	if err := site.DecodeBody(w, r, &in); err != nil {
		site.WriteError(w, err)
		return
	}
	c, err := p.signup(r.Context(), p.Client(r), in)
	if err != nil {
		site.WriteError(w, err)
		return
	}
	site.WriteJSON(w, http.StatusCreated, c)
}

func (p *Portal) apiVisit(w http.ResponseWriter, r *http.Request) {
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		site.WriteError(w, site.BadRequest("Content-Type must be application/json"))
		return
	}
	var in VisitInput
	if err := site.DecodeBody(w, r, &in); err != nil {
		site.WriteError(w, err)
		return
	}
	v, err := p.returnVisit(r.Context(), p.Client(r), in)
	if err != nil {
		site.WriteError(w, err)
		return
	}
	site.WriteJSON(w, http.StatusCreated, v)
}
