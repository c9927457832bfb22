package landweb

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/pingshan/govchain/internal/module/land"
	"github.com/pingshan/govchain/internal/module/workflow"
	"github.com/pingshan/govchain/internal/web/site"
)

// JSON routes of the land area. Nothing here carries personal data: the
// case view is workflow.PublicView (no personal data, wrapped keys,
// access-code hash or staff addresses), parcels and permits hold none.

// landSchemas are the OpenAPI components its JSON routes name.
func landSchemas() map[string]any {
	return map[string]any{
		"LandCase": LandCase{},
		"LandNoticeList": struct {
			Height  int64        `json:"height"`
			Notices []LandNotice `json:"notices"`
		}{},
		"ObjectionInput":   ObjectionInput{},
		"ObjectionCreated": ObjectionCreated{},
		"LandDecisionList": struct {
			Height    int64          `json:"height"`
			Decisions []LandDecision `json:"decisions"`
		}{},
		"ParcelList": struct {
			Height  int64       `json:"height"`
			Parcels []ParcelRow `json:"parcels"`
		}{},
		"ParcelView": ParcelView{},
		"PermitView": PermitView{},
	}
}

func (p *Portal) landAPIRoutes() {
	p.API("GET", "/api/v1/land/cases/{no}", site.APIDoc{Summary: "Track a land-use case with its access code: steps, departments, times, deadlines, current step, objections (no personal data)", Tag: "land",
		Query: map[string]string{"code": "the applicant's access code (required; wrong codes are rate-limited per client)"}, Response: "LandCase"}, p.apiLandCase)
	p.API("GET", "/api/v1/land/notices", site.APIDoc{Summary: "Land-use cases in public notice (公示), soonest end first", Tag: "land", Response: "LandNoticeList"}, p.apiLandNotices)
	p.API("POST", "/api/v1/land/cases/{no}/objections", site.APIDoc{Summary: "Object to a case in public notice (public text; signed by the node's gateway account; rate-limited per client, and per client and case)", Tag: "land",
		Body: "ObjectionInput", Response: "ObjectionCreated", Status: http.StatusCreated}, p.apiLandObjection)
	p.API("GET", "/api/v1/land/decisions", site.APIDoc{Summary: "Decided land-use cases, newest first", Tag: "land",
		Query: map[string]string{"limit": "default 50, max 500"}, Response: "LandDecisionList"}, p.apiLandDecisions)
	p.API("GET", "/api/v1/land/parcels", site.APIDoc{Summary: "The parcel registry (宗地)", Tag: "land", Response: "ParcelList"}, p.apiParcels)
	p.API("GET", "/api/v1/land/parcels/{id}", site.APIDoc{Summary: "One parcel: its history and applications", Tag: "land", Response: "ParcelView"}, p.apiParcel)
	p.API("GET", "/api/v1/land/permits/{code}", site.APIDoc{Summary: "An approval document (建设用地批准书) by its verification code", Tag: "land", Response: "PermitView"}, p.apiPermit)
}

// LandCase is a tracked case.
type LandCase struct {
	Case       *workflow.CaseView `json:"case"`
	Parcel     *land.Parcel       `json:"parcel,omitempty"`
	PermitCode string             `json:"permit_code,omitempty"`
	// AsOf is the block time deadlines and overdue flags are measured at.
	AsOf   time.Time `json:"as_of"`
	Height int64     `json:"height"`
	Key    string    `json:"key"`
	Proof  string    `json:"proof_url"`
}

func (p *Portal) apiLandCase(w http.ResponseWriter, r *http.Request) {
	c, err := p.readLandCase(r, r.PathValue("no"), r.URL.Query().Get("code"))
	if err != nil {
		site.WriteError(w, err)
		return
	}
	v := p.landCaseView(p.n.Store.Committed(), c, "en")
	site.WriteJSON(w, http.StatusOK, LandCase{Case: v.View, Parcel: v.Parcel, PermitCode: v.Permit, AsOf: v.Now, Height: v.Height, Key: v.Key, Proof: site.ProofPath(v.Key)})
}

func (p *Portal) apiLandNotices(w http.ResponseWriter, r *http.Request) {
	ns, err := p.landNotices()
	if err != nil {
		site.WriteError(w, err)
		return
	}
	site.WriteJSON(w, http.StatusOK, map[string]any{"height": p.n.Height(), "notices": ns})
}

func (p *Portal) apiLandObjection(w http.ResponseWriter, r *http.Request) {
	// JSON only: a cross-site form cannot send this content type, so the
	// route needs no CSRF token.
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		site.WriteError(w, site.BadRequest("Content-Type must be application/json"))
		return
	}
	var in ObjectionInput
	if err := site.DecodeBody(w, r, &in); err != nil {
		site.WriteError(w, err)
		return
	}
	out, err := p.fileObjection(r, r.PathValue("no"), in.Text)
	if err != nil {
		site.WriteError(w, err)
		return
	}
	site.WriteJSON(w, http.StatusCreated, out)
}

func (p *Portal) apiLandDecisions(w http.ResponseWriter, r *http.Request) {
	ds, err := p.landDecisionList(site.LimitParam(r, 50, 500))
	if err != nil {
		site.WriteError(w, err)
		return
	}
	site.WriteJSON(w, http.StatusOK, map[string]any{"height": p.n.Height(), "decisions": ds})
}

func (p *Portal) apiParcels(w http.ResponseWriter, r *http.Request) {
	rows, err := p.parcelRows()
	if err != nil {
		site.WriteError(w, err)
		return
	}
	site.WriteJSON(w, http.StatusOK, map[string]any{"height": p.n.Height(), "parcels": rows})
}

func (p *Portal) apiParcel(w http.ResponseWriter, r *http.Request) {
	v, err := p.parcelView(r.PathValue("id"))
	if err != nil {
		site.WriteError(w, err)
		return
	}
	site.WriteJSON(w, http.StatusOK, v)
}

// PermitView is an approval document and where its case stands.
type PermitView struct {
	*land.Permit
	CaseStatus  string `json:"case_status"`
	CaseOutcome string `json:"case_outcome,omitempty"`
	Key         string `json:"key"`
	Proof       string `json:"proof_url"`
	VerifyURL   string `json:"verify_url"`
}

func (p *Portal) apiPermit(w http.ResponseWriter, r *http.Request) {
	st := p.n.Store.Committed()
	pm, err := land.PermitByCode(st, r.PathValue("code"))
	if err != nil {
		if errors.Is(err, land.ErrDocNotFound) {
			err = site.NotFound("no approval document has the verification code %q", r.PathValue("code"))
		}
		site.WriteError(w, err)
		return
	}
	v := PermitView{Permit: pm, Key: string(land.PermitKey(pm.Code)), VerifyURL: "/verify?code=" + pm.Code}
	v.Proof = site.ProofPath(v.Key)
	if c, err := workflow.GetCase(st, pm.Case); err == nil {
		v.CaseStatus, v.CaseOutcome = c.Status, c.Outcome
	}
	site.WriteJSON(w, http.StatusOK, v)
}
