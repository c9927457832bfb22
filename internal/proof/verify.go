package proof

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/cometbft/cometbft/types"
	ics23 "github.com/cosmos/ics23/go"
)

// Result is what a verified bundle establishes.
type Result struct {
	ChainID      string    `json:"chain_id"`
	StateVersion int64     `json:"state_version"`
	Height       int64     `json:"height"` // the signed block, StateVersion+1
	Time         time.Time `json:"time"`   // that block's time
	BlockHash    string    `json:"block_hash"`
	AppHash      string    `json:"app_hash"`
	// Signed* count the validators whose precommit for the block is in the
	// commit (all of them verified), out of the whole set.
	SignedValidators int    `json:"signed_validators"`
	TotalValidators  int    `json:"total_validators"`
	SignedPower      int64  `json:"signed_power"`
	TotalPower       int64  `json:"total_power"`
	Key              []byte `json:"key"`
	Value            []byte `json:"value"`
	// ValidatorChanges is how many validator-set transitions led from the
	// genesis set to the signing set.
	ValidatorChanges int `json:"validator_changes,omitempty"`
}

// Verify checks b offline against the chain's genesis: the genesis
// validators signed (more than 2/3 of the voting power) the header of block
// StateVersion+1, and that header's app hash is the root of a Merkle proof
// that Key had Value. The error wraps the sentinel of the first check that
// failed.
//
// If the validators changed since genesis, b.Transitions must hand trust
// from the genesis set to the set of block StateVersion+1 (see
// walkTransitions); a missing change fails with ErrValidators.
func Verify(b *Bundle, gen *types.GenesisDoc) (*Result, error) {
	if gen == nil {
		return nil, fmt.Errorf("%w: no genesis", ErrMalformed)
	}
	if b == nil {
		return nil, fmt.Errorf("%w: no bundle", ErrMalformed)
	}
	if b.ChainID != gen.ChainID {
		return nil, fmt.Errorf("%w: bundle is for chain %q, genesis is for %q", ErrChainID, b.ChainID, gen.ChainID)
	}
	if b.StateVersion < gen.InitialHeight {
		return nil, fmt.Errorf("%w: state version %d is before the chain's initial height %d",
			ErrHeight, b.StateVersion, gen.InitialHeight)
	}
	if err := checkShape(b); err != nil {
		return nil, err
	}
	trusted, err := genesisValidators(gen)
	if err != nil {
		return nil, err
	}
	if trusted, err = walkTransitions(gen.ChainID, trusted, b.Transitions, b.StateVersion+1); err != nil {
		return nil, err
	}
	r, err := verify(b, gen.ChainID, trusted)
	if err != nil {
		return nil, err
	}
	r.ValidatorChanges = len(b.Transitions)
	return r, nil
}

// verify trusts vals as the validator set of the signed block. Build uses
// it with the node's set to refuse to hand out a bundle that cannot verify.
func verify(b *Bundle, chainID string, vals *types.ValidatorSet) (*Result, error) {
	if err := checkShape(b); err != nil {
		return nil, err
	}
	if b.ChainID != chainID {
		return nil, fmt.Errorf("%w: bundle is for chain %q, expected %q", ErrChainID, b.ChainID, chainID)
	}
	if err := verifyHeader(b.Header, b.Validators, vals, chainID, b.StateVersion); err != nil {
		return nil, err
	}
	if err := checkMembership(b, b.Header.AppHash); err != nil {
		return nil, err
	}
	return result(b, vals), nil
}

// verifyHeader is every check of verify that does not look at the key:
// the signed header sh is block stateVersion+1 of chainID, made and
// signed by the trusted set vals, and bundled is that set. It depends on
// the height alone, so a node makes it once per height (CheckedHeader).
func verifyHeader(sh *types.SignedHeader, bundled, vals *types.ValidatorSet, chainID string, stateVersion int64) error {
	if err := checkHeaderBasics(sh, chainID); err != nil {
		return err
	}
	if sh.Height != stateVersion+1 {
		return fmt.Errorf("%w: header is block %d but the app hash of state version %d is in block %d",
			ErrHeight, sh.Height, stateVersion, stateVersion+1)
	}
	if err := checkValidators(bundled, vals, sh); err != nil {
		return err
	}
	if err := checkCommit(sh, chainID, vals); err != nil {
		return err
	}
	return nil
}

func checkShape(b *Bundle) error {
	switch {
	case b.Format != FormatV1:
		return fmt.Errorf("%w: format is %q, this verifier understands only %q", ErrMalformed, b.Format, FormatV1)
	case b.Header == nil || b.Header.Header == nil || b.Header.Commit == nil:
		return fmt.Errorf("%w: signed header needs both header and commit", ErrMalformed)
	case b.Validators == nil || len(b.Validators.Validators) == 0:
		return fmt.Errorf("%w: no validator set", ErrMalformed)
	}
	return nil
}

func checkMembership(b *Bundle, appHash []byte) error {
	var p ics23.CommitmentProof
	if err := p.Unmarshal(b.Proof); err != nil {
		return fmt.Errorf("%w: proof is not an ICS-23 commitment proof: %v", ErrProof, err)
	}
	// Only a plain existence proof: the store never makes anything else, and
	// ics23's decompression of batch proofs panics on bad lookup indexes.
	ep := p.GetExist()
	if ep == nil {
		return fmt.Errorf("%w: proof is not a single existence proof", ErrProof)
	}
	if ics23.VerifyMembership(ics23.IavlSpec, appHash, &p, b.Key, b.Value) {
		return nil
	}
	// VerifyMembership only says no; ask the existence proof why.
	why := "proof is for another key"
	if bytes.Equal(ep.Key, b.Key) {
		if err := ep.Verify(ics23.IavlSpec, appHash, b.Key, b.Value); err != nil {
			why = err.Error()
		}
	}
	return fmt.Errorf("%w: key %q at state version %d against app hash %X: %s",
		ErrProof, b.Key, b.StateVersion, appHash, why)
}

func result(b *Bundle, vals *types.ValidatorSet) *Result {
	r := &Result{ChainID: b.ChainID, StateVersion: b.StateVersion, Height: b.Header.Height,
		Time: b.Header.Time, BlockHash: hex.EncodeToString(b.Header.Commit.BlockID.Hash),
		AppHash: hex.EncodeToString(b.Header.AppHash), TotalValidators: vals.Size(),
		TotalPower: vals.TotalVotingPower(), Key: b.Key, Value: b.Value}
	for i, s := range b.Header.Commit.Signatures {
		if s.BlockIDFlag == types.BlockIDFlagCommit {
			r.SignedValidators++
			r.SignedPower += vals.Validators[i].VotingPower
		}
	}
	return r
}
