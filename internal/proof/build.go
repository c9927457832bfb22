package proof

import (
	"context"
	"errors"
	"fmt"
	"sync"

	cmtjson "github.com/cometbft/cometbft/libs/json"
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
	return BuildWith(src, key, version, func() (*Header, error) { return CheckedHeader(ctx, src, chainID, version) })
}

// Header is the signed header of block StateVersion+1 with the validator
// set that made it, checked against that set: every check Verify makes but
// the Merkle proof's, which depend on the height alone. A node checks a
// height's header once and shares it among that height's bundles, whose
// Header and Validators then point into it: read only.
type Header struct {
	StateVersion int64
	ChainID      string
	Signed       *types.SignedHeader
	Validators   *types.ValidatorSet
	// Transitions lead from the genesis set to Validators (nil when the
	// set never changed), checked once with the header.
	Transitions []Transition

	// The CometBFT JSON of Signed and Validators, made once for every
	// bundle that shares them (Bundle.MarshalJSON).
	encodeOnce     sync.Once
	shJSON, vsJSON []byte
	encodeErr      error
}

// CheckedHeader reads the signed header and validator set of block
// version+1 from src and checks them as Build does.
func CheckedHeader(ctx context.Context, src Source, chainID string, version int64) (*Header, error) {
	if version < 1 {
		return nil, fmt.Errorf("%w: state version must be at least 1, got %d", ErrHeight, version)
	}
	sh, err := src.SignedHeader(ctx, version+1)
	if err != nil {
		return nil, fmt.Errorf("signed header of block %d: %w", version+1, err)
	}
	vals, err := src.Validators(ctx, version+1)
	if err != nil {
		return nil, fmt.Errorf("validators of block %d: %w", version+1, err)
	}
	if vals == nil {
		return nil, fmt.Errorf("%w: node returned no validator set for block %d", ErrValidators, version+1)
	}
	h := &Header{StateVersion: version, ChainID: chainID, Signed: sh, Validators: vals}
	if err := checkShape(&Bundle{Format: FormatV1, Header: sh, Validators: vals}); err != nil {
		return nil, fmt.Errorf("node's bundle does not verify: %w", err)
	}
	if err := verifyHeader(sh, vals, vals, chainID, version); err != nil {
		return nil, fmt.Errorf("node's bundle does not verify: %w", err)
	}
	if h.Transitions, err = transitionsFor(ctx, src, chainID, version+1, vals); err != nil {
		return nil, err
	}
	return h, nil
}

// encoded is the header's CometBFT JSON, made on first use.
func (h *Header) encoded() ([]byte, []byte, error) {
	h.encodeOnce.Do(func() {
		if h.shJSON, h.encodeErr = cmtjson.Marshal(h.Signed); h.encodeErr != nil {
			h.encodeErr = fmt.Errorf("encode signed header: %w", h.encodeErr)
			return
		}
		if h.vsJSON, h.encodeErr = cmtjson.Marshal(h.Validators); h.encodeErr != nil {
			h.encodeErr = fmt.Errorf("encode validator set: %w", h.encodeErr)
		}
	})
	return h.shJSON, h.vsJSON, h.encodeErr
}

// BuildWith is Build with the checked header from header (called once
// the key is proven, so a missing key is reported as such first). The
// Merkle proof is checked against the header's app hash here, every time.
func BuildWith(src Source, key []byte, version int64, header func() (*Header, error)) (*Bundle, error) {
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
	h, err := header()
	if err != nil {
		return nil, err
	}
	if h.StateVersion != version {
		return nil, fmt.Errorf("%w: header checked for state version %d, not %d", ErrHeight, h.StateVersion, version)
	}
	b := &Bundle{Format: FormatV1, ChainID: h.ChainID, Key: key, Value: value,
		StateVersion: version, Proof: pb, Header: h.Signed, Validators: h.Validators,
		Transitions: h.Transitions, header: h}
	if err := checkMembership(b, h.Signed.AppHash); err != nil {
		// Name the likely cause: the store's root and the chain disagree.
		return nil, fmt.Errorf("node's bundle does not verify (state root at version %d is %X, block %d commits to %X): %w",
			version, root, h.Signed.Height, h.Signed.AppHash, err)
	}
	return b, nil
}
