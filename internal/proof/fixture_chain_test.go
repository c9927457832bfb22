package proof

import (
	"context"
	"fmt"
	"testing"
	"time"

	cmtversion "github.com/cometbft/cometbft/api/cometbft/version/v1"
	"github.com/cometbft/cometbft/crypto/ed25519"
	"github.com/cometbft/cometbft/types"
	"github.com/cometbft/cometbft/version"
	ics23 "github.com/cosmos/ics23/go"
)

// chainFixture is the fixture chain after governance changed its
// validators twice: the genesis set A (four validators) adds a fifth
// (set B, from block 4: header 3 names it), then removes one of the first
// four (set C, from block 7: header 6 names it). Block 9, made by C,
// commits to state version 8, which the bundle proves.
type chainFixture struct {
	*fixture
	sets    map[string]*types.ValidatorSet
	signers map[string][]types.PrivValidator
	blocks  map[int64]*types.SignedHeader // 3 (A→B), 6 (B→C), 9 (proven)
	valsAt  map[int64]*types.ValidatorSet
}

const chainVersion = 8 // proven by block 9

func newChainFixture(t testing.TB) *chainFixture {
	t.Helper()
	f := newFixture(t)
	for v := int64(3); v <= chainVersion; v++ {
		if err := f.store.Working().Set([]byte("notary/counter"), fmt.Appendf(nil, "%d", v)); err != nil {
			t.Fatal(err)
		}
		if _, _, err := f.store.Commit(); err != nil {
			t.Fatal(err)
		}
	}
	_, _, root, err := f.store.Prove(fixtureKey, chainVersion)
	if err != nil {
		t.Fatal(err)
	}
	c := &chainFixture{fixture: f, sets: map[string]*types.ValidatorSet{}, signers: map[string][]types.PrivValidator{},
		blocks: map[int64]*types.SignedHeader{}, valsAt: map[int64]*types.ValidatorSet{}}
	joiner := types.NewMockPVWithParams(ed25519.GenPrivKeyFromSecret([]byte("govchain-proof/joiner")), false, false)
	c.signers["A"], c.sets["A"] = f.pvs, f.vals
	c.signers["B"], c.sets["B"] = setOf(append(append([]types.PrivValidator{}, f.pvs...), joiner))
	c.signers["C"], c.sets["C"] = setOf([]types.PrivValidator{f.pvs[0], f.pvs[1], f.pvs[2], joiner})
	for _, b := range []struct {
		height    int64
		set, next string
		appHash   []byte
	}{{3, "A", "B", digest("app 2")}, {6, "B", "C", digest("app 5")}, {9, "C", "C", root}} {
		h := chainHeader(b.height, c.sets[b.set], c.sets[b.next], b.appHash)
		c.blocks[b.height] = &types.SignedHeader{Header: h, Commit: signWith(t, h, c.signers[b.set], c.sets[b.set], c.sets[b.set].Size())}
		c.valsAt[b.height] = c.sets[b.set]
	}
	return c
}

// setOf is the set of pvs at power 10, and pvs in the set's order.
func setOf(pvs []types.PrivValidator) ([]types.PrivValidator, *types.ValidatorSet) {
	byAddr := map[string]types.PrivValidator{}
	vals := make([]*types.Validator, len(pvs))
	for i, pv := range pvs {
		pub, _ := pv.GetPubKey()
		byAddr[string(pub.Address())] = pv
		vals[i] = types.NewValidator(pub, 10)
	}
	set := types.NewValidatorSet(vals)
	ordered := make([]types.PrivValidator, len(pvs))
	for i, v := range set.Validators {
		ordered[i] = byAddr[string(v.Address)]
	}
	return ordered, set
}

func chainHeader(height int64, vals, next *types.ValidatorSet, appHash []byte) *types.Header {
	prev := fmt.Sprintf("block %d", height-1)
	return &types.Header{
		Version:            cmtversion.Consensus{Block: version.BlockProtocol, App: 1},
		ChainID:            fixtureChainID,
		Height:             height,
		Time:               fixtureTime.Add(time.Duration(height) * 5 * time.Second),
		LastBlockID:        types.BlockID{Hash: digest(prev), PartSetHeader: types.PartSetHeader{Total: 1, Hash: digest("parts " + prev)}},
		LastCommitHash:     digest("last commit " + prev),
		DataHash:           digest(fmt.Sprintf("data %d", height)),
		ValidatorsHash:     vals.Hash(),
		NextValidatorsHash: next.Hash(),
		ConsensusHash:      types.DefaultConsensusParams().Hash(),
		AppHash:            appHash,
		LastResultsHash:    digest("results"),
		EvidenceHash:       digest("evidence"),
		ProposerAddress:    vals.Validators[0].Address,
	}
}

// transitions is what a node with full history would list for block 9.
func (c *chainFixture) transitions() []Transition {
	return []Transition{{Header: c.blocks[3], NextValidators: c.sets["B"]}, {Header: c.blocks[6], NextValidators: c.sets["C"]}}
}

// chainSource serves the chain fixture as a node with its history would.
type chainSource struct {
	c  *chainFixture
	ts []Transition
}

func (c *chainFixture) source() *chainSource { return &chainSource{c: c, ts: c.transitions()} }

func (s *chainSource) Prove(key []byte, v int64) ([]byte, *ics23.CommitmentProof, []byte, error) {
	return s.c.store.Prove(key, v)
}

func (s *chainSource) SignedHeader(_ context.Context, h int64) (*types.SignedHeader, error) {
	if sh := s.c.blocks[h]; sh != nil {
		return sh, nil
	}
	return nil, fmt.Errorf("no block %d here", h)
}

func (s *chainSource) Validators(_ context.Context, h int64) (*types.ValidatorSet, error) {
	if v := s.c.valsAt[h]; v != nil {
		return v, nil
	}
	return nil, fmt.Errorf("no validators of block %d here", h)
}

func (s *chainSource) ValidatorTransitions(_ context.Context, h int64) ([]Transition, error) {
	if h != 9 {
		return nil, fmt.Errorf("no transitions for block %d here", h)
	}
	return s.ts, nil
}

func (s *chainSource) Genesis() *types.GenesisDoc { return s.c.gen }

// bundle builds the bundle of state version 8 through the public API.
func (c *chainFixture) bundle() *Bundle {
	c.t.Helper()
	b, err := Build(context.Background(), c.source(), fixtureChainID, fixtureKey, chainVersion)
	if err != nil {
		c.t.Fatal(err)
	}
	return b
}
