package tx

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/emmansun/gmsm/sm2"

	"github.com/pingshan/govchain/internal/cryptosuite"
)

var update = flag.Bool("update", false, "rewrite testdata/vectors/*.json")

// Vector is one worked transaction of docs/wire-format.md, for client
// authors: every intermediate value a client computes, in hex.
type Vector struct {
	Comment []string `json:"comment"`
	Suite   string   `json:"suite"`
	// PrivateKey is the 32-byte SM2 scalar or Ed25519 seed. It is
	// SHA-256("govchain apptest key gov-admin"), the key internal/apptest
	// gives gov-admin, so a test chain accepts transactions signed with it.
	PrivateKey string `json:"private_key"`
	PublicKey  string `json:"public_key"`
	Address    string `json:"address"`
	// Envelope fields 1-7.
	Version     uint16 `json:"version"`
	ChainID     string `json:"chain_id"`
	Signer      string `json:"signer"`
	Sequence    uint64 `json:"sequence"`
	Module      string `json:"module"`
	Action      string `json:"action"`
	PayloadJSON string `json:"payload_json"`
	PayloadHex  string `json:"payload_hex"`
	// UnsignedEnvelope is the canonical CBOR of fields 1-7; SignBytes is
	// the domain prefix followed by it.
	UnsignedEnvelope string `json:"unsigned_envelope_hex"`
	SignBytes        string `json:"sign_bytes_hex"`
	// SM2 only: ZA for the default user id, and e = SM3(ZA || sign bytes),
	// the digest a pre-hashing SM2 signer (an HSM) signs.
	SM2ZA     string `json:"sm2_za_hex,omitempty"`
	SM2Digest string `json:"sm2_digest_hex,omitempty"`
	// Signature as sent in field 8 (SM2: ASN.1 DER, randomized — verify
	// it, do not compare; Ed25519: 64 bytes, deterministic).
	Signature string `json:"signature_hex"`
	// SignedEnvelope is the transaction as submitted.
	SignedEnvelope string `json:"signed_envelope_hex"`
	// TxHash is govchain's id (suite hash of SignedEnvelope); CometBFTHash
	// is SHA-256 of the same bytes, CometBFT's RPC id.
	TxHash       string `json:"tx_hash"`
	CometBFTHash string `json:"cometbft_hash"`
}

const vectorPayload = `{"doc_hash":"6b86b273ff34fce19d6b804eff5a3f5747ada4eaa22f1d49c01e52ddb7875b4b","title":"线路格式测试向量 wire-format vector","category":"test"}`

func vectorPath(suite string) string { return filepath.Join("testdata", "vectors", suite+".json") }

// buildVector computes every deterministic value of the vector from its
// inputs; sig, if given, is used instead of signing afresh.
func buildVector(t *testing.T, suite string, sig []byte) Vector {
	s, err := cryptosuite.ByName(suite)
	if err != nil {
		t.Fatal(err)
	}
	seed := sha256.Sum256([]byte("govchain apptest key gov-admin"))
	key, err := s.ParsePrivateKey(seed[:])
	if err != nil {
		t.Fatal(err)
	}
	addr := cryptosuite.Address(s, key.Public())
	tx := &Tx{Version: Version, ChainID: "pingshan-test", Signer: addr, Sequence: 0, Module: "notary", Action: "anchor", Payload: []byte(vectorPayload)}
	unsigned, err := Encode(tx)
	if err != nil {
		t.Fatal(err)
	}
	sb, err := SignBytes(tx)
	if err != nil {
		t.Fatal(err)
	}
	if sig == nil {
		if sig, err = key.Sign(sb); err != nil {
			t.Fatal(err)
		}
	}
	tx.Signature = sig
	signed, err := Encode(tx)
	if err != nil {
		t.Fatal(err)
	}
	cmt := sha256.Sum256(signed)
	v := Vector{
		Comment: []string{"docs/wire-format.md explains each value. Checked by internal/tx TestVectors;",
			"internal/wiretest signs from this file alone and submits to a test chain."},
		Suite: suite, PrivateKey: hex.EncodeToString(seed[:]), PublicKey: hex.EncodeToString(key.Public().Bytes()), Address: addr,
		Version: tx.Version, ChainID: tx.ChainID, Signer: tx.Signer, Sequence: tx.Sequence, Module: tx.Module, Action: tx.Action,
		PayloadJSON: vectorPayload, PayloadHex: hex.EncodeToString(tx.Payload),
		UnsignedEnvelope: hex.EncodeToString(unsigned), SignBytes: hex.EncodeToString(sb),
		Signature: hex.EncodeToString(sig), SignedEnvelope: hex.EncodeToString(signed),
		TxHash: hex.EncodeToString(Hash(s, signed)), CometBFTHash: hex.EncodeToString(cmt[:]),
	}
	if suite == cryptosuite.GM {
		pub, err := sm2.NewPublicKey(key.Public().Bytes())
		if err != nil {
			t.Fatal(err)
		}
		za, err := sm2.CalculateZA(pub, nil)
		if err != nil {
			t.Fatal(err)
		}
		v.SM2ZA = hex.EncodeToString(za)
		v.SM2Digest = hex.EncodeToString(s.Hash(append(za, sb...)))
	}
	return v
}

// TestVectors keeps testdata/vectors/*.json true: every value is recomputed
// from the inputs, the stored signature verifies and decodes back. With
// -update the files are rewritten (gm with a fresh, randomized signature).
func TestVectors(t *testing.T) {
	for _, suite := range []string{cryptosuite.GM, cryptosuite.Intl} {
		t.Run(suite, func(t *testing.T) {
			s, _ := cryptosuite.ByName(suite)
			path := vectorPath(suite)
			if *update {
				b, _ := json.MarshalIndent(buildVector(t, suite, nil), "", "  ")
				if err := os.WriteFile(path, append(b, '\n'), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./internal/tx -run TestVectors -update)", err)
			}
			var stored Vector
			if err := json.Unmarshal(b, &stored); err != nil {
				t.Fatal(err)
			}
			sig, _ := hex.DecodeString(stored.Signature)
			want := buildVector(t, suite, sig)
			if suite == cryptosuite.Intl {
				// Ed25519 is deterministic: a fresh signature must equal the stored one.
				fresh := buildVector(t, suite, nil)
				if fresh.Signature != stored.Signature {
					t.Errorf("Ed25519 signature is not reproducible: %s", fresh.Signature)
				}
			}
			got, _ := json.Marshal(stored)
			exp, _ := json.Marshal(want)
			if !bytes.Equal(got, exp) {
				t.Fatalf("%s is stale (run with -update):\n got %s\nwant %s", path, got, exp)
			}
			raw, _ := hex.DecodeString(stored.SignedEnvelope)
			tx, err := Decode(raw)
			if err != nil {
				t.Fatal(err)
			}
			pubBytes, _ := hex.DecodeString(stored.PublicKey)
			pub, err := s.ParsePublicKey(pubBytes)
			if err != nil {
				t.Fatal(err)
			}
			if err := VerifySignature(tx, pub); err != nil {
				t.Fatal(err)
			}
		})
	}
}
