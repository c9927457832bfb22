package cryptosuite

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// sm2DistID is passed explicitly because OpenSSL 3 otherwise signs with an
// empty ID, which no GM/T 0009 implementation would accept.
const sm2DistID = "distid:1234567812345678"

// requireOpenSSL finds an openssl binary that knows SM2. Missing tooling
// is a skip on a developer machine but a failure in CI, where the image
// is meant to carry it and a skip would hide lost interop coverage.
func requireOpenSSL(t *testing.T) string {
	t.Helper()
	skip := func(why string) string {
		if os.Getenv("CI") == "true" {
			t.Fatalf("OpenSSL SM2 interop test cannot run in CI: %s", why)
		}
		t.Skipf("skipping OpenSSL SM2 interop test: %s (the static vector in TestOpenSSLVector still ran)", why)
		return ""
	}
	bin, err := exec.LookPath("openssl")
	if err != nil {
		return skip("no openssl binary on PATH")
	}
	out, err := exec.Command(bin, "list", "-public-key-algorithms").CombinedOutput()
	if err != nil || !bytes.Contains(bytes.ToLower(out), []byte("sm2")) {
		ver, _ := exec.Command(bin, "version").Output()
		return skip(fmt.Sprintf("%s lacks SM2 (need OpenSSL 3 built with SM2)", strings.TrimSpace(string(ver))))
	}
	return bin
}

func runOpenSSL(t *testing.T, bin string, args ...string) ([]byte, error) {
	t.Helper()
	out, err := exec.Command(bin, args...).CombinedOutput()
	if err != nil {
		return out, fmt.Errorf("openssl %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return out, nil
}

func writeFile(t *testing.T, dir, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

var interopMessages = map[string][]byte{
	"text":   []byte("govchain interop: transfer 10 to alice"),
	"binary": bytes.Repeat([]byte{0x00, 0xff, 0x80, 0x7f}, 300),
	"1 byte": {0x42},
}

// TestOpenSSLSignsWeVerify: a key and signatures made entirely by OpenSSL
// are accepted by the gm suite.
func TestOpenSSLSignsWeVerify(t *testing.T) {
	bin := requireOpenSSL(t)
	dir := t.TempDir()
	keyPath := filepath.Join(dir, "key.pem")
	pubPath := filepath.Join(dir, "pub.pem")
	if _, err := runOpenSSL(t, bin, "genpkey", "-algorithm", "SM2", "-out", keyPath); err != nil {
		t.Fatal(err)
	}
	if _, err := runOpenSSL(t, bin, "pkey", "-in", keyPath, "-pubout", "-out", pubPath); err != nil {
		t.Fatal(err)
	}
	pubPEM, _ := os.ReadFile(pubPath)
	pub, err := gmSuite{}.ParsePublicKey(sm2PublicFromPEM(t, pubPEM))
	if err != nil {
		t.Fatalf("ParsePublicKey of OpenSSL key: %v", err)
	}
	for name, msg := range interopMessages {
		msgPath := writeFile(t, dir, "msg", msg)
		sigPath := filepath.Join(dir, "sig")
		if _, err := runOpenSSL(t, bin, "pkeyutl", "-sign", "-in", msgPath, "-inkey", keyPath,
			"-rawin", "-digest", "sm3", "-pkeyopt", sm2DistID, "-out", sigPath); err != nil {
			t.Fatal(err)
		}
		sig, _ := os.ReadFile(sigPath)
		if !pub.Verify(msg, sig) {
			t.Errorf("%s: OpenSSL signature rejected by gm suite", name)
		}
		if pub.Verify(append(append([]byte(nil), msg...), 0), sig) {
			t.Errorf("%s: OpenSSL signature accepted for a different message", name)
		}
	}

	// The private key must import too, and what we wrap for it OpenSSL
	// must unwrap (and vice versa), so a key can live in either world.
	keyPEM, _ := os.ReadFile(keyPath)
	priv := sm2PrivateFromPEM(t, keyPEM)
	if !bytes.Equal(priv.Public().Bytes(), pub.Bytes()) {
		t.Fatal("imported OpenSSL private key does not match its public key")
	}
	dataKey := []byte("0123456789abcdef")
	ctPath := filepath.Join(dir, "ct")
	if _, err := runOpenSSL(t, bin, "pkeyutl", "-encrypt", "-pubin", "-inkey", pubPath,
		"-in", writeFile(t, dir, "dk", dataKey), "-out", ctPath); err != nil {
		t.Fatal(err)
	}
	ct, _ := os.ReadFile(ctPath)
	if got, err := priv.UnwrapKey(ct); err != nil || !bytes.Equal(got, dataKey) {
		t.Errorf("UnwrapKey of OpenSSL ciphertext = %q, %v", got, err)
	}
}

// TestWeSignOpenSSLVerifies: keys and signatures made by the gm suite are
// accepted by OpenSSL.
func TestWeSignOpenSSLVerifies(t *testing.T) {
	bin := requireOpenSSL(t)
	dir := t.TempDir()
	priv, err := gmSuite{}.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	pubPath := writeFile(t, dir, "pub.pem", sm2PublicToPEM(t, priv.Public()))
	for name, msg := range interopMessages {
		sig, err := priv.Sign(msg)
		if err != nil {
			t.Fatal(err)
		}
		msgPath := writeFile(t, dir, "msg", msg)
		sigPath := writeFile(t, dir, "sig", sig)
		verify := func(msgPath string) error {
			_, err := runOpenSSL(t, bin, "pkeyutl", "-verify", "-in", msgPath, "-pubin", "-inkey", pubPath,
				"-rawin", "-digest", "sm3", "-pkeyopt", sm2DistID, "-sigfile", sigPath)
			return err
		}
		if err := verify(msgPath); err != nil {
			t.Errorf("%s: OpenSSL rejects our signature: %v", name, err)
		}
		// Without this, a broken invocation that "verifies" anything
		// would pass the test.
		if err := verify(writeFile(t, dir, "msg2", append([]byte("x"), msg...))); err == nil {
			t.Errorf("%s: OpenSSL accepted our signature for a different message", name)
		}
	}

	keyPath := writeFile(t, dir, "key.pem", sm2PrivateToPEM(t, priv))
	dataKey := []byte("fedcba9876543210")
	wrapped, err := priv.Public().WrapKey(dataKey)
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "dk")
	if _, err := runOpenSSL(t, bin, "pkeyutl", "-decrypt", "-inkey", keyPath,
		"-in", writeFile(t, dir, "ct", wrapped), "-out", out); err != nil {
		t.Fatalf("OpenSSL cannot unwrap our SM2 ciphertext: %v", err)
	}
	if got, _ := os.ReadFile(out); !bytes.Equal(got, dataKey) {
		t.Errorf("OpenSSL unwrapped %q, want %q", got, dataKey)
	}
}
