package cryptosuite

import (
	"crypto/cipher"
	"crypto/rand"
	"fmt"
)

// gcmNonceSize is the standard 96-bit GCM nonce. Both suites draw it at
// random per message: keys here seal few messages (key files, wrapped data
// keys), far below the 2^32 bound where random 96-bit nonces become risky.
const gcmNonceSize = 12

// gcmTagSize is GCM's full 128-bit tag; truncated tags are never used.
const gcmTagSize = 16

// newGCM builds the AEAD, rejecting a key of the wrong size up front so a
// caller that mixes up suites gets an error rather than a silently
// different cipher (AES would accept 16 bytes as AES-128).
func newGCM(newBlock func([]byte) (cipher.Block, error), keySize int, key []byte) (cipher.AEAD, error) {
	if len(key) != keySize {
		return nil, fmt.Errorf("%w: AEAD key is %d bytes, want %d", ErrBadKey, len(key), keySize)
	}
	block, err := newBlock(key)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadKey, err)
	}
	return cipher.NewGCM(block)
}

// gcmSeal returns nonce||ciphertext||tag.
func gcmSeal(newBlock func([]byte) (cipher.Block, error), keySize int, key, plaintext, ad []byte) ([]byte, error) {
	aead, err := newGCM(newBlock, keySize, key)
	if err != nil {
		return nil, err
	}
	out := make([]byte, gcmNonceSize, gcmNonceSize+len(plaintext)+aead.Overhead())
	if _, err := rand.Read(out); err != nil {
		return nil, fmt.Errorf("reading nonce: %w", err)
	}
	return aead.Seal(out, out, plaintext, ad), nil
}

// gcmOpen reverses gcmSeal. Every failure, including a wrong key size, is
// reported as ErrDecrypt: callers treat "cannot decrypt" as one condition
// and should not learn which check failed.
func gcmOpen(newBlock func([]byte) (cipher.Block, error), keySize int, key, sealed, ad []byte) ([]byte, error) {
	aead, err := newGCM(newBlock, keySize, key)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrDecrypt, err)
	}
	if len(sealed) < gcmNonceSize+gcmTagSize {
		return nil, fmt.Errorf("%w: sealed data is %d bytes, shorter than nonce and tag", ErrDecrypt, len(sealed))
	}
	pt, err := aead.Open(nil, sealed[:gcmNonceSize], sealed[gcmNonceSize:], ad)
	if err != nil {
		return nil, fmt.Errorf("%w: authentication failed", ErrDecrypt)
	}
	return pt, nil
}
