package snapshot

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	cmtversion "github.com/cometbft/cometbft/api/cometbft/version/v1"
	"github.com/cometbft/cometbft/crypto/ed25519"
	"github.com/cometbft/cometbft/types"
	"github.com/cometbft/cometbft/version"
	"github.com/cosmos/gogoproto/proto"
)

const fixtureChainID = "govchain-backup-fixture"

var fixtureTime = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

func digest(s string) []byte { h := sha256.Sum256([]byte(s)); return h[:] }

// fixtureChain is a chain of 20 blocks whose validators governance changed
// twice: the genesis set A (four validators) makes blocks 1-5, B (A and a
// fifth) blocks 6-10 (header 5 names it), C (B without one of A's) blocks
// 11-20 (header 10 names it). Every block is signed by all of its set.
type fixtureChain struct {
	gen     *types.GenesisDoc
	sets    map[string]*types.ValidatorSet
	signers map[string][]types.PrivValidator
	metas   map[int64]*types.BlockMeta
	commits map[int64]*types.Commit
	base    int64
}

const fixtureTop = 20

func setAt(h int64) string {
	switch {
	case h <= 5:
		return "A"
	case h <= 10:
		return "B"
	}
	return "C"
}

func newFixtureChain(t testing.TB) *fixtureChain { return newFixtureChainWith(t, nil) }

// newFixtureChainWith takes the app hash of each state version from
// appHash (nil: made-up hashes), for a chain whose state is real.
func newFixtureChainWith(t testing.TB, appHash func(v int64) []byte) *fixtureChain {
	t.Helper()
	c := &fixtureChain{sets: map[string]*types.ValidatorSet{}, signers: map[string][]types.PrivValidator{},
		metas: map[int64]*types.BlockMeta{}, commits: map[int64]*types.Commit{}, base: 1}
	var pvs []types.PrivValidator
	for i := range 5 {
		pvs = append(pvs, types.NewMockPVWithParams(ed25519.GenPrivKeyFromSecret(fmt.Appendf(nil, "govchain-backup/%d", i)), false, false))
	}
	c.signers["A"], c.sets["A"] = setOf(pvs[:4])
	c.signers["B"], c.sets["B"] = setOf(pvs)
	c.signers["C"], c.sets["C"] = setOf([]types.PrivValidator{pvs[0], pvs[1], pvs[2], pvs[4]})
	c.gen = &types.GenesisDoc{GenesisTime: fixtureTime, ChainID: fixtureChainID, InitialHeight: 1,
		ConsensusParams: types.DefaultConsensusParams(), AppState: json.RawMessage(`{}`)}
	for i, v := range c.sets["A"].Validators {
		c.gen.Validators = append(c.gen.Validators, types.GenesisValidator{Address: v.Address, PubKey: v.PubKey, Power: v.VotingPower,
			Name: fmt.Sprintf("dept-%d", i)})
	}
	if err := c.gen.ValidateAndComplete(); err != nil {
		t.Fatal(err)
	}
	var last types.BlockID
	for h := int64(1); h <= fixtureTop+1; h++ {
		set, next := setAt(h), setAt(h+1)
		hdr := types.Header{
			Version:            cmtversion.Consensus{Block: version.BlockProtocol, App: 1},
			ChainID:            fixtureChainID,
			Height:             h,
			Time:               fixtureTime.Add(time.Duration(h) * 5 * time.Second),
			LastBlockID:        last,
			LastCommitHash:     digest(fmt.Sprintf("last commit %d", h)),
			DataHash:           digest(fmt.Sprintf("data %d", h)),
			ValidatorsHash:     c.sets[set].Hash(),
			NextValidatorsHash: c.sets[next].Hash(),
			ConsensusHash:      types.DefaultConsensusParams().Hash(),
			AppHash:            digest(fmt.Sprintf("app %d", h-1)),
			LastResultsHash:    digest(fmt.Sprintf("results %d", h-1)),
			EvidenceHash:       digest("evidence"),
			ProposerAddress:    c.sets[set].Validators[0].Address,
		}
		if h == 1 {
			hdr.LastBlockID = types.BlockID{}
		}
		if appHash != nil {
			hdr.AppHash = appHash(h - 1)
		}
		id := types.BlockID{Hash: hdr.Hash(), PartSetHeader: types.PartSetHeader{Total: 1, Hash: digest(fmt.Sprintf("parts %d", h))}}
		c.metas[h] = &types.BlockMeta{BlockID: id, Header: hdr}
		c.commits[h] = signCommit(t, &hdr, id, c.signers[set], c.sets[set], c.sets[set].Size())
		last = id
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

// signCommit is a commit for hdr in which the first `signers` validators
// precommitted and the rest are absent; pvs[i] signs for vals.Validators[i].
func signCommit(t testing.TB, hdr *types.Header, id types.BlockID, pvs []types.PrivValidator, vals *types.ValidatorSet, signers int) *types.Commit {
	t.Helper()
	sigs := make([]types.CommitSig, vals.Size())
	for i, v := range vals.Validators {
		if i >= signers {
			sigs[i] = types.NewCommitSigAbsent()
			continue
		}
		vote := &types.Vote{Type: types.PrecommitType, Height: hdr.Height, BlockID: id,
			Timestamp: hdr.Time.Add(time.Second + time.Duration(i)*time.Millisecond), ValidatorAddress: v.Address, ValidatorIndex: int32(i)}
		pb := vote.ToProto()
		if err := pvs[i].SignVote(hdr.ChainID, pb, false); err != nil {
			t.Fatal(err)
		}
		vote.Signature = pb.Signature
		sigs[i] = vote.CommitSig()
	}
	return &types.Commit{Height: hdr.Height, BlockID: id, Signatures: sigs}
}

// The Chain a backup is exported from; blocks up to fixtureTop+1 are stored.
func (c *fixtureChain) Height() int64                      { return fixtureTop + 1 }
func (c *fixtureChain) Base() int64                        { return c.base }
func (c *fixtureChain) BlockMeta(h int64) *types.BlockMeta { return c.metas[h] }
func (c *fixtureChain) Commit(h int64) *types.Commit       { return c.commits[h] }
func (c *fixtureChain) Validators(h int64) (*types.ValidatorSet, error) {
	if h < 1 || h > fixtureTop+2 {
		return nil, fmt.Errorf("no validators of %d", h)
	}
	return c.sets[setAt(h)].Copy(), nil
}
func (c *fixtureChain) ConsensusParams(int64) (types.ConsensusParams, error) {
	return *types.DefaultConsensusParams(), nil
}

// records are the S, C, L and U records a backup of state h holds, as
// Export encodes them.
func (c *fixtureChain) records(t testing.TB, h int64) chainRecords {
	t.Helper()
	st, commitH, headerH, sh, err := chainState(c, c.gen, h)
	if err != nil {
		t.Fatal(err)
	}
	stpb, err := st.ToProto()
	if err != nil {
		t.Fatal(err)
	}
	enc := func(m proto.Message) []byte {
		b, err := proto.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	return chainRecords{state: enc(stpb), commit: enc(commitH.ToProto()), header: enc(headerH.ToProto()), signed: enc(sh.ToProto())}
}
