package cryptosuite

import (
	"crypto/ed25519"
	"fmt"

	"github.com/oasisprotocol/curve25519-voi/curve"
)

// intlPublicKey keeps the X25519 form of the key alongside the Ed25519
// bytes: the Edwards-to-Montgomery conversion needs a field inversion,
// and ParsePublicKey has already decompressed the point anyway.
type intlPublicKey struct {
	ed     ed25519.PublicKey
	x25519 [32]byte
}

type intlPrivateKey struct {
	ed  ed25519.PrivateKey
	pub *intlPublicKey
}

// parseIntlPublicKey decodes and checks an Ed25519 point. crypto/ed25519
// offers no validation, so curve25519-voi (already in the module graph via
// CometBFT) does the decompression.
func parseIntlPublicKey(b []byte) (*intlPublicKey, error) {
	if len(b) != ed25519.PublicKeySize {
		return nil, fmt.Errorf("%w: Ed25519 public key is %d bytes, want %d", ErrBadKey, len(b), ed25519.PublicKeySize)
	}
	var enc curve.CompressedEdwardsY
	copy(enc[:], b)
	var p curve.EdwardsPoint
	if _, err := p.SetCompressedY(&enc); err != nil {
		return nil, fmt.Errorf("%w: Ed25519 public key is not a curve point", ErrBadKey)
	}
	// Decompression tolerates y >= p and a sign bit on x = 0; those
	// aliases would give one key several encodings and addresses.
	var canon curve.CompressedEdwardsY
	canon.SetEdwardsPoint(&p)
	if canon != enc {
		return nil, fmt.Errorf("%w: Ed25519 public key is not canonically encoded", ErrBadKey)
	}
	// Small-order keys never come from key generation; for them any
	// signature trick or ECDH output is predictable.
	if p.IsSmallOrder() {
		return nil, fmt.Errorf("%w: Ed25519 public key has small order", ErrBadKey)
	}
	k := &intlPublicKey{ed: ed25519.PublicKey(append([]byte(nil), b...))}
	var u curve.MontgomeryPoint
	u.SetEdwards(&p)
	k.x25519 = u
	return k, nil
}

func newIntlPrivateKey(priv ed25519.PrivateKey) (*intlPrivateKey, error) {
	pub, err := parseIntlPublicKey(priv.Public().(ed25519.PublicKey))
	if err != nil {
		return nil, err
	}
	return &intlPrivateKey{ed: priv, pub: pub}, nil
}

func (k *intlPublicKey) Bytes() []byte { return append([]byte(nil), k.ed...) }

func (k *intlPublicKey) Verify(msg, sig []byte) bool {
	// ed25519.Verify panics on a wrong-size key; a parsed key is always
	// 32 bytes, so only a nil receiver needs guarding.
	if k == nil || len(k.ed) != ed25519.PublicKeySize {
		return false
	}
	return ed25519.Verify(k.ed, msg, sig)
}

func (k *intlPrivateKey) Public() PublicKey { return k.pub }

func (k *intlPrivateKey) Bytes() []byte { return append([]byte(nil), k.ed.Seed()...) }

func (k *intlPrivateKey) Sign(msg []byte) ([]byte, error) {
	return ed25519.Sign(k.ed, msg), nil
}
