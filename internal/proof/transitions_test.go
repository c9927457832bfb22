package proof

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"testing"

	"github.com/cometbft/cometbft/crypto/ed25519"
	"github.com/cometbft/cometbft/types"
)

func TestVerifyAcrossValidatorChanges(t *testing.T) {
	c := newChainFixture(t)
	b := c.bundle()
	if len(b.Transitions) != 2 {
		t.Fatalf("bundle has %d transitions, want 2", len(b.Transitions))
	}
	r, err := Verify(clone(t, b), c.gen)
	if err != nil {
		t.Fatal(err)
	}
	if r.Height != 9 || r.StateVersion != chainVersion || r.ValidatorChanges != 2 || r.TotalValidators != 4 {
		t.Errorf("result %+v", r)
	}
	if !bytes.Contains(r.Value, []byte("revised")) {
		t.Errorf("value %q", r.Value)
	}
}

// TestVerifyRejectsTransitions alters the transitions of a genuine bundle
// one way at a time; the sentinel says which check caught it.
func TestVerifyRejectsTransitions(t *testing.T) {
	c := newChainFixture(t)
	golden := c.bundle()
	// A set nobody on the chain ever trusted, signing as if it were C.
	otherPVs, other := makeValidators("intruder", 4)
	resign := func(h *types.Header, set string, signers int) *types.SignedHeader {
		return &types.SignedHeader{Header: h, Commit: signWith(t, h, c.signers[set], c.sets[set], signers)}
	}
	tests := []struct {
		name   string
		mutate func(b *Bundle)
		want   error // nil: must verify
	}{
		{name: "genuine", mutate: func(*Bundle) {}},
		{name: "transition signed by exactly 2/3", want: ErrSignatures, mutate: func(b *Bundle) {
			// B has five validators of power 10: three signing is 30 of 50.
			b.Transitions[1].Header = resign(c.blocks[6].Header, "B", 3)
		}},
		{name: "transition signed by four of five", mutate: func(b *Bundle) {
			b.Transitions[1].Header = resign(c.blocks[6].Header, "B", 4)
		}},
		{name: "transition signature byte", want: ErrSignatures, mutate: func(b *Bundle) {
			b.Transitions[0].Header.Commit.Signatures[2].Signature[7] ^= 1
		}},
		{name: "transition next hash changed after signing", want: ErrSignatures, mutate: func(b *Bundle) {
			b.Transitions[0].Header.NextValidatorsHash = c.sets["C"].Hash()
			b.Transitions[0].NextValidators = c.sets["C"]
		}},
		{name: "wrong next set", want: ErrValidators, mutate: func(b *Bundle) { b.Transitions[0].NextValidators = c.sets["C"] }},
		{name: "next set power", want: ErrValidators, mutate: func(b *Bundle) { b.Transitions[1].NextValidators.Validators[0].VotingPower++ }},
		{name: "next set address not its key's", want: ErrValidators, mutate: func(b *Bundle) {
			v := b.Transitions[1].NextValidators.Validators
			v[0].Address, v[1].Address = v[1].Address, v[0].Address
		}},
		{name: "next set key type", want: ErrValidators, mutate: func(b *Bundle) {
			b.Transitions[1].NextValidators.Validators[0].PubKey = nil
		}},
		{name: "out of order", want: ErrValidators, mutate: func(b *Bundle) {
			b.Transitions[0], b.Transitions[1] = b.Transitions[1], b.Transitions[0]
		}},
		{name: "repeated", want: ErrHeight, mutate: func(b *Bundle) {
			b.Transitions = append(b.Transitions[:1], b.Transitions[0], b.Transitions[1])
		}},
		{name: "missing the last", want: ErrValidators, mutate: func(b *Bundle) { b.Transitions = b.Transitions[:1] }},
		{name: "missing the first", want: ErrValidators, mutate: func(b *Bundle) { b.Transitions = b.Transitions[1:] }},
		{name: "none on a changed chain", want: ErrValidators, mutate: func(b *Bundle) { b.Transitions = nil }},
		{name: "extra transition that changes nothing", want: ErrValidators, mutate: func(b *Bundle) {
			h := chainHeader(7, c.sets["C"], c.sets["C"], digest("app 6"))
			b.Transitions = append(b.Transitions, Transition{Header: resign(h, "C", 4), NextValidators: c.sets["C"]})
		}},
		{name: "extra transition to an intruder set signed by it", want: ErrSignatures, mutate: func(b *Bundle) {
			h := chainHeader(7, c.sets["C"], other, digest("app 6"))
			b.Transitions = append(b.Transitions, Transition{Header: &types.SignedHeader{Header: h,
				Commit: signWith(t, h, otherPVs, other, 4)}, NextValidators: other})
		}},
		{name: "extra transition at the proven block", want: ErrHeight, mutate: func(b *Bundle) {
			b.Transitions = append(b.Transitions, Transition{Header: b.Header, NextValidators: c.sets["A"]})
		}},
		{name: "transition for another chain", want: ErrChainID, mutate: func(b *Bundle) {
			h := *c.blocks[3].Header
			h.ChainID = "another-chain"
			b.Transitions[0].Header = resign(&h, "A", 4)
		}},
		{name: "transition part set hash size", want: ErrMalformed, mutate: func(b *Bundle) {
			id := &b.Transitions[0].Header.Commit.BlockID.PartSetHeader
			id.Hash = id.Hash[:7]
		}},
		{name: "transition without commit", want: ErrMalformed, mutate: func(b *Bundle) { b.Transitions[1].Header.Commit = nil }},
		{name: "too many transitions", want: ErrMalformed, mutate: func(b *Bundle) {
			b.Transitions = make([]Transition, MaxTransitions+1)
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := clone(t, golden)
			tc.mutate(b)
			_, err := Verify(b, c.gen)
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

// TestParseTransitions: the field is optional but, when present, as strict
// as the rest of the bundle.
func TestParseTransitions(t *testing.T) {
	c := newChainFixture(t)
	data, err := json.Marshal(c.bundle())
	if err != nil {
		t.Fatal(err)
	}
	old, err := json.Marshal(c.fixture.bundle())
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(old, []byte("validator_transitions")) {
		t.Fatalf("a bundle without transitions names the field: %s", old)
	}
	field := []byte(`"validator_transitions":[`)
	tooMany := append([]byte(`{"format":"govchain-proof/1","validator_transitions":[`),
		bytes.Repeat([]byte(`{},`), MaxTransitions)...)
	tooMany = append(tooMany, `{}]}`...)
	tests := []struct {
		name string
		data []byte
		ok   bool
	}{
		{name: "with transitions", data: data, ok: true},
		{name: "without", data: old, ok: true},
		{name: "null", data: bytes.Replace(old, []byte(`{"format"`), []byte(`{"validator_transitions":null,"format"`), 1)},
		{name: "empty list", data: bytes.Replace(old, []byte(`{"format"`), []byte(`{"validator_transitions":[],"format"`), 1)},
		{name: "not a list", data: bytes.Replace(old, []byte(`{"format"`), []byte(`{"validator_transitions":{},"format"`), 1)},
		{name: "unknown field in an entry", data: bytes.Replace(data, field, []byte(`"validator_transitions":[{"height":3,`), 1)},
		{name: "unknown field inside a header", data: bytes.Replace(data, []byte(`"commit":{`), []byte(`"commit":{"x":1,`), 1)},
		{name: "entry without a validator set", data: bytes.Replace(data, field, []byte(`"validator_transitions":[{"signed_header":null},`), 1)},
		{name: "duplicate entry field", data: bytes.Replace(data, field, []byte(`"validator_transitions":[{"validator_set":null,`), 1)},
		{name: "too many", data: tooMany},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b, err := Parse(tc.data)
			if tc.ok {
				if err != nil {
					t.Fatal(err)
				}
				again, err := json.Marshal(b)
				if err != nil || !bytes.Equal(again, tc.data) {
					t.Fatalf("re-encoding differs (%v):\n%s\n%s", err, tc.data, again)
				}
				return
			}
			if !errors.Is(err, ErrMalformed) {
				t.Fatalf("got %v, want ErrMalformed", err)
			}
			t.Log(err)
		})
	}
}

func TestBuildTransitions(t *testing.T) {
	c := newChainFixture(t)
	ctx := context.Background()
	tests := []struct {
		name   string
		mutate func(s *chainSource)
		want   error // nil: builds, and the bundle verifies
	}{
		{name: "full history"},
		{name: "node lists no transitions", want: ErrValidators, mutate: func(s *chainSource) { s.ts = nil }},
		{name: "node misses a change", want: ErrValidators, mutate: func(s *chainSource) { s.ts = s.ts[:1] }},
		{name: "node's next set is wrong", want: ErrValidators, mutate: func(s *chainSource) {
			s.ts = []Transition{s.ts[0], {Header: s.ts[1].Header, NextValidators: c.sets["A"]}}
		}},
		{name: "node's key is not its validator's", want: ErrSignatures, mutate: func(s *chainSource) {
			pv := types.NewMockPVWithParams(ed25519.GenPrivKeyFromSecret([]byte("stranger")), false, false)
			signers := append([]types.PrivValidator{pv}, c.signers["A"][1:]...)
			h := s.ts[0].Header.Header
			s.ts = []Transition{{Header: &types.SignedHeader{Header: h, Commit: signWith(t, h, signers, c.sets["A"], 4)},
				NextValidators: c.sets["B"]}, s.ts[1]}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			src := c.source()
			if tc.mutate != nil {
				tc.mutate(src)
			}
			b, err := Build(ctx, src, fixtureChainID, fixtureKey, chainVersion)
			if tc.want != nil {
				if !errors.Is(err, tc.want) {
					t.Fatalf("got %v, want %v", err, tc.want)
				}
				t.Log(err)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if _, err := Verify(b, c.gen); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// BenchmarkVerify compares a bundle without transitions with one carrying
// two (four and five validators): each transition adds one commit check.
func BenchmarkVerify(b *testing.B) {
	c := newChainFixture(b)
	for name, bundle := range map[string]*Bundle{"no transitions": c.fixture.bundle(), "two transitions": c.bundle()} {
		b.Run(name, func(b *testing.B) {
			for range b.N {
				if _, err := Verify(bundle, c.gen); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
