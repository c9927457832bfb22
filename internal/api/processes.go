package api

import (
	"net/http"
	"time"

	"github.com/pingshan/govchain/internal/module/workflow"
)

// Process definitions are public: which departments work which steps,
// with which time limits, and who published each version (a department's
// admin, genesis, or a governance proposal).

// ProcessSummary is a process's latest version as GET /api/v1/processes
// lists it.
type ProcessSummary struct {
	ID          string    `json:"id"`
	Owner       string    `json:"owner"`
	NameZH      string    `json:"name_zh"`
	NameEN      string    `json:"name_en"`
	Version     uint32    `json:"version"`
	Departments []string  `json:"departments"` // the owner and every step's department
	Steps       int       `json:"steps"`
	PublishedAt time.Time `json:"published_at"`
	PublishedBy string    `json:"published_by"`
	Proposal    uint64    `json:"proposal,omitempty"`
	// NeedsProposal: the process involves several departments, so its next
	// version takes a passed proposal of type "process".
	NeedsProposal bool `json:"needs_proposal"`
}

// ProcessList is GET /api/v1/processes.
type ProcessList struct {
	Height    int64            `json:"height"`
	Processes []ProcessSummary `json:"processes"`
}

// ProcessVersions is GET /api/v1/processes/{id}: every version, oldest
// first. Open cases run on the version they started with; new cases on
// the latest.
type ProcessVersions struct {
	ID       string                 `json:"id"`
	Latest   uint32                 `json:"latest"`
	Versions []*workflow.Definition `json:"versions"`
}

func (s *Server) registerProcesses(m *http.ServeMux) {
	m.HandleFunc("GET /api/v1/processes", s.processes)
	m.HandleFunc("GET /api/v1/processes/{id}", s.process)
}

// SummariseProcess is the list entry of a definition.
func SummariseProcess(d *workflow.Definition) ProcessSummary {
	return ProcessSummary{ID: d.ID, Owner: d.Owner, NameZH: d.NameZH, NameEN: d.NameEN, Version: d.Version,
		Departments: d.Involved(), Steps: len(d.Steps), PublishedAt: d.PublishedAt, PublishedBy: d.PublishedBy,
		Proposal: d.Proposal, NeedsProposal: d.NeedsProposal()}
}

func (s *Server) processes(w http.ResponseWriter, _ *http.Request) {
	defs, err := workflow.Definitions(s.n.Store.Committed())
	if err != nil {
		writeError(w, err)
		return
	}
	out := ProcessList{Height: s.n.Store.Version(), Processes: make([]ProcessSummary, 0, len(defs))}
	for _, d := range defs {
		out.Processes = append(out.Processes, SummariseProcess(d))
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) process(w http.ResponseWriter, r *http.Request) {
	vs, err := workflow.Versions(s.n.Store.Committed(), r.PathValue("id"))
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, ProcessVersions{ID: vs[0].ID, Latest: vs[len(vs)-1].Version, Versions: vs})
}
