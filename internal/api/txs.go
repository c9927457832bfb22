package api

import (
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/pingshan/govchain/internal/app"
	"github.com/pingshan/govchain/internal/errcode"
	"github.com/pingshan/govchain/internal/tx"
)

// SubmitRequest is the JSON form of POST /api/v1/txs; a body with any other
// content type is taken as the raw encoded tx.
type SubmitRequest struct {
	Tx string `json:"tx"` // base64 of the encoded tx
}

func (s *Server) submitTx(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, 2*tx.MaxBytes+1024))
	if err != nil {
		writeError(w, badRequest("read body: %v", err))
		return
	}
	raw := body
	if strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		var req SubmitRequest
		if err := json.Unmarshal(body, &req); err != nil {
			writeError(w, badRequest("body must be {\"tx\": \"<base64>\"}: %v", err))
			return
		}
		if raw, err = base64.StdEncoding.DecodeString(req.Tx); err != nil {
			writeError(w, badRequest("tx is not base64: %v", err))
			return
		}
	}
	if len(raw) == 0 {
		writeError(w, fmt.Errorf("%w: empty body", tx.ErrDecode))
		return
	}
	async := r.URL.Query().Get("async") == "1" || r.URL.Query().Get("async") == "true"
	res, err := s.n.Submit(r.Context(), raw, !async)
	if err != nil {
		writeError(w, err)
		return
	}
	if res.Code != 0 && !res.Committed {
		// Refused by CheckTx: nothing was written.
		writeJSON(w, statusFor(res.Codespace, res.Code), res)
		return
	}
	status := http.StatusOK
	if async {
		status = http.StatusAccepted
	}
	writeJSON(w, status, res)
}

func statusFor(codespace string, code uint32) int {
	if e, ok := errcode.Lookup(codespace, code); ok {
		return statusOf(e.Kind)
	}
	return http.StatusBadRequest
}

func (s *Server) getTx(w http.ResponseWriter, r *http.Request) {
	// CometBFT prints hashes in upper case, often behind "0x".
	hash, err := hex.DecodeString(strings.TrimPrefix(r.PathValue("hash"), "0x"))
	if err != nil || len(hash) != 32 {
		writeError(w, badRequest("hash must be 64 hex digits: govchain's tx hash or CometBFT's (SHA-256)"))
		return
	}
	rec, key, cmtHash, err := s.n.TxByAnyHash(r.Context(), hash)
	if err != nil {
		writeError(w, err)
		return
	}
	resp := TxResponse{TxRecord: rec, StateKey: string(key)}
	if cmtHash != nil {
		resp.CometBFTHash = hex.EncodeToString(cmtHash)
	}
	writeJSON(w, http.StatusOK, resp)
}

// TxResponse is GET /api/v1/txs/{hash}: a tx's record with the state key
// it is stored under, for GET /api/v1/proofs?key=…, and both names of the
// tx: hash (govchain's, the suite hash) and cometbft_hash (SHA-256,
// CometBFT's RPC name).
type TxResponse struct {
	*app.TxRecord
	CometBFTHash string `json:"cometbft_hash,omitempty"`
	StateKey     string `json:"state_key"`
}
