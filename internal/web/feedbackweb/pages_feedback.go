package feedbackweb

import (
	"errors"
	"net/http"
	"regexp"
	"strings"

	"github.com/pingshan/govchain/internal/module/feedback"
	"github.com/pingshan/govchain/internal/module/identity"
	"github.com/pingshan/govchain/internal/web/site"
)

var receiptPattern = regexp.MustCompile(`^(JY|TS|PJ)-[0-9A-F]{10}$`)

// Extension is the feedback area (互动参与): suggestions, complaints and
// 好差评 ratings with their receipts, replies and rectification tasks,
// the console's feedback pages and the JSON routes. Its nav entries stay
// the core's (publicNav, staffNav), so the navigation reads as it did.
func Extension() site.Extension {
	return site.Extension{
		Name: "feedback",
		Routes: func(c site.Core) {
			p := newPortal(c)
			p.feedbackRoutes()
			p.staffFeedbackRoutes()
		},
		Queue: func(c site.Core, r *http.Request, s *site.Session) []site.QueueItem {
			return newPortal(c).queue(r, s)
		},
		Verify: func(c site.Core, r *http.Request, code string) (*site.Verified, error) {
			return newPortal(c).verify(r, code)
		},
		Schemas: map[string]any{
			"FeedbackInput": FeedbackInput{},
			"Created":       Created{},
			"FeedbackList": struct {
				Height   int64     `json:"height"`
				Feedback []ItemRow `json:"feedback"`
			}{},
			"FeedbackItem": ItemView{},
			"TaskList": struct {
				Height         int64     `json:"height"`
				Rectifications []TaskRow `json:"rectifications"`
			}{},
		},
		Templates: templateFS,
		Messages:  feedbackMessages,
	}
}

func (p *Portal) feedbackRoutes() {
	p.Page("GET /feedback", p.feedbackPage)
	p.Page("POST /feedback/submit", p.feedbackSubmit)
	p.Page("POST /feedback/rate", p.feedbackRate)
	p.Page("GET /feedback/lookup", p.feedbackLookup)
	p.Page("GET /feedback/{receipt}", p.feedbackItem)
	p.API("POST", "/api/v1/feedback", site.APIDoc{Summary: "Submit a suggestion, a complaint or a 好差评 rating (signed by the node's gateway account)", Tag: "feedback",
		Body: "FeedbackInput", Response: "Created", Status: http.StatusCreated}, p.apiFeedbackPost)
	p.API("GET", "/api/v1/feedback", site.APIDoc{Summary: "Recent feedback (receipts, subjects and statuses; never contact details)", Tag: "feedback",
		Query:    map[string]string{"department": "department id", "kind": "suggestion, complaint or rating", "status": "open or replied", "limit": "default 50, max 200"},
		Response: "FeedbackList"}, p.apiFeedbackList)
	p.API("GET", "/api/v1/feedback/{receipt}", site.APIDoc{Summary: "One item by receipt number: text, replies, rectification task", Tag: "feedback", Response: "FeedbackItem"}, p.apiFeedbackGet)
	p.API("GET", "/api/v1/rectifications", site.APIDoc{Summary: "Rectification tasks opened by poor ratings, open ones first by deadline", Tag: "feedback",
		Query: map[string]string{"department": "department id", "status": "open or closed", "limit": "default 50, max 200"}, Response: "TaskList"}, p.apiTasks)
}

type feedbackPage struct {
	site.QueryState
	Departments []*identity.Department
	Levels      []string
	Items       []ItemRow
	Tasks       []TaskRow
	Ratings     bool
	In          FeedbackInput
	Form        string // which form the error belongs to
}

func (p *Portal) feedbackData(r *http.Request) feedbackPage {
	d := feedbackPage{Levels: feedback.Levels(), Ratings: p.CaseAccess() != nil}
	var err error
	d.Departments, err = identity.Departments(p.n.Store.Committed())
	d.Failed = p.QueryErr("feedback departments", err)
	d.Items, err = p.items(r.Context(), "", "", "", 20)
	d.Failed = p.QueryErr("feedback list", err) || d.Failed
	d.Tasks, err = p.tasks(r.Context(), "", "", 20)
	d.Failed = p.QueryErr("task list", err) || d.Failed
	d.In.CaseNo = r.URL.Query().Get("case")
	d.In.Kind = feedback.KindSuggestion
	return d
}

func (p *Portal) feedbackPage(w http.ResponseWriter, r *http.Request) {
	p.Render(w, r, site.Page{Template: "feedback.html", Title: "fb.title", Active: "feedback", Data: p.feedbackData(r)})
}

func (p *Portal) feedbackFormError(w http.ResponseWriter, r *http.Request, form string, in FeedbackInput, err error) {
	d := p.feedbackData(r)
	d.In, d.Form = in, form
	in.AccessCode = ""
	p.Render(w, r, site.Page{Template: "feedback.html", Title: "fb.title", Active: "feedback", Status: site.StatusOf(err), Error: p.ErrText(p.Lang(w, r), err), Data: d})
}

func (p *Portal) feedbackSubmit(w http.ResponseWriter, r *http.Request) {
	in := FeedbackInput{Kind: r.PostFormValue("kind"), Department: r.PostFormValue("department"), Subject: r.PostFormValue("subject"),
		Text: r.PostFormValue("text"), Anonymous: r.PostFormValue("anonymous") == "1"}
	if !in.Anonymous {
		in.Contact = &feedback.Contact{Name: strings.TrimSpace(r.PostFormValue("name")), Phone: strings.TrimSpace(r.PostFormValue("phone")),
			Email: strings.TrimSpace(r.PostFormValue("email"))}
	}
	c, err := p.submitFeedback(r.Context(), p.Client(r), in)
	if err != nil {
		p.feedbackFormError(w, r, "submit", in, err)
		return
	}
	site.Redirect(w, r, c.URL+"?new=1")
}

func (p *Portal) feedbackRate(w http.ResponseWriter, r *http.Request) {
	in := FeedbackInput{Kind: feedback.KindRating, CaseNo: r.PostFormValue("case_no"), AccessCode: r.PostFormValue("access_code"),
		Level: r.PostFormValue("level"), Comment: r.PostFormValue("comment")}
	c, err := p.submitFeedback(r.Context(), p.Client(r), in)
	if err != nil {
		in.AccessCode = ""
		p.feedbackFormError(w, r, "rate", in, err)
		return
	}
	site.Redirect(w, r, c.URL+"?new=1")
}

func (p *Portal) feedbackLookup(w http.ResponseWriter, r *http.Request) {
	rc := strings.ToUpper(strings.TrimSpace(r.URL.Query().Get("receipt")))
	if !receiptPattern.MatchString(rc) {
		d := p.feedbackData(r)
		d.Form = "lookup"
		p.Render(w, r, site.Page{Template: "feedback.html", Title: "fb.title", Active: "feedback", Status: http.StatusBadRequest,
			Error: p.T(p.Lang(w, r), "fb.err_receipt"), Data: d})
		return
	}
	site.Redirect(w, r, "/feedback/"+rc)
}

type itemPage struct {
	Item *ItemView
	New  bool
}

func (p *Portal) feedbackItem(w http.ResponseWriter, r *http.Request) {
	v, _, err := p.itemView(r.Context(), r.PathValue("receipt"))
	if errors.Is(err, feedback.ErrNotFound) {
		p.Fail(w, r, http.StatusNotFound, p.T(p.Lang(w, r), "fb.err_no_receipt"))
		return
	}
	if err != nil {
		p.Fail(w, r, http.StatusInternalServerError, p.T(p.Lang(w, r), "err.internal"))
		return
	}
	pg := site.Page{Template: "feedback_item.html", Title: "fb.item_title", Active: "feedback", Data: itemPage{Item: v, New: r.URL.Query().Get("new") == "1"}}
	if r.URL.Query().Get("new") == "1" {
		pg.Notice = p.T(p.Lang(w, r), "fb.thanks", v.Receipt)
	}
	p.Render(w, r, pg)
}

func (p *Portal) apiFeedbackPost(w http.ResponseWriter, r *http.Request) {
	// JSON only: a cross-site form cannot send this content type, so the
	// route needs no CSRF token.
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		site.WriteError(w, site.BadRequest("Content-Type must be application/json"))
		return
	}
	var in FeedbackInput
	if err := site.DecodeBody(w, r, &in); err != nil {
		site.WriteError(w, err)
		return
	}
	c, err := p.submitFeedback(r.Context(), p.Client(r), in)
	if err != nil {
		site.WriteError(w, err)
		return
	}
	site.WriteJSON(w, http.StatusCreated, c)
}

func (p *Portal) apiFeedbackList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	items, err := p.items(r.Context(), q.Get("department"), q.Get("kind"), q.Get("status"), site.LimitParam(r, 50, 200))
	if err != nil {
		site.WriteError(w, err)
		return
	}
	site.WriteJSON(w, http.StatusOK, map[string]any{"height": p.n.Height(), "feedback": items})
}

func (p *Portal) apiFeedbackGet(w http.ResponseWriter, r *http.Request) {
	v, _, err := p.itemView(r.Context(), r.PathValue("receipt"))
	if err != nil {
		site.WriteError(w, err)
		return
	}
	site.WriteJSON(w, http.StatusOK, v)
}

func (p *Portal) apiTasks(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	ts, err := p.tasks(r.Context(), q.Get("department"), q.Get("status"), site.LimitParam(r, 50, 200))
	if err != nil {
		site.WriteError(w, err)
		return
	}
	site.WriteJSON(w, http.StatusOK, map[string]any{"height": p.n.Height(), "rectifications": ts})
}
