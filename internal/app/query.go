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

// StorePath is the Cosmos-style query path ("/store/<name>/key") for
// tools that build their key path from it: the whole state is one IAVL
// tree, named "main", and the app hash is its root.
const StorePath = "/store/main/key"

// Query serves raw state reads over ABCI so standard tooling (light
// clients, explorers) can read and prove any record: path "/key", data =
// the state key, height 0 = latest. With Prove the response carries the
// ICS-23 membership proof against the app hash in header height+1.
func (a *App) Query(_ context.Context, req *abci.QueryRequest) (*abci.QueryResponse, error) {
	switch req.Path {
	case "/key", "key", StorePath, StorePath[1:]:
	default:
		return queryErr(ErrQuery, "unknown path "+req.Path+" (supported: /key, "+StorePath+")"), nil
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
	if errors.Is(err, store.ErrNotFound) {
		// A missing key is proven missing: an ICS-23 non-existence proof
		// (its neighbours in key order), so a light client need not take
		// a node's word that a record does not exist.
		if proof, err = a.store.ProveAbsent(req.Data, height); err != nil {
			return queryErr(err, err.Error()), nil
		}
		pb, err := proof.Marshal()
		if err != nil {
			return nil, err
		}
		return &abci.QueryResponse{Key: req.Data, Height: height, Log: "key not found; the proof shows its absence",
			ProofOps: &crypto.ProofOps{Ops: []crypto.ProofOp{{Type: ProofOpType, Key: req.Data, Data: pb}}}}, nil
	}
	if err != nil {
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
