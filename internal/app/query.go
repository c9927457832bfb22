package app

import (
	"context"
	"errors"

	abci "github.com/cometbft/cometbft/abci/types"
	crypto "github.com/cometbft/cometbft/api/cometbft/crypto/v1"

	"github.com/pingshan/govchain/internal/errcode"
	"github.com/pingshan/govchain/internal/store"
)

// ErrQuery is returned for malformed ABCI queries.
var ErrQuery = errcode.Register("app", 3, errcode.KindInvalid, "invalid query")

// ProofOpType names the proof format in ABCI query responses.
const ProofOpType = "ics23:iavl"

// Query serves raw state reads over ABCI so standard tooling (light
// clients, explorers) can read and prove any record: path "/key", data =
// the state key, height 0 = latest. With Prove the response carries the
// ICS-23 membership proof against the app hash in header height+1.
func (a *App) Query(_ context.Context, req *abci.QueryRequest) (*abci.QueryResponse, error) {
	if req.Path != "/key" && req.Path != "key" {
		return queryErr(ErrQuery, "unknown path "+req.Path+" (supported: /key)"), nil
	}
	height := req.Height
	if height == 0 {
		height = a.store.Version()
	}
	if !req.Prove {
		r, err := a.store.At(height)
		if err != nil {
			return queryErr(err, err.Error()), nil
		}
		v, err := r.Get(req.Data)
		if err != nil {
			return nil, err
		}
		return &abci.QueryResponse{Key: req.Data, Value: v, Height: height}, nil
	}
	v, proof, _, err := a.store.Prove(req.Data, height)
	if err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return &abci.QueryResponse{Key: req.Data, Height: height, Log: err.Error()}, nil
		}
		return queryErr(err, err.Error()), nil
	}
	pb, err := proof.Marshal()
	if err != nil {
		return nil, err
	}
	return &abci.QueryResponse{Key: req.Data, Value: v, Height: height,
		ProofOps: &crypto.ProofOps{Ops: []crypto.ProofOp{{Type: ProofOpType, Key: req.Data, Data: pb}}}}, nil
}

func queryErr(err error, log string) *abci.QueryResponse {
	e := errcode.Of(err)
	if errors.Is(err, store.ErrNoVersion) {
		e = ErrQuery
	}
	return &abci.QueryResponse{Code: e.Code, Codespace: e.Codespace, Log: log}
}
