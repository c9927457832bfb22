package evaluation

import (
	"database/sql"
	"fmt"
	"time"

	"github.com/pingshan/govchain/internal/store"
)

// CivicSource is what the participation features (activities with
// sign-ups, return visits after a rectification) give the evaluation.
// They are built on another branch; until the lead wires them in, the
// Source has none and those figures say "not yet available", not 0.
type CivicSource interface {
	// SignUps counts activity sign-ups (not cancelled) made in [from, to),
	// for activities of department ("" for all).
	SignUps(from, to time.Time, department string) (int64, error)
	// ReturnVisits counts return visits answered in [from, to) about
	// department's rectifications, and how many said the problem was solved.
	ReturnVisits(from, to time.Time, department string) (solved, total int64, err error)
	// ParticipantHashes are the keyed hashes of the sign-ups SignUps
	// counts (the same person gives the same hash, and no hash can be
	// turned back into a person without the key), and how many of those
	// sign-ups carry none.
	ParticipantHashes(from, to time.Time, department string) (hashes []string, unhashed int64, err error)
}

// Source is what the evaluation reads: the index (SQL, the module's own
// query files), the committed state for what the index does not hold
// (the working-day calendar, the governance incident register, the
// sharing catalogue and requests), and the civic features when present.
type Source struct {
	DB    *sql.DB
	State store.Reader
	Civic CivicSource // nil: sign-ups and return visits not yet available
	// Now is the time the report is "as of" (open overdue cases); the
	// latest block's time, so two nodes at one height agree.
	Now time.Time
}

// Report is the five dimensions for one department ("" for the city) in
// one period. A nil dimension is unavailable; Missing says why.
type Report struct {
	Period        Period            `json:"period"`
	Department    string            `json:"department,omitempty"`
	Satisfaction  *Satisfaction     `json:"satisfaction"`
	Efficiency    *Efficiency       `json:"efficiency"`
	Security      *Security         `json:"security"`
	Integration   *Integration      `json:"integration"`
	Participation *Participation    `json:"participation"`
	Missing       map[string]string `json:"unavailable,omitempty"`
	AsOf          time.Time         `json:"as_of"`
}

// Compute builds the report of department ("" = the city) in period p.
func Compute(src Source, p Period, department string) (*Report, error) {
	r := &Report{Period: p, Department: department, AsOf: src.Now.UTC(), Missing: map[string]string{}}
	var err error
	if r.Satisfaction, err = satisfaction(src, p, department); err != nil {
		return nil, fmt.Errorf("satisfaction: %w", err)
	}
	if r.Efficiency, err = efficiency(src, p, department); err != nil {
		return nil, fmt.Errorf("efficiency: %w", err)
	}
	if r.Security, err = security(src, p, department); err != nil {
		return nil, fmt.Errorf("security: %w", err)
	}
	if r.Integration, err = integration(src, p, department); err != nil {
		return nil, fmt.Errorf("integration: %w", err)
	}
	if r.Participation, err = participation(src, p, department, r.Efficiency); err != nil {
		return nil, fmt.Errorf("participation: %w", err)
	}
	if src.Civic == nil {
		r.Missing["participation.sign_ups"] = MissingCivic
		r.Missing["participation.return_visits"] = MissingCivic
	}
	if r.Security.PersonalAccesses, err = accesses(src, p, department); err != nil {
		return nil, fmt.Errorf("security: accesses: %w", err)
	}
	if r.Security.PersonalAccesses == nil {
		r.Missing["security.personal_data_accesses"] = MissingAccessDigest
	}
	if len(r.Missing) == 0 {
		r.Missing = nil
	}
	return r, nil
}
