package cryptosuite

import (
	"crypto/rand"
	"fmt"
	"hash"

	"github.com/emmansun/gmsm/sm2"
	"github.com/emmansun/gmsm/sm3"
	"github.com/emmansun/gmsm/sm4"
)

// gmSuite is the Chinese national-standard suite: SM3 (GB/T 32905),
// SM2 (GB/T 32918) and SM4-GCM (GB/T 32907, GCM as in RFC 8998).
type gmSuite struct{}

const (
	sm2ScalarSize = 32
	sm2PointSize  = 65 // 0x04 || X(32) || Y(32)
	sm4KeySize    = 16
)

func (gmSuite) Name() string { return GM }

func (gmSuite) Hash(data []byte) []byte {
	sum := sm3.Sum(data)
	return sum[:]
}

func (gmSuite) NewHash() hash.Hash { return sm3.New() }

func (gmSuite) GenerateKey() (PrivateKey, error) {
	k, err := sm2.GenerateKey(rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("generating SM2 key: %w", err)
	}
	return newGMPrivateKey(k)
}

func (gmSuite) ParsePrivateKey(b []byte) (PrivateKey, error) {
	// sm2.NewPrivateKey also insists on 32 bytes, but checking here gives
	// the caller an ErrBadKey it can test for instead of gmsm's text.
	if len(b) != sm2ScalarSize {
		return nil, fmt.Errorf("%w: SM2 private key is %d bytes, want %d", ErrBadKey, len(b), sm2ScalarSize)
	}
	k, err := sm2.NewPrivateKey(b)
	if err != nil {
		return nil, fmt.Errorf("%w: SM2 private key: %v", ErrBadKey, err)
	}
	return newGMPrivateKey(k)
}

func (gmSuite) ParsePublicKey(b []byte) (PublicKey, error) {
	// Only the uncompressed form is canonical. Accepting compressed or
	// hybrid encodings too would give one key several byte strings and
	// so several addresses.
	if len(b) != sm2PointSize || b[0] != 0x04 {
		return nil, fmt.Errorf("%w: SM2 public key must be a %d-byte uncompressed point", ErrBadKey, sm2PointSize)
	}
	// NewPublicKey rejects coordinates >= p, points off the curve and
	// the point at infinity.
	pub, err := sm2.NewPublicKey(b)
	if err != nil {
		return nil, fmt.Errorf("%w: SM2 public key: %v", ErrBadKey, err)
	}
	return newGMPublicKey(pub)
}

func (gmSuite) AEADKeySize() int { return sm4KeySize }

func (gmSuite) Seal(key, plaintext, additionalData []byte) ([]byte, error) {
	return gcmSeal(sm4.NewCipher, sm4KeySize, key, plaintext, additionalData)
}

func (gmSuite) Open(key, sealed, additionalData []byte) ([]byte, error) {
	return gcmOpen(sm4.NewCipher, sm4KeySize, key, sealed, additionalData)
}
