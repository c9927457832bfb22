package api

import (
	"net/http"
	"regexp"
	"slices"
	"strconv"

	"github.com/pingshan/govchain/internal/module/sharing"
)

// Data sharing is public as the chain is: the catalogue (field names and
// share classes, never data), the requests with their answers and grants,
// the access records (hashes of what was delivered, never the data) and
// the statistics. Everything is read from committed state.

// CatalogList is GET /api/v1/sharing/catalog.
type CatalogList struct {
	Height    int64               `json:"height"`
	Resources []*sharing.Resource `json:"resources"`
}

// ResourceView is GET /api/v1/sharing/catalog/{id}: the entry and every
// version, oldest first.
type ResourceView struct {
	*sharing.Resource
	Versions []*sharing.ResourceVersion `json:"versions"`
}

// RequestList is GET /api/v1/sharing/requests.
type RequestList struct {
	Height   int64              `json:"height"`
	Requests []*sharing.Request `json:"requests"`
}

// SharingStats is GET /api/v1/sharing/stats.
type SharingStats struct {
	Height int64 `json:"height"`
	// By is the grouping asked for: "owner" (the default) or "requester".
	By   string             `json:"by,omitempty"`
	Rows []sharing.StatsRow `json:"rows"`
}

func (s *Server) registerSharing(m *http.ServeMux) {
	m.HandleFunc("GET /api/v1/sharing/catalog", s.sharingCatalog)
	m.HandleFunc("GET /api/v1/sharing/catalog/{id}", s.sharingResource)
	m.HandleFunc("GET /api/v1/sharing/requests", s.sharingRequests)
	m.HandleFunc("GET /api/v1/sharing/requests/{id}", s.sharingRequest)
	m.HandleFunc("GET /api/v1/sharing/access", s.sharingAccess)
	m.HandleFunc("GET /api/v1/sharing/stats", s.sharingStats)
	m.HandleFunc("GET /api/v1/sharing/cases/{case}/materials", s.sharingCaseMaterials)
	m.HandleFunc("POST /api/v1/sharing/fetch", s.sharingFetch)
}

var monthPattern = regexp.MustCompile(`^[0-9]{4}-(0[1-9]|1[0-2])$`)

func uintString(n uint64) string { return strconv.FormatUint(n, 10) }

func oneOf(field, v string, allowed []string) error {
	if v != "" && !slices.Contains(allowed, v) {
		return badRequest("%s %q must be one of %v", field, v, allowed)
	}
	return nil
}

func (s *Server) sharingCatalog(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	dept, class, retired := q.Get("department"), q.Get("share_class"), q.Get("retired")
	if err := oneOf("share_class", class, sharing.ShareClasses()); err != nil {
		writeError(w, err)
		return
	}
	if err := oneOf("retired", retired, []string{"true", "false"}); err != nil {
		writeError(w, err)
		return
	}
	all, err := sharing.Resources(s.n.Store.Committed())
	if err != nil {
		writeError(w, err)
		return
	}
	out := CatalogList{Height: s.n.Store.Version(), Resources: []*sharing.Resource{}}
	for _, res := range all {
		// Retired entries are shown only when asked for: the catalogue in
		// force is what a department can request.
		if (dept != "" && res.Department != dept) || (class != "" && res.Current.ShareClass != class) ||
			(retired != "true" && res.Retired != nil) || (retired == "true" && res.Retired == nil) {
			continue
		}
		out.Resources = append(out.Resources, res)
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) sharingResource(w http.ResponseWriter, r *http.Request) {
	st := s.n.Store.Committed()
	res, err := sharing.GetResource(st, r.PathValue("id"))
	if err != nil {
		writeError(w, err)
		return
	}
	vs, err := sharing.ResourceVersions(st, res.ID)
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, ResourceView{Resource: res, Versions: vs})
}

// sharingRequests lists requests, newest first, except that requests with
// the data bureau come first (what needs a decision on top); filters:
// department (as owner or requester), owner, requester, state, resource.
func (s *Server) sharingRequests(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	state := q.Get("state")
	if err := oneOf("state", state, []string{sharing.StatePending, sharing.StateArbitration, sharing.StateGranted, sharing.StateRefused}); err != nil {
		writeError(w, err)
		return
	}
	all, err := sharing.Requests(s.n.Store.Committed())
	if err != nil {
		writeError(w, err)
		return
	}
	dept, owner, requester, resource := q.Get("department"), q.Get("owner"), q.Get("requester"), q.Get("resource")
	out := RequestList{Height: s.n.Store.Version(), Requests: []*sharing.Request{}}
	var later []*sharing.Request
	for i := len(all) - 1; i >= 0; i-- {
		x := all[i]
		if (dept != "" && x.Owner != dept && x.Requester != dept) || (owner != "" && x.Owner != owner) ||
			(requester != "" && x.Requester != requester) || (state != "" && x.State != state) || (resource != "" && x.Resource != resource) {
			continue
		}
		if x.State == sharing.StateArbitration || x.Overdue && x.State == sharing.StatePending {
			out.Requests = append(out.Requests, x)
		} else {
			later = append(later, x)
		}
	}
	out.Requests = append(out.Requests, later...)
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) sharingRequest(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		writeError(w, err)
		return
	}
	req, err := sharing.GetRequest(s.n.Store.Committed(), id)
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, req)
}

// sharingAccess lists access records, newest first; filters: grant,
// owner, requester.
func (s *Server) sharingAccess(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	all, err := sharing.Accesses(s.n.Store.Committed())
	if err != nil {
		writeError(w, err)
		return
	}
	grant, owner, requester := q.Get("grant"), q.Get("owner"), q.Get("requester")
	out := []*sharing.Access{}
	for i := len(all) - 1; i >= 0; i-- {
		a := all[i]
		if (grant != "" && uintString(a.Grant) != grant) || (owner != "" && a.Owner != owner) || (requester != "" && a.Requester != requester) {
			continue
		}
		out = append(out, a)
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) sharingStats(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	month := q.Get("month")
	if month != "" && !monthPattern.MatchString(month) {
		writeError(w, badRequest("month %q must be YYYY-MM", month))
		return
	}
	sq := sharing.StatsQuery{By: q.Get("by"), Department: q.Get("department"), Month: month}
	if err := sq.Check(); err != nil {
		writeError(w, badRequest("%v", err))
		return
	}
	st := s.n.Store.Committed()
	all, err := sharing.Requests(st)
	if err != nil {
		writeError(w, err)
		return
	}
	mats, err := sharing.Materials(st)
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, SharingStats{Height: s.n.Store.Version(), By: sq.By, Rows: sharing.Stats(all, mats, sq)})
}

// sharingCaseMaterials is GET /api/v1/sharing/cases/{case}/materials: what
// a case's review obtained through sharing instead of from its applicant
// (public: resource names, departments and delivery hashes, no values).
func (s *Server) sharingCaseMaterials(w http.ResponseWriter, r *http.Request) {
	ms, err := sharing.CaseMaterials(s.n.Store.Committed(), r.PathValue("case"))
	if err != nil {
		writeError(w, err)
		return
	}
	if ms == nil {
		ms = []*sharing.CaseMaterial{}
	}
	writeJSON(w, http.StatusOK, ms)
}
