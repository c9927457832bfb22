package proof

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/cometbft/cometbft/types"

	"github.com/pingshan/govchain/internal/errcode"
)

// FuzzParse feeds arbitrary files to Parse and, when they parse, to Verify
// against the golden genesis: neither may panic, every error must carry a
// proof sentinel, and whatever parses must survive its own re-encoding.
// Seeds are in testdata/fuzz/FuzzParse (written by -update).
func FuzzParse(f *testing.F) {
	gen, err := types.GenesisDocFromFile("testdata/genesis.json")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := Parse(data)
		if err != nil {
			if !errors.Is(err, ErrMalformed) || b != nil {
				t.Fatalf("Parse: %v (bundle %v)", err, b != nil)
			}
			return
		}
		if _, err := Verify(b, gen); err != nil && errcode.Of(err).Codespace != "proof" {
			t.Fatalf("Verify error without a proof sentinel: %v", err)
		}
		again, err := json.Marshal(b)
		if err != nil {
			t.Fatalf("re-encode a parsed bundle: %v", err)
		}
		if _, err := Parse(again); err != nil {
			t.Fatalf("re-parse %s: %v", again, err)
		}
	})
}

// FuzzVerifyProof reaches the ICS-23 code directly: through FuzzParse the
// proof is base64 inside JSON, which random mutation rarely keeps valid.
func FuzzVerifyProof(f *testing.F) {
	fx := newFixture(f)
	golden := fx.bundle()
	f.Add(golden.Proof, golden.Value)
	f.Fuzz(func(t *testing.T, proof, value []byte) {
		b := *golden
		b.Proof, b.Value = proof, value
		_, err := Verify(&b, fx.gen)
		if err != nil && !errors.Is(err, ErrProof) {
			t.Fatalf("want nil or ErrProof, got %v", err)
		}
	})
}

// FuzzTransitions reaches the validator_transitions decoder and the walk
// directly (through FuzzParse they sit deep inside a large JSON file):
// the genuine list of the chain fixture, mutated, must never panic, never
// fail without a proof sentinel, and, when the walk accepts it, hand trust
// on to a set that made the proven block.
func FuzzTransitions(f *testing.F) {
	c := newChainFixture(f)
	golden := c.bundle()
	raw, err := marshalTransitions(golden.Transitions)
	if err != nil {
		f.Fatal(err)
	}
	f.Add([]byte(raw))
	f.Add([]byte(`[]`))
	f.Add([]byte(`[{"signed_header":null,"validator_set":null}]`))
	one, _ := marshalTransitions(golden.Transitions[:1])
	f.Add([]byte(one))
	f.Fuzz(func(t *testing.T, data []byte) {
		if checkSyntax(data) != nil {
			return
		}
		ts, err := unmarshalTransitions(data)
		if err != nil {
			return
		}
		b := *golden
		b.Transitions = ts
		if _, err := Verify(&b, c.gen); err != nil && errcode.Of(err).Codespace != "proof" {
			t.Fatalf("Verify error without a proof sentinel: %v", err)
		}
	})
}
