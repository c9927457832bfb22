package cli_test

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pingshan/govchain/internal/cryptosuite"
	"github.com/pingshan/govchain/internal/keyring"
	"github.com/pingshan/govchain/internal/tx"
)

// opensslBin is openssl with SM2, or a skip.
func opensslBin(t *testing.T) string {
	b, err := exec.LookPath("openssl")
	if err != nil {
		t.Skip("no openssl on PATH")
	}
	out, _ := exec.Command(b, "list", "-public-key-algorithms").CombinedOutput()
	if !bytes.Contains(bytes.ToLower(out), []byte("sm2")) {
		t.Skip("openssl lacks SM2")
	}
	return b
}

func mustRun(t *testing.T, name string, args ...string) []byte {
	t.Helper()
	cmd := exec.Command(name, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s%s", filepath.Base(name), strings.Join(args, " "), err, out, stderr.Bytes())
	}
	return out
}

// sslPublicKey is the public key OpenSSL finds in a PEM private key, as
// the suite's raw bytes (the tail of the SubjectPublicKeyInfo).
func sslPublicKey(t *testing.T, ssl, keyPath string, size int) string {
	der := mustRun(t, ssl, "pkey", "-in", keyPath, "-pubout", "-outform", "DER")
	return hex.EncodeToString(der[len(der)-size:])
}

// TestKeysPEMWithOpenSSL: `keys export --format pem` is read by
// `openssl pkey` as is and has the public key `keys show` prints; a key
// OpenSSL generated imports with `keys import`, stays encrypted, and signs
// a transaction that verifies under OpenSSL's view of its public key.
func TestKeysPEMWithOpenSSL(t *testing.T) {
	ssl := opensslBin(t)
	for _, c := range []struct {
		suite, label string
		size         int
		gen          []string
	}{
		{cryptosuite.GM, "SM2", 65, []string{"genpkey", "-algorithm", "ec", "-pkeyopt", "ec_paramgen_curve:SM2"}},
		{cryptosuite.Intl, "ED25519", 32, []string{"genpkey", "-algorithm", "ED25519"}},
	} {
		t.Run(c.suite, func(t *testing.T) {
			dir := t.TempDir()
			kr := filepath.Join(dir, "keyring")
			pass := filepath.Join(dir, "pass")
			os.WriteFile(pass, []byte("correct horse battery staple\n"), 0o600)
			flags := []string{"--keyring-dir", kr, "--suite", c.suite, "--passphrase-file", pass}

			// keys add → export --format pem → openssl pkey.
			var added keyring.Info
			json.Unmarshal(mustRun(t, bin, append([]string{"keys", "add", "clerk"}, flags...)...), &added)
			pemOut := mustRun(t, bin, append([]string{"keys", "export", "clerk", "--format", "pem"}, flags...)...)
			exported := filepath.Join(dir, "exported.pem")
			os.WriteFile(exported, pemOut, 0o600)
			text := mustRun(t, ssl, "pkey", "-in", exported, "-text", "-noout")
			if !strings.Contains(strings.ToUpper(string(text)), c.label) {
				t.Errorf("openssl pkey -text does not show an %s key:\n%s", c.label, text)
			}
			if got := sslPublicKey(t, ssl, exported, c.size); got != added.PublicKey || added.PublicKey == "" {
				t.Errorf("OpenSSL sees public key %s, keys show says %s", got, added.PublicKey)
			}

			// openssl genpkey → keys import → sign a tx.
			made := filepath.Join(dir, "openssl.pem")
			mustRun(t, ssl, append(c.gen, "-out", made)...)
			var imported keyring.Info
			json.Unmarshal(mustRun(t, bin, append([]string{"keys", "import", "officer", "--file", made}, flags...)...), &imported)
			want := sslPublicKey(t, ssl, made, c.size)
			if imported.PublicKey != want {
				t.Fatalf("imported public key %s, OpenSSL's %s", imported.PublicKey, want)
			}
			s, _ := cryptosuite.ByName(c.suite)
			ring, err := keyring.Open(kr, s)
			if err != nil {
				t.Fatal(err)
			}
			key, err := ring.Load("officer", "correct horse battery staple")
			if err != nil {
				t.Fatal(err)
			}
			stored, err := os.ReadFile(filepath.Join(kr, "officer.key"))
			if err != nil || imported.Demo || bytes.Contains(stored, []byte(hex.EncodeToString(key.Bytes()))) {
				t.Fatalf("imported key is not stored encrypted (%v)", err)
			}
			if _, err := ring.Load("officer", "wrong passphrase"); err == nil {
				t.Fatal("imported key opens with a wrong passphrase")
			}
			env, err := tx.Build(key, imported.Address, "pingshan", 0, "notary", "anchor", []byte(`{}`))
			if err != nil {
				t.Fatal(err)
			}
			decoded, err := tx.Decode(env)
			if err != nil {
				t.Fatal(err)
			}
			pubBytes, _ := hex.DecodeString(want)
			pub, err := s.ParsePublicKey(pubBytes)
			if err != nil {
				t.Fatal(err)
			}
			if err := tx.VerifySignature(decoded, pub); err != nil {
				t.Fatalf("tx signed with the imported key: %v", err)
			}
			if cryptosuite.Address(s, pub) != imported.Address {
				t.Fatal("address differs")
			}
		})
	}
}
