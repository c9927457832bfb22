package api

import (
	"encoding/hex"
	"net/http"

	"github.com/pingshan/govchain/internal/module/governance"
)

// ValidatorList is GET /api/v1/validators: the validator set as the app
// has told CometBFT (changes reach consensus two blocks later), the keys
// approved by proposal and waiting for their join attestation, and the
// newest recorded block, which is what a joining node signs.
type ValidatorList struct {
	Height     int64                          `json:"height"`
	BlockHash  string                         `json:"block_hash,omitempty"`
	TotalPower int64                          `json:"total_power"`
	Validators []*governance.Validator        `json:"validators"`
	Pending    []*governance.PendingValidator `json:"pending"`
}

func (s *Server) registerValidators(m *http.ServeMux) {
	m.HandleFunc("GET /api/v1/validators", s.validators)
}

func (s *Server) validators(w http.ResponseWriter, r *http.Request) {
	st := s.n.Store.Committed()
	out := ValidatorList{Height: s.n.Store.Version(), Validators: []*governance.Validator{}, Pending: []*governance.PendingValidator{}}
	vals, err := governance.Validators(st)
	if err != nil {
		writeError(w, err)
		return
	}
	pend, err := governance.PendingValidators(st)
	if err != nil {
		writeError(w, err)
		return
	}
	h, hash, err := governance.LatestBlockHash(st, out.Height)
	if err != nil {
		writeError(w, err)
		return
	}
	if hash != nil {
		out.Height, out.BlockHash = h, hex.EncodeToString(hash)
	}
	for _, v := range vals {
		out.TotalPower += v.Power
		out.Validators = append(out.Validators, v)
	}
	out.Pending = append(out.Pending, pend...)
	writeJSON(w, http.StatusOK, out)
}
