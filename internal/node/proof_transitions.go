package node

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"sync"

	"github.com/cometbft/cometbft/types"

	"github.com/pingshan/govchain/internal/proof"
	"github.com/pingshan/govchain/internal/snapshot"
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

// validatorHistory caches, per node, the transitions already assembled
// (a header with its commit and a validator set, read over RPC). Which
// blocks they are is found anew for each bundle by bisection, which reads
// a few dozen headers per change; blocks below the latest never change, so
// nothing cached is ever invalidated.
//
// saved are the changes before the block store's first block that a home
// restored from a backup keeps (snapshot.LoadTransitions verified them
// from the genesis); nil when there are none or the file did not verify.
type validatorHistory struct {
	mu    sync.Mutex
	built map[int64]proof.Transition
	saved *snapshot.SavedTransitions
}

// loadSavedTransitions loads and verifies a restored home's saved
// validator changes. A file that does not verify is logged and not used:
// the node then serves what its own blocks can prove, as without it.
func loadSavedTransitions(path string, gen *types.GenesisDoc, lg *slog.Logger) *snapshot.SavedTransitions {
	s, err := snapshot.LoadTransitions(path, gen)
	if err != nil {
		lg.Error("saved validator changes not used: proofs and backups that need the changes before this node's first block are refused",
			"file", path, "err", err)
		return nil
	}
	if s != nil {
		lg.Info("validator changes before the first stored block loaded and verified", "file", path,
			"changes", len(s.Transitions), "through_height", s.Through)
	}
	return s
}

// blockMetas is the part of CometBFT's block store the search reads.
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
	cur := max(bs.Base(), initial)
	prefix, startHash := v.saved.Start(cur, genesisHash)
	if len(prefix) > 0 {
		// A first block made by the genesis set needs no saved changes
		// (a full history, or one that came back to the genesis set).
		if m := bs.LoadBlockMeta(cur); m != nil && bytes.Equal(m.Header.ValidatorsHash, genesisHash) {
			prefix, startHash = nil, genesisHash
		}
	}
	changes, err := changePath(ctx, bs, startHash, cur, height, v.saved)
	if err != nil {
		return nil, err
	}
	if len(prefix)+len(changes) == 0 {
		return nil, nil
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.built == nil {
		v.built = map[int64]proof.Transition{}
	}
	out := make([]proof.Transition, 0, len(prefix)+len(changes))
	out = append(out, prefix...)
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

// changePath returns blocks H1 < H2 < … < height such that the genesis set
// made H1, H1's next set made H2, and so on, and the last one's next set
// made block height: the transitions a verifier needs. Each is found by
// bisection between the first block of the set trusted so far and height
// (a block made by that set, and one made by another): it ends at a block
// the set made whose successor another set made. That may pass over a
// change that was later undone (A→B→A): the verifier needs none there,
// since A signs the later blocks itself.
//
// A node whose history starts after genesis (state sync, pruning, a
// restore) starts from its first block cur, which must then still be made
// by the genesis set or by startHash, the set the changes it saved from a
// backup (saved) hand trust on to.
func changePath(ctx context.Context, bs blockMetas, startHash []byte, cur, height int64, saved *snapshot.SavedTransitions) ([]int64, error) {
	setOf := func(h int64) ([]byte, error) {
		m := bs.LoadBlockMeta(h)
		if m == nil {
			return nil, fmt.Errorf("block %d is not in the node's block store", h)
		}
		return m.Header.ValidatorsHash, nil
	}
	trusted, err := setOf(cur)
	if err != nil {
		return nil, err
	}
	if !bytes.Equal(trusted, startHash) {
		note := "and it holds no validator changes saved from a backup (" + snapshot.SavedTransitionsName + ")"
		if saved != nil {
			note = "and the validator changes saved in " + saved.Path + " end at another set than the one that made that block"
		}
		return nil, fmt.Errorf("%w: this node's blocks start at %d, after the validator set changed, %s; "+
			"a node that holds the chain's history from genesis can prove this state", proof.ErrValidators, cur, note)
	}
	target, err := setOf(height)
	if err != nil {
		return nil, err
	}
	var path []int64
	for !bytes.Equal(trusted, target) {
		if len(path) == proof.MaxTransitions {
			return nil, fmt.Errorf("more than %d validator changes before block %d", proof.MaxTransitions, height)
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		// setOf(lo) is trusted, setOf(hi) is not.
		lo, hi := cur, height
		for hi-lo > 1 {
			mid := lo + (hi-lo)/2
			set, err := setOf(mid)
			if err != nil {
				return nil, err
			}
			if bytes.Equal(set, trusted) {
				lo = mid
			} else {
				hi = mid
			}
		}
		path = append(path, lo)
		cur = hi
		if trusted, err = setOf(hi); err != nil {
			return nil, err
		}
	}
	return path, nil
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
