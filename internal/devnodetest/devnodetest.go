// Package devnodetest starts a real one-validator gm dev node for tests
// that need a live chain with its JSON API (not the portal): the same home
// `govchain dev` writes, demo staff included, on free 127.0.0.1 ports in
// the test's temp directory, stopped when the test ends.
package devnodetest

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
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

// ChainID is the dev chain's ID.
const ChainID = "pingshan-dev"

// Dev is a started dev node and its API server.
type Dev struct {
	Home  node.Home
	Node  *node.Node
	API   *httptest.Server
	Suite cryptosuite.Suite
}

// Start generates a dev home, starts its node, waits for height 2 (the
// demo accounts exist by then) and serves its JSON API; everything stops
// at the test's cleanup. wait bounds the start.
func Start(t testing.TB, wait time.Duration) *Dev {
	t.Helper()
	home := node.Home(filepath.Join(t.TempDir(), "dev"))
	port, err := testnet.FreeBasePort(1)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := network.Generate(network.Options{ChainID: ChainID, Suite: cryptosuite.GM, Validators: 1, OutDir: string(home), Single: true, Demo: true,
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
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	if err := n.WaitForHeight(ctx, 2); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(api.New(n, lg).Handler())
	t.Cleanup(srv.Close)
	gm, err := cryptosuite.ByName(cryptosuite.GM)
	if err != nil {
		t.Fatal(err)
	}
	return &Dev{Home: home, Node: n, API: srv, Suite: gm}
}

// Key loads a demo account's key from the home's keyring (demo keys have
// no passphrase).
func (d *Dev) Key(t testing.TB, name string) cryptosuite.PrivateKey {
	t.Helper()
	kr, err := keyring.Open(d.Home.KeyringDir(), d.Suite)
	if err != nil {
		t.Fatal(err)
	}
	key, err := kr.Load(name, "")
	if err != nil {
		t.Fatal(err)
	}
	return key
}
