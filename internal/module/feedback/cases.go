package feedback

import (
	"sync"
	"time"

	"github.com/pingshan/govchain/internal/store"
)

// CaseInfo is what a rating needs to know about a case.
type CaseInfo struct {
	Number string
	// Department is the one that handled the case: a poor rating opens a
	// rectification task for it.
	Department string
	Title      string
	// Completed is true once the case has reached its final decision.
	Completed   bool
	CompletedAt time.Time
}

// CaseLookup finds a case in state. It must read only r (deterministic, as
// it runs inside the state machine) and wrap ErrCaseNotFound (or its own
// not-found error) for an unknown number.
//
// The access code is never checked on chain: it would have to travel in
// the public transaction. The gateway that signs the rating checks it off
// chain before signing (see internal/web), which is what its gateway role
// vouches for.
type CaseLookup func(r store.Reader, number string) (*CaseInfo, error)

var (
	casesMu sync.RWMutex
	cases   CaseLookup
)

// SetCaseLookup installs the case module's lookup. Call it once at init
// (the land module does); every node of a chain must run the same build.
func SetCaseLookup(f CaseLookup) {
	casesMu.Lock()
	cases = f
	casesMu.Unlock()
}

// Cases returns the installed lookup, or nil.
func Cases() CaseLookup {
	casesMu.RLock()
	defer casesMu.RUnlock()
	return cases
}
