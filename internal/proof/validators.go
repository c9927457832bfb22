package proof

import (
	"bytes"
	"fmt"

	"github.com/cometbft/cometbft/types"
)

// genesisValidators is the set the verifier trusts. It is built the way
// CometBFT builds the initial state (NewValidatorSet), so its order and hash
// are the ones the chain used.
func genesisValidators(gen *types.GenesisDoc) (*types.ValidatorSet, error) {
	if len(gen.Validators) == 0 {
		return nil, fmt.Errorf("%w: genesis lists no validators", ErrValidators)
	}
	vals := make([]*types.Validator, len(gen.Validators))
	for i, gv := range gen.Validators {
		if gv.PubKey == nil {
			return nil, fmt.Errorf("%w: genesis validator #%d has no public key", ErrValidators, i)
		}
		vals[i] = types.NewValidator(gv.PubKey, gv.Power)
	}
	var set *types.ValidatorSet
	// NewValidatorSet panics on duplicates and power overflow, Hash on key
	// types it cannot encode; a bad genesis file must be an error.
	if err := guard(func() { set = types.NewValidatorSet(vals); set.Hash() }); err != nil {
		return nil, fmt.Errorf("%w: genesis validators: %v", ErrValidators, err)
	}
	if err := set.ValidateBasic(); err != nil {
		return nil, fmt.Errorf("%w: genesis validators: %v", ErrValidators, err)
	}
	return set, nil
}

// checkValidators ties the header and the bundle's set to the trusted set
// (genesis, or the last set handed on by the bundle's transitions).
// The bundle's set is compared member by member rather than hashed: it is
// untrusted input, and hashing it can panic.
func checkValidators(bundled, trusted *types.ValidatorSet, sh *types.SignedHeader) error {
	var th []byte
	if err := guard(func() { th = trusted.Hash() }); err != nil {
		return fmt.Errorf("%w: %v", ErrValidators, err)
	}
	if !bytes.Equal(sh.ValidatorsHash, th) {
		return fmt.Errorf("%w: block %d was made by validator set %X, not the trusted set %X "+
			"(is a validator transition missing from the bundle?)", ErrValidators, sh.Height, sh.ValidatorsHash, th)
	}
	if err := sameSet(bundled, trusted); err != nil {
		return fmt.Errorf("%w: the bundle's validator set differs from the trusted set: %v", ErrValidators, err)
	}
	return nil
}

func sameSet(a, b *types.ValidatorSet) error {
	if len(a.Validators) != len(b.Validators) {
		return fmt.Errorf("%d validators instead of %d", len(a.Validators), len(b.Validators))
	}
	for i, v := range a.Validators {
		w := b.Validators[i]
		switch {
		case v == nil || v.PubKey == nil:
			return fmt.Errorf("validator #%d has no public key", i)
		case !bytes.Equal(v.Address, w.Address):
			return fmt.Errorf("validator #%d is %X, expected %X", i, v.Address, w.Address)
		case v.PubKey.Type() != w.PubKey.Type() || !bytes.Equal(v.PubKey.Bytes(), w.PubKey.Bytes()):
			return fmt.Errorf("validator #%d (%X) has another public key", i, v.Address)
		case v.VotingPower != w.VotingPower:
			return fmt.Errorf("validator #%d (%X) has power %d, expected %d", i, v.Address, v.VotingPower, w.VotingPower)
		}
	}
	return nil
}

// guard turns a panic in CometBFT code fed with untrusted data into an
// error.
func guard(f func()) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	f()
	return nil
}
