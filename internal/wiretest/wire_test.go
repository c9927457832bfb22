// Package wiretest signs govchain transactions the way a client in another
// language would: from docs/wire-format.md and the test vectors alone, with
// a generic CBOR library and the raw SM2/Ed25519 primitives, never
// internal/tx or internal/cryptosuite. The node it submits to is the real
// app (internal/apptest), which does use them.
package wiretest

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/emmansun/gmsm/sm2"
	"github.com/emmansun/gmsm/sm3"
	"github.com/fxamacker/cbor/v2"

	"github.com/pingshan/govchain/internal/apptest"
)

// vector is the part of internal/tx/testdata/vectors/<suite>.json a client reads.
type vector struct {
	Suite, PrivateKey, PublicKey, Address string
	Version                               uint64
	ChainID, Signer                       string
	Sequence                              uint64
	Module, Action, PayloadJSON           string
	Unsigned, SignBytes, Signature        string
	Signed, TxHash, CometBFTHash          string
}

func load(t *testing.T, suite string) vector {
	b, err := os.ReadFile(filepath.Join("..", "tx", "testdata", "vectors", suite+".json"))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	s := func(k string) string { v, _ := m[k].(string); return v }
	n := func(k string) uint64 { v, _ := m[k].(float64); return uint64(v) }
	return vector{Suite: s("suite"), PrivateKey: s("private_key"), PublicKey: s("public_key"), Address: s("address"),
		Version: n("version"), ChainID: s("chain_id"), Signer: s("signer"), Sequence: n("sequence"),
		Module: s("module"), Action: s("action"), PayloadJSON: s("payload_json"),
		Unsigned: s("unsigned_envelope_hex"), SignBytes: s("sign_bytes_hex"), Signature: s("signature_hex"),
		Signed: s("signed_envelope_hex"), TxHash: s("tx_hash"), CometBFTHash: s("cometbft_hash")}
}

func unhex(t *testing.T, s string) []byte {
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// signer is what a client needs from a suite.
type signer struct {
	pub    []byte
	hash   func([]byte) []byte
	sign   func(msg []byte) []byte
	verify func(msg, sig []byte) bool
}

func newSigner(t *testing.T, suite string, secret []byte) signer {
	switch suite {
	case "gm":
		k, err := sm2.NewPrivateKey(secret)
		if err != nil {
			t.Fatal(err)
		}
		e, err := sm2.PublicKeyToECDH(&k.PublicKey)
		if err != nil {
			t.Fatal(err)
		}
		pub := e.Bytes()
		return signer{pub: pub,
			hash: func(b []byte) []byte { h := sm3.Sum(b); return h[:] },
			sign: func(msg []byte) []byte {
				// nil user id = the SM2 default "1234567812345678"; ASN.1 DER out.
				sig, err := k.SignWithSM2(rand.Reader, nil, msg)
				if err != nil {
					t.Fatal(err)
				}
				return sig
			},
			verify: func(msg, sig []byte) bool { return sm2.VerifyASN1WithSM2(&k.PublicKey, nil, msg, sig) }}
	case "intl":
		k := ed25519.NewKeyFromSeed(secret)
		pub := k.Public().(ed25519.PublicKey)
		return signer{pub: pub,
			hash:   func(b []byte) []byte { h := sha256.Sum256(b); return h[:] },
			sign:   func(msg []byte) []byte { return ed25519.Sign(k, msg) },
			verify: func(msg, sig []byte) bool { return ed25519.Verify(pub, msg, sig) }}
	}
	t.Fatalf("suite %q", suite)
	return signer{}
}

// TestSignFromVectorsAlone builds, signs and submits a transaction with
// nothing but the vector file, a CBOR library and the signature primitive,
// and the real app accepts it.
func TestSignFromVectorsAlone(t *testing.T) {
	// RFC 8949 section 4.2.1 core deterministic encoding: what the wire
	// format requires.
	enc, err := cbor.CoreDetEncOptions().EncMode()
	if err != nil {
		t.Fatal(err)
	}
	for _, suite := range []string{"gm", "intl"} {
		t.Run(suite, func(t *testing.T) {
			v := load(t, suite)
			s := newSigner(t, suite, unhex(t, v.PrivateKey))
			if hex.EncodeToString(s.pub) != v.PublicKey {
				t.Fatalf("public key %x, vector %s", s.pub, v.PublicKey)
			}
			// Address: first 20 bytes of the suite hash of the public key.
			if addr := hex.EncodeToString(s.hash(s.pub)[:20]); addr != v.Address || addr != v.Signer {
				t.Fatalf("address %s, vector %s", addr, v.Address)
			}
			env := map[uint64]any{1: v.Version, 2: v.ChainID, 3: v.Signer, 4: v.Sequence, 5: v.Module, 6: v.Action, 7: []byte(v.PayloadJSON)}
			unsigned, err := enc.Marshal(env)
			if err != nil {
				t.Fatal(err)
			}
			if hex.EncodeToString(unsigned) != v.Unsigned {
				t.Fatalf("unsigned envelope\n got %x\nwant %s", unsigned, v.Unsigned)
			}
			msg := append([]byte("govchain/tx/v1\x00"), unsigned...)
			if hex.EncodeToString(msg) != v.SignBytes {
				t.Fatal("sign bytes differ")
			}
			if !s.verify(msg, unhex(t, v.Signature)) {
				t.Fatal("the vector's signature does not verify")
			}
			// The vector's own signed envelope hashes as stated.
			signedVec := unhex(t, v.Signed)
			cmt := sha256.Sum256(signedVec)
			if hex.EncodeToString(s.hash(signedVec)) != v.TxHash || hex.EncodeToString(cmt[:]) != v.CometBFTHash {
				t.Fatal("hashes differ")
			}

			env[8] = s.sign(msg)
			raw, err := enc.Marshal(env)
			if err != nil {
				t.Fatal(err)
			}
			if suite == "intl" && !bytes.Equal(raw, signedVec) {
				t.Fatalf("Ed25519 is deterministic, yet the signed envelope differs:\n got %x\nwant %s", raw, v.Signed)
			}

			chain := apptest.New(t, apptest.Options{Suite: suite})
			if res := chain.CheckTx(raw); res.Code != 0 {
				t.Fatalf("CheckTx refused: %s/%d %s", res.Codespace, res.Code, res.Log)
			}
			if res := chain.Block(raw)[0]; res.Code != 0 {
				t.Fatalf("block refused: %s/%d %s", res.Codespace, res.Code, res.Log)
			}

			// A raw r||s SM2 signature is refused with a message naming field 8.
			if suite == "gm" {
				env[4] = v.Sequence + 1
				env[8] = make([]byte, 64)
				bad, _ := enc.Marshal(env)
				res := chain.CheckTx(bad)
				if res.Code == 0 || !bytes.Contains([]byte(res.Log), []byte("field 8 (signature)")) {
					t.Fatalf("raw r||s: %d %s", res.Code, res.Log)
				}
			}
		})
	}
}
