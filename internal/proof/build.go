package proof

import (
	"context"
	"errors"
	"fmt"

	"github.com/cometbft/cometbft/types"
	ics23 "github.com/cosmos/ics23/go"
)

// Source is what Build needs from a running node.
type Source interface {
	// Prove is store.(*Store).Prove.
	Prove(key []byte, version int64) (value []byte, proof *ics23.CommitmentProof, root []byte, err error)
	// SignedHeader is the header of block height with a commit for it
	// (the canonical one or, for the latest block, the node's seen commit).
	SignedHeader(ctx context.Context, height int64) (*types.SignedHeader, error)
	// Validators is the whole validator set of block height (all pages,
	// if read over RPC).
	Validators(ctx context.Context, height int64) (*types.ValidatorSet, error)
}

// Build proves key at state version from src's data. The signed header is
// that of block version+1, so the newest state version is provable only
// once the next block is committed; until then SignedHeader should fail and
// its error is returned wrapped.
//
// If src is also a TransitionSource, the bundle carries the validator-set
// transitions it lists (transitions_build.go).
//
// Build checks the bundle against the node's own validator set before
// returning it, so a node never hands out a bundle that cannot verify; such
// a failure wraps the sentinel Verify would have returned.
func Build(ctx context.Context, src Source, chainID string, key []byte, version int64) (*Bundle, error) {
	if version < 1 {
		return nil, fmt.Errorf("%w: state version must be at least 1, got %d", ErrHeight, version)
	}
	value, p, root, err := src.Prove(key, version)
	if err != nil {
		return nil, fmt.Errorf("prove %q at state version %d: %w", key, version, err)
	}
	if p == nil {
		return nil, errors.New("store returned no proof")
	}
	pb, err := p.Marshal()
	if err != nil {
		return nil, fmt.Errorf("encode proof: %w", err)
	}
	sh, err := src.SignedHeader(ctx, version+1)
	if err != nil {
		return nil, fmt.Errorf("signed header of block %d: %w", version+1, err)
	}
	vals, err := src.Validators(ctx, version+1)
	if err != nil {
		return nil, fmt.Errorf("validators of block %d: %w", version+1, err)
	}
	b := &Bundle{Format: FormatV1, ChainID: chainID, Key: key, Value: value,
		StateVersion: version, Proof: pb, Header: sh, Validators: vals}
	if vals == nil {
		return nil, fmt.Errorf("%w: node returned no validator set for block %d", ErrValidators, version+1)
	}
	if b.Transitions, err = transitionsFor(ctx, src, chainID, version+1, vals); err != nil {
		return nil, err
	}
	if _, err := verify(b, chainID, vals); err != nil {
		// Name the likely cause: the store's root and the chain disagree.
		if sh != nil && sh.Header != nil && errors.Is(err, ErrProof) {
			return nil, fmt.Errorf("node's bundle does not verify (state root at version %d is %X, block %d commits to %X): %w",
				version, root, sh.Height, sh.AppHash, err)
		}
		return nil, fmt.Errorf("node's bundle does not verify: %w", err)
	}
	return b, nil
}
