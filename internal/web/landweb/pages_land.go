package landweb

import (
	"errors"
	"fmt"
	"html/template"
	"math"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/module/land"
	"github.com/pingshan/govchain/internal/module/sharing"
	"github.com/pingshan/govchain/internal/module/workflow"
	"github.com/pingshan/govchain/internal/store"
	"github.com/pingshan/govchain/internal/web/site"
)

// The land-use approval area (建设用地审批): citizens track their case with
// its number and access code, read cases in public notice and object to
// them, see the decisions made and the parcel registry; staff work their
// queue, read the applicant's data (logged), act on steps, issue the
// approval document, record the land fee and register applications at
// the window (pages_land_staff.go). JSON routes are in api_land.go.
func Extension() site.Extension {
	return site.Extension{
		Name: "land",
		Nav:  []site.NavItem{{Path: "/land", Label: "nav.land", Key: "land"}},
		StaffNav: []site.NavItem{{Path: "/staff/cases", Label: "nav.cases", Key: "cases"},
			{Path: "/staff/land/apply", Label: "nav.land_apply", Key: "land_apply", Role: module.RoleClerk}},
		Routes: func(c site.Core) {
			p := newPortal(c)
			p.landRoutes()
			p.landAPIRoutes()
			p.landStaffRoutes()
		},
		Figures: func(c site.Core, r *http.Request) []site.Figure { return landFigures(newPortal(c), r) },
		Latest: func(c site.Core, r *http.Request, limit int) []site.LatestItem {
			return landLatest(newPortal(c), r, limit)
		},
		Queue: func(c site.Core, r *http.Request, s *site.Session) []site.QueueItem {
			return landQueue(newPortal(c), r, s)
		},
		Verify: func(c site.Core, r *http.Request, code string) (*site.Verified, error) {
			return landVerify(newPortal(c), r, code)
		},
		Funcs:     func(c site.Core, lang string) template.FuncMap { return landFuncs(newPortal(c), lang) },
		Schemas:   landSchemas(),
		Templates: templateFS,
		Messages:  landMessages,
	}
}

func (p *Portal) landRoutes() {
	p.Page("GET /land", p.landHome)
	p.Page("GET /land/track", p.landTrackForm)
	p.Page("POST /land/track", p.landTrack)
	p.Page("GET /land/notices/{no}", p.landNotice)
	p.Page("POST /land/notices/{no}/objections", p.landObjection)
	p.Page("GET /land/decisions", p.landDecisions)
	p.Page("GET /land/parcels", p.landParcels)
	p.Page("GET /land/parcels/{id}", p.landParcel)
	p.Page("GET /land/permits/{code}", p.permitCertificate)
}

func landFuncs(p *Portal, lang string) template.FuncMap {
	return template.FuncMap{
		"loc":     func(zh, en string) string { return site.Loc(lang, zh, en) },
		"wfact":   func(a string) string { return p.T(lang, "wfact."+a) },
		"outcome": func(o string) string { return p.T(lang, "wfout."+o) },
		"zoning": func(z string) string {
			if p.HasMessage("zoning." + z) {
				return p.T(lang, "zoning."+z)
			}
			return z
		},
		"pstatus": func(s string) string { return p.T(lang, "pstatus."+s) },
		"area":    func(a any) string { return site.GroupDigits(fmt.Sprint(a)) },
		"short12": func(s fmt.Stringer) string {
			x := s.String()
			if len(x) > 12 {
				return x[:12] + "…"
			}
			return x
		},
	}
}

// ---- case view for pages ----

// landStage is one stay of a case at a step, for the timeline: when it
// started, each responsible department's deadline and completion, and the
// actions taken there.
type landStage struct {
	Step      string
	Name      string
	Kind      string
	EnteredAt time.Time
	Visits    []workflow.VisitView
	Entries   []workflow.EntryView
	Current   bool
	Overdue   bool
}

// landCase is what the timeline partial shows.
type landCase struct {
	View     *workflow.CaseView
	Process  string // the process's name
	StepName string // the current step's name
	Stages   []landStage
	Ahead    []string // names of the steps still ahead on the usual route
	Parcel   *land.Parcel
	Permit   string // approval document verification code, once issued
	Key      string
	Height   int64 // block of the case record's last change
	Now      time.Time
	InNotice bool
	// Shared: materials the review obtained through data sharing, so the
	// applicant handed nothing in for them (names and departments only).
	Shared []*sharing.CaseMaterial
}

// landCaseView builds the timeline of a case; c must be a land case.
func (p *Portal) landCaseView(st store.Reader, c *workflow.Case, lang string) *landCase {
	def, _ := p.defs.Get(st, c.Definition, c.Version)
	now := p.BlockTime()
	v := workflow.PublicView(c, def, now)
	lc := &landCase{View: v, Key: string(workflow.CaseKey(c.Number)), Now: now}
	if n := len(c.History); n > 0 {
		lc.Height = c.History[n-1].Height
	}
	name := func(step string) string {
		if def != nil {
			if s := def.Step(step); s != nil {
				return site.Loc(lang, s.NameZH, s.NameEN)
			}
		}
		return step
	}
	if def != nil {
		lc.Process = site.Loc(lang, def.NameZH, def.NameEN)
	}
	lc.StepName = name(c.Current)
	lc.InNotice = c.Status == workflow.StatusOpen && !c.NoticeEnds.IsZero()
	// Stages: visits that entered the same step at the same time.
	for _, x := range v.Steps {
		n := len(lc.Stages)
		if n > 0 && lc.Stages[n-1].Step == x.Step && lc.Stages[n-1].EnteredAt.Equal(x.EnteredAt) {
			lc.Stages[n-1].Visits = append(lc.Stages[n-1].Visits, x)
			lc.Stages[n-1].Overdue = lc.Stages[n-1].Overdue || x.Overdue
			continue
		}
		kind := ""
		if def != nil {
			if s := def.Step(x.Step); s != nil {
				kind = s.Kind
			}
		}
		lc.Stages = append(lc.Stages, landStage{Step: x.Step, Name: name(x.Step), Kind: kind, EnteredAt: x.EnteredAt,
			Visits: []workflow.VisitView{x}, Overdue: x.Overdue})
	}
	// Each action belongs to the latest stay at its step that began before it.
	for _, e := range v.History {
		for i := len(lc.Stages) - 1; i >= 0; i-- {
			if lc.Stages[i].Step == e.Step && !lc.Stages[i].EnteredAt.After(e.At) {
				lc.Stages[i].Entries = append(lc.Stages[i].Entries, e)
				break
			}
		}
	}
	if c.Status == workflow.StatusOpen {
		for i := len(lc.Stages) - 1; i >= 0; i-- {
			if lc.Stages[i].Step == c.Current {
				lc.Stages[i].Current = true
				break
			}
		}
		if def != nil {
			for _, s := range routeAhead(def, c) {
				lc.Ahead = append(lc.Ahead, name(s))
			}
		}
	} else {
		// The end step: the case's outcome and when.
		lc.Stages = append(lc.Stages, landStage{Step: c.Current, Name: name(c.Current), Kind: workflow.KindEnd, EnteredAt: c.ClosedAt})
	}
	if pc, err := land.GetParcel(st, c.Ref); err == nil {
		lc.Parcel = pc
	}
	var err error
	lc.Permit, err = land.PermitOfCase(st, c.Number)
	p.QueryErr("land case permit", err)
	lc.Shared, err = sharing.CaseMaterials(st, c.Number)
	p.QueryErr("land case shared materials", err)
	return lc
}

// routeAhead follows the "pass" transitions from the current step to the
// end, deciding conditions on the case's fields: the route the case takes
// if every department approves.
func routeAhead(d *workflow.Definition, c *workflow.Case) []string {
	var out []string
	cur := d.Step(c.Current)
	for i := 0; cur != nil && i < 32; i++ {
		step := cur.Next.Pass.Resolve(c.Fields)
		if step == "" {
			break
		}
		next := d.Step(step)
		if next == nil {
			break
		}
		out = append(out, next.ID)
		if next.Kind == workflow.KindEnd {
			break
		}
		cur = next
	}
	return out
}

// landCaseOf loads a case and checks it is a land-use case.
func landCaseOf(st store.Reader, no string) (*workflow.Case, error) {
	c, err := workflow.GetCase(st, no)
	if err != nil {
		return nil, err
	}
	if c.Definition != land.ProcessID || c.Origin != "land" {
		return nil, fmt.Errorf("%w: %s is not a land-use case", land.ErrCaseNotFound, no)
	}
	return c, nil
}

// ---- public pages ----

// LandNotice is a case in public notice (公示).
type LandNotice struct {
	Case           string    `json:"case"`
	Parcel         string    `json:"parcel"`
	AreaM2         int64     `json:"area_m2"`
	Use            string    `json:"use,omitempty"`
	Step           string    `json:"step"`
	NoticeEnds     time.Time `json:"notice_ends"`
	Ended          bool      `json:"ended"`
	OpenObjections int       `json:"open_objections"`
	Objections     int       `json:"objections"`
	Height         int64     `json:"height"`
	Key            string    `json:"key"`
	Proof          string    `json:"proof_url"`
	URL            string    `json:"url"`
}

// LandDecision is a closed land case.
type LandDecision struct {
	Case     string    `json:"case"`
	Parcel   string    `json:"parcel"`
	AreaM2   int64     `json:"area_m2"`
	Use      string    `json:"use,omitempty"`
	Outcome  string    `json:"outcome"`
	OpenedAt time.Time `json:"opened_at"`
	ClosedAt time.Time `json:"closed_at"`
	Days     float64   `json:"processing_days"`
	Permit   string    `json:"permit_code,omitempty"`
	Height   int64     `json:"height"`
	Key      string    `json:"key"`
	Proof    string    `json:"proof_url"`
}

func fieldNum(f map[string]workflow.Value, k string) int64 { return f[k].Num }
func fieldStr(f map[string]workflow.Value, k string) string {
	if v, ok := f[k]; ok {
		return v.String()
	}
	return ""
}

func lastHeight(c *workflow.Case) int64 {
	if n := len(c.History); n > 0 {
		return c.History[n-1].Height
	}
	return 0
}

// landNotices lists land cases in public notice, soonest end first.
func (p *Portal) landNotices() ([]LandNotice, error) {
	items, err := workflow.InNotice(p.n.Index.DB())
	if err != nil {
		return nil, err
	}
	st := p.n.Store.Committed()
	now := p.BlockTime()
	out := []LandNotice{}
	for _, it := range items {
		if it.Definition != land.ProcessID {
			continue
		}
		c, err := landCaseOf(st, it.Case)
		if err != nil {
			continue
		}
		key := string(workflow.CaseKey(c.Number))
		out = append(out, LandNotice{Case: c.Number, Parcel: fieldStr(c.Fields, "parcel_id"), AreaM2: fieldNum(c.Fields, "area_m2"),
			Use: fieldStr(c.Fields, "use"), Step: c.Current, NoticeEnds: c.NoticeEnds, Ended: !now.Before(c.NoticeEnds),
			OpenObjections: c.UnansweredObjections(), Objections: len(c.Objections), Height: lastHeight(c), Key: key, Proof: site.ProofPath(key),
			URL: "/land/notices/" + c.Number})
	}
	return out, nil
}

// landDecisionList lists closed land cases, newest first.
func (p *Portal) landDecisionList(limit int) ([]LandDecision, error) {
	ds, err := workflow.Decisions(p.n.Index.DB(), land.ProcessID, limit)
	if err != nil {
		return nil, err
	}
	st := p.n.Store.Committed()
	out := []LandDecision{}
	for _, d := range ds {
		c, err := landCaseOf(st, d.Case)
		if err != nil {
			continue
		}
		key := string(workflow.CaseKey(c.Number))
		ld := LandDecision{Case: c.Number, Parcel: fieldStr(c.Fields, "parcel_id"), AreaM2: fieldNum(c.Fields, "area_m2"), Use: fieldStr(c.Fields, "use"),
			Outcome: c.Outcome, OpenedAt: c.OpenedAt, ClosedAt: c.ClosedAt, Days: math.Round(c.ClosedAt.Sub(c.OpenedAt).Hours()/24*10) / 10,
			Height: lastHeight(c), Key: key, Proof: site.ProofPath(key)}
		ld.Permit, err = land.PermitOfCase(st, c.Number)
		p.QueryErr("land decision permit", err)
		out = append(out, ld)
		if limit > 0 && len(out) >= limit {
			break
		}
	}
	return out, nil
}

type landHomePage struct {
	Notices   []LandNotice
	Decisions []LandDecision
	Process   *workflow.Definition
	Steps     []landStepInfo
	Track     trackForm
}

type trackForm struct {
	No string
}

// landStepInfo describes a step of the process for the citizen.
type landStepInfo struct {
	Name        string
	Kind        string
	Departments []string
	Limit       int
	Duration    int
	Condition   string
}

func (p *Portal) landProcessInfo(lang string) (*workflow.Definition, []landStepInfo) {
	def, err := workflow.GetDefinition(p.n.Store.Committed(), land.ProcessID, 0)
	if err != nil {
		return nil, nil
	}
	var out []landStepInfo
	for _, s := range def.Steps {
		if s.Kind == workflow.KindEnd {
			continue
		}
		in := landStepInfo{Name: site.Loc(lang, s.NameZH, s.NameEN), Kind: s.Kind, Limit: s.TimeLimitDays, Duration: s.DurationDays}
		if s.Department != "" {
			in.Departments = []string{s.Department}
		}
		for _, b := range s.Branches {
			in.Departments = append(in.Departments, b.Department)
		}
		if s.ID == "city_approval" {
			in.Condition = p.T(lang, "land.cond_city")
		}
		out = append(out, in)
	}
	return def, out
}

func (p *Portal) landHomeData(r *http.Request, lang string) landHomePage {
	d := landHomePage{Track: trackForm{No: r.URL.Query().Get("no")}}
	var err error
	if d.Notices, err = p.landNotices(); err != nil {
		p.log.Warn("land notices", "err", err)
	}
	if d.Decisions, err = p.landDecisionList(10); err != nil {
		p.log.Warn("land decisions", "err", err)
	}
	d.Process, d.Steps = p.landProcessInfo(lang)
	return d
}

func (p *Portal) landHome(w http.ResponseWriter, r *http.Request) {
	lang := p.Lang(w, r)
	p.Render(w, r, site.Page{Template: "land_home.html", Title: "land.title", Active: "land", Data: p.landHomeData(r, lang)})
}

type landTrackPage struct {
	Track trackForm
	Case  *landCase
}

func (p *Portal) landTrackForm(w http.ResponseWriter, r *http.Request) {
	p.Render(w, r, site.Page{Template: "land_track.html", Title: "land.track_title", Active: "land",
		Data: landTrackPage{Track: trackForm{No: r.URL.Query().Get("no")}}})
}

// readLandCase is the citizen's lookup (page and API): number and code,
// the same error for a missing case and a wrong code. Wrong codes are
// counted per client only (see wrongCodeBlocked).
func (p *Portal) readLandCase(r *http.Request, no, code string) (*workflow.Case, error) {
	no = strings.ToUpper(strings.TrimSpace(no))
	client := p.Client(r)
	if no == "" || strings.TrimSpace(code) == "" {
		return nil, fmt.Errorf("%w: case number and access code are required", site.ErrAccessCode)
	}
	if p.wrongCodeBlocked(client) {
		return nil, site.ErrTooManyWrongCodes
	}
	st := p.n.Store.Committed()
	c, err := landCaseOf(st, no)
	if err != nil || !workflow.CheckAccessCode(p.suite, c, code) {
		p.wrongCode(client)
		return nil, site.ErrAccessCode
	}
	return c, nil
}

func (p *Portal) landTrack(w http.ResponseWriter, r *http.Request) {
	lang := p.Lang(w, r)
	no := strings.ToUpper(strings.TrimSpace(r.PostFormValue("case_no")))
	c, err := p.readLandCase(r, no, r.PostFormValue("access_code"))
	if err != nil {
		p.Render(w, r, site.Page{Template: "land_track.html", Title: "land.track_title", Active: "land", Status: site.StatusOf(err),
			Error: p.ErrText(lang, err), Data: landTrackPage{Track: trackForm{No: no}}})
		return
	}
	p.Render(w, r, site.Page{Template: "land_track.html", Title: "land.track_title", Active: "land",
		Data: landTrackPage{Track: trackForm{No: no}, Case: p.landCaseView(p.n.Store.Committed(), c, lang)}})
}

type landNoticePage struct {
	Case  *landCase
	Filed int
	Text  string
}

func (p *Portal) landNoticeData(w http.ResponseWriter, r *http.Request) (*landNoticePage, bool) {
	lang := p.Lang(w, r)
	st := p.n.Store.Committed()
	c, err := landCaseOf(st, r.PathValue("no"))
	if err != nil {
		// The same answer as a case never in notice: this page must not
		// tell which case numbers exist.
		p.Fail(w, r, http.StatusNotFound, p.T(lang, "land.err_no_notice"))
		return nil, false
	}
	// Only a case that is or was in public notice has a public notice page.
	noticed := false
	for _, v := range c.Visits {
		noticed = noticed || v.Kind == workflow.KindNotice
	}
	if !noticed {
		p.Fail(w, r, http.StatusNotFound, p.T(lang, "land.err_no_notice"))
		return nil, false
	}
	return &landNoticePage{Case: p.landCaseView(st, c, lang)}, true
}

func (p *Portal) landNotice(w http.ResponseWriter, r *http.Request) {
	d, ok := p.landNoticeData(w, r)
	if !ok {
		return
	}
	pg := site.Page{Template: "land_notice.html", Title: "land.notice_title", Active: "land", Data: d}
	if n, err := strconv.Atoi(r.URL.Query().Get("filed")); err == nil && n > 0 {
		d.Filed = n
		pg.Notice = p.T(p.Lang(w, r), "land.objection_filed", n)
	}
	p.Render(w, r, pg)
}

// ObjectionInput is an objection to a case in public notice.
type ObjectionInput struct {
	Text string `json:"text"`
}

// ObjectionCreated answers a filed objection.
type ObjectionCreated struct {
	Case      string `json:"case"`
	Objection int    `json:"objection"`
	Height    int64  `json:"height"`
	TxHash    string `json:"tx_hash"`
	URL       string `json:"url"`
	Key       string `json:"key"`
	Proof     string `json:"proof_url"`
}

// errNoNotice is the one answer, status and body, for an objection to a
// case that does not exist, was never in public notice, or whose notice
// is over: the API says nothing about cases that are not public.
var errNoNotice = fmt.Errorf("%w: no case with this number is in public notice", site.ErrNotFound)

var errObjectionText = fmt.Errorf("%w: the objection text is required (at most 2000 characters)", site.ErrBadRequest)

// fileObjection signs a citizen's objection with the gateway key: the one
// path for the form and the JSON API. Objections are public text.
func (p *Portal) fileObjection(r *http.Request, no, text string) (*ObjectionCreated, error) {
	if p.Gateway() == nil {
		return nil, fmt.Errorf("%w: this node has no gateway account (%s)", site.ErrUnavailable, site.GatewayKeyName)
	}
	text = strings.TrimSpace(text)
	if text == "" || len([]rune(text)) > 2000 {
		return nil, errObjectionText
	}
	st := p.n.Store.Committed()
	c, err := landCaseOf(st, no)
	if err != nil || c.Status != workflow.StatusOpen || c.NoticeEnds.IsZero() || !p.BlockTime().Before(c.NoticeEnds) {
		return nil, errNoNotice
	}
	// The client's own buckets only: its public writes, then its
	// objections to this case (peeked first, so a refusal by either
	// charges neither).
	client := p.Client(r)
	perCase := client + "|" + c.Number
	if p.objLimit.Empty(perCase) || !p.ipLimit.Allow(client) || !p.objLimit.Allow(perCase) {
		return nil, fmt.Errorf("%w: objections from this client", site.ErrRateLimited)
	}
	res, err := p.Send(r.Context(), p.Gateway(), "workflow", "file_objection", workflow.FileObjectionRequest{Case: c.Number, Text: text})
	if err != nil {
		return nil, err
	}
	out := &ObjectionCreated{Case: c.Number, Height: res.Height, TxHash: fmt.Sprintf("%x", res.Hash), Key: string(workflow.CaseKey(c.Number))}
	out.Proof = site.ProofPath(out.Key)
	if c2, err := workflow.GetCase(p.n.Store.Committed(), c.Number); err == nil {
		// The objection this tx filed: the one recorded at its height.
		for _, e := range c2.History {
			if e.Action == workflow.ActFileObjection && e.Height == res.Height {
				out.Objection = e.Objection
			}
		}
		if out.Objection == 0 && len(c2.Objections) > 0 {
			out.Objection = c2.Objections[len(c2.Objections)-1].ID
		}
	}
	out.URL = fmt.Sprintf("/land/notices/%s?filed=%d#objection-%d", c.Number, out.Objection, out.Objection)
	return out, nil
}

func (p *Portal) landObjection(w http.ResponseWriter, r *http.Request) {
	no := r.PathValue("no")
	text := r.PostFormValue("text")
	out, err := p.fileObjection(r, no, text)
	if err != nil {
		// A case with no public notice page gets landNoticeData's 404,
		// the same for a case that does not exist.
		d, ok := p.landNoticeData(w, r)
		if !ok {
			return
		}
		d.Text = text
		lang := p.Lang(w, r)
		msg := p.ErrText(lang, err)
		switch {
		case errors.Is(err, errNoNotice), errors.Is(err, workflow.ErrNotInNotice):
			msg = p.T(lang, "land.err_not_in_notice")
			err = workflow.ErrNotInNotice // its notice page is public: say the period is over
		case errors.Is(err, errObjectionText):
			msg = p.T(lang, "land.err_objection_text")
		}
		p.Render(w, r, site.Page{Template: "land_notice.html", Title: "land.notice_title", Active: "land", Status: site.StatusOf(err), Error: msg, Data: d})
		return
	}
	site.Redirect(w, r, out.URL)
}

type landDecisionsPage struct {
	Decisions []LandDecision
}

func (p *Portal) landDecisions(w http.ResponseWriter, r *http.Request) {
	ds, err := p.landDecisionList(200)
	if err != nil {
		p.log.Warn("land decisions", "err", err)
	}
	p.Render(w, r, site.Page{Template: "land_decisions.html", Title: "land.decisions_title", Active: "land", Data: landDecisionsPage{Decisions: ds}})
}

// ParcelRow is a parcel of the registry with its proof link.
type ParcelRow struct {
	land.ParcelRow
	Height int64  `json:"height"` // block of the record's last change
	Key    string `json:"key"`
	Proof  string `json:"proof_url"`
}

func (p *Portal) parcelRows() ([]ParcelRow, error) {
	rows, err := land.Parcels(p.n.Index.DB())
	if err != nil {
		return nil, err
	}
	out := []ParcelRow{}
	st := p.n.Store.Committed()
	for _, r := range rows {
		key := string(land.ParcelKey(r.ID))
		pr := ParcelRow{ParcelRow: r, Key: key, Proof: site.ProofPath(key)}
		if pc, err := land.GetParcel(st, r.ID); err == nil && len(pc.History) > 0 {
			pr.Height = pc.History[len(pc.History)-1].Height
		}
		out = append(out, pr)
	}
	return out, nil
}

type landParcelsPage struct {
	Parcels []ParcelRow
}

func (p *Portal) landParcels(w http.ResponseWriter, r *http.Request) {
	rows, err := p.parcelRows()
	if err != nil {
		p.log.Warn("parcels", "err", err)
	}
	p.Render(w, r, site.Page{Template: "land_parcels.html", Title: "land.parcels_title", Active: "land", Data: landParcelsPage{Parcels: rows}})
}

// ParcelView is one parcel with its history and applications.
type ParcelView struct {
	*land.Parcel
	Cases  []land.CaseRow `json:"cases"`
	Height int64          `json:"height"`
	Key    string         `json:"key"`
	Proof  string         `json:"proof_url"`
}

func (p *Portal) parcelView(id string) (*ParcelView, error) {
	pc, err := land.GetParcel(p.n.Store.Committed(), id)
	if err != nil {
		return nil, err
	}
	v := &ParcelView{Parcel: pc, Key: string(land.ParcelKey(pc.ID))}
	v.Proof = site.ProofPath(v.Key)
	if n := len(pc.History); n > 0 {
		v.Height = pc.History[n-1].Height
	}
	if v.Cases, err = land.CasesByParcel(p.n.Index.DB(), pc.ID); err != nil {
		return nil, err
	}
	return v, nil
}

func (p *Portal) landParcel(w http.ResponseWriter, r *http.Request) {
	v, err := p.parcelView(r.PathValue("id"))
	if errors.Is(err, land.ErrParcelNotFound) {
		p.Fail(w, r, http.StatusNotFound, p.T(p.Lang(w, r), "land.err_no_parcel"))
		return
	}
	if err != nil {
		p.Fail(w, r, http.StatusInternalServerError, p.T(p.Lang(w, r), "err.internal"))
		return
	}
	p.Render(w, r, site.Page{Template: "land_parcel.html", Title: "land.parcel_title", Active: "land", Data: v})
}

// ---- hooks ----

func landFigures(p *Portal, r *http.Request) []site.Figure {
	ns, err := p.landNotices()
	if err != nil {
		return nil
	}
	open, err := workflow.OpenCases(r.Context(), p.n.Index.DB(), land.ProcessID)
	p.QueryErr("land open cases", err)
	return []site.Figure{{Label: "fig.land_open", Value: strconv.Itoa(open)}, {Label: "fig.land_notice", Value: strconv.Itoa(len(ns))}}
}

func landLatest(p *Portal, r *http.Request, limit int) []site.LatestItem {
	lang := site.LangOf(r)
	var out []site.LatestItem
	ds, err := p.landDecisionList(limit)
	if err != nil {
		p.log.Warn("home: land decisions", "err", err)
	}
	for _, d := range ds {
		out = append(out, site.LatestItem{Kind: "home.kind_decision", Title: p.T(lang, "land.latest_decision", d.Case, p.T(lang, "wfout."+d.Outcome)),
			Link: "/land/decisions#" + d.Case, Time: d.ClosedAt, Height: d.Height})
	}
	ns, err := p.landNotices()
	if err != nil {
		p.log.Warn("home: land notices", "err", err)
	}
	st := p.n.Store.Committed()
	for _, n := range ns {
		c, err := workflow.GetCase(st, n.Case)
		if err != nil {
			continue
		}
		// The notice was published when the case entered the step.
		var at time.Time
		for _, v := range c.Visits {
			if v.Step == c.Current {
				at = v.EnteredAt
			}
		}
		out = append(out, site.LatestItem{Kind: "home.kind_notice", Title: p.T(lang, "land.latest_notice", n.Case, n.Parcel), Link: n.URL, Time: at, Height: n.Height})
	}
	return out
}

// landQueue is the member's department's pending land work.
func landQueue(p *Portal, r *http.Request, s *site.Session) []site.QueueItem {
	items, err := p.landWork(s.Department)
	if err != nil {
		p.log.Warn("land queue", "err", err)
		return nil
	}
	lang := site.LangOf(r)
	var out []site.QueueItem
	for _, w := range items {
		out = append(out, site.QueueItem{Kind: "queue.kind_land", Title: w.Case + " · " + site.Loc(lang, w.StepZH, w.StepEN) + " · " + w.Parcel,
			Link: "/staff/cases/" + w.Case, Due: w.Deadline, Overdue: w.Overdue, Opened: w.EnteredAt})
	}
	return out
}

// landWorkItem is a department's pending part of a land case.
type landWorkItem struct {
	workflow.WorkItem
	StepZH, StepEN string
	Parcel         string
}

// landWork lists a department's pending land work, overdue first, then by
// deadline.
func (p *Portal) landWork(dept string) ([]landWorkItem, error) {
	items, err := workflow.Queue(p.n.Index.DB(), dept, p.BlockTime())
	if err != nil {
		return nil, err
	}
	st := p.n.Store.Committed()
	var out []landWorkItem
	for _, w := range items {
		if w.Definition != land.ProcessID {
			continue
		}
		it := landWorkItem{WorkItem: w, StepZH: w.Step, StepEN: w.Step}
		if c, err := workflow.GetCase(st, w.Case); err == nil {
			it.Parcel = fieldStr(c.Fields, "parcel_id")
			if d, err := workflow.GetDefinition(st, c.Definition, c.Version); err == nil {
				if s := d.Step(w.Step); s != nil {
					it.StepZH, it.StepEN = s.NameZH, s.NameEN
				}
			}
		}
		out = append(out, it)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Overdue != out[j].Overdue {
			return out[i].Overdue
		}
		return out[i].Deadline.Before(out[j].Deadline)
	})
	return out, nil
}

// landVerify resolves an approval document's verification code.
func landVerify(p *Portal, r *http.Request, code string) (*site.Verified, error) {
	norm := land.NormalizeCode(code)
	if len(norm) != 19 {
		return nil, nil
	}
	pm, err := land.PermitByCode(p.n.Store.Committed(), norm)
	if errors.Is(err, land.ErrDocNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	lang := site.LangOf(r)
	return &site.Verified{Kind: "verify.kind_permit", Title: p.T(lang, "land.permit_title", pm.Case), Link: "/land/parcels/" + pm.Parcel,
		Key: string(land.PermitKey(pm.Code)),
		Details: [][2]string{{p.T(lang, "land.permit_code"), pm.Code}, {p.T(lang, "land.case_no"), pm.Case}, {p.T(lang, "land.parcel"), pm.Parcel},
			{p.T(lang, "land.issued_by"), p.DeptName(lang, pm.IssuedBy)}, {p.T(lang, "land.issued_at"), pm.IssuedAt.In(module.CST()).Format("2006-01-02 15:04")},
			{p.T(lang, "verify.doc_hash"), pm.DocHash.String()}, {p.T(lang, "verify.height"), strconv.FormatInt(pm.Height, 10)}}}, nil
}
