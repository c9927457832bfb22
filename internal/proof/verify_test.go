package proof

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"testing"

	"github.com/cometbft/cometbft/types"

	"github.com/pingshan/govchain/internal/store"
)

func TestVerifyValid(t *testing.T) {
	f := newFixture(t)
	b := f.bundle()
	r, err := Verify(b, f.gen)
	if err != nil {
		t.Fatal(err)
	}
	if r.Height != 2 || r.StateVersion != 1 || r.ChainID != fixtureChainID {
		t.Errorf("result %+v", r)
	}
	if r.SignedValidators != 4 || r.TotalValidators != 4 || r.SignedPower != 40 || r.TotalPower != 40 {
		t.Errorf("signatures %d/%d power %d/%d", r.SignedValidators, r.TotalValidators, r.SignedPower, r.TotalPower)
	}
	if !bytes.Equal(r.Key, fixtureKey) || !bytes.Contains(r.Value, []byte("budget 2025")) {
		t.Errorf("record %q = %q", r.Key, r.Value)
	}
}

func TestJSONRoundTrip(t *testing.T) {
	f := newFixture(t)
	partial := f.bundle()
	partial.Header.Commit = f.sign(f.header, 3) // absent signatures encode differently
	for name, b := range map[string]*Bundle{"all signed": f.bundle(), "one absent": partial} {
		t.Run(name, func(t *testing.T) {
			data, err := json.Marshal(b)
			if err != nil {
				t.Fatal(err)
			}
			back, err := Parse(data)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := Verify(back, f.gen); err != nil {
				t.Fatal(err)
			}
			again, err := json.Marshal(back)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(data, again) {
				t.Errorf("re-encoding differs:\n%s\n%s", data, again)
			}
		})
	}
}

// TestVerifyRejects alters one thing at a time in a genuine bundle. The
// sentinel says which check caught it: a changed app hash is caught by the
// signatures, because the header is then not the one the validators signed.
func TestVerifyRejects(t *testing.T) {
	f := newFixture(t)
	golden := f.bundle()
	otherGen := makeGenesis(t, fixtureChainID, mustPVs(makeValidators("other", 4)))
	renamedGen := makeGenesis(t, "another-chain", f.pvs)
	smallerGen := makeGenesis(t, fixtureChainID, f.pvs[:3])
	// A genuine proof, but of state version 2, whose root block 2 does not
	// carry.
	v2Value, v2Proof, _, err := f.store.Prove(fixtureKey, 2)
	if err != nil {
		t.Fatal(err)
	}
	v2ProofBytes, _ := v2Proof.Marshal()

	tests := []struct {
		name   string
		mutate func(b *Bundle)
		gen    *types.GenesisDoc
		want   error // nil: must verify
	}{
		{name: "genuine", mutate: func(*Bundle) {}},
		{name: "three of four signed", mutate: func(b *Bundle) { b.Header.Commit = f.sign(f.header, 3) }},
		{name: "value byte", want: ErrProof, mutate: func(b *Bundle) { b.Value[0] ^= 1 }},
		{name: "value appended", want: ErrProof, mutate: func(b *Bundle) { b.Value = append(b.Value, ' ') }},
		{name: "other key", want: ErrProof, mutate: func(b *Bundle) { b.Key = []byte("identity/name/alice") }},
		{name: "proof of another state version", want: ErrProof, mutate: func(b *Bundle) {
			b.Value, b.Proof = v2Value, v2ProofBytes
		}},
		{name: "proof truncated", want: ErrProof, mutate: func(b *Bundle) { b.Proof = b.Proof[:len(b.Proof)/2] }},
		{name: "signature byte", want: ErrSignatures, mutate: func(b *Bundle) { b.Header.Commit.Signatures[1].Signature[5] ^= 1 }},
		{name: "last signature byte", want: ErrSignatures, mutate: func(b *Bundle) { b.Header.Commit.Signatures[3].Signature[0] ^= 1 }},
		{name: "app hash byte", want: ErrSignatures, mutate: func(b *Bundle) { b.Header.AppHash[0] ^= 1 }},
		{name: "two of four signed", want: ErrSignatures, mutate: func(b *Bundle) { b.Header.Commit = f.sign(f.header, 2) }},
		{name: "commit for another block", want: ErrSignatures, mutate: func(b *Bundle) {
			h := *f.header
			h.Time = h.Time.Add(1)
			b.Header.Commit = f.sign(&h, 4)
		}},
		{name: "state version off by one", want: ErrHeight, mutate: func(b *Bundle) { b.StateVersion = 2 }},
		{name: "bundle chain id", want: ErrChainID, mutate: func(b *Bundle) { b.ChainID = "another-chain" }},
		{name: "genesis chain id", want: ErrChainID, gen: renamedGen, mutate: func(*Bundle) {}},
		{name: "genesis validators", want: ErrValidators, gen: otherGen, mutate: func(*Bundle) {}},
		{name: "genesis with a validator fewer", want: ErrValidators, gen: smallerGen, mutate: func(*Bundle) {}},
		{name: "bundle validator power", want: ErrValidators, mutate: func(b *Bundle) { b.Validators.Validators[2].VotingPower++ }},
		{name: "bundle validator dropped", want: ErrValidators, mutate: func(b *Bundle) {
			b.Validators.Validators = b.Validators.Validators[:3]
		}},
		{name: "part set hash size", want: ErrMalformed, mutate: func(b *Bundle) {
			b.Header.Commit.BlockID.PartSetHeader.Hash = b.Header.Commit.BlockID.PartSetHeader.Hash[:29]
		}},
		{name: "no commit", want: ErrMalformed, mutate: func(b *Bundle) { b.Header.Commit = nil }},
		{name: "format", want: ErrMalformed, mutate: func(b *Bundle) { b.Format = "govchain-proof/2" }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := clone(t, golden)
			tc.mutate(b)
			gen := tc.gen
			if gen == nil {
				gen = f.gen
			}
			_, err := Verify(b, gen)
			switch {
			case tc.want == nil && err != nil:
				t.Fatalf("genuine bundle refused: %v", err)
			case tc.want != nil && !errors.Is(err, tc.want):
				t.Fatalf("got %v, want %v", err, tc.want)
			}
			if err != nil {
				t.Log(err)
			}
		})
	}
}

// Any single bit flipped anywhere in the proof must be caught, not only
// the bytes a hand-written case happens to pick.
func TestVerifyRejectsEveryProofBitFlip(t *testing.T) {
	f := newFixture(t)
	golden := f.bundle()
	for i := range golden.Proof {
		for bit := range 8 {
			b := *golden
			b.Proof = bytes.Clone(golden.Proof)
			b.Proof[i] ^= 1 << bit
			if _, err := Verify(&b, f.gen); !errors.Is(err, ErrProof) {
				t.Fatalf("byte %d bit %d: got %v, want ErrProof", i, bit, err)
			}
		}
	}
}

func TestBuildRefuses(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	tests := []struct {
		name    string
		src     func() Source
		key     string
		version int64
		want    error
	}{
		{name: "latest state has no signed header yet", version: 2},
		{name: "absent key", key: "notary/doc/missing", version: 1, want: store.ErrNotFound},
		{name: "version zero", version: 0, want: ErrHeight},
		{name: "node's header commits to other state", version: 1, want: ErrSignatures, src: func() Source {
			s := f.source()
			h := *f.header
			h.AppHash = digest("not the state root")
			s.sh = &types.SignedHeader{Header: &h, Commit: f.commit}
			return s
		}},
		{name: "node's header signed for other state", version: 1, want: ErrProof, src: func() Source {
			s := f.source()
			h := *f.header
			h.AppHash = digest("not the state root")
			s.sh = &types.SignedHeader{Header: &h, Commit: f.sign(&h, 4)}
			return s
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			src := Source(f.source())
			if tc.src != nil {
				src = tc.src()
			}
			key := fixtureKey
			if tc.key != "" {
				key = []byte(tc.key)
			}
			_, err := Build(ctx, src, fixtureChainID, key, tc.version)
			if err == nil {
				t.Fatal("built a bundle")
			}
			if tc.want != nil && !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
			t.Log(err)
		})
	}
}

func mustPVs(pvs []types.PrivValidator, _ *types.ValidatorSet) []types.PrivValidator { return pvs }
