package cryptosuite

import (
	"crypto/ed25519"
	"crypto/x509"
	"encoding/pem"
	"fmt"

	"github.com/emmansun/gmsm/sm2"
	"github.com/emmansun/gmsm/smx509"
)

// PEM block types read and written.
const (
	pemPKCS8     = "PRIVATE KEY"           // RFC 5208/5958, what openssl genpkey writes
	pemSEC1      = "EC PRIVATE KEY"        // RFC 5915, what openssl ecparam -genkey writes
	pemEncrypted = "ENCRYPTED PRIVATE KEY" // PKCS#8 with a password
)

// MarshalPKCS8PEM writes a private key as an unencrypted PKCS#8 PEM block
// ("PRIVATE KEY"), the form `openssl pkey` and HSM import tools read as
// is: SM2 as id-ecPublicKey on the SM2 curve (OID 1.2.156.10197.1.301),
// Ed25519 as RFC 8410.
func MarshalPKCS8PEM(s Suite, k PrivateKey) ([]byte, error) {
	var (
		der []byte
		err error
	)
	switch s.Name() {
	case GM:
		sk, perr := sm2.NewPrivateKey(k.Bytes())
		if perr != nil {
			return nil, fmt.Errorf("%w: %v", ErrBadKey, perr)
		}
		der, err = smx509.MarshalPKCS8PrivateKey(sk)
	case Intl:
		der, err = x509.MarshalPKCS8PrivateKey(ed25519.NewKeyFromSeed(k.Bytes()))
	default:
		return nil, fmt.Errorf("%w: %q", ErrUnknownSuite, s.Name())
	}
	if err != nil {
		return nil, fmt.Errorf("encoding PKCS#8: %w", err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: pemPKCS8, Bytes: der}), nil
}

// ParsePEMPrivateKey reads one private key of suite s from PEM: PKCS#8
// ("PRIVATE KEY", from openssl genpkey) or, for SM2, SEC1 ("EC PRIVATE
// KEY"). A key of another algorithm or curve — a NIST P-256 key offered to
// a gm chain, an SM2 key to an intl chain — is refused rather than
// converted, as is a password-protected file (decrypt it first).
func ParsePEMPrivateKey(s Suite, data []byte) (PrivateKey, error) {
	var block *pem.Block
	for {
		block, data = pem.Decode(data)
		if block == nil {
			return nil, fmt.Errorf("%w: no PEM private key block found", ErrBadKey)
		}
		// openssl ecparam -genkey writes an "EC PARAMETERS" block first.
		if block.Type == pemPKCS8 || block.Type == pemSEC1 || block.Type == pemEncrypted {
			break
		}
	}
	if block.Type == pemEncrypted {
		return nil, fmt.Errorf("%w: the PEM key is password-protected; decrypt it first: openssl pkey -in key.pem -out plain.pem", ErrBadKey)
	}
	var (
		key any
		err error
	)
	switch {
	case block.Type == pemSEC1 && s.Name() == GM:
		key, err = smx509.ParseSM2PrivateKey(block.Bytes)
	case block.Type == pemSEC1:
		return nil, fmt.Errorf("%w: an EC key cannot be an Ed25519 (intl suite) key", ErrBadKey)
	default:
		key, err = smx509.ParsePKCS8PrivateKey(block.Bytes)
	}
	if err != nil {
		return nil, fmt.Errorf("%w: PEM private key: %v", ErrBadKey, err)
	}
	switch k := key.(type) {
	case *sm2.PrivateKey:
		if s.Name() != GM {
			return nil, fmt.Errorf("%w: this is an SM2 key; the %s suite uses Ed25519", ErrBadKey, s.Name())
		}
		return s.ParsePrivateKey(k.D.FillBytes(make([]byte, sm2ScalarSize)))
	case ed25519.PrivateKey:
		if s.Name() != Intl {
			return nil, fmt.Errorf("%w: this is an Ed25519 key; the %s suite uses SM2", ErrBadKey, s.Name())
		}
		return s.ParsePrivateKey(k.Seed())
	}
	want := "SM2"
	if s.Name() == Intl {
		want = "Ed25519"
	}
	return nil, fmt.Errorf("%w: PEM key is a %T, the %s suite needs %s", ErrBadKey, key, s.Name(), want)
}
