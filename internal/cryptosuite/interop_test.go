package cryptosuite

import (
	"bytes"
	"crypto/ecdsa"
	"encoding/hex"
	"encoding/pem"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/emmansun/gmsm/sm2"
	"github.com/emmansun/gmsm/smx509"
)

// SM2 interop with other implementations is a spec requirement: a key made
// in an HSM or with OpenSSL must sign transactions this chain accepts. These
// helpers move keys between our raw encodings and the PKIX/PKCS#8 PEM forms
// other tools speak.

func readTestdata(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// sm2PublicFromPEM turns a PKIX "PUBLIC KEY" PEM into our 65-byte form.
func sm2PublicFromPEM(t *testing.T, pemBytes []byte) []byte {
	t.Helper()
	block, _ := pem.Decode(pemBytes)
	if block == nil || block.Type != "PUBLIC KEY" {
		t.Fatalf("no PUBLIC KEY PEM block in %q", pemBytes)
	}
	pub, err := smx509.ParsePKIXPublicKey(block.Bytes)
	if err != nil {
		t.Fatalf("ParsePKIXPublicKey: %v", err)
	}
	ec, ok := pub.(*ecdsa.PublicKey)
	if !ok || !sm2.IsSM2PublicKey(ec) {
		t.Fatalf("PEM key is %T, not an SM2 key", pub)
	}
	e, err := sm2.PublicKeyToECDH(ec)
	if err != nil {
		t.Fatal(err)
	}
	return e.Bytes()
}

// sm2PublicToPEM writes our public key as the PKIX PEM OpenSSL reads.
func sm2PublicToPEM(t *testing.T, pub PublicKey) []byte {
	t.Helper()
	ec, err := sm2.NewPublicKey(pub.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	der, err := smx509.MarshalPKIXPublicKey(ec)
	if err != nil {
		t.Fatalf("MarshalPKIXPublicKey: %v", err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der})
}

// sm2PrivateToPEM writes our private key as PKCS#8 for OpenSSL.
func sm2PrivateToPEM(t *testing.T, priv PrivateKey) []byte {
	t.Helper()
	k, err := sm2.NewPrivateKey(priv.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	der, err := smx509.MarshalPKCS8PrivateKey(k)
	if err != nil {
		t.Fatalf("MarshalPKCS8PrivateKey: %v", err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})
}

// sm2PrivateFromPEM reads an OpenSSL PKCS#8 key into our raw scalar form.
func sm2PrivateFromPEM(t *testing.T, pemBytes []byte) PrivateKey {
	t.Helper()
	block, _ := pem.Decode(pemBytes)
	if block == nil {
		t.Fatalf("no PEM block in %q", pemBytes)
	}
	key, err := smx509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		t.Fatalf("ParsePKCS8PrivateKey: %v", err)
	}
	k, ok := key.(*sm2.PrivateKey)
	if !ok {
		t.Fatalf("PEM key is %T, not SM2", key)
	}
	priv, err := gmSuite{}.ParsePrivateKey(k.D.FillBytes(make([]byte, 32)))
	if err != nil {
		t.Fatal(err)
	}
	return priv
}

// TestOpenSSLVector checks a signature and a wrapped key made once by
// OpenSSL 3 (see testdata/README.md), so interop is covered even where no
// openssl binary is installed.
func TestOpenSSLVector(t *testing.T) {
	s := gmSuite{}
	pub, err := s.ParsePublicKey(sm2PublicFromPEM(t, readTestdata(t, "openssl_sm2_pub.pem")))
	if err != nil {
		t.Fatalf("ParsePublicKey of OpenSSL key: %v", err)
	}
	msg := readTestdata(t, "openssl_sm2_msg.txt")
	sig := readTestdata(t, "openssl_sm2_sig.der")
	if !pub.Verify(msg, sig) {
		t.Fatal("OpenSSL SM2 signature does not verify")
	}
	if pub.Verify(flip(msg, 0), sig) {
		t.Fatal("OpenSSL SM2 signature verifies for a changed message")
	}
	// The vector must pin down the user ID: it verifies under the GM/T 0009
	// default ID (checking the hand-built digest) but not under the empty
	// ID that OpenSSL uses when distid is forgotten.
	ec, _ := sm2.NewPublicKey(pub.Bytes())
	if !sm2.VerifyASN1(ec, sm2HashWithID(ec, msg, []byte("1234567812345678")), sig) {
		t.Fatal("hand-built SM2 digest with the default ID disagrees with the suite")
	}
	if sm2.VerifyASN1(ec, sm2HashWithID(ec, msg, nil), sig) {
		t.Fatal("vector also verifies with an empty user ID; it does not test the ID")
	}

	scalar, err := hex.DecodeString(strings.TrimSpace(string(readTestdata(t, "openssl_sm2_testonly_priv.hex"))))
	if err != nil {
		t.Fatal(err)
	}
	priv, err := s.ParsePrivateKey(scalar)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(priv.Public().Bytes(), pub.Bytes()) {
		t.Fatal("test-only private key does not match the vector's public key")
	}
	got, err := priv.UnwrapKey(readTestdata(t, "openssl_sm2_wrapped.der"))
	if err != nil {
		t.Fatalf("UnwrapKey of OpenSSL SM2 ciphertext: %v", err)
	}
	if want := readTestdata(t, "openssl_sm2_datakey.bin"); !bytes.Equal(got, want) {
		t.Fatalf("unwrapped %q, want %q", got, want)
	}
}

// sm2HashWithID computes SM3(ZA||msg) from the GB/T 32918.2 formula for
// any user ID. gmsm silently maps an empty ID to the default one, so the
// empty-ID digest OpenSSL would use has to be built by hand.
func sm2HashWithID(pub *ecdsa.PublicKey, msg, uid []byte) []byte {
	a, _ := hex.DecodeString("fffffffeffffffffffffffffffffffffffffffff00000000fffffffffffffffc")
	b, _ := hex.DecodeString("28e9fa9e9d9f5e344d5a9e4bcf6509a7f39789f515ab8f92ddbcbd414d940e93")
	gx, _ := hex.DecodeString("32c4ae2c1f1981195f9904466a39c9948fe30bbff2660be1715a4589334c74c7")
	gy, _ := hex.DecodeString("bc3736a2f4f6779c59bdcee36b692153d0a9877cc62a474002df32e52139f0a0")
	ek, err := sm2.PublicKeyToECDH(pub)
	if err != nil {
		panic(err) // keys here come from gmsm
	}
	pt := ek.Bytes()
	za := gmSuite{}.NewHash()
	entl := len(uid) * 8
	za.Write([]byte{byte(entl >> 8), byte(entl)})
	za.Write(uid)
	for _, v := range [][]byte{a, b, gx, gy, pt[1:33], pt[33:65]} {
		za.Write(v)
	}
	e := gmSuite{}.NewHash()
	e.Write(za.Sum(nil))
	e.Write(msg)
	return e.Sum(nil)
}
