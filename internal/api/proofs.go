package api

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/pingshan/govchain/internal/errcode"
	"github.com/pingshan/govchain/internal/proof"
	"github.com/pingshan/govchain/internal/store"
)

// ErrProofFailed is a bundle the node could not build from its own data.
var ErrProofFailed = errcode.Register("api", 3, errcode.KindInternal, "could not build a proof")

// proof serves GET /api/v1/proofs?key=K[&height=H]: a bundle anyone can
// check offline with `govchain verify` and the chain's genesis.json.
func (s *Server) proof(w http.ResponseWriter, r *http.Request) {
	key := r.URL.Query().Get("key")
	if key == "" {
		writeError(w, badRequest("key is required, e.g. ?key=identity/dept/nrb"))
		return
	}
	var height int64
	if hs := r.URL.Query().Get("height"); hs != "" {
		h, err := strconv.ParseInt(hs, 10, 64)
		if err != nil || h <= 0 {
			writeError(w, badRequest("height must be a positive integer"))
			return
		}
		height = h
	}
	b, err := s.n.Prove(r.Context(), []byte(key), height)
	switch {
	case err == nil:
	case errors.Is(err, store.ErrNotFound), errors.Is(err, store.ErrNoVersion):
		writeError(w, notFound("%v", err))
		return
	case errors.Is(err, proof.ErrHeight):
		writeError(w, err)
		return
	default:
		s.log.Error("proof build failed", "key", key, "err", err)
		writeError(w, errorsJoin(ErrProofFailed, err))
		return
	}
	writeJSON(w, http.StatusOK, b)
}

func errorsJoin(sentinel *errcode.Error, err error) error {
	return &wrapped{sentinel: sentinel, err: err}
}

type wrapped struct {
	sentinel *errcode.Error
	err      error
}

func (w *wrapped) Error() string   { return w.sentinel.Desc + ": " + w.err.Error() }
func (w *wrapped) Unwrap() []error { return []error{w.sentinel, w.err} }
