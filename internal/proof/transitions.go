package proof

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"

	cmtjson "github.com/cometbft/cometbft/libs/json"
	"github.com/cometbft/cometbft/types"
)

// MaxTransitions bounds validator_transitions, so that a crafted file
// cannot make a verifier decode an unbounded list. A city's validators
// change a few times a year; ten thousand changes is centuries of them.
const MaxTransitions = 10000

// Transition is one change of the validator set, as a bundle carries it:
// the signed header of the last block H made by the set trusted so far,
// whose next_validators_hash commits to NextValidators, the set that makes
// blocks from H+1 on. (CometBFT applies the updates FinalizeBlock returns
// at height h from block h+2; header h+1 is the last block of the old set
// and names the new one.)
//
// A verifier that trusts the set of block H checks that it signed H, and
// then trusts NextValidators because H's signers committed to its hash.
// Starting from the genesis set, a list of transitions in height order
// hands trust on to the set of the proven block.
type Transition struct {
	Header         *types.SignedHeader
	NextValidators *types.ValidatorSet
}

// transitionWire is one element of "validator_transitions".
type transitionWire struct {
	SignedHeader json.RawMessage `json:"signed_header"`
	ValidatorSet json.RawMessage `json:"validator_set"`
}

func marshalTransitions(ts []Transition) (json.RawMessage, error) {
	out := make([]transitionWire, len(ts))
	for i, t := range ts {
		sh, err := cmtjson.Marshal(t.Header)
		if err != nil {
			return nil, fmt.Errorf("encode transition #%d signed header: %w", i, err)
		}
		vs, err := cmtjson.Marshal(t.NextValidators)
		if err != nil {
			return nil, fmt.Errorf("encode transition #%d validator set: %w", i, err)
		}
		out[i] = transitionWire{SignedHeader: sh, ValidatorSet: vs}
	}
	return json.Marshal(out)
}

// unmarshalTransitions decodes "validator_transitions" as strictly as the
// rest of the bundle. The list is read element by element so that its
// length is refused before a long one is held in memory. Present means
// non-empty: a bundle without transitions leaves the field out, so there
// is one spelling of "no change".
func unmarshalTransitions(raw json.RawMessage) ([]Transition, error) {
	if isNull(raw) {
		return nil, errors.New("validator_transitions is null; leave it out when the set never changed")
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('[') {
		return nil, errors.New("validator_transitions must be a list")
	}
	var out []Transition
	for dec.More() {
		if len(out) == MaxTransitions {
			return nil, fmt.Errorf("validator_transitions has more than %d entries", MaxTransitions)
		}
		i := len(out)
		var w transitionWire
		var one json.RawMessage
		if err := dec.Decode(&one); err != nil {
			return nil, fmt.Errorf("validator_transitions[%d]: %v", i, err)
		}
		strict := json.NewDecoder(bytes.NewReader(one))
		strict.DisallowUnknownFields()
		if err := strict.Decode(&w); err != nil {
			return nil, fmt.Errorf("validator_transitions[%d]: %v", i, err)
		}
		if isNull(w.SignedHeader) || isNull(w.ValidatorSet) {
			return nil, fmt.Errorf("validator_transitions[%d] needs signed_header and validator_set", i)
		}
		var t Transition
		if err := decodeStrict(fmt.Sprintf("validator_transitions[%d].signed_header", i), w.SignedHeader, &t.Header); err != nil {
			return nil, err
		}
		if err := decodeStrict(fmt.Sprintf("validator_transitions[%d].validator_set", i), w.ValidatorSet, &t.NextValidators); err != nil {
			return nil, err
		}
		if t.Header == nil || t.Header.Header == nil || t.Header.Commit == nil {
			return nil, fmt.Errorf("validator_transitions[%d].signed_header needs both header and commit", i)
		}
		if t.NextValidators == nil || len(t.NextValidators.Validators) == 0 {
			return nil, fmt.Errorf("validator_transitions[%d].validator_set has no validators", i)
		}
		out = append(out, t)
	}
	if _, err := dec.Token(); err != nil {
		return nil, fmt.Errorf("validator_transitions: %v", err)
	}
	if len(out) == 0 {
		return nil, errors.New("validator_transitions is empty; leave it out when the set never changed")
	}
	return out, nil
}

// walkTransitions hands trust from trusted (the genesis set) through ts to
// the set that makes blocks after the last transition, which it returns.
// Every transition must be a block before the proven block `below`, later
// than the one before it, made and signed (more than 2/3 of the power,
// every signature present valid) by the set trusted so far, and its next
// set must hash to the header's next_validators_hash and differ from the
// current one. A list that leaves out a change fails at the next block's
// validators_hash, because the trusted set is then the old one.
func walkTransitions(chainID string, trusted *types.ValidatorSet, ts []Transition, below int64) (*types.ValidatorSet, error) {
	if len(ts) > MaxTransitions {
		return nil, fmt.Errorf("%w: %d validator transitions, at most %d", ErrMalformed, len(ts), MaxTransitions)
	}
	var prev int64
	for i, t := range ts {
		sh := t.Header
		if sh == nil || sh.Header == nil || sh.Commit == nil || t.NextValidators == nil || len(t.NextValidators.Validators) == 0 {
			return nil, fmt.Errorf("%w: validator transition #%d needs a header, a commit and a validator set", ErrMalformed, i)
		}
		if err := checkHeaderBasics(sh, chainID); err != nil {
			return nil, fmt.Errorf("validator transition #%d: %w", i, err)
		}
		switch {
		case sh.Height <= prev:
			return nil, fmt.Errorf("%w: validator transition #%d is block %d, not after the previous transition's block %d",
				ErrHeight, i, sh.Height, prev)
		case sh.Height >= below:
			return nil, fmt.Errorf("%w: validator transition #%d is block %d, not before the proven block %d",
				ErrHeight, i, sh.Height, below)
		}
		th, err := hashSet(trusted)
		if err != nil {
			return nil, fmt.Errorf("%w: trusted set before transition #%d: %v", ErrValidators, i, err)
		}
		if !bytes.Equal(sh.ValidatorsHash, th) {
			return nil, fmt.Errorf("%w: validator transition #%d (block %d) was made by validator set %X, not the trusted set %X "+
				"(is an earlier transition missing?)", ErrValidators, i, sh.Height, sh.ValidatorsHash, th)
		}
		if err := checkCommit(sh, chainID, trusted); err != nil {
			return nil, fmt.Errorf("validator transition #%d: %w", i, err)
		}
		next, err := hashSet(t.NextValidators)
		if err != nil {
			return nil, fmt.Errorf("%w: validator transition #%d: next set: %v", ErrValidators, i, err)
		}
		switch {
		case !bytes.Equal(next, sh.NextValidatorsHash):
			return nil, fmt.Errorf("%w: validator transition #%d: the bundled next set hashes to %X, block %d committed to %X",
				ErrValidators, i, next, sh.Height, sh.NextValidatorsHash)
		case bytes.Equal(next, th):
			return nil, fmt.Errorf("%w: validator transition #%d: block %d does not change the validator set",
				ErrValidators, i, sh.Height)
		}
		trusted, prev = t.NextValidators, sh.Height
	}
	return trusted, nil
}

// hashSet hashes a set that may come from a file. CometBFT's Hash panics
// on keys it cannot encode, and a set whose addresses do not belong to its
// keys would hash right but check signatures against the wrong validators;
// ValidateBasic refuses both (and nil members), guard the panics.
func hashSet(vals *types.ValidatorSet) ([]byte, error) {
	var h []byte
	err := guard(func() {
		if err := vals.ValidateBasic(); err != nil {
			panic(err)
		}
		h = vals.Hash()
	})
	return h, err
}

// checkHeaderBasics is what both a transition and the proven block must
// pass before their validators are looked at.
func checkHeaderBasics(sh *types.SignedHeader, chainID string) error {
	if err := sh.Header.ValidateBasic(); err != nil {
		return fmt.Errorf("%w: header: %v", ErrMalformed, err)
	}
	if err := sh.Commit.ValidateBasic(); err != nil {
		return fmt.Errorf("%w: commit: %v", ErrMalformed, err)
	}
	// Commit.ValidateBasic leaves the block ID to the caller, and building
	// vote sign bytes panics on a part-set hash of the wrong size.
	if err := sh.Commit.BlockID.ValidateBasic(); err != nil {
		return fmt.Errorf("%w: commit: block ID: %v", ErrMalformed, err)
	}
	if sh.ChainID != chainID {
		return fmt.Errorf("%w: header is for chain %q, expected %q", ErrChainID, sh.ChainID, chainID)
	}
	return nil
}

// checkCommit checks that vals signed sh: the commit is for this header
// and more than 2/3 of the power signed it, every signature present valid.
func checkCommit(sh *types.SignedHeader, chainID string, vals *types.ValidatorSet) error {
	// What ValidateBasic can still refuse after checkHeaderBasics is a
	// commit for another block or height than this header, i.e. a header
	// the validators did not sign.
	if err := sh.ValidateBasic(chainID); err != nil {
		return fmt.Errorf("%w: %v", ErrSignatures, err)
	}
	// AllSignatures: a genuine commit has no bad signatures, so one bad
	// signature means the file was altered, even if 2/3 is reached without it.
	// guard: CometBFT assumes commits it checks were validated by its own
	// consensus code; a crafted file should not be able to crash a verifier.
	var err error
	if perr := guard(func() {
		err = vals.VerifyCommitLightAllSignatures(chainID, sh.Commit.BlockID, sh.Height, sh.Commit)
	}); perr != nil {
		err = perr
	}
	if err != nil {
		return fmt.Errorf("%w: block %d: %v", ErrSignatures, sh.Height, err)
	}
	return nil
}
