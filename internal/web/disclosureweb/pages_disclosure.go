package disclosureweb

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/pingshan/govchain/internal/module/disclosure"
	"github.com/pingshan/govchain/internal/module/identity"
	"github.com/pingshan/govchain/internal/web/site"
)

// Extension is the disclosure area (政务公开): published documents with
// every version, their certificates, the publishing console and the JSON
// routes. Its nav entries stay the core's, so the navigation reads as it
// did before the area had a package of its own.
func Extension() site.Extension {
	return site.Extension{
		Name: "disclosure",
		Routes: func(c site.Core) {
			p := newPortal(c)
			p.disclosureRoutes()
			p.staffDisclosureRoutes()
		},
		Schemas: map[string]any{
			"DisclosureList": struct {
				Height      int64    `json:"height"`
				Disclosures []DocRow `json:"disclosures"`
			}{},
			"DisclosureHistory": History{},
		},
		Templates: templateFS,
		Messages:  disclosureMessages,
	}
}

func (p *Portal) disclosureRoutes() {
	p.Page("GET /disclosures", p.disclosures)
	p.Page("GET /disclosures/{number}", p.disclosurePage)
	p.Page("GET /disclosures/{number}/certificate", p.disclosureCertificate)
	p.API("GET", "/api/v1/disclosures", site.APIDoc{Summary: "Published documents (latest version of each), newest first", Tag: "disclosure",
		Query:    map[string]string{"department": "department id", "category": "category", "q": "text in title, number or reference", "limit": "at most this many (default 50, max 200)"},
		Response: "DisclosureList"}, p.apiDisclosures)
	p.API("GET", "/api/v1/disclosures/{number}", site.APIDoc{Summary: "One document with every version, oldest first", Tag: "disclosure", Response: "DisclosureHistory"}, p.apiDisclosure)
}

type disclosureList struct {
	site.QueryState
	Docs        []DocRow
	Departments []*identity.Department
	Categories  []string
	Dept, Cat   string
	Q           string
}

func (p *Portal) disclosures(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	d := disclosureList{Dept: q.Get("department"), Cat: q.Get("category"), Q: strings.TrimSpace(q.Get("q")), Categories: disclosure.Categories()}
	pg := site.Page{Template: "disclosures.html", Title: "disc.title", Active: "disclosures"}
	all, err := p.listAt(r, "", "")
	if err == nil && keptListQuery(r, all.Departments) {
		// A filter from the form's own choices: the list and the page
		// are kept per block.
		l := all
		if d.Dept != "" || d.Cat != "" {
			l, err = p.listAt(r, d.Dept, d.Cat)
		}
		if err == nil {
			d.Docs, d.Departments = l.Docs, all.Departments
			pg.Data = d
			// Two per-block values whose heights only move forward:
			// their sum grows whenever either moves.
			p.RenderPerBlock(w, r, l.Height+all.Height, pg)
			return
		}
	}
	if d.Docs, err = p.latestDocs(r.Context(), d.Dept, d.Cat, d.Q, listLimit); err != nil {
		p.log.Error("disclosures", "err", err)
		p.Fail(w, r, http.StatusInternalServerError, p.T(p.Lang(w, r), "err.internal"))
		return
	}
	d.Departments, err = identity.Departments(p.n.Store.Committed())
	d.Failed = p.QueryErr("disclosure departments", err)
	pg.Data = d
	p.Render(w, r, pg)
}

// listLimit is how many documents the list page shows.
const listLimit = 100

// docList is the disclosure list of one filter and the departments, as of
// a block.
type docList struct {
	Docs        []DocRow
	Departments []*identity.Department
	Height      int64
}

// listAt is the list page's documents of a department and category ("":
// all) and the departments, computed once per block (shared: read only).
func (p *Portal) listAt(r *http.Request, dept, category string) (docList, error) {
	return perBlock(r, p, "disclosure/list/"+dept+"/"+category, func(ctx context.Context) (docList, error) {
		l := docList{Height: p.n.Height()}
		var err error
		if l.Docs, err = p.latestDocs(ctx, dept, category, "", listLimit); err != nil {
			return l, err
		}
		l.Departments, err = identity.Departments(p.n.Store.Committed())
		return l, err
	})
}

// keptListQuery reports whether the list's query is one the page keeps:
// no text search, a department that exists and a known category, so the
// kept lists are bounded by the chain's departments, not by what
// visitors type.
func keptListQuery(r *http.Request, depts []*identity.Department) bool {
	for k, vs := range r.URL.Query() {
		if len(vs) != 1 {
			return false
		}
		v := vs[0]
		switch k {
		case "lang":
			if v != "zh" && v != "en" {
				return false
			}
		case "department":
			if v != "" && !slices.ContainsFunc(depts, func(d *identity.Department) bool { return d.ID == v }) {
				return false
			}
		case "category":
			if v != "" && !disclosure.ValidCategory(v) {
				return false
			}
		case "q":
			if v != "" {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// DocView is one version with what proves it.
type DocView struct {
	*disclosure.Document
	Key   string `json:"key"`
	Proof string `json:"proof_url"`
}

// History is a document with all its versions.
type History struct {
	Number   string    `json:"number"`
	Latest   int       `json:"latest"`
	Versions []DocView `json:"versions"`
}

func (p *Portal) history(number string) (*History, error) {
	if !disclosure.ValidNumber(number) {
		return nil, site.NotFound("no document %q", number)
	}
	vs, err := disclosure.Versions(p.n.Store.Committed(), number)
	if err != nil {
		return nil, err
	}
	h := &History{Number: number, Latest: vs[len(vs)-1].Version}
	for _, v := range vs {
		key := string(disclosure.VersionKey(v.Number, v.Version))
		h.Versions = append(h.Versions, DocView{Document: v, Key: key, Proof: site.ProofPath(key)})
	}
	return h, nil
}

type disclosurePage struct {
	*History
	Shown DocView
}

func (p *Portal) disclosurePage(w http.ResponseWriter, r *http.Request) {
	h, err := p.history(r.PathValue("number"))
	if err != nil {
		if errors.Is(err, disclosure.ErrNotFound) || errors.Is(err, site.ErrNotFound) {
			p.NotFound(w, r)
			return
		}
		p.Fail(w, r, http.StatusInternalServerError, p.T(p.Lang(w, r), "err.internal"))
		return
	}
	d := disclosurePage{History: h, Shown: h.Versions[len(h.Versions)-1]}
	if v, err := strconv.Atoi(r.URL.Query().Get("v")); err == nil && v >= 1 && v <= len(h.Versions) {
		d.Shown = h.Versions[v-1]
	}
	p.Render(w, r, site.Page{Template: "disclosure.html", Title: "disc.title", Active: "disclosures", Data: d})
}

func (p *Portal) apiDisclosures(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if c := q.Get("category"); c != "" && !disclosure.ValidCategory(c) {
		site.WriteError(w, site.BadRequest("category %q (known: %v)", c, disclosure.Categories()))
		return
	}
	docs, err := p.latestDocs(r.Context(), q.Get("department"), q.Get("category"), q.Get("q"), site.LimitParam(r, 50, 200))
	if err != nil {
		site.WriteError(w, err)
		return
	}
	site.WriteJSON(w, http.StatusOK, map[string]any{"height": p.n.Height(), "disclosures": docs})
}

func (p *Portal) apiDisclosure(w http.ResponseWriter, r *http.Request) {
	h, err := p.history(r.PathValue("number"))
	if err != nil {
		site.WriteError(w, err)
		return
	}
	site.WriteJSON(w, http.StatusOK, h)
}
