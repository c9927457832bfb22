package app_test

import (
	"context"
	"flag"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	abci "github.com/cometbft/cometbft/abci/types"

	"github.com/pingshan/govchain/internal/app"
	"github.com/pingshan/govchain/internal/apptest"
	"github.com/pingshan/govchain/internal/store"
)

var update = flag.Bool("update", false, "rewrite golden files")

// randomBlocks makes a reproducible mix of good and bad txs over n blocks.
func randomBlocks(c *apptest.Chain, seed int64, n int) [][][]byte {
	r := rand.New(rand.NewSource(seed))
	signers := []string{"nrb-admin", "nrb-clerk", "nrb-observer", "fin-admin", "fin-officer"}
	var blocks [][][]byte
	doc := 0
	for b := 0; b < n; b++ {
		var txs [][]byte
		for i := 0; i < 1+r.Intn(6); i++ {
			who := signers[r.Intn(len(signers))]
			switch r.Intn(5) {
			case 0, 1:
				doc++
				txs = append(txs, c.Sign(who, "notary", "anchor", map[string]string{"doc_hash": docHash(doc), "title": "doc"}))
			case 2: // a duplicate anchor: fails in the handler
				txs = append(txs, c.Sign(who, "notary", "anchor", map[string]string{"doc_hash": docHash(1), "title": "dup"}))
			case 3:
				target := signers[r.Intn(len(signers))]
				action := []string{"suspend_member", "reinstate_member"}[r.Intn(2)]
				txs = append(txs, c.Sign(who, "identity", action, map[string]string{"address": c.Addrs[target], "reason": "rotation"}))
			case 4: // garbage
				txs = append(txs, []byte{byte(r.Intn(256)), 1, 2, 3})
			}
		}
		blocks = append(blocks, txs)
	}
	return blocks
}

// TestDeterminism runs the same random txs through two independent apps and
// compares the app hash after every block.
func TestDeterminism(t *testing.T) {
	forEachSuite(t, func(t *testing.T, suite string) {
		a, b := newTestChain(t, suite), newTestChain(t, suite)
		blocks := randomBlocks(a, 42, 40)
		for i, txs := range blocks {
			ra, rb := a.Block(txs...), b.Block(txs...)
			for j := range ra {
				if ra[j].Code != rb[j].Code {
					t.Fatalf("block %d tx %d: codes %d vs %d", i, j, ra[j].Code, rb[j].Code)
				}
			}
			if a.AppHash() != b.AppHash() {
				t.Fatalf("block %d: app hashes differ: %s vs %s", i, a.AppHash(), b.AppHash())
			}
		}
	})
}

// TestGoldenAppHash pins the state encoding: a change to how any record is
// stored changes this hash and must be a deliberate, versioned decision.
// Regenerate with: go test ./internal/app -run TestGoldenAppHash -update
// (which also regenerates TestGoldenAppHashScenario, the vector that runs
// every action of every module: docs/golden-scenario.md).
func TestGoldenAppHash(t *testing.T) {
	c := newTestChain(t, "intl") // Ed25519 signatures are deterministic
	for _, txs := range randomBlocks(c, 7, 20) {
		c.Block(txs...)
	}
	got := c.AppHash()
	path := filepath.Join("testdata", "golden_apphash_intl.txt")
	if *update {
		if err := os.WriteFile(path, []byte(got+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create)", err)
	}
	if got != strings.TrimSpace(string(want)) {
		t.Fatalf("app hash %s, golden %s: state encoding changed", got, strings.TrimSpace(string(want)))
	}
}

// TestCrashBetweenFinalizeAndCommit: a node that dies after FinalizeBlock
// but before Commit reopens at the previous version and, replaying the same
// block as CometBFT's handshake does, reaches the same app hash.
func TestCrashBetweenFinalizeAndCommit(t *testing.T) {
	forEachSuite(t, func(t *testing.T, suite string) {
		ref := newTestChain(t, suite)
		blocks := randomBlocks(ref, 3, 6)

		dir := t.TempDir()
		db, err := store.Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		o := chainOptions(suite)
		o.Store = db // the same chain on a real database
		disk := apptest.New(t, o)
		for _, txs := range blocks[:5] {
			ref.Block(txs...)
			disk.Block(txs...)
		}
		// Block 7 executes, then the process dies before Commit.
		last := blocks[5]
		if _, err = disk.App.FinalizeBlock(context.Background(), disk.Next(last...)); err != nil {
			t.Fatal(err)
		}
		db.Close()

		db2, err := store.Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		defer db2.Close()
		if db2.Version() != disk.Height() {
			t.Fatalf("reopened at version %d, want %d", db2.Version(), disk.Height())
		}
		restarted, err := app.New(app.Config{ChainID: apptest.ChainID, State: disk.Genesis, Store: db2})
		if err != nil {
			t.Fatal(err)
		}
		info, _ := restarted.Info(context.Background(), &abci.InfoRequest{})
		if info.LastBlockHeight != disk.Height() {
			t.Fatalf("Info height %d, want %d", info.LastBlockHeight, disk.Height())
		}
		disk.Restart(restarted)
		disk.Block(last...)
		ref.Block(last...)
		if disk.AppHash() != ref.AppHash() {
			t.Fatalf("after replay: %s, reference %s", disk.AppHash(), ref.AppHash())
		}
	})
}
