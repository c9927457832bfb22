package node

import (
	"context"
	"fmt"
	"time"

	"github.com/cometbft/cometbft/types"
	ics23 "github.com/cosmos/ics23/go"

	"github.com/pingshan/govchain/internal/proof"
)

// proofSource adapts a running node to proof.Source.
type proofSource struct{ n *Node }

func (s proofSource) Prove(key []byte, version int64) ([]byte, *ics23.CommitmentProof, []byte, error) {
	return s.n.Store.Prove(key, version)
}

func (s proofSource) SignedHeader(ctx context.Context, height int64) (*types.SignedHeader, error) {
	sh, _, err := s.Commit(ctx, height)
	return sh, err
}

// Commit is block height's signed header and whether its commit is the
// canonical one (false: the node's seen commit of its newest block).
func (s proofSource) Commit(ctx context.Context, height int64) (*types.SignedHeader, bool, error) {
	res, err := s.n.RPC.Commit(ctx, &height)
	if err != nil {
		return nil, false, err
	}
	return &res.SignedHeader, res.CanonicalCommit, nil
}

func (s proofSource) Validators(ctx context.Context, height int64) (*types.ValidatorSet, error) {
	var all []*types.Validator
	perPage := 100
	for page := 1; ; page++ {
		res, err := s.n.RPC.Validators(ctx, &height, &page, &perPage)
		if err != nil {
			return nil, err
		}
		all = append(all, res.Validators...)
		if len(all) >= res.Total || len(res.Validators) == 0 {
			break
		}
	}
	return types.ValidatorSetFromExistingValidators(all)
}

// ProvableVersion is the newest state version whose app hash is in a
// committed header (state H is committed to by block H+1).
func (n *Node) ProvableVersion() int64 {
	v := n.Store.Version()
	if h := n.cmt.BlockStore().Height() - 1; h < v {
		v = h
	}
	return v
}

// Prove builds a proof bundle for key at state version (0: newest provable).
func (n *Node) Prove(ctx context.Context, key []byte, version int64) (*proof.Bundle, error) {
	if version == 0 {
		// The newest state is proven by the next block's header: wait for
		// it rather than answer with an older state than the caller saw.
		want := n.Store.Version()
		deadline := time.Now().Add(10 * time.Second)
		for n.ProvableVersion() < want && time.Now().Before(deadline) {
			select {
			case <-ctx.Done():
				return nil, ctx.Err()
			case <-time.After(50 * time.Millisecond):
			}
		}
		version = n.ProvableVersion()
	}
	if version > n.ProvableVersion() {
		return nil, fmt.Errorf("%w: state %d is not yet committed to by a signed header (newest provable: %d)", proof.ErrHeight, version, n.ProvableVersion())
	}
	src := proofSource{n}
	return proof.BuildWith(src, key, version, func() (*proof.Header, error) {
		return n.proofHeaders.get(version, n.cmt.BlockStore().Height(), func() (*proof.Header, bool, error) {
			return loadHeader(ctx, src, n.Genesis.ChainID, version)
		})
	})
}
