// Package jsclient runs the JavaScript client's tests (node --test) from
// go test, against a dev chain started here on 127.0.0.1, so the default
// suite checks the client against a live node.
package jsclient

import (
	"encoding/hex"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/pingshan/govchain/internal/devnodetest"
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

	d := devnodetest.Start(t, 60*time.Second)
	home, srv, key := d.Home, d.API, d.Key(t, "gov-admin")

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
