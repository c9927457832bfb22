package node

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	cmtversion "github.com/cometbft/cometbft/api/cometbft/version/v1"
	"github.com/cometbft/cometbft/crypto/ed25519"
	"github.com/cometbft/cometbft/types"
	"github.com/cometbft/cometbft/version"

	"github.com/pingshan/govchain/internal/proof"
	"github.com/pingshan/govchain/internal/snapshot"
)

const signedChainID = "govchain-restored-fixture"

// signedChain is a chain of 20 signed blocks: the genesis set A makes
// blocks 1-5, B (A and a fifth) 6-10, C (B without one of A's) 11-20, so
// the transitions are blocks 5 and 10. Its block store holds base..21.
type signedChain struct {
	gen     *types.GenesisDoc
	sets    map[string]*types.ValidatorSet
	metas   map[int64]*types.BlockMeta
	commits map[int64]*types.Commit
	base    int64
}

func signedSetAt(h int64) string {
	switch {
	case h <= 5:
		return "A"
	case h <= 10:
		return "B"
	}
	return "C"
}

func newSignedChain(t *testing.T) *signedChain {
	t.Helper()
	digest := func(s string) []byte { h := sha256.Sum256([]byte(s)); return h[:] }
	c := &signedChain{sets: map[string]*types.ValidatorSet{}, metas: map[int64]*types.BlockMeta{}, commits: map[int64]*types.Commit{}, base: 1}
	var pvs []types.PrivValidator
	for i := range 5 {
		pvs = append(pvs, types.NewMockPVWithParams(ed25519.GenPrivKeyFromSecret(fmt.Appendf(nil, "govchain-restored/%d", i)), false, false))
	}
	signers := map[string][]types.PrivValidator{}
	mk := func(name string, pvs []types.PrivValidator) {
		byAddr := map[string]types.PrivValidator{}
		var vals []*types.Validator
		for _, pv := range pvs {
			pub, _ := pv.GetPubKey()
			byAddr[string(pub.Address())] = pv
			vals = append(vals, types.NewValidator(pub, 10))
		}
		c.sets[name] = types.NewValidatorSet(vals)
		for _, v := range c.sets[name].Validators {
			signers[name] = append(signers[name], byAddr[string(v.Address)])
		}
	}
	mk("A", pvs[:4])
	mk("B", pvs)
	mk("C", []types.PrivValidator{pvs[0], pvs[1], pvs[2], pvs[4]})
	start := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	c.gen = &types.GenesisDoc{GenesisTime: start, ChainID: signedChainID, InitialHeight: 1,
		ConsensusParams: types.DefaultConsensusParams(), AppState: json.RawMessage(`{}`)}
	for _, v := range c.sets["A"].Validators {
		c.gen.Validators = append(c.gen.Validators, types.GenesisValidator{Address: v.Address, PubKey: v.PubKey, Power: v.VotingPower})
	}
	if err := c.gen.ValidateAndComplete(); err != nil {
		t.Fatal(err)
	}
	var last types.BlockID
	for h := int64(1); h <= 21; h++ {
		set := signedSetAt(h)
		hdr := types.Header{Version: cmtversion.Consensus{Block: version.BlockProtocol, App: 1}, ChainID: signedChainID, Height: h,
			Time: start.Add(time.Duration(h) * 5 * time.Second), LastBlockID: last,
			LastCommitHash: digest(fmt.Sprint("commit ", h)), DataHash: digest(fmt.Sprint("data ", h)),
			ValidatorsHash: c.sets[set].Hash(), NextValidatorsHash: c.sets[signedSetAt(h+1)].Hash(),
			ConsensusHash: types.DefaultConsensusParams().Hash(), AppHash: digest(fmt.Sprint("app ", h)),
			LastResultsHash: digest(fmt.Sprint("results ", h)), EvidenceHash: digest("evidence"),
			ProposerAddress: c.sets[set].Validators[0].Address}
		id := types.BlockID{Hash: hdr.Hash(), PartSetHeader: types.PartSetHeader{Total: 1, Hash: digest(fmt.Sprint("parts ", h))}}
		sigs := make([]types.CommitSig, c.sets[set].Size())
		for i, v := range c.sets[set].Validators {
			vote := &types.Vote{Type: types.PrecommitType, Height: h, BlockID: id, Timestamp: hdr.Time.Add(time.Second),
				ValidatorAddress: v.Address, ValidatorIndex: int32(i)}
			pb := vote.ToProto()
			if err := signers[set][i].SignVote(signedChainID, pb, false); err != nil {
				t.Fatal(err)
			}
			vote.Signature = pb.Signature
			sigs[i] = vote.CommitSig()
		}
		c.metas[h] = &types.BlockMeta{BlockID: id, Header: hdr}
		c.commits[h] = &types.Commit{Height: h, BlockID: id, Signatures: sigs}
		last = id
	}
	return c
}

func (c *signedChain) Base() int64 { return c.base }
func (c *signedChain) LoadBlockMeta(h int64) *types.BlockMeta {
	if h < c.base {
		return nil
	}
	return c.metas[h]
}
func (c *signedChain) SignedHeader(_ context.Context, h int64) (*types.SignedHeader, error) {
	m := c.LoadBlockMeta(h)
	if m == nil {
		return nil, fmt.Errorf("no block %d", h)
	}
	hdr := m.Header
	return &types.SignedHeader{Header: &hdr, Commit: c.commits[h]}, nil
}
func (c *signedChain) Validators(_ context.Context, h int64) (*types.ValidatorSet, error) {
	if h < c.base {
		return nil, fmt.Errorf("no validators of %d", h)
	}
	return c.sets[signedSetAt(h)].Copy(), nil
}

// backupTransitions are the transitions a backup of state h carries: the
// changes before block h+1.
func (c *signedChain) backupTransitions(h int64) []proof.Transition {
	var ts []proof.Transition
	for _, x := range []int64{5, 10} {
		if x < h+1 {
			hdr := c.metas[x].Header
			ts = append(ts, proof.Transition{Header: &types.SignedHeader{Header: &hdr, Commit: c.commits[x]},
				NextValidators: c.sets[signedSetAt(x+1)].Copy()})
		}
	}
	return ts
}

// TestRestoredValidatorHistory: a node restored from a backup of state
// backup (its block store starts at backup+1) proves block `height` with
// the changes saved at import before its first block and the ones its own
// blocks show after it, and the list walks from the genesis to the set of
// the proven block; a saved file altered on disk is refused when the node
// loads it (logged, naming the file), and the node then refuses as a node
// without the file does.
func TestRestoredValidatorHistory(t *testing.T) {
	tests := []struct {
		name    string
		backup  int64 // state of the backup restored; the store starts at backup+1
		height  int64
		tamper  func(b []byte) []byte
		noFile  bool
		want    []int64
		wantErr string
	}{
		{name: "saved change, a later one in the blocks", backup: 7, height: 15, want: []int64{5, 10}},
		{name: "saved list ends exactly at the base", backup: 10, height: 15, want: []int64{5, 10}},
		{name: "change at the base found in the blocks", backup: 9, height: 15, want: []int64{5, 10}},
		{name: "before the later change", backup: 7, height: 9, want: []int64{5}},
		{name: "base before any change needs no file", backup: 3, height: 15, noFile: true, want: []int64{5, 10}},
		{name: "no file after a change", backup: 7, height: 15, noFile: true, wantErr: "holds no validator changes saved"},
		{name: "signature altered", backup: 10, height: 15, wantErr: "does not verify",
			tamper: func(b []byte) []byte {
				i := bytes.Index(b, []byte(`"signature": "`))
				if i < 0 {
					panic("no signature in the file")
				}
				i += len(`"signature": "`) + 3
				if b[i] == 'A' {
					b[i] = 'B'
				} else {
					b[i] = 'A'
				}
				return b
			}},
		{name: "next set swapped", backup: 10, height: 15, wantErr: "does not verify",
			tamper: func(b []byte) []byte { return mustReplace(b, `"voting_power": "10"`, `"voting_power": "11"`) }},
		{name: "other chain", backup: 10, height: 15, wantErr: "does not verify",
			tamper: func(b []byte) []byte { return mustReplace(b, `"chain_id": "`+signedChainID, `"chain_id": "x`) }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := newSignedChain(t)
			c.base = tc.backup + 1
			path := filepath.Join(t.TempDir(), snapshot.SavedTransitionsName)
			if !tc.noFile {
				if err := snapshot.SaveTransitions(path, signedChainID, tc.backup+1, c.backupTransitions(tc.backup)); err != nil {
					t.Fatal(err)
				}
				if tc.tamper != nil {
					b, err := os.ReadFile(path)
					if err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(path, tc.tamper(b), 0o600); err != nil {
						t.Fatal(err)
					}
				}
			}
			var logged bytes.Buffer
			v := validatorHistory{saved: loadSavedTransitions(path, c.gen, slog.New(slog.NewTextHandler(&logged, nil)))}
			if tc.tamper != nil {
				if v.saved != nil || !strings.Contains(logged.String(), "level=ERROR") || !strings.Contains(logged.String(), path) {
					t.Fatalf("altered file used, or its refusal not logged with its name: %s", logged.String())
				}
			}
			genesisHash, err := genesisSetHash(c.gen)
			if err != nil {
				t.Fatal(err)
			}
			got, err := v.transitions(context.Background(), c, genesisHash, 1, tc.height, c)
			if tc.tamper != nil && tc.wantErr != "" {
				// The node behaves as without the file: it refuses.
				if !errors.Is(err, proof.ErrValidators) {
					t.Fatalf("with an altered file: got %v, want ErrValidators", err)
				}
				t.Log(strings.TrimSpace(logged.String()))
				return
			}
			if tc.wantErr != "" {
				if !errors.Is(err, proof.ErrValidators) || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("got %v, want ErrValidators saying %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var heights []int64
			for _, tr := range got {
				heights = append(heights, tr.Header.Height)
			}
			if fmt.Sprint(heights) != fmt.Sprint(tc.want) {
				t.Fatalf("transitions at %v, want %v", heights, tc.want)
			}
			// What a verifier of the bundle does: walk from the genesis
			// and arrive at the set that made the proven block.
			genesis, err := proof.GenesisValidators(c.gen)
			if err != nil {
				t.Fatal(err)
			}
			end, err := proof.WalkTransitions(signedChainID, genesis, got, tc.height)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(end.Hash(), c.metas[tc.height].Header.ValidatorsHash) {
				t.Fatalf("transitions end at %X, block %d was made by %X", end.Hash(), tc.height, c.metas[tc.height].Header.ValidatorsHash)
			}
		})
	}
}

func mustReplace(b []byte, old, new string) []byte {
	if !bytes.Contains(b, []byte(old)) {
		panic("the file has no " + old)
	}
	return bytes.Replace(b, []byte(old), []byte(new), 1)
}
