package tlscert

import (
	"crypto/x509"
	"encoding/pem"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func caPEMs(t testing.TB, kt KeyType) (certPEM, keyPEM []byte) {
	t.Helper()
	ca, err := NewCA(kt, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := ca.Save(dir); err != nil {
		t.Fatal(err)
	}
	c, _ := os.ReadFile(filepath.Join(dir, CACertFile))
	k, _ := os.ReadFile(filepath.Join(dir, CAKeyFile))
	return c, k
}

// TestCARoundTrip: a saved CA loads back and issues certificates that
// verify against it for their hosts, both key types; a key of another CA
// is refused.
func TestCARoundTrip(t *testing.T) {
	for _, kt := range []KeyType{ECDSAP256, Ed25519} {
		t.Run(string(kt), func(t *testing.T) {
			c, k := caPEMs(t, kt)
			ca, err := ParseCA(c, k)
			if err != nil {
				t.Fatal(err)
			}
			certPEM, _, err := ca.Issue("node0", []string{"127.0.0.1", "nrb.gov.local"}, kt, time.Hour)
			if err != nil {
				t.Fatal(err)
			}
			blk, _ := pem.Decode(certPEM)
			leaf, err := x509.ParseCertificate(blk.Bytes)
			if err != nil {
				t.Fatal(err)
			}
			pool := x509.NewCertPool()
			pool.AddCert(ca.Cert)
			for _, host := range []string{"127.0.0.1", "nrb.gov.local"} {
				if _, err := leaf.Verify(x509.VerifyOptions{Roots: pool, DNSName: host}); err != nil {
					t.Errorf("verify for %s: %v", host, err)
				}
			}
			if leaf.Subject.Organization[0] != DevLabel {
				t.Errorf("organisation %q, want the dev label", leaf.Subject.Organization)
			}
			_, otherKey := caPEMs(t, kt)
			if _, err := ParseCA(c, otherKey); err == nil {
				t.Error("a CA with another CA's key was accepted")
			}
		})
	}
	if _, err := NewCA("rsa", time.Hour); err == nil {
		t.Error("an unknown key type was accepted")
	}
}

// FuzzParseCA: any bytes in ca.crt / ca.key give a CA or an error, never
// a panic.
func FuzzParseCA(f *testing.F) {
	c, k := caPEMs(f, ECDSAP256)
	f.Add(c, k)
	c2, k2 := caPEMs(f, Ed25519)
	f.Add(c2, k2)
	f.Add(c, k2)
	f.Add([]byte("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"), k)
	f.Add([]byte{}, []byte{})
	f.Fuzz(func(t *testing.T, certPEM, keyPEM []byte) {
		ca, err := ParseCA(certPEM, keyPEM)
		if err == nil && (ca.Cert == nil || ca.Key == nil) {
			t.Fatal("nil CA without an error")
		}
	})
}
