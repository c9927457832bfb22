package api

import (
	"encoding/hex"
	"net/http"
	"strconv"
	"time"

	"github.com/pingshan/govchain/internal/module/identity"
)

// StatusResponse is GET /api/v1/status.
type StatusResponse struct {
	ChainID         string                 `json:"chain_id"`
	Height          int64                  `json:"height"`
	LatestBlockTime time.Time              `json:"latest_block_time"`
	AppHash         string                 `json:"app_hash"`
	Suite           string                 `json:"crypto_suite"`
	CatchingUp      bool                   `json:"catching_up"`
	NodeDepartment  string                 `json:"node_department"`
	Validators      []ValidatorView        `json:"validators"`
	Departments     []*identity.Department `json:"departments"`
}

// ValidatorView is one validator in the status.
type ValidatorView struct {
	Address     string `json:"address"`
	PubKey      string `json:"pub_key"`
	KeyType     string `json:"key_type"`
	VotingPower int64  `json:"voting_power"`
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	st, err := s.n.RPC.Status(r.Context())
	if err != nil {
		writeJSON(w, http.StatusServiceUnavailable, map[string]any{"ok": false, "error": err.Error()})
		return
	}
	if s.n.Store.Version() < 1 {
		// Until block 1 commits, genesis state is not readable yet.
		writeJSON(w, http.StatusServiceUnavailable, map[string]any{"ok": false, "error": "waiting for the first block"})
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"ok": true, "height": st.SyncInfo.LatestBlockHeight, "catching_up": st.SyncInfo.CatchingUp})
}

func (s *Server) status(w http.ResponseWriter, r *http.Request) {
	st, err := s.n.RPC.Status(r.Context())
	if err != nil {
		writeError(w, err)
		return
	}
	resp := StatusResponse{ChainID: s.n.Genesis.ChainID, Height: st.SyncInfo.LatestBlockHeight,
		LatestBlockTime: st.SyncInfo.LatestBlockTime.UTC(), AppHash: hex.EncodeToString(st.SyncInfo.LatestAppHash),
		Suite: s.n.App.Suite().Name(), CatchingUp: st.SyncInfo.CatchingUp, NodeDepartment: s.n.Config.Department}
	vals, err := s.n.RPC.Validators(r.Context(), nil, nil, nil)
	if err != nil {
		writeError(w, err)
		return
	}
	for _, v := range vals.Validators {
		resp.Validators = append(resp.Validators, ValidatorView{Address: v.Address.String(), PubKey: hex.EncodeToString(v.PubKey.Bytes()),
			KeyType: v.PubKey.Type(), VotingPower: v.VotingPower})
	}
	if resp.Departments, err = identity.Departments(s.n.Store.Committed()); err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, resp)
}

// BlockResponse is GET /api/v1/blocks/{height}.
type BlockResponse struct {
	Height          int64     `json:"height"`
	Time            time.Time `json:"time"`
	Hash            string    `json:"hash"`
	AppHash         string    `json:"app_hash"`
	LastCommitHash  string    `json:"last_commit_hash"`
	ProposerAddress string    `json:"proposer_address"`
	TxCount         int       `json:"tx_count"`
	TxHashes        []string  `json:"tx_hashes"`
}

func (s *Server) block(w http.ResponseWriter, r *http.Request) {
	h, err := strconv.ParseInt(r.PathValue("height"), 10, 64)
	if err != nil || h <= 0 {
		writeError(w, badRequest("height must be a positive integer, got %q", r.PathValue("height")))
		return
	}
	if latest := s.n.CometNode().BlockStore().Height(); h > latest {
		writeError(w, notFound("block %d: the chain is at height %d", h, latest))
		return
	}
	b, err := s.n.RPC.Block(r.Context(), &h)
	if err != nil {
		writeError(w, notFound("block %d: %v", h, err))
		return
	}
	resp := BlockResponse{Height: b.Block.Height, Time: b.Block.Time.UTC(), Hash: b.BlockID.Hash.String(),
		AppHash: hex.EncodeToString(b.Block.AppHash), LastCommitHash: b.Block.LastCommitHash.String(),
		ProposerAddress: b.Block.ProposerAddress.String(), TxCount: len(b.Block.Txs), TxHashes: []string{}}
	for _, t := range b.Block.Txs {
		resp.TxHashes = append(resp.TxHashes, hex.EncodeToString(s.n.App.Suite().Hash(t)))
	}
	writeJSON(w, http.StatusOK, resp)
}
