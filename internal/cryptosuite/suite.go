// Package cryptosuite puts the two crypto suites a chain may choose in its
// genesis behind one interface: "gm" (SM2/SM3/SM4, the default) and "intl"
// (Ed25519/SHA-256/AES-256-GCM). CometBFT's validator keys are not covered:
// they stay Ed25519 whatever the suite.
package cryptosuite

import (
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
)

// Names of the suites a genesis may choose.
const (
	GM   = "gm"
	Intl = "intl"
)

// Errors returned by the suites; callers test them with errors.Is.
var (
	ErrUnknownSuite = errors.New("unknown crypto suite")
	ErrBadKey       = errors.New("malformed key")
	ErrDecrypt      = errors.New("decryption failed")
)

// Suite is everything the chain needs from a family of algorithms.
type Suite interface {
	// Name is "gm" or "intl".
	Name() string
	// Hash returns the 32-byte digest (SM3 or SHA-256) of data.
	Hash(data []byte) []byte
	// NewHash returns a streaming hasher of the same function.
	NewHash() hash.Hash
	// GenerateKey makes a new signing key from crypto/rand.
	GenerateKey() (PrivateKey, error)
	// ParsePrivateKey reads what PrivateKey.Bytes wrote.
	ParsePrivateKey(b []byte) (PrivateKey, error)
	// ParsePublicKey reads what PublicKey.Bytes wrote and checks the point.
	ParsePublicKey(b []byte) (PublicKey, error)
	// AEADKeySize is the symmetric key length: 16 (SM4) or 32 (AES-256).
	AEADKeySize() int
	// Seal encrypts with the suite's AEAD in GCM mode under a fresh random
	// nonce, returning nonce||ciphertext||tag.
	Seal(key, plaintext, additionalData []byte) ([]byte, error)
	// Open reverses Seal; a wrong key or any changed byte gives ErrDecrypt.
	Open(key, sealed, additionalData []byte) ([]byte, error)
}

// PublicKey verifies signatures and wraps data keys for its holder.
type PublicKey interface {
	// Bytes is the canonical encoding: SM2 uncompressed point (65 bytes,
	// 0x04||X||Y) or the 32-byte Ed25519 key.
	Bytes() []byte
	// Verify checks sig over msg. SM2 uses SM3 with the standard default
	// user ID "1234567812345678" and ASN.1 DER signatures, so keys and
	// signatures interoperate with OpenSSL 3 and other SM2 implementations.
	Verify(msg, sig []byte) bool
	// WrapKey encrypts a short data key so only the private key holder can
	// read it: SM2 public-key encryption (gm) or X25519 ECDH + AEAD (intl).
	WrapKey(dataKey []byte) ([]byte, error)
}

// PrivateKey signs and unwraps.
type PrivateKey interface {
	Public() PublicKey
	// Bytes is the raw secret: the 32-byte SM2 scalar or Ed25519 seed.
	Bytes() []byte
	Sign(msg []byte) ([]byte, error)
	UnwrapKey(wrapped []byte) ([]byte, error)
}

// ByName returns the suite a genesis names.
func ByName(name string) (Suite, error) {
	switch name {
	case GM:
		return gmSuite{}, nil
	case Intl:
		return intlSuite{}, nil
	}
	return nil, fmt.Errorf("%w: %q (want %q or %q)", ErrUnknownSuite, name, GM, Intl)
}

// Address is an account's on-chain identifier: the first 20 bytes of the
// suite hash of its public key, in lower-case hex.
func Address(s Suite, pub PublicKey) string {
	return hex.EncodeToString(s.Hash(pub.Bytes())[:20])
}
