package snapshot

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/cometbft/cometbft/types"

	"github.com/pingshan/govchain/internal/atomicfile"
	"github.com/pingshan/govchain/internal/proof"
)

// A node restored from a backup (or that otherwise lacks the blocks
// before its block store's base) cannot find the validator changes before
// its first block in its own blocks. Import saves the backup's verified
// transitions in HOME/data/validator_transitions.json so that the node can
// still build proof bundles and backups; the node and export re-verify the
// file from the genesis every time they load it, so a file altered on disk
// is never trusted, only refused.

// SavedTransitionsName is the file's name under HOME/data.
const SavedTransitionsName = "validator_transitions.json"

// savedTransitionsFormat is the file's "format": bump it if the fields change.
const savedTransitionsFormat = 1

// maxSavedTransitionsBytes bounds what is read: MaxTransitions transitions
// of a large set are far below it, a runaway file is refused unread.
const maxSavedTransitionsBytes = 256 << 20

// savedWire is the file: the transitions in a bundle's
// "validator_transitions" form, from the genesis set to the set that makes
// block through (the restored backup's height + 1, its store's first block).
type savedWire struct {
	Format      int             `json:"format"`
	ChainID     string          `json:"chain_id"`
	Through     int64           `json:"through_height"`
	Transitions json.RawMessage `json:"validator_transitions"`
}

// SavedTransitions is a loaded and verified file.
type SavedTransitions struct {
	// Path is the file, named in errors.
	Path string
	// Through is the block whose set the list ends at.
	Through int64
	// Transitions are in height order, each before Through.
	Transitions []proof.Transition
	// hashes[i] is the hash of Transitions[i].NextValidators: the set
	// trusted after it.
	hashes [][]byte
}

// SaveTransitions writes ts, which the caller has verified from the
// genesis to the set of block through, to path (atomically: a crash leaves
// the old file or the new one). An empty list removes the file: there is
// then nothing a node could need.
func SaveTransitions(path, chainID string, through int64, ts []proof.Transition) error {
	if len(ts) == 0 {
		if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
		return nil
	}
	enc, err := proof.EncodeTransitions(ts)
	if err != nil {
		return err
	}
	b, err := json.MarshalIndent(savedWire{Format: savedTransitionsFormat, ChainID: chainID, Through: through, Transitions: enc}, "", " ")
	if err != nil {
		return err
	}
	return atomicfile.Write(path, append(b, '\n'), 0o600)
}

// LoadTransitions reads path and walks its transitions from gen's
// validators as a verifier of a bundle does. No file is (nil, nil); a file
// that does not verify is an error naming it, and must not be used.
func LoadTransitions(path string, gen *types.GenesisDoc) (*SavedTransitions, error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxSavedTransitionsBytes+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	s, err := parseSavedTransitions(b, gen)
	if err != nil {
		return nil, fmt.Errorf("%s does not verify (the validator changes a restored node keeps from its backup): %w", path, err)
	}
	s.Path = path
	return s, nil
}

func parseSavedTransitions(b []byte, gen *types.GenesisDoc) (*SavedTransitions, error) {
	if len(b) > maxSavedTransitionsBytes {
		return nil, fmt.Errorf("%w: larger than %d bytes", proof.ErrMalformed, maxSavedTransitionsBytes)
	}
	var w savedWire
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&w); err != nil {
		return nil, fmt.Errorf("%w: %v", proof.ErrMalformed, err)
	}
	if dec.More() {
		return nil, fmt.Errorf("%w: data after the object", proof.ErrMalformed)
	}
	switch {
	case w.Format != savedTransitionsFormat:
		return nil, fmt.Errorf("%w: format %d, this build reads %d", proof.ErrMalformed, w.Format, savedTransitionsFormat)
	case w.ChainID != gen.ChainID:
		return nil, fmt.Errorf("%w: file is for chain %q, the genesis is %q", proof.ErrChainID, w.ChainID, gen.ChainID)
	case w.Through < 1:
		return nil, fmt.Errorf("%w: through_height %d", proof.ErrMalformed, w.Through)
	}
	ts, err := proof.DecodeTransitions(w.Transitions)
	if err != nil {
		return nil, err
	}
	genesis, err := proof.GenesisValidators(gen)
	if err != nil {
		return nil, err
	}
	if _, err := proof.WalkTransitions(gen.ChainID, genesis, ts, w.Through); err != nil {
		return nil, err
	}
	s := &SavedTransitions{Through: w.Through, Transitions: ts, hashes: make([][]byte, len(ts))}
	for i, t := range ts {
		// The walk hashed these already; it cannot fail now.
		if s.hashes[i], err = proof.HashValidators(t.NextValidators); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// Start is where a search of a block store whose first block is base
// starts: the saved transitions before base and the hash of the set they
// hand trust on to (genesisHash when there are none, or no file). The
// caller must still check that block base was made by that set: a file of
// another history, or a change between Through and base that the store
// cannot show, is then refused there.
func (s *SavedTransitions) Start(base int64, genesisHash []byte) ([]proof.Transition, []byte) {
	if s == nil {
		return nil, genesisHash
	}
	k := 0
	for k < len(s.Transitions) && s.Transitions[k].Header.Height < base {
		k++
	}
	if k == 0 {
		return nil, genesisHash
	}
	return s.Transitions[:k:k], s.hashes[k-1]
}
