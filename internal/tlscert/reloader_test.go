package tlscert

import (
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"io"
	"log"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pingshan/govchain/internal/atomicfile"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
)

func issue(t *testing.T, ca *CA, kt KeyType, validity time.Duration) (certPEM, keyPEM []byte) {
	t.Helper()
	c, k, err := ca.Issue("node0", []string{"127.0.0.1", "localhost"}, kt, validity)
	if err != nil {
		t.Fatal(err)
	}
	return c, k
}

func writePair(t *testing.T, dir string, c, k []byte) (string, string) {
	t.Helper()
	cf, kf := filepath.Join(dir, "node.crt"), filepath.Join(dir, "node.key")
	if err := atomicfile.Write(kf, k, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := atomicfile.Write(cf, c, 0o644); err != nil {
		t.Fatal(err)
	}
	return cf, kf
}

func serialOf(t *testing.T, certPEM []byte) string {
	t.Helper()
	leaf, err := tlsPEMLeaf(certPEM)
	if err != nil {
		t.Fatal(err)
	}
	return leaf.SerialNumber.String()
}

// TestReloaderSwap: a renewed pair written over the old files is served
// from the next handshake after the stat interval; a broken renewal keeps
// the previous certificate and counts an error.
func TestReloaderSwap(t *testing.T) {
	for _, kt := range []KeyType{ECDSAP256, Ed25519} {
		t.Run(string(kt), func(t *testing.T) {
			ca, err := NewCA(kt, time.Hour)
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			c1, k1 := issue(t, ca, kt, time.Hour)
			cf, kf := writePair(t, dir, c1, k1)
			r, err := NewReloader(cf, kf, 0, slog.New(slog.DiscardHandler))
			if err != nil {
				t.Fatal(err)
			}
			clock := time.Now()
			r.now = func() time.Time { return clock }
			first := r.Leaf().SerialNumber.String()
			if want := serialOf(t, c1); first != want {
				t.Fatalf("serving %s, want %s", first, want)
			}
			c2, k2 := issue(t, ca, kt, 2*time.Hour)
			writePair(t, dir, c2, k2)
			if got := r.Leaf().SerialNumber.String(); got != first {
				t.Fatalf("reloaded within the stat interval: %s", got)
			}
			clock = clock.Add(2 * statEvery)
			if got, want := r.Leaf().SerialNumber.String(), serialOf(t, c2); got != want {
				t.Fatalf("after renewal serving %s, want %s", got, want)
			}
			// A certificate whose key does not match: refused, previous kept.
			c3, _ := issue(t, ca, kt, 3*time.Hour)
			if err := atomicfile.Write(cf, c3, 0o644); err != nil {
				t.Fatal(err)
			}
			clock = clock.Add(2 * statEvery)
			if got, want := r.Leaf().SerialNumber.String(), serialOf(t, c2); got != want {
				t.Fatalf("after a broken renewal serving %s, want the previous %s", got, want)
			}
			if r.loadErrs != 1 {
				t.Fatalf("load errors %d, want 1", r.loadErrs)
			}
		})
	}
}

// TestReloaderServesTLS13Only: a real HTTPS server with the reloader
// answers a client trusting the CA and refuses TLS 1.2.
func TestReloaderServesTLS13Only(t *testing.T) {
	ca, err := NewCA(ECDSAP256, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	c, k := issue(t, ca, ECDSAP256, time.Hour)
	cf, kf := writePair(t, t.TempDir(), c, k)
	r, err := NewReloader(cf, kf, 0, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	ln, err := tls.Listen("tcp", "127.0.0.1:0", r.Config())
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.Write([]byte("ok")) }),
		ErrorLog: log.New(io.Discard, "", 0)}
	go srv.Serve(ln)
	defer srv.Close()
	url := "https://" + ln.Addr().String()
	pool := x509.NewCertPool()
	pool.AddCert(ca.Cert)
	for _, tc := range []struct {
		name   string
		max    uint16
		wantOK bool
	}{{"tls1.3", tls.VersionTLS13, true}, {"tls1.2", tls.VersionTLS12, false}} {
		t.Run(tc.name, func(t *testing.T) {
			cl := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, MaxVersion: tc.max}}}
			resp, err := cl.Get(url)
			if (err == nil) != tc.wantOK {
				t.Fatalf("got err %v, want ok=%v", err, tc.wantOK)
			}
			if err == nil {
				resp.Body.Close()
			}
		})
	}
}

// TestExpiryMetrics: the expiry timestamp is exported and the expiring
// flag rises inside the warning window.
func TestExpiryMetrics(t *testing.T) {
	ca, err := NewCA(ECDSAP256, 48*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	c, k := issue(t, ca, ECDSAP256, 24*time.Hour)
	cf, kf := writePair(t, t.TempDir(), c, k)
	var logs bytes.Buffer
	r, err := NewReloader(cf, kf, 48*time.Hour, slog.New(slog.NewTextHandler(&logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	reg := prometheus.NewRegistry()
	if err := r.Register(reg); err != nil {
		t.Fatal(err)
	}
	want := r.Leaf().NotAfter.Unix()
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]float64{}
	for _, mf := range mfs {
		got[mf.GetName()] = mf.GetMetric()[0].GetGauge().GetValue()
	}
	if int64(got["govchain_tls_cert_not_after_timestamp_seconds"]) != want {
		t.Fatalf("not_after metric %v, want %d", got["govchain_tls_cert_not_after_timestamp_seconds"], want)
	}
	if got["govchain_tls_cert_expiring"] != 1 {
		t.Fatalf("expiring = %v inside the window, want 1", got["govchain_tls_cert_expiring"])
	}
	if !strings.Contains(logs.String(), "expires soon") {
		t.Fatalf("no expiry warning logged:\n%s", logs.String())
	}
	if probs, err := testutil.GatherAndLint(reg); err != nil || len(probs) > 0 {
		t.Fatalf("lint: %v %v", err, probs)
	}
	_ = os.Remove(cf)
	if r.Leaf() == nil {
		t.Fatal("a removed file dropped the certificate being served")
	}
}
