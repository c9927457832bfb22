package proof

import (
	"fmt"

	"github.com/cometbft/cometbft/types"
)

// What other packages reuse of the transition checks: a backup carries
// the same transitions as a bundle (internal/snapshot), and must be
// checked exactly as a bundle's are, so these are the bundle's own
// encoder, decoder and walk rather than copies of them.

// EncodeTransitions is ts in the form of a bundle's
// "validator_transitions" (a JSON list). Callers leave the field or
// record out when ts is empty.
func EncodeTransitions(ts []Transition) ([]byte, error) { return marshalTransitions(ts) }

// DecodeTransitions reads a "validator_transitions" list as strictly as
// Parse does: null, an empty list, unknown or missing fields and more than
// MaxTransitions entries are refused.
func DecodeTransitions(b []byte) ([]Transition, error) {
	ts, err := unmarshalTransitions(b)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	return ts, nil
}

// WalkTransitions hands trust from trusted through ts and returns the set
// that makes the blocks after the last transition, checking each as Verify
// does: a block before below, after the previous transition, made and
// signed (more than 2/3 of the power, every signature present valid) by
// the set trusted so far, whose next_validators_hash commits to the
// transition's set, which differs from the current one.
func WalkTransitions(chainID string, trusted *types.ValidatorSet, ts []Transition, below int64) (*types.ValidatorSet, error) {
	return walkTransitions(chainID, trusted, ts, below)
}

// GenesisValidators is the set CometBFT starts the chain with, where a
// walk of transitions starts.
func GenesisValidators(gen *types.GenesisDoc) (*types.ValidatorSet, error) {
	return genesisValidators(gen)
}

// HashValidators hashes a set that may come from a file: a set that does
// not pass ValidateBasic (addresses not of their keys, nil members) or
// that CometBFT cannot hash is an error, not a panic.
func HashValidators(vals *types.ValidatorSet) ([]byte, error) {
	if vals == nil {
		return nil, fmt.Errorf("%w: no validator set", ErrValidators)
	}
	h, err := hashSet(vals)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrValidators, err)
	}
	return h, nil
}
