package cryptosuite

import (
	"crypto/ecdh"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"crypto/sha512"
	"errors"
	"fmt"
)

// Key wrapping for the intl suite reuses the signing key for encryption
// through the birational map between Ed25519 and X25519, as libsodium's
// crypto_box_seal does with converted keys, so an account needs one key
// pair, not two. The scheme is ECIES-like:
//
//	e      = fresh X25519 key pair
//	shared = X25519(e, recipient)
//	k      = HKDF-SHA256(shared, salt = ePub||recipientX25519, info)
//	out    = ePub(32) || AES-256-GCM_k(dataKey)   (nonce||ct||tag)
//
// Both public values go into the salt so the derived key is bound to this
// recipient and this ephemeral key, as in HPKE.
const intlWrapInfo = "govchain/intl/wrapkey/v1"

const x25519Size = 32

func (k *intlPublicKey) WrapKey(dataKey []byte) ([]byte, error) {
	if len(dataKey) == 0 {
		return nil, errors.New("wrapping an empty data key")
	}
	curve := ecdh.X25519()
	recipient, err := curve.NewPublicKey(k.x25519[:])
	if err != nil {
		return nil, fmt.Errorf("%w: X25519 form of recipient: %v", ErrBadKey, err)
	}
	eph, err := curve.GenerateKey(rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("generating ephemeral X25519 key: %w", err)
	}
	ephPub := eph.PublicKey().Bytes()
	key, err := intlWrapKEK(eph, recipient, ephPub, k.x25519[:])
	if err != nil {
		return nil, err
	}
	sealed, err := intlSuite{}.Seal(key, dataKey, nil)
	if err != nil {
		return nil, err
	}
	return append(ephPub, sealed...), nil
}

func (k *intlPrivateKey) UnwrapKey(wrapped []byte) ([]byte, error) {
	if len(wrapped) < x25519Size+gcmNonceSize+gcmTagSize {
		return nil, fmt.Errorf("%w: wrapped key is %d bytes, too short", ErrDecrypt, len(wrapped))
	}
	curve := ecdh.X25519()
	priv, err := curve.NewPrivateKey(k.x25519Scalar())
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrDecrypt, err)
	}
	ephPub, err := curve.NewPublicKey(wrapped[:x25519Size])
	if err != nil {
		return nil, fmt.Errorf("%w: ephemeral key: %v", ErrDecrypt, err)
	}
	key, err := intlWrapKEK(priv, ephPub, wrapped[:x25519Size], k.pub.x25519[:])
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrDecrypt, err)
	}
	return intlSuite{}.Open(key, wrapped[x25519Size:], nil)
}

// x25519Scalar is the X25519 secret matching the converted public key:
// the first half of SHA-512(seed), clamped, which is exactly the scalar
// Ed25519 itself multiplies the base point by (RFC 8032 §5.1.5; libsodium
// crypto_sign_ed25519_sk_to_curve25519).
func (k *intlPrivateKey) x25519Scalar() []byte {
	h := sha512.Sum512(k.ed.Seed())
	s := h[:32]
	s[0] &= 248
	s[31] &= 127
	s[31] |= 64
	return s
}

// intlWrapKEK derives the AES key from the ECDH output. crypto/ecdh fails
// on an all-zero shared secret, which rules out small-order peer points.
func intlWrapKEK(priv *ecdh.PrivateKey, peer *ecdh.PublicKey, ephPub, recipient []byte) ([]byte, error) {
	shared, err := priv.ECDH(peer)
	if err != nil {
		return nil, fmt.Errorf("X25519: %w", err)
	}
	salt := make([]byte, 0, 2*x25519Size)
	salt = append(append(salt, ephPub...), recipient...)
	return hkdf.Key(sha256.New, shared, salt, intlWrapInfo, aes256KeySize)
}
