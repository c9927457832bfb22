package tx

import (
	"bytes"
	"errors"
	"testing"

	"github.com/fxamacker/cbor/v2"

	"github.com/pingshan/govchain/internal/cryptosuite"
)

func sample(t testing.TB, s cryptosuite.Suite) (*Tx, cryptosuite.PrivateKey) {
	k, err := s.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	tx := &Tx{Version: Version, ChainID: "pingshan", Signer: cryptosuite.Address(s, k.Public()), Sequence: 3,
		Module: "notary", Action: "anchor", Payload: []byte(`{"doc_hash":"00","title":"t"}`)}
	if err := Sign(tx, k); err != nil {
		t.Fatal(err)
	}
	return tx, k
}

func TestRoundTripAndSignature(t *testing.T) {
	for _, name := range []string{cryptosuite.GM, cryptosuite.Intl} {
		t.Run(name, func(t *testing.T) {
			s, _ := cryptosuite.ByName(name)
			tx, k := sample(t, s)
			raw, err := Encode(tx)
			if err != nil {
				t.Fatal(err)
			}
			got, err := Decode(raw)
			if err != nil {
				t.Fatal(err)
			}
			if err := VerifySignature(got, k.Public()); err != nil {
				t.Fatalf("verify: %v", err)
			}
			again, _ := Encode(got)
			if !bytes.Equal(again, raw) {
				t.Fatal("re-encoding differs")
			}
			for _, mutate := range []func(*Tx){
				func(t *Tx) { t.Sequence++ },
				func(t *Tx) { t.ChainID = "other" },
				func(t *Tx) { t.Payload = append(t.Payload, ' ') },
				func(t *Tx) { t.Action = "erase" },
			} {
				c := *got
				mutate(&c)
				if err := VerifySignature(&c, k.Public()); !errors.Is(err, ErrBadSignature) {
					t.Fatalf("mutated tx verified: %v", err)
				}
			}
		})
	}
}

func TestDecodeRefuses(t *testing.T) {
	s, _ := cryptosuite.ByName(cryptosuite.Intl)
	tx, _ := sample(t, s)
	good, _ := Encode(tx)
	// Same values, non-canonical: map keys as text instead of integers.
	nonCanonical, _ := cbor.Marshal(map[string]any{"1": 1})
	wrongVersion := *tx
	wrongVersion.Version = 2
	wv, _ := Encode(&wrongVersion)
	unknownField, _ := cbor.Marshal(map[int]any{1: 1, 2: "c", 99: "x"})
	cases := []struct {
		name string
		in   []byte
		want error
	}{
		{"empty", nil, ErrDecode},
		{"garbage", []byte{0xff, 0xfe}, ErrDecode},
		{"trailing bytes", append(append([]byte{}, good...), 0x00), ErrDecode},
		{"non-canonical", nonCanonical, ErrDecode},
		{"unknown field", unknownField, ErrDecode},
		{"version 2", wv, ErrVersion},
		{"too large", make([]byte, MaxBytes+1), ErrTooLarge},
		{"truncated", good[:len(good)-3], ErrDecode},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := Decode(tc.in); !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
		})
	}
}

// FuzzDecode: any byte string either decodes to a tx that re-encodes to the
// same bytes, or is refused with a registered error; never a panic.
func FuzzDecode(f *testing.F) {
	s, _ := cryptosuite.ByName(cryptosuite.Intl)
	tx, _ := sample(f, s)
	good, _ := Encode(tx)
	f.Add(good)
	f.Add([]byte{0xa0})
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		got, err := Decode(b)
		if err != nil {
			if !errors.Is(err, ErrDecode) && !errors.Is(err, ErrVersion) && !errors.Is(err, ErrTooLarge) {
				t.Fatalf("unregistered error: %v", err)
			}
			return
		}
		again, err := Encode(got)
		if err != nil || !bytes.Equal(again, b) {
			t.Fatalf("decoded tx does not re-encode to its bytes")
		}
		_ = got.ValidateBasic("pingshan")
	})
}
