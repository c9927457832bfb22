package cryptosuite

import (
	"bytes"
	"crypto/ed25519"
	"errors"
	"testing"

	"github.com/emmansun/gmsm/sm2"
)

// Every target runs each input through both suites: the inputs come off
// the network and either suite may be the one a chain runs.

// fuzzKey returns a fixed key per suite so a corpus of valid signatures
// stays valid across runs.
func fuzzKey(t testing.TB, s Suite) PrivateKey {
	t.Helper()
	k, err := s.ParsePrivateKey(s.Hash([]byte("govchain fuzz key " + s.Name())))
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func FuzzParsePublicKey(f *testing.F) {
	for _, s := range allSuites(f) {
		f.Add(fuzzKey(f, s).Public().Bytes())
	}
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, s := range allSuites(t) {
			pub, err := s.ParsePublicKey(b)
			if err != nil {
				if !errors.Is(err, ErrBadKey) {
					t.Fatalf("%s: error %v does not wrap ErrBadKey", s.Name(), err)
				}
				continue
			}
			// One key, one encoding: anything accepted must be exactly
			// what Bytes gives back, or addresses could be forged twice.
			if !bytes.Equal(pub.Bytes(), b) {
				t.Fatalf("%s: accepted %x but encodes as %x", s.Name(), b, pub.Bytes())
			}
			if len(Address(s, pub)) != 40 {
				t.Fatalf("%s: bad address", s.Name())
			}
			pub.Verify([]byte("m"), b)
		}
		// gmsm's own parser is the reference for which points are valid.
		if len(b) == sm2PointSize && b[0] == 0x04 {
			_, refErr := sm2.NewPublicKey(b)
			_, ourErr := gmSuite{}.ParsePublicKey(b)
			if (refErr == nil) != (ourErr == nil) {
				t.Fatalf("gm: ParsePublicKey err %v, gmsm err %v", ourErr, refErr)
			}
		}
	})
}

func FuzzVerify(f *testing.F) {
	for _, s := range allSuites(f) {
		k := fuzzKey(f, s)
		msg := []byte("transfer 10 to alice")
		sig, _ := k.Sign(msg)
		f.Add(k.Public().Bytes(), msg, sig)
	}
	f.Fuzz(func(t *testing.T, pubBytes, msg, sig []byte) {
		for _, s := range allSuites(t) {
			pub, err := s.ParsePublicKey(pubBytes)
			if err != nil {
				pub = fuzzKey(t, s).Public()
			}
			got := pub.Verify(msg, sig)
			// The cached-ZA and pre-parsed fast paths must agree with
			// the libraries' plain one-shot verification.
			var want bool
			switch s.Name() {
			case GM:
				ec, err := sm2.NewPublicKey(pub.Bytes())
				if err != nil {
					t.Fatal(err)
				}
				want = sm2.VerifyASN1WithSM2(ec, nil, msg, sig)
			case Intl:
				want = ed25519.Verify(ed25519.PublicKey(pub.Bytes()), msg, sig)
			}
			if got != want {
				t.Fatalf("%s: Verify = %v, reference = %v", s.Name(), got, want)
			}
		}
	})
}

func FuzzOpen(f *testing.F) {
	for _, s := range allSuites(f) {
		key := bytes.Repeat([]byte{1}, s.AEADKeySize())
		sealed, _ := s.Seal(key, []byte("secret"), []byte("ad"))
		f.Add(key, sealed, []byte("ad"))
	}
	f.Fuzz(func(t *testing.T, key, sealed, ad []byte) {
		for _, s := range allSuites(t) {
			pt, err := s.Open(key, sealed, ad)
			if err != nil && !errors.Is(err, ErrDecrypt) {
				t.Fatalf("%s: Open error %v does not wrap ErrDecrypt", s.Name(), err)
			}
			if err == nil && len(pt) != len(sealed)-gcmNonceSize-gcmTagSize {
				t.Fatalf("%s: Open returned %d bytes from %d", s.Name(), len(pt), len(sealed))
			}
			// Whatever the fuzzer found is also a plaintext that must
			// survive a round trip under a correctly sized key.
			k := make([]byte, s.AEADKeySize())
			copy(k, key)
			again, err := s.Seal(k, sealed, ad)
			if err != nil {
				t.Fatal(err)
			}
			back, err := s.Open(k, again, ad)
			if err != nil || !bytes.Equal(back, sealed) {
				t.Fatalf("%s: round trip failed: %v", s.Name(), err)
			}
		}
	})
}

// FuzzUnwrapKey covers wrapped keys read back from chain state, which a
// faulty or hostile writer controls.
func FuzzUnwrapKey(f *testing.F) {
	for _, s := range allSuites(f) {
		w, _ := fuzzKey(f, s).Public().WrapKey(bytes.Repeat([]byte{2}, s.AEADKeySize()))
		f.Add(w)
	}
	f.Add([]byte{0x30, 0x03, 0x02, 0x01, 0x01})
	f.Fuzz(func(t *testing.T, wrapped []byte) {
		for _, s := range allSuites(t) {
			if _, err := fuzzKey(t, s).UnwrapKey(wrapped); err != nil && !errors.Is(err, ErrDecrypt) {
				t.Fatalf("%s: UnwrapKey error %v does not wrap ErrDecrypt", s.Name(), err)
			}
		}
	})
}
