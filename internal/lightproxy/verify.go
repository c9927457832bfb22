// Package lightproxy is `govchain light`: a CometBFT RPC endpoint in front
// of an untrusted node that verifies everything it passes on. Headers,
// commits and blocks go through CometBFT's light client (bisection from a
// trusted height and hash, cross-checked with witnesses); abci_query
// answers are checked here against the app hash of the verified header
// H+1, with govchain's ICS-23 IAVL proofs — of a value, or of absence.
package lightproxy

import (
	"bytes"
	"errors"
	"fmt"

	abci "github.com/cometbft/cometbft/abci/types"
	ics23 "github.com/cosmos/ics23/go"

	"github.com/pingshan/govchain/internal/app"
)

// ErrUnverified is returned for an answer whose proof does not check out.
var ErrUnverified = errors.New("answer does not verify")

// VerifyQuery checks an abci_query answer for key against appHash, the
// trusted app hash of the answer's height (from header height+1): a value
// must carry an existence proof of exactly that key and value, a missing
// value a non-existence proof of that key.
func VerifyQuery(key []byte, resp *abci.QueryResponse, appHash []byte) error {
	if resp.IsErr() {
		return fmt.Errorf("%w: the node answered code %d: %s", ErrUnverified, resp.Code, resp.Log)
	}
	if !bytes.Equal(resp.Key, key) {
		return fmt.Errorf("%w: answer is for key %q, asked %q", ErrUnverified, resp.Key, key)
	}
	if resp.ProofOps == nil || len(resp.ProofOps.Ops) != 1 {
		return fmt.Errorf("%w: want exactly one proof op", ErrUnverified)
	}
	op := resp.ProofOps.Ops[0]
	if op.Type != app.ProofOpType || !bytes.Equal(op.Key, key) {
		return fmt.Errorf("%w: proof op %q for key %q", ErrUnverified, op.Type, op.Key)
	}
	var p ics23.CommitmentProof
	if err := p.Unmarshal(op.Data); err != nil {
		return fmt.Errorf("%w: proof is not ICS-23: %v", ErrUnverified, err)
	}
	// Only the two plain forms the app makes: ics23 decompresses batch
	// proofs with lookups that panic on bad indexes.
	switch {
	case resp.Value != nil && p.GetExist() != nil:
		if !ics23.VerifyMembership(ics23.IavlSpec, appHash, &p, key, resp.Value) {
			return fmt.Errorf("%w: value of %q is not in the state with app hash %X", ErrUnverified, key, appHash)
		}
	case resp.Value == nil && p.GetNonexist() != nil:
		if !ics23.VerifyNonMembership(ics23.IavlSpec, appHash, &p, key) {
			return fmt.Errorf("%w: absence of %q is not proven against app hash %X", ErrUnverified, key, appHash)
		}
	default:
		return fmt.Errorf("%w: proof kind does not match the answer", ErrUnverified)
	}
	return nil
}
