// Package jsclient runs the JavaScript client's tests (node --test) from
// go test, against a dev chain started here on 127.0.0.1, so the default
// suite checks the client against a live node.
package jsclient

import (
	"context"
	"encoding/hex"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/pingshan/govchain/internal/api"
	"github.com/pingshan/govchain/internal/cryptosuite"
	"github.com/pingshan/govchain/internal/keyring"
	"github.com/pingshan/govchain/internal/network"
	"github.com/pingshan/govchain/internal/node"
	"github.com/pingshan/govchain/internal/testnet"
)

// TestJSClient: `node --test` over clients/js/test with GOVCHAIN_URL set
// to a live gm dev node and GOVCHAIN_KEY_HEX to its gov-admin key: the
// vectors, the proof checks and the live tests (sign, submit, find by both
// hashes, prove, check the header's signatures against the genesis) all pass. It skips only when Node is not installed
// (scripts/test.sh installs it; with CI set it fails instead).
func TestJSClient(t *testing.T) {
	nodeBin, err := exec.LookPath("node")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("node not found: scripts/test.sh installs Node")
		}
		t.Skip("Node.js is not installed: the JavaScript client's tests need it (scripts/test.sh installs it)")
	}
	installDeps(t)

	home := node.Home(filepath.Join(t.TempDir(), "dev"))
	port, err := testnet.FreeBasePort(1)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := network.Generate(network.Options{ChainID: "pingshan-dev", Suite: "gm", Validators: 1, OutDir: string(home), Single: true, Demo: true,
		HTTPAddr: "127.0.0.1:0", BasePort: port, TimeoutCommit: 150 * time.Millisecond}); err != nil {
		t.Fatal(err)
	}
	lg := slog.New(slog.NewTextHandler(io.Discard, nil))
	n, err := node.Open(home, node.Options{Logger: lg})
	if err != nil {
		t.Fatal(err)
	}
	if err := n.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { n.Stop() })
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if err := n.WaitForHeight(ctx, 2); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(api.New(n, lg).Handler())
	t.Cleanup(srv.Close)

	gm, _ := cryptosuite.ByName(cryptosuite.GM)
	kr, err := keyring.Open(home.KeyringDir(), gm)
	if err != nil {
		t.Fatal(err)
	}
	key, err := kr.Load("gov-admin", "")
	if err != nil {
		t.Fatal(err)
	}

	cmd := exec.Command(nodeBin, "--test", "--test-reporter=spec", "test/")
	cmd.Env = append(os.Environ(), "GOVCHAIN_URL="+srv.URL, "GOVCHAIN_KEY_HEX="+hex.EncodeToString(key.Bytes()),
		"GOVCHAIN_GENESIS="+home.GenesisFile(), "NO_COLOR=1")
	out, err := cmd.CombinedOutput()
	t.Logf("node --test:\n%s", out)
	if err != nil {
		t.Fatalf("node --test failed: %v", err)
	}
}

// installDeps runs `npm ci` when node_modules is missing (scripts/test.sh
// has normally done it): exactly the locked versions.
func installDeps(t *testing.T) {
	if _, err := os.Stat("node_modules/cbor2"); err == nil {
		return
	}
	npm, err := exec.LookPath("npm")
	if err != nil {
		t.Fatal("node is installed but npm is not")
	}
	if out, err := exec.Command(npm, "ci", "--no-audit", "--no-fund").CombinedOutput(); err != nil {
		t.Fatalf("npm ci: %v\n%s", err, out)
	}
}
