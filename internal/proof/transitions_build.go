package proof

import (
	"context"
	"fmt"

	"github.com/cometbft/cometbft/types"
)

// TransitionSource is a Source that knows the chain's validator history.
// A Source without it makes bundles without transitions, which verify only
// while the validator set is the genesis set.
type TransitionSource interface {
	// ValidatorTransitions lists, in height order, the transitions from
	// the genesis validator set to the set that signs block height: for
	// each block H < height whose next_validators_hash differs from its
	// validators_hash, H's signed header (canonical commit) and the set
	// of block H+1. Nil when the set never changed.
	ValidatorTransitions(ctx context.Context, height int64) ([]Transition, error)
	// Genesis is the chain's genesis, where the transitions start.
	Genesis() *types.GenesisDoc
}

// transitionsFor asks src for the transitions up to block height and checks
// them as Verify will, from the genesis set, and that they end at vals,
// the set src says signs block height: a node never hands out a bundle
// whose transitions do not verify, nor one that lacks a change.
func transitionsFor(ctx context.Context, src Source, chainID string, height int64, vals *types.ValidatorSet) ([]Transition, error) {
	ts, ok := src.(TransitionSource)
	if !ok {
		return nil, nil
	}
	list, err := ts.ValidatorTransitions(ctx, height)
	if err != nil {
		return nil, fmt.Errorf("validator transitions up to block %d: %w", height, err)
	}
	gen := ts.Genesis()
	if gen == nil {
		return nil, fmt.Errorf("%w: node has no genesis", ErrValidators)
	}
	start, err := genesisValidators(gen)
	if err != nil {
		return nil, err
	}
	end, err := walkTransitions(chainID, start, list, height)
	if err != nil {
		return nil, fmt.Errorf("node's validator transitions do not verify: %w", err)
	}
	if err := sameSet(vals, end); err != nil {
		return nil, fmt.Errorf("%w: node's validator transitions end at another set than block %d's: %v", ErrValidators, height, err)
	}
	if len(list) == 0 {
		return nil, nil
	}
	return list, nil
}
