package snapshot

import (
	"bytes"
	"fmt"

	sm "github.com/cometbft/cometbft/state"
	"github.com/cometbft/cometbft/types"

	"github.com/pingshan/govchain/internal/proof"
)

// A backup of state H holds CometBFT's state after block H, whose three
// validator sets the restored node will trust: LastValidators (signed
// block H), Validators (signs H+1) and NextValidators (signs H+2). While
// the chain keeps its genesis validators they are checked against the
// genesis. After governance changed the set, the backup also carries the
// 'V' record: the validator-set transitions from the genesis set to the set
// of block H+1, in the form proof bundles carry them (docs/proofs.md,
// "Validator changes"), and checked by the same walk.

// exportTransitions lists the transitions from the genesis set to the set
// that signs block h+1, found by bisection on the headers' validators_hash
// (a few dozen block metas per change instead of a scan of every block),
// and checks them as an importer will, so that a backup that cannot be
// restored is never written. Nil when the set never changed. A node whose
// blocks start after a change (restored from a backup) starts from the
// changes it saved at import (saved, verified when loaded).
func exportTransitions(c Chain, gen *types.GenesisDoc, saved *SavedTransitions, h int64) ([]proof.Transition, error) {
	genesis, err := proof.GenesisValidators(gen)
	if err != nil {
		return nil, err
	}
	setOf := func(x int64) ([]byte, error) {
		m := c.BlockMeta(x)
		if m == nil {
			return nil, fmt.Errorf("block %d is not in the node's block store", x)
		}
		return m.Header.ValidatorsHash, nil
	}
	cur := max(c.Base(), gen.InitialHeight, 1)
	trusted, err := setOf(cur)
	if err != nil {
		return nil, err
	}
	var ts []proof.Transition
	if !bytes.Equal(trusted, genesis.Hash()) {
		prefix, end := saved.Start(cur, genesis.Hash())
		if !bytes.Equal(trusted, end) {
			return nil, fmt.Errorf("%w: this node's blocks start at %d, after the validator set changed, so it cannot show the "+
				"changes from genesis a backup must carry%s: export from a node that holds the chain's history from genesis",
				proof.ErrValidators, cur, savedNote(saved))
		}
		ts = append(ts, prefix...)
	}
	// walkTo appends the changes from the set trusted at block cur to the
	// set of block end. A change later undone (A→B→A) may be passed over:
	// the importer needs none there.
	walkTo := func(end int64) error {
		target, err := setOf(end)
		if err != nil {
			return err
		}
		for !bytes.Equal(trusted, target) {
			if len(ts) == proof.MaxTransitions {
				return fmt.Errorf("more than %d validator changes before block %d", proof.MaxTransitions, end)
			}
			// setOf(lo) is trusted, setOf(hi) is not.
			lo, hi := cur, end
			for hi-lo > 1 {
				mid := lo + (hi-lo)/2
				set, err := setOf(mid)
				if err != nil {
					return err
				}
				if bytes.Equal(set, trusted) {
					lo = mid
				} else {
					hi = mid
				}
			}
			m, commit := c.BlockMeta(lo), c.Commit(lo)
			if m == nil || commit == nil {
				return fmt.Errorf("block %d (a validator change) or its commit is not stored", lo)
			}
			next, err := c.Validators(hi)
			if err != nil {
				return fmt.Errorf("validators of block %d (after a change): %w", hi, err)
			}
			hdr := m.Header
			ts = append(ts, proof.Transition{Header: &types.SignedHeader{Header: &hdr, Commit: commit}, NextValidators: next})
			cur = hi
			if trusted, err = setOf(hi); err != nil {
				return err
			}
		}
		return nil
	}
	// The importer needs the set of block h and then that of h+1: walk to
	// h, then from h itself, so that a change at h is the last transition.
	if err := walkTo(h); err != nil {
		return nil, err
	}
	cur = h
	if err := walkTo(h + 1); err != nil {
		return nil, err
	}
	if len(ts) == 0 {
		// The old backup format: the set never changed (or changed back).
		return nil, nil
	}
	target := trusted
	end, err := proof.WalkTransitions(gen.ChainID, genesis, ts, h+1)
	if err != nil {
		return nil, fmt.Errorf("the node's validator changes do not verify: %w", err)
	}
	if !bytes.Equal(end.Hash(), target) {
		return nil, fmt.Errorf("%w: the node's validator changes end at set %X, block %d was made by %X",
			proof.ErrValidators, end.Hash(), h+1, target)
	}
	return ts, nil
}

// checkStateValidators trusts st's validator sets only if they are the ones
// the genesis set, handed on through ts, gives blocks h and h+1:
// LastValidators is the set that made block h (hdrH), Validators the set
// that made block h+1 (sh), and NextValidators the set sh's
// next_validators_hash commits to. ts must hold every change before block
// h+1 (at most one at block h itself); a backup without transitions (nil)
// is one of a chain that still has its genesis set. The caller then checks
// the commits of h and h+1 with these sets.
func checkStateValidators(gen *types.GenesisDoc, st *sm.State, hdrH *types.Header, sh *types.SignedHeader, ts []proof.Transition) error {
	h := st.LastBlockHeight
	genesis, err := proof.GenesisValidators(gen)
	if err != nil {
		return err
	}
	k := 0
	for k < len(ts) && ts[k].Header != nil && ts[k].Header.Header != nil && ts[k].Header.Height < h {
		k++
	}
	// Split at block h: the set that made h is the walk's end before it,
	// the set of h+1 the end after a change at h itself, if any.
	valsH, err := proof.WalkTransitions(gen.ChainID, genesis, ts[:k], h)
	if err != nil {
		return fmt.Errorf("validator transitions: %w", err)
	}
	valsH1, err := proof.WalkTransitions(gen.ChainID, valsH, ts[k:], h+1)
	if err != nil {
		return fmt.Errorf("validator transitions: %w", err)
	}
	hashH, err := proof.HashValidators(valsH)
	if err != nil {
		return err
	}
	hashH1, err := proof.HashValidators(valsH1)
	if err != nil {
		return err
	}
	missing := ""
	if len(ts) == 0 {
		missing = " (the backup carries no validator transitions: is it of a chain whose validators changed?)"
	}
	switch {
	case !bytes.Equal(hdrH.ValidatorsHash, hashH):
		return fmt.Errorf("%w: block %d names validator set %X, the genesis and the validator transitions give %X%s",
			proof.ErrValidators, h, hdrH.ValidatorsHash, hashH, missing)
	case !bytes.Equal(hdrH.NextValidatorsHash, hashH1):
		return fmt.Errorf("%w: block %d names next validator set %X, the validator transitions give %X "+
			"(is the change at block %d missing?)", proof.ErrValidators, h, hdrH.NextValidatorsHash, hashH1, h)
	case !bytes.Equal(sh.ValidatorsHash, hashH1):
		return fmt.Errorf("%w: block %d was made by validator set %X, the genesis and the validator transitions give %X%s",
			proof.ErrValidators, h+1, sh.ValidatorsHash, hashH1, missing)
	}
	// The headers agree with the walk; the state must hold those sets.
	sets := []struct {
		name string
		set  *types.ValidatorSet
		want []byte
		why  string
	}{
		{"last_validators", st.LastValidators, hashH, fmt.Sprintf("the set that made block %d", h)},
		{"validators", st.Validators, hashH1, fmt.Sprintf("the set that made block %d", h+1)},
		{"next_validators", st.NextValidators, sh.NextValidatorsHash, fmt.Sprintf("the set block %d names as next", h+1)},
	}
	for _, s := range sets {
		got, err := proof.HashValidators(s.set)
		if err != nil {
			return fmt.Errorf("state's %s: %w", s.name, err)
		}
		if !bytes.Equal(got, s.want) {
			return fmt.Errorf("%w: the state's %s hash to %X, not to %X, %s", proof.ErrValidators, s.name, got, s.want, s.why)
		}
	}
	return nil
}

// savedNote says why the saved changes did not help.
func savedNote(s *SavedTransitions) string {
	if s == nil {
		return " (and holds no saved validator changes from a backup)"
	}
	return fmt.Sprintf(" (the validator changes saved in %s end at another set than the one that made that block)", s.Path)
}
