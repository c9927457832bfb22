package cryptosuite

import (
	"bytes"
	"encoding/hex"
	"errors"
	"regexp"
	"testing"
)

// allSuites runs every test against both suites, so a behaviour promised
// by the interface cannot quietly hold for only one of them.
func allSuites(t testing.TB) []Suite {
	t.Helper()
	var out []Suite
	for _, name := range []string{GM, Intl} {
		s, err := ByName(name)
		if err != nil {
			t.Fatalf("ByName(%q): %v", name, err)
		}
		out = append(out, s)
	}
	return out
}

func mustKey(t testing.TB, s Suite) PrivateKey {
	t.Helper()
	k, err := s.GenerateKey()
	if err != nil {
		t.Fatalf("%s GenerateKey: %v", s.Name(), err)
	}
	return k
}

func flip(b []byte, i int) []byte {
	c := append([]byte(nil), b...)
	c[i] ^= 0x01
	return c
}

func TestByName(t *testing.T) {
	for _, s := range allSuites(t) {
		if got, _ := ByName(s.Name()); got.Name() != s.Name() {
			t.Errorf("ByName(%q).Name() = %q", s.Name(), got.Name())
		}
	}
	if _, err := ByName("rsa"); !errors.Is(err, ErrUnknownSuite) {
		t.Errorf("ByName(rsa) err = %v, want ErrUnknownSuite", err)
	}
}

func TestHashKnownAnswers(t *testing.T) {
	want := map[string]string{
		// GB/T 32905-2016 Appendix A.1.
		GM: "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0",
		// FIPS 180-2 Appendix B.1.
		Intl: "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
	}
	for _, s := range allSuites(t) {
		if got := hex.EncodeToString(s.Hash([]byte("abc"))); got != want[s.Name()] {
			t.Errorf("%s Hash(abc) = %s, want %s", s.Name(), got, want[s.Name()])
		}
		h := s.NewHash()
		h.Write([]byte("a"))
		h.Write([]byte("bc"))
		if got := hex.EncodeToString(h.Sum(nil)); got != want[s.Name()] {
			t.Errorf("%s NewHash streaming = %s, want %s", s.Name(), got, want[s.Name()])
		}
	}
}

func TestSignVerify(t *testing.T) {
	for _, s := range allSuites(t) {
		t.Run(s.Name(), func(t *testing.T) {
			key := mustKey(t, s)
			other := mustKey(t, s)
			msg := []byte("transfer 10 to alice")
			sig, err := key.Sign(msg)
			if err != nil {
				t.Fatalf("Sign: %v", err)
			}
			emptySig, err := key.Sign(nil)
			if err != nil {
				t.Fatalf("Sign(nil): %v", err)
			}
			otherSig, _ := other.Sign(msg)

			cases := []struct {
				name string
				pub  PublicKey
				msg  []byte
				sig  []byte
				want bool
			}{
				{"valid", key.Public(), msg, sig, true},
				{"empty message", key.Public(), []byte{}, emptySig, true},
				{"tampered message", key.Public(), flip(msg, 0), sig, false},
				{"tampered sig first byte", key.Public(), msg, flip(sig, 0), false},
				{"tampered sig middle", key.Public(), msg, flip(sig, len(sig)/2), false},
				{"tampered sig last byte", key.Public(), msg, flip(sig, len(sig)-1), false},
				{"sig truncated", key.Public(), msg, sig[:len(sig)-1], false},
				{"sig extended", key.Public(), msg, append(append([]byte(nil), sig...), 0), false},
				{"other key's sig", key.Public(), msg, otherSig, false},
				{"wrong public key", other.Public(), msg, sig, false},
				{"nil sig", key.Public(), msg, nil, false},
				{"empty sig", key.Public(), msg, []byte{}, false},
				{"zero sig", key.Public(), msg, make([]byte, 64), false},
				{"asn1 zero r,s", key.Public(), msg, []byte{0x30, 0x06, 0x02, 0x01, 0x00, 0x02, 0x01, 0x00}, false},
			}
			for _, c := range cases {
				if got := c.pub.Verify(c.msg, c.sig); got != c.want {
					t.Errorf("%s: Verify = %v, want %v", c.name, got, c.want)
				}
			}
		})
	}
}

func TestKeyRoundTrip(t *testing.T) {
	for _, s := range allSuites(t) {
		t.Run(s.Name(), func(t *testing.T) {
			key := mustKey(t, s)
			if n := len(key.Bytes()); n != 32 {
				t.Errorf("private key is %d bytes, want 32", n)
			}
			wantPub := map[string]int{GM: 65, Intl: 32}[s.Name()]
			if n := len(key.Public().Bytes()); n != wantPub {
				t.Errorf("public key is %d bytes, want %d", n, wantPub)
			}

			priv2, err := s.ParsePrivateKey(key.Bytes())
			if err != nil {
				t.Fatalf("ParsePrivateKey: %v", err)
			}
			if !bytes.Equal(priv2.Bytes(), key.Bytes()) || !bytes.Equal(priv2.Public().Bytes(), key.Public().Bytes()) {
				t.Fatal("private key did not round-trip")
			}
			pub2, err := s.ParsePublicKey(key.Public().Bytes())
			if err != nil {
				t.Fatalf("ParsePublicKey: %v", err)
			}
			if !bytes.Equal(pub2.Bytes(), key.Public().Bytes()) {
				t.Fatal("public key did not round-trip")
			}
			// A signature from the re-parsed private key must verify under
			// the re-parsed public key: the parsed objects are what nodes use.
			sig, err := priv2.Sign([]byte("m"))
			if err != nil {
				t.Fatal(err)
			}
			if !pub2.Verify([]byte("m"), sig) {
				t.Fatal("signature by parsed private key fails under parsed public key")
			}
			// Bytes must hand out copies; a caller scribbling on them must
			// not change the key.
			b := pub2.Bytes()
			b[1] ^= 0xff
			if !pub2.Verify([]byte("m"), sig) {
				t.Fatal("mutating Bytes() changed the key")
			}
		})
	}
}

func TestParsePrivateKeyRejects(t *testing.T) {
	// SM2 order n, from GB/T 32918.5.
	n, _ := hex.DecodeString("fffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123")
	nMinus1 := append([]byte(nil), n...)
	nMinus1[31]--
	for _, s := range allSuites(t) {
		cases := map[string][]byte{
			"nil":                  nil,
			"short":                make([]byte, 31),
			"long":                 make([]byte, 33),
			"64-byte ed25519 form": make([]byte, 64),
		}
		if s.Name() == GM {
			cases["zero scalar"] = make([]byte, 32)
			cases["scalar n"] = n
			cases["scalar n-1"] = nMinus1
			cases["all ff"] = bytes.Repeat([]byte{0xff}, 32)
		}
		for name, b := range cases {
			if _, err := s.ParsePrivateKey(b); !errors.Is(err, ErrBadKey) {
				t.Errorf("%s %s: err = %v, want ErrBadKey", s.Name(), name, err)
			}
		}
	}
}

func TestParsePublicKeyRejects(t *testing.T) {
	for _, s := range allSuites(t) {
		t.Run(s.Name(), func(t *testing.T) {
			good := mustKey(t, s).Public().Bytes()
			cases := map[string][]byte{
				"nil":       nil,
				"empty":     {},
				"truncated": good[:len(good)-1],
				"extended":  append(append([]byte(nil), good...), 0),
				"all zero":  make([]byte, len(good)),
			}
			for name, b := range badPublicKeys(t, s, good) {
				cases[name] = b
			}
			for name, b := range cases {
				if _, err := s.ParsePublicKey(b); !errors.Is(err, ErrBadKey) {
					t.Errorf("%s: err = %v, want ErrBadKey", name, err)
				}
			}
		})
	}
}

func TestSealOpen(t *testing.T) {
	for _, s := range allSuites(t) {
		t.Run(s.Name(), func(t *testing.T) {
			key := bytes.Repeat([]byte{7}, s.AEADKeySize())
			wrongKey := bytes.Repeat([]byte{8}, s.AEADKeySize())
			ad := []byte("name|suite|address")
			for _, pt := range [][]byte{nil, []byte("x"), bytes.Repeat([]byte("secret"), 100)} {
				sealed, err := s.Seal(key, pt, ad)
				if err != nil {
					t.Fatalf("Seal: %v", err)
				}
				if want := gcmNonceSize + len(pt) + gcmTagSize; len(sealed) != want {
					t.Errorf("sealed is %d bytes, want %d", len(sealed), want)
				}
				got, err := s.Open(key, sealed, ad)
				if err != nil || !bytes.Equal(got, pt) {
					t.Fatalf("Open = %q, %v; want %q", got, err, pt)
				}
				again, _ := s.Seal(key, pt, ad)
				if bytes.Equal(again, sealed) {
					t.Error("two Seals of the same plaintext are identical; nonce not random")
				}

				bad := map[string]struct{ key, sealed, ad []byte }{
					"wrong key":     {wrongKey, sealed, ad},
					"wrong ad":      {key, sealed, []byte("other")},
					"nil ad":        {key, sealed, nil},
					"nonce flipped": {key, flip(sealed, 0), ad},
					"tag flipped":   {key, flip(sealed, len(sealed)-1), ad},
					"truncated":     {key, sealed[:len(sealed)-1], ad},
					"short key":     {key[:len(key)-1], sealed, ad},
					"long key":      {append(append([]byte(nil), key...), 0), sealed, ad},
				}
				if len(pt) > 0 {
					bad["ciphertext flipped"] = struct{ key, sealed, ad []byte }{key, flip(sealed, gcmNonceSize), ad}
				}
				for name, c := range bad {
					if _, err := s.Open(c.key, c.sealed, c.ad); !errors.Is(err, ErrDecrypt) {
						t.Errorf("len %d %s: err = %v, want ErrDecrypt", len(pt), name, err)
					}
				}
			}
			for n := 0; n < gcmNonceSize+gcmTagSize; n++ {
				if _, err := s.Open(key, make([]byte, n), nil); !errors.Is(err, ErrDecrypt) {
					t.Errorf("Open of %d bytes: err = %v, want ErrDecrypt", n, err)
				}
			}
			if _, err := s.Seal(key[:1], []byte("x"), nil); !errors.Is(err, ErrBadKey) {
				t.Errorf("Seal with 1-byte key: err = %v, want ErrBadKey", err)
			}
		})
	}
}

func TestWrapUnwrap(t *testing.T) {
	for _, s := range allSuites(t) {
		t.Run(s.Name(), func(t *testing.T) {
			key := mustKey(t, s)
			other := mustKey(t, s)
			dataKey := bytes.Repeat([]byte{0x5a}, s.AEADKeySize())
			wrapped, err := key.Public().WrapKey(dataKey)
			if err != nil {
				t.Fatalf("WrapKey: %v", err)
			}
			got, err := key.UnwrapKey(wrapped)
			if err != nil || !bytes.Equal(got, dataKey) {
				t.Fatalf("UnwrapKey = %x, %v; want %x", got, err, dataKey)
			}
			// Unwrapping must work from a key restored from bytes, since
			// that is how a node gets its key back from the keyring.
			restored, _ := s.ParsePrivateKey(key.Bytes())
			if got, err := restored.UnwrapKey(wrapped); err != nil || !bytes.Equal(got, dataKey) {
				t.Fatalf("UnwrapKey with restored key = %x, %v", got, err)
			}
			if again, _ := key.Public().WrapKey(dataKey); bytes.Equal(again, wrapped) {
				t.Error("two wraps are identical; encryption not randomised")
			}
			bad := map[string][]byte{
				"nil":            nil,
				"short":          wrapped[:10],
				"truncated":      wrapped[:len(wrapped)-1],
				"first flipped":  flip(wrapped, 0),
				"middle flipped": flip(wrapped, len(wrapped)/2),
				"last flipped":   flip(wrapped, len(wrapped)-1),
				"zeros":          make([]byte, len(wrapped)),
			}
			for name, w := range bad {
				if _, err := key.UnwrapKey(w); !errors.Is(err, ErrDecrypt) {
					t.Errorf("%s: err = %v, want ErrDecrypt", name, err)
				}
			}
			if _, err := other.UnwrapKey(wrapped); !errors.Is(err, ErrDecrypt) {
				t.Errorf("wrong key: err = %v, want ErrDecrypt", err)
			}
			if _, err := key.Public().WrapKey(nil); err == nil {
				t.Error("WrapKey(nil) succeeded")
			}
		})
	}
}

func TestAddress(t *testing.T) {
	hex40 := regexp.MustCompile(`^[0-9a-f]{40}$`)
	for _, s := range allSuites(t) {
		key := mustKey(t, s)
		a := Address(s, key.Public())
		if !hex40.MatchString(a) {
			t.Errorf("%s address %q is not 40 lower-case hex digits", s.Name(), a)
		}
		pub, _ := s.ParsePublicKey(key.Public().Bytes())
		if b := Address(s, pub); b != a {
			t.Errorf("%s address changed across parse: %s vs %s", s.Name(), a, b)
		}
		if c := Address(s, mustKey(t, s).Public()); c == a {
			t.Errorf("%s two keys share address %s", s.Name(), a)
		}
		if want := hex.EncodeToString(s.Hash(key.Public().Bytes())[:20]); a != want {
			t.Errorf("%s address = %s, want hash prefix %s", s.Name(), a, want)
		}
	}
}

// TestConcurrentVerify: nodes verify a block's transactions in parallel
// against shared parsed keys, so the cached state must be race-free (run
// with -race).
func TestConcurrentVerify(t *testing.T) {
	for _, s := range allSuites(t) {
		key := mustKey(t, s)
		pub, _ := s.ParsePublicKey(key.Public().Bytes())
		sig, _ := key.Sign([]byte("m"))
		done := make(chan bool)
		for i := 0; i < 4; i++ {
			go func() {
				ok := true
				for j := 0; j < 20; j++ {
					ok = ok && pub.Verify([]byte("m"), sig) && !pub.Verify([]byte("n"), sig)
				}
				done <- ok
			}()
		}
		for i := 0; i < 4; i++ {
			if !<-done {
				t.Errorf("%s: concurrent Verify gave a wrong answer", s.Name())
			}
		}
	}
}
