package cryptosuite

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPEMRoundTrip: export then import gives the same key in both suites,
// and keys of the other suite, other curves or with a password are refused.
func TestPEMRoundTrip(t *testing.T) {
	for _, name := range []string{GM, Intl} {
		s, _ := ByName(name)
		k, _ := s.GenerateKey()
		p, err := MarshalPKCS8PEM(s, k)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(p, []byte("-----BEGIN PRIVATE KEY-----\n")) {
			t.Fatalf("%s: %s", name, p)
		}
		back, err := ParsePEMPrivateKey(s, p)
		if err != nil || !bytes.Equal(back.Bytes(), k.Bytes()) {
			t.Fatalf("%s: round trip: %v", name, err)
		}
		other, _ := ByName(map[string]string{GM: Intl, Intl: GM}[name])
		if _, err := ParsePEMPrivateKey(other, p); !errors.Is(err, ErrBadKey) {
			t.Errorf("%s key accepted by %s: %v", name, other.Name(), err)
		}
	}
	gm, _ := ByName(GM)
	for _, bad := range []string{"", "not pem", "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n",
		"-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"} {
		if _, err := ParsePEMPrivateKey(gm, []byte(bad)); !errors.Is(err, ErrBadKey) {
			t.Errorf("%q: %v", bad, err)
		}
	}
}

// TestPEMWithOpenSSL: OpenSSL reads an exported key as is and finds the
// same public key; keys OpenSSL generates (PKCS#8 and SEC1) import and
// sign what OpenSSL verifies; a NIST P-256 key is refused by the gm suite.
func TestPEMWithOpenSSL(t *testing.T) {
	bin := requireOpenSSL(t)
	dir := t.TempDir()
	gm, _ := ByName(GM)
	intl, _ := ByName(Intl)

	for _, s := range []Suite{gm, intl} {
		k, _ := s.GenerateKey()
		p, _ := MarshalPKCS8PEM(s, k)
		path := writeFile(t, dir, s.Name()+"-exported.pem", p)
		text, err := runOpenSSL(t, bin, "pkey", "-in", path, "-text", "-noout")
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]string{GM: "SM2", Intl: "ED25519"}[s.Name()]
		if !strings.Contains(strings.ToUpper(string(text)), want) {
			t.Errorf("%s: openssl pkey -text does not show %s:\n%s", s.Name(), want, text)
		}
		if got := openSSLPublicKey(t, bin, dir, path); !bytes.Equal(got, k.Public().Bytes()) {
			t.Errorf("%s: OpenSSL's public key %x, ours %x", s.Name(), got, k.Public().Bytes())
		}
	}

	cases := []struct {
		name  string
		suite Suite
		args  []string
	}{
		{"sm2 genpkey ec", gm, []string{"genpkey", "-algorithm", "ec", "-pkeyopt", "ec_paramgen_curve:SM2"}},
		{"sm2 genpkey SM2", gm, []string{"genpkey", "-algorithm", "SM2"}},
		{"sm2 ecparam sec1", gm, []string{"ecparam", "-name", "SM2", "-genkey"}},
		{"ed25519", intl, []string{"genpkey", "-algorithm", "ED25519"}},
	}
	for i, c := range cases {
		path := filepath.Join(dir, "gen"+string(rune('a'+i))+".pem")
		if _, err := runOpenSSL(t, bin, append(c.args, "-out", path)...); err != nil {
			t.Fatal(err)
		}
		data, _ := os.ReadFile(path)
		k, err := ParsePEMPrivateKey(c.suite, data)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if got := openSSLPublicKey(t, bin, dir, path); !bytes.Equal(got, k.Public().Bytes()) {
			t.Fatalf("%s: public keys differ", c.name)
		}
		msg := []byte("govchain/tx/v1\x00 signed with an OpenSSL-made key")
		sig, _ := k.Sign(msg)
		pubPath := filepath.Join(dir, "pub.pem")
		if _, err := runOpenSSL(t, bin, "pkey", "-in", path, "-pubout", "-out", pubPath); err != nil {
			t.Fatal(err)
		}
		args := []string{"pkeyutl", "-verify", "-pubin", "-inkey", pubPath, "-rawin", "-in", writeFile(t, dir, "msg", msg),
			"-sigfile", writeFile(t, dir, "sig", sig)}
		if c.suite == gm {
			args = append(args, "-digest", "sm3", "-pkeyopt", sm2DistID)
		}
		if out, err := runOpenSSL(t, bin, args...); err != nil || !strings.Contains(string(out), "Success") {
			t.Errorf("%s: OpenSSL does not verify our signature: %v %s", c.name, err, out)
		}
	}

	p256 := filepath.Join(dir, "p256.pem")
	if _, err := runOpenSSL(t, bin, "genpkey", "-algorithm", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", p256); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(p256)
	if _, err := ParsePEMPrivateKey(gm, data); !errors.Is(err, ErrBadKey) {
		t.Errorf("a P-256 key was accepted as SM2: %v", err)
	}
}

// openSSLPublicKey is the public key OpenSSL derives from a private key
// file, in the suite's canonical bytes (the last 65 or 32 bytes of the
// DER SubjectPublicKeyInfo are the point).
func openSSLPublicKey(t *testing.T, bin, dir, keyPath string) []byte {
	t.Helper()
	der := filepath.Join(dir, "pub.der")
	if _, err := runOpenSSL(t, bin, "pkey", "-in", keyPath, "-pubout", "-outform", "DER", "-out", der); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(der)
	if bytes.Contains(b, []byte{0x2b, 0x65, 0x70}) { // OID 1.3.101.112 Ed25519
		return b[len(b)-32:]
	}
	return b[len(b)-65:]
}
