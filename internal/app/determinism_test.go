package app

import (
	"context"
	"flag"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"

	"github.com/pingshan/govchain/internal/store"
)

var update = flag.Bool("update", false, "rewrite golden files")

// randomBlocks makes a reproducible mix of good and bad txs over n blocks.
func randomBlocks(c *testChain, seed int64, n int) [][][]byte {
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
				txs = append(txs, c.sign(who, "notary", "anchor", map[string]string{"doc_hash": docHash(doc), "title": "doc"}))
			case 2: // a duplicate anchor: fails in the handler
				txs = append(txs, c.sign(who, "notary", "anchor", map[string]string{"doc_hash": docHash(1), "title": "dup"}))
			case 3:
				target := signers[r.Intn(len(signers))]
				action := []string{"suspend_member", "reinstate_member"}[r.Intn(2)]
				txs = append(txs, c.sign(who, "identity", action, map[string]string{"address": c.addrs[target], "reason": "rotation"}))
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
			ra, rb := a.block(txs...), b.block(txs...)
			for j := range ra {
				if ra[j].Code != rb[j].Code {
					t.Fatalf("block %d tx %d: codes %d vs %d", i, j, ra[j].Code, rb[j].Code)
				}
			}
			if a.appHash() != b.appHash() {
				t.Fatalf("block %d: app hashes differ: %s vs %s", i, a.appHash(), b.appHash())
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
		c.block(txs...)
	}
	got := c.appHash()
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
		disk := newTestChain(t, suite)
		db, err := store.Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		// Re-home the disk chain on a real database from genesis.
		disk.app.store = db
		disk.height = 0
		st := disk.app.genesis
		_, err = disk.app.InitChain(context.Background(), &abci.InitChainRequest{ChainId: testChainID, AppStateBytes: mustJSON(t, st), InitialHeight: 1})
		if err != nil {
			t.Fatal(err)
		}
		disk.block()
		for _, txs := range blocks[:5] {
			ref.block(txs...)
			disk.block(txs...)
		}
		// Block 7 executes, then the process dies before Commit.
		last := blocks[5]
		_, err = disk.app.FinalizeBlock(context.Background(), &abci.FinalizeBlockRequest{Height: disk.height + 1, Txs: last,
			Time: disk.start.Add(time.Duration(disk.height+1) * time.Second)})
		if err != nil {
			t.Fatal(err)
		}
		db.Close()

		db2, err := store.Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		defer db2.Close()
		if db2.Version() != disk.height {
			t.Fatalf("reopened at version %d, want %d", db2.Version(), disk.height)
		}
		restarted, err := New(Config{ChainID: testChainID, State: st, Store: db2})
		if err != nil {
			t.Fatal(err)
		}
		info, _ := restarted.Info(context.Background(), &abci.InfoRequest{})
		if info.LastBlockHeight != disk.height {
			t.Fatalf("Info height %d, want %d", info.LastBlockHeight, disk.height)
		}
		disk.app = restarted
		disk.block(last...)
		ref.block(last...)
		if disk.appHash() != ref.appHash() {
			t.Fatalf("after replay: %s, reference %s", disk.appHash(), ref.appHash())
		}
	})
}
