package cryptosuite

import (
	"crypto/ecdsa"
	"crypto/rand"
	"errors"
	"fmt"

	"github.com/emmansun/gmsm/sm2"
	"github.com/emmansun/gmsm/sm3"
)

// gmPublicKey keeps the parsed point and its ZA so that Verify, which runs
// for every transaction, only hashes the message and does the curve
// arithmetic. ZA = SM3(ENTL||ID||a||b||G||Q) depends only on the key and the
// fixed user ID, so computing it per call would waste an SM3 over ~200 bytes.
type gmPublicKey struct {
	pub   *ecdsa.PublicKey
	za    []byte
	bytes []byte
}

// gmPrivateKey holds the gmsm key; gmsm caches its internal form keyed by
// this pointer, so reusing one object keeps signing cheap too.
type gmPrivateKey struct {
	priv *sm2.PrivateKey
	pub  *gmPublicKey
}

func newGMPublicKey(pub *ecdsa.PublicKey) (*gmPublicKey, error) {
	// A nil uid makes gmsm use the default ID "1234567812345678", the
	// value GM/T 0009 fixes when parties have not agreed another, and the
	// one OpenSSL and most HSMs use when told to follow GM/T 0009.
	za, err := sm2.CalculateZA(pub, nil)
	if err != nil {
		return nil, fmt.Errorf("%w: SM2 public key: %v", ErrBadKey, err)
	}
	e, err := sm2.PublicKeyToECDH(pub) // the uncompressed point, checked on the curve
	if err != nil {
		return nil, fmt.Errorf("%w: SM2 public key: %v", ErrBadKey, err)
	}
	return &gmPublicKey{pub: pub, za: za, bytes: e.Bytes()}, nil
}

func newGMPrivateKey(k *sm2.PrivateKey) (*gmPrivateKey, error) {
	pub, err := newGMPublicKey(&k.PublicKey)
	if err != nil {
		return nil, err
	}
	return &gmPrivateKey{priv: k, pub: pub}, nil
}

// digest is e = SM3(ZA || msg), the value SM2 actually signs.
func (k *gmPublicKey) digest(msg []byte) []byte {
	h := sm3.New()
	h.Write(k.za)
	h.Write(msg)
	return h.Sum(make([]byte, 0, sm3.Size))
}

func (k *gmPublicKey) Bytes() []byte { return append([]byte(nil), k.bytes...) }

func (k *gmPublicKey) Verify(msg, sig []byte) bool {
	if k == nil || k.pub == nil {
		return false
	}
	// VerifyASN1 parses the DER strictly (trailing bytes, negative or
	// oversized integers and r,s outside [1,n-1] all fail), so garbage
	// input is a plain "false".
	return sm2.VerifyASN1(k.pub, k.digest(msg), sig)
}

// WrapKey uses SM2 public-key encryption (GB/T 32918.4) with the ciphertext
// in the GM/T 0009 ASN.1 form SEQUENCE{x, y, C3 hash, C2 ciphertext}. That is
// the form OpenSSL's "pkeyutl -encrypt" writes and reads, so a data key
// wrapped here can be unwrapped by an HSM or OpenSSL and vice versa; the
// raw C1||C3||C2 splicing has two incompatible orders in the wild.
func (k *gmPublicKey) WrapKey(dataKey []byte) ([]byte, error) {
	// gmsm returns (nil, nil) for an empty message, which would look like
	// success and then fail to unwrap.
	if len(dataKey) == 0 {
		return nil, errors.New("wrapping an empty data key")
	}
	out, err := sm2.EncryptASN1(rand.Reader, k.pub, dataKey)
	if err != nil {
		return nil, fmt.Errorf("SM2 encrypt: %w", err)
	}
	return out, nil
}

func (k *gmPrivateKey) Public() PublicKey { return k.pub }

func (k *gmPrivateKey) Bytes() []byte {
	return k.priv.D.FillBytes(make([]byte, sm2ScalarSize))
}

func (k *gmPrivateKey) Sign(msg []byte) ([]byte, error) {
	// The message is pre-hashed with our cached ZA, so no signer options
	// are passed: with opts, gmsm would recompute ZA itself.
	sig, err := sm2.SignASN1(rand.Reader, k.priv, k.pub.digest(msg), nil)
	if err != nil {
		return nil, fmt.Errorf("SM2 sign: %w", err)
	}
	return sig, nil
}

func (k *gmPrivateKey) UnwrapKey(wrapped []byte) ([]byte, error) {
	// gmsm's Decrypt would also accept the plain C1C3C2 splicing; only
	// the ASN.1 form WrapKey writes is accepted so there is one format.
	if len(wrapped) == 0 || wrapped[0] != 0x30 {
		return nil, fmt.Errorf("%w: wrapped key is not an ASN.1 SM2 ciphertext", ErrDecrypt)
	}
	pt, err := sm2.Decrypt(k.priv, wrapped)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrDecrypt, err)
	}
	return pt, nil
}
