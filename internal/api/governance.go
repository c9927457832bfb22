package api

import (
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/pingshan/govchain/internal/module/governance"
	"github.com/pingshan/govchain/internal/store"
)

// Governance is public: proposals with their votes, parameters with their
// history, freezes, and the incident summary (never an incident's
// internal timeline). Everything is read from committed state.

// ParamView is a parameter as GET /api/v1/params shows it.
type ParamView struct {
	Name    string          `json:"name"`
	Doc     string          `json:"doc"`
	Value   json.RawMessage `json:"value"`
	Default json.RawMessage `json:"default"`
	// History is set on GET /api/v1/params/{name}: every setting, oldest first.
	History []governance.ParamChange `json:"history,omitempty"`
}

// ProposalList is GET /api/v1/gov/proposals.
type ProposalList struct {
	Height    int64                  `json:"height"`
	Proposals []*governance.Proposal `json:"proposals"`
}

func (s *Server) registerGovernance(m *http.ServeMux) {
	m.HandleFunc("GET /api/v1/gov/proposals", s.govProposals)
	m.HandleFunc("GET /api/v1/gov/proposals/{id}", s.govProposal)
	m.HandleFunc("GET /api/v1/gov/freezes", s.govFreezes)
	m.HandleFunc("GET /api/v1/gov/upgrades", s.govUpgrades)
	m.HandleFunc("GET /api/v1/params", s.params)
	m.HandleFunc("GET /api/v1/params/{name}", s.param)
	m.HandleFunc("GET /api/v1/incidents", s.incidents)
}

func (s *Server) govProposals(w http.ResponseWriter, r *http.Request) {
	st := s.n.Store.Committed()
	all, err := governance.Proposals(st)
	if err != nil {
		writeError(w, err)
		return
	}
	state := r.URL.Query().Get("state")
	out := ProposalList{Height: s.n.Store.Version(), Proposals: []*governance.Proposal{}}
	// Newest first: what a reader of a governance log wants on top.
	for i := len(all) - 1; i >= 0; i-- {
		if state == "" || all[i].State == state {
			out.Proposals = append(out.Proposals, all[i])
		}
	}
	writeJSON(w, http.StatusOK, out)
}

func pathID(r *http.Request) (uint64, error) {
	id, err := strconv.ParseUint(r.PathValue("id"), 10, 64)
	if err != nil || id == 0 {
		return 0, badRequest("id %q must be a positive integer", r.PathValue("id"))
	}
	return id, nil
}

func (s *Server) govProposal(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		writeError(w, err)
		return
	}
	p, err := governance.GetProposal(s.n.Store.Committed(), id)
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, p)
}

func (s *Server) govFreezes(w http.ResponseWriter, r *http.Request) {
	list, err := governance.Freezes(s.n.Store.Committed())
	if err != nil {
		writeError(w, err)
		return
	}
	if list == nil {
		list = []*governance.Freeze{}
	}
	writeJSON(w, http.StatusOK, list)
}

func paramView(st store.Reader, reg *governance.Registry, name string, history bool) (*ParamView, error) {
	p, err := reg.Lookup(name)
	if err != nil {
		return nil, err
	}
	v := &ParamView{Name: p.Name, Doc: p.Doc, Value: p.Default, Default: p.Default}
	ps, err := governance.GetParamState(st, name)
	if err != nil {
		return nil, err
	}
	if ps != nil {
		v.Value = ps.Value
		if history {
			v.History = ps.History
		}
	}
	return v, nil
}

func (s *Server) params(w http.ResponseWriter, r *http.Request) {
	st, reg := s.n.Store.Committed(), s.n.App.GovRegistry()
	out := []*ParamView{}
	for _, n := range reg.Names() {
		v, err := paramView(st, reg, n, false)
		if err != nil {
			writeError(w, err)
			return
		}
		out = append(out, v)
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) param(w http.ResponseWriter, r *http.Request) {
	v, err := paramView(s.n.Store.Committed(), s.n.App.GovRegistry(), r.PathValue("name"), true)
	if err != nil {
		writeError(w, err)
		return
	}
	if v.History == nil {
		v.History = []governance.ParamChange{}
	}
	writeJSON(w, http.StatusOK, v)
}

func (s *Server) incidents(w http.ResponseWriter, r *http.Request) {
	list, err := governance.Incidents(s.n.Store.Committed())
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, governance.Summarise(list))
}
