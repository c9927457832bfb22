package api

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/pingshan/govchain/internal/module/governance"
)

// RewrapStatus is GET /api/v1/gov/enckeys/{dept}: the department's
// encryption-key versions (current, previous, rotated and retired
// heights) and the entries still wrapped to its previous key, with the
// wrapped keys and ciphertexts its node re-wraps. All of it is on chain
// already and encrypted; nothing here is personal data in clear.
type RewrapStatus = governance.RewrapStatus

// maxRewrapList bounds the entries one answer lists (?limit=).
const maxRewrapList = 500

func (s *Server) registerEncKeys(m *http.ServeMux) {
	m.HandleFunc("GET /api/v1/gov/enckeys/{dept}", s.encKeys)
}

func (s *Server) encKeys(w http.ResponseWriter, r *http.Request) {
	limit := governance.MaxRewrapBatch
	if q := r.URL.Query().Get("limit"); q != "" {
		n, err := strconv.Atoi(q)
		if err != nil || n < 0 || n > maxRewrapList {
			writeError(w, fmt.Errorf("%w: limit must be 0..%d", ErrBadRequest, maxRewrapList))
			return
		}
		limit = n
	}
	g, ok := s.n.App.Governance()
	if !ok {
		writeError(w, fmt.Errorf("%w: no governance module in this build", ErrNotFound))
		return
	}
	st, err := g.RewrapState(s.n.Store.Committed(), r.PathValue("dept"), limit)
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, st)
}
