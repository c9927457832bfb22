package cli_test

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestDevOverTLS: a dev node started with certificates from `govchain
// certs` answers HTTPS (TLS 1.3 only) to a client trusting the dev CA and
// to `curl --cacert`, exports the certificate's expiry at /metrics,
// redirects plain HTTP, and after `govchain certs` renews the certificate
// on disk the next connection gets the new one from the same process.
func TestDevOverTLS(t *testing.T) {
	dir := t.TempDir()
	certs := filepath.Join(dir, "certs")
	if out, code := run(t, "certs", "--out", certs, "--node", "node0=127.0.0.1,localhost"); code != 0 {
		t.Fatalf("certs: %s", out)
	}
	addr, plain := freeAddr(t), freeAddr(t)
	cmd := exec.Command(bin, "dev", "--home", filepath.Join(dir, "dev"), "--http", addr, "--base-port", fmt.Sprint(basePort(t)),
		"--tls-cert", filepath.Join(certs, "node0.crt"), "--tls-key", filepath.Join(certs, "node0.key"), "--http-redirect", plain)
	logPath := filepath.Join(dir, "dev.log")
	logf, _ := os.Create(logPath)
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	go func() { cmd.Wait(); close(exited) }()
	defer func() {
		cmd.Process.Signal(syscall.SIGINT)
		select {
		case <-exited:
		case <-time.After(20 * time.Second):
			cmd.Process.Kill()
		}
		if t.Failed() {
			b, _ := os.ReadFile(logPath)
			t.Logf("dev log:\n%s", b)
		}
	}()

	caPEM, err := os.ReadFile(filepath.Join(certs, "ca.crt"))
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(caPEM)
	// A fresh connection per request: the renewal is seen on a new handshake.
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{DisableKeepAlives: true, TLSClientConfig: &tls.Config{RootCAs: pool}}}
	get := func(path string) (*http.Response, string) {
		t.Helper()
		resp, err := client.Get("https://" + addr + path)
		if err != nil {
			t.Fatalf("GET %s: %v", path, err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp, string(b)
	}
	deadline := time.Now().Add(90 * time.Second)
	for {
		resp, err := client.Get("https://" + addr + "/healthz")
		if err == nil {
			resp.Body.Close()
			break
		}
		select {
		case <-exited:
			t.Fatal("dev exited")
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("no HTTPS answer within 90s: %v", err)
		}
		time.Sleep(200 * time.Millisecond)
	}
	resp, _ := get("/healthz")
	if resp.TLS.Version != tls.VersionTLS13 {
		t.Fatalf("TLS version %x, want 1.3", resp.TLS.Version)
	}
	first := resp.TLS.PeerCertificates[0]

	t.Run("tls1.2 refused", func(t *testing.T) {
		c := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, MaxVersion: tls.VersionTLS12}}}
		if resp, err := c.Get("https://" + addr + "/healthz"); err == nil {
			resp.Body.Close()
			t.Fatal("a TLS 1.2 client was served")
		}
	})
	t.Run("curl --cacert", func(t *testing.T) {
		curl, err := exec.LookPath("curl")
		if err != nil {
			t.Skip("curl not installed")
		}
		out, err := exec.Command(curl, "-sS", "--fail", "--cacert", filepath.Join(certs, "ca.crt"), "https://"+addr+"/healthz").CombinedOutput()
		if err != nil {
			t.Fatalf("curl: %v\n%s", err, out)
		}
		if out, err := exec.Command(curl, "-sS", "--fail", "https://"+addr+"/healthz").CombinedOutput(); err == nil {
			t.Fatalf("curl without the CA trusted the dev certificate: %s", out)
		}
	})
	t.Run("expiry metric", func(t *testing.T) {
		_, body := get("/metrics")
		want := fmt.Sprintf("govchain_tls_cert_not_after_timestamp_seconds %g", float64(first.NotAfter.Unix()))
		if !strings.Contains(body, want) {
			t.Fatalf("/metrics lacks %q", want)
		}
	})
	t.Run("plain HTTP redirected", func(t *testing.T) {
		c := &http.Client{Timeout: 5 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		resp, err := c.Get("http://" + plain + "/portal?x=1")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		_, port, _ := net.SplitHostPort(addr)
		if want := "https://127.0.0.1:" + port + "/portal?x=1"; resp.StatusCode != http.StatusPermanentRedirect || resp.Header.Get("Location") != want {
			t.Fatalf("redirect: %d %q, want 308 %q", resp.StatusCode, resp.Header.Get("Location"), want)
		}
		// The API port itself speaks no plain HTTP.
		if resp, err := c.Get("http://" + addr + "/healthz"); err == nil {
			ok := resp.StatusCode == http.StatusOK
			resp.Body.Close()
			if ok {
				t.Fatal("the HTTPS port answered plain HTTP with 200")
			}
		}
	})
	t.Run("renewed certificate without restart", func(t *testing.T) {
		if out, code := run(t, "certs", "--out", certs, "--node", "node0=127.0.0.1,localhost"); code != 0 {
			t.Fatalf("certs renew: %s", out)
		}
		deadline := time.Now().Add(10 * time.Second)
		for {
			resp, _ := get("/healthz")
			got := resp.TLS.PeerCertificates[0]
			if got.SerialNumber.Cmp(first.SerialNumber) != 0 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("still served serial %s 10s after renewal", got.SerialNumber)
			}
			time.Sleep(300 * time.Millisecond)
		}
		select {
		case <-exited:
			t.Fatal("the node restarted or exited")
		default:
		}
	})
}
