package proof

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	cmtversion "github.com/cometbft/cometbft/api/cometbft/version/v1"
	"github.com/cometbft/cometbft/crypto/ed25519"
	"github.com/cometbft/cometbft/types"
	"github.com/cometbft/cometbft/version"
	ics23 "github.com/cosmos/ics23/go"

	"github.com/pingshan/govchain/internal/store"
)

const fixtureChainID = "govchain-fixture"

// fixtureKey is the record the golden bundle proves.
var fixtureKey = []byte("notary/doc/9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")

// Everything is derived from fixed seeds and times so that -update rewrites
// testdata byte for byte unless the format really changed.
var fixtureTime = time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)

// fixture is a tiny chain: state version 1 (and a later version 2 with a
// changed record), and block 2 committing to version 1, signed by 4
// equal-power validators.
type fixture struct {
	t      testing.TB
	store  *store.Store
	pvs    []types.PrivValidator
	vals   *types.ValidatorSet
	header *types.Header
	gen    *types.GenesisDoc
	commit *types.Commit // all four signatures
}

func newFixture(t testing.TB) *fixture {
	t.Helper()
	st, err := store.OpenMemory()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	for k, v := range map[string]string{
		string(fixtureKey):            `{"title":"budget 2025","department":"finance"}`,
		"identity/dept/finance":       `{"name":"Finance Bureau"}`,
		"identity/name/alice":         "acct1",
		"notary/doc/00000000000000aa": `{"title":"other"}`,
	} {
		if err := st.Working().Set([]byte(k), []byte(v)); err != nil {
			t.Fatal(err)
		}
	}
	root, _, err := st.Commit()
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Working().Set(fixtureKey, []byte(`{"title":"budget 2025 (revised)"}`)); err != nil {
		t.Fatal(err)
	}
	if _, _, err := st.Commit(); err != nil {
		t.Fatal(err)
	}

	f := &fixture{t: t, store: st}
	f.pvs, f.vals = makeValidators("validator", 4)
	f.gen = makeGenesis(t, fixtureChainID, f.pvs)
	f.header = &types.Header{
		Version:            cmtversion.Consensus{Block: version.BlockProtocol, App: 1},
		ChainID:            fixtureChainID,
		Height:             2,
		Time:               fixtureTime.Add(5 * time.Second),
		LastBlockID:        types.BlockID{Hash: digest("block 1"), PartSetHeader: types.PartSetHeader{Total: 1, Hash: digest("parts 1")}},
		LastCommitHash:     digest("last commit"),
		DataHash:           digest("data"),
		ValidatorsHash:     f.vals.Hash(),
		NextValidatorsHash: f.vals.Hash(),
		ConsensusHash:      types.DefaultConsensusParams().Hash(),
		AppHash:            root,
		LastResultsHash:    digest("results"),
		EvidenceHash:       digest("evidence"),
		ProposerAddress:    f.vals.Validators[0].Address,
	}
	f.commit = f.sign(f.header, len(f.pvs))
	return f
}

func digest(s string) []byte { h := sha256.Sum256([]byte(s)); return h[:] }

// makeValidators returns deterministic ed25519 validators of power 10 and
// their set; pvs[i] signs for set.Validators[i].
func makeValidators(seed string, n int) ([]types.PrivValidator, *types.ValidatorSet) {
	byAddr := map[string]types.PrivValidator{}
	vals := make([]*types.Validator, n)
	for i := range vals {
		pv := types.NewMockPVWithParams(ed25519.GenPrivKeyFromSecret([]byte(fmt.Sprintf("govchain-proof/%s/%d", seed, i))), false, false)
		pub, _ := pv.GetPubKey()
		byAddr[string(pub.Address())] = pv
		vals[i] = types.NewValidator(pub, 10)
	}
	set := types.NewValidatorSet(vals)
	pvs := make([]types.PrivValidator, n)
	for i, v := range set.Validators {
		pvs[i] = byAddr[string(v.Address)]
	}
	return pvs, set
}

func makeGenesis(t testing.TB, chainID string, pvs []types.PrivValidator) *types.GenesisDoc {
	t.Helper()
	gen := &types.GenesisDoc{GenesisTime: fixtureTime, ChainID: chainID, InitialHeight: 1,
		ConsensusParams: types.DefaultConsensusParams(), AppState: json.RawMessage(`{}`)}
	for i, pv := range pvs {
		pub, _ := pv.GetPubKey()
		gen.Validators = append(gen.Validators, types.GenesisValidator{Address: pub.Address(), PubKey: pub,
			Power: 10, Name: fmt.Sprintf("dept-%d", i)})
	}
	if err := gen.ValidateAndComplete(); err != nil {
		t.Fatal(err)
	}
	return gen
}

// sign makes a commit for h in which the first `signers` validators
// precommitted and the rest are absent, as CometBFT would record it.
func (f *fixture) sign(h *types.Header, signers int) *types.Commit {
	f.t.Helper()
	return signWith(f.t, h, f.pvs, f.vals, signers)
}

// signWith is sign for any set; pvs[i] signs for vals.Validators[i].
func signWith(t testing.TB, h *types.Header, pvs []types.PrivValidator, vals *types.ValidatorSet, signers int) *types.Commit {
	t.Helper()
	blockID := types.BlockID{Hash: h.Hash(), PartSetHeader: types.PartSetHeader{Total: 1, Hash: digest("parts 2")}}
	sigs := make([]types.CommitSig, vals.Size())
	for i, v := range vals.Validators {
		if i >= signers {
			sigs[i] = types.NewCommitSigAbsent()
			continue
		}
		vote := &types.Vote{Type: types.PrecommitType, Height: h.Height, Round: 0, BlockID: blockID,
			Timestamp:        h.Time.Add(time.Second + time.Duration(i)*time.Millisecond),
			ValidatorAddress: v.Address, ValidatorIndex: int32(i)}
		pb := vote.ToProto()
		if err := pvs[i].SignVote(h.ChainID, pb, false); err != nil {
			t.Fatal(err)
		}
		vote.Signature = pb.Signature
		sigs[i] = vote.CommitSig()
	}
	return &types.Commit{Height: h.Height, Round: 0, BlockID: blockID, Signatures: sigs}
}

// source serves the fixture the way a node would.
func (f *fixture) source() *fakeSource {
	return &fakeSource{st: f.store, sh: &types.SignedHeader{Header: f.header, Commit: f.commit}, vals: f.vals}
}

type fakeSource struct {
	st   *store.Store
	sh   *types.SignedHeader
	vals *types.ValidatorSet
}

func (s *fakeSource) Prove(key []byte, v int64) ([]byte, *ics23.CommitmentProof, []byte, error) {
	return s.st.Prove(key, v)
}

func (s *fakeSource) SignedHeader(_ context.Context, h int64) (*types.SignedHeader, error) {
	if h != s.sh.Height {
		return nil, fmt.Errorf("no block %d yet", h)
	}
	return s.sh, nil
}

func (s *fakeSource) Validators(_ context.Context, h int64) (*types.ValidatorSet, error) {
	if h != s.sh.Height {
		return nil, fmt.Errorf("no block %d yet", h)
	}
	return s.vals, nil
}

// bundle builds the golden bundle through the public API.
func (f *fixture) bundle() *Bundle {
	f.t.Helper()
	b, err := Build(context.Background(), f.source(), fixtureChainID, fixtureKey, 1)
	if err != nil {
		f.t.Fatal(err)
	}
	return b
}

// clone deep-copies through JSON, which the round-trip test shows is exact.
func clone(t testing.TB, b *Bundle) *Bundle {
	t.Helper()
	data, err := json.Marshal(b)
	if err != nil {
		t.Fatal(err)
	}
	c, err := Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	return c
}
