package cryptosuite

import (
	"crypto/aes"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"fmt"
	"hash"
)

// intlSuite is the internationally standard suite: SHA-256, Ed25519
// (RFC 8032) and AES-256-GCM.
type intlSuite struct{}

const aes256KeySize = 32

func (intlSuite) Name() string { return Intl }

func (intlSuite) Hash(data []byte) []byte {
	sum := sha256.Sum256(data)
	return sum[:]
}

func (intlSuite) NewHash() hash.Hash { return sha256.New() }

func (intlSuite) GenerateKey() (PrivateKey, error) {
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("generating Ed25519 key: %w", err)
	}
	return newIntlPrivateKey(priv)
}

func (intlSuite) ParsePrivateKey(b []byte) (PrivateKey, error) {
	// Only the 32-byte seed is stored: the 64-byte form repeats the public
	// key, which a corrupted file could make disagree with the seed.
	if len(b) != ed25519.SeedSize {
		return nil, fmt.Errorf("%w: Ed25519 private key is %d bytes, want a %d-byte seed", ErrBadKey, len(b), ed25519.SeedSize)
	}
	return newIntlPrivateKey(ed25519.NewKeyFromSeed(b))
}

func (intlSuite) ParsePublicKey(b []byte) (PublicKey, error) {
	return parseIntlPublicKey(b)
}

func (intlSuite) AEADKeySize() int { return aes256KeySize }

func (intlSuite) Seal(key, plaintext, additionalData []byte) ([]byte, error) {
	return gcmSeal(aes.NewCipher, aes256KeySize, key, plaintext, additionalData)
}

func (intlSuite) Open(key, sealed, additionalData []byte) ([]byte, error) {
	return gcmOpen(aes.NewCipher, aes256KeySize, key, sealed, additionalData)
}
