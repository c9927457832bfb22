package cli_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestLegacyTrustProxyRefused (issue #10 item 4): a node started with the
// old GOVCHAIN_TRUST_PROXY=1, which believed any client's X-Forwarded-For,
// stops at start with an error naming the setting that replaces it.
func TestLegacyTrustProxyRefused(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "dev", "--home", filepath.Join(t.TempDir(), "dev"), "--http", freeAddr(t), "--base-port", fmt.Sprint(basePort(t)))
	cmd.Env = append(os.Environ(), "GOVCHAIN_TRUST_PROXY=1")
	out, err := cmd.CombinedOutput()
	if err == nil || ctx.Err() != nil {
		t.Fatalf("dev started (or hung) with GOVCHAIN_TRUST_PROXY=1: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "GOVCHAIN_TRUSTED_PROXIES") {
		t.Fatalf("the error does not name GOVCHAIN_TRUSTED_PROXIES:\n%s", out)
	}
}

// TestConnectionMetrics: the connection caps' gauge and counter are at
// /metrics of a running node.
func TestConnectionMetrics(t *testing.T) {
	addr := freeAddr(t)
	cmd := startDev(t, filepath.Join(t.TempDir(), "dev"), addr)
	defer stopDev(t, cmd)
	r, err := http.Get("http://" + addr + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer r.Body.Close()
	b, _ := io.ReadAll(r.Body)
	for _, want := range []string{"\ngovchain_http_connections_open ", "\ngovchain_http_connections_refused_total 0"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
	if r.Header.Get("X-Content-Type-Options") != "nosniff" {
		t.Error("/metrics without nosniff")
	}
}
