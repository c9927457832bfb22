package node

import (
	"bytes"
	"context"
	"fmt"
	"sync"

	"github.com/cometbft/cometbft/types"

	"github.com/pingshan/govchain/internal/proof"
)

// Genesis makes proofSource a proof.TransitionSource: the transitions
// start from the genesis validators.
func (s proofSource) Genesis() *types.GenesisDoc { return s.n.Genesis }

// ValidatorTransitions lists the validator-set changes before block height
// (see proof.TransitionSource) from the node's block store and, over RPC,
// its state store's validator sets, which storage.discard_abci_responses
// does not discard.
func (s proofSource) ValidatorTransitions(ctx context.Context, height int64) ([]proof.Transition, error) {
	gen := s.n.Genesis
	genesisHash, err := genesisSetHash(gen)
	if err != nil {
		return nil, err
	}
	return s.n.valHistory.transitions(ctx, s.n.cmt.BlockStore(), genesisHash, gen.InitialHeight, height, s)
}

// validatorHistory caches, per node, which blocks changed the validator
// set and the transitions already assembled, so that a bundle costs a
// header scan of only the blocks committed since the last one. Heights
// below the latest block never change, so nothing is ever invalidated.
type validatorHistory struct {
	mu      sync.Mutex
	scanned int64   // highest block whose header has been read (0: none)
	changes []int64 // blocks whose next_validators_hash differs from validators_hash, ascending
	built   map[int64]proof.Transition
}

// blockMetas is the part of CometBFT's block store the scan reads.
type blockMetas interface {
	Base() int64
	LoadBlockMeta(height int64) *types.BlockMeta
}

// lightSource is the part of proofSource that assembles a transition.
type lightSource interface {
	SignedHeader(ctx context.Context, height int64) (*types.SignedHeader, error)
	Validators(ctx context.Context, height int64) (*types.ValidatorSet, error)
}

func (v *validatorHistory) transitions(ctx context.Context, bs blockMetas, genesisHash []byte, initial, height int64, src lightSource) ([]proof.Transition, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	changes, err := v.scan(ctx, bs, genesisHash, initial, height)
	if err != nil {
		return nil, err
	}
	if len(changes) == 0 {
		return nil, nil
	}
	if v.built == nil {
		v.built = map[int64]proof.Transition{}
	}
	out := make([]proof.Transition, 0, len(changes))
	for _, h := range changes {
		t, ok := v.built[h]
		if !ok {
			sh, err := src.SignedHeader(ctx, h)
			if err != nil {
				return nil, fmt.Errorf("signed header of block %d (validator change): %w", h, err)
			}
			next, err := src.Validators(ctx, h+1)
			if err != nil {
				return nil, fmt.Errorf("validators of block %d (after a change): %w", h+1, err)
			}
			t = proof.Transition{Header: sh, NextValidators: next}
			v.built[h] = t
		}
		out = append(out, t)
	}
	return out, nil
}

// scan reads the headers not read yet below height and returns the change
// blocks below height. A node whose history starts after genesis (state
// sync, pruning) starts at its first block, which must then still be made
// by the genesis set: changes before it that came back to the genesis set
// need no transition, since that set signs the later blocks; any other
// change before it cannot be proven by this node.
func (v *validatorHistory) scan(ctx context.Context, bs blockMetas, genesisHash []byte, initial, height int64) ([]int64, error) {
	if v.scanned == 0 {
		base := bs.Base()
		if base == 0 {
			return nil, fmt.Errorf("%w: the node has no blocks yet", proof.ErrHeight)
		}
		if base > initial {
			m := bs.LoadBlockMeta(base)
			if m == nil {
				return nil, fmt.Errorf("block %d (the node's first) is not in its block store", base)
			}
			if !bytes.Equal(m.Header.ValidatorsHash, genesisHash) {
				return nil, fmt.Errorf("%w: this node's blocks start at %d, after the validator set changed; "+
					"a node that holds the chain's history from genesis can prove this state", proof.ErrValidators, base)
			}
		}
		v.scanned = base - 1
	}
	for h := v.scanned + 1; h < height; h++ {
		if h%4096 == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		m := bs.LoadBlockMeta(h)
		if m == nil {
			return nil, fmt.Errorf("block %d is not in the node's block store", h)
		}
		if !bytes.Equal(m.Header.NextValidatorsHash, m.Header.ValidatorsHash) {
			v.changes = append(v.changes, h)
		}
		v.scanned = h
	}
	n := 0
	for n < len(v.changes) && v.changes[n] < height {
		n++
	}
	return v.changes[:n:n], nil
}

// genesisSetHash is the hash of the set CometBFT builds from the genesis
// (NewValidatorSet orders it).
func genesisSetHash(gen *types.GenesisDoc) ([]byte, error) {
	vals := make([]*types.Validator, len(gen.Validators))
	for i, gv := range gen.Validators {
		vals[i] = types.NewValidator(gv.PubKey, gv.Power)
	}
	var h []byte
	var err error
	func() {
		// NewValidatorSet panics on a set it cannot build; the node
		// started from this genesis, so that would be a bug, not input.
		defer func() {
			if r := recover(); r != nil {
				err = fmt.Errorf("genesis validators: %v", r)
			}
		}()
		h = types.NewValidatorSet(vals).Hash()
	}()
	return h, err
}
