package testnet_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pingshan/govchain/internal/network"
	"github.com/pingshan/govchain/internal/node"
	"github.com/pingshan/govchain/internal/testnet"
)

var exportedRe = regexp.MustCompile(`height (\d+) app hash ([0-9a-f]{64})`)

// TestFaultBackupRestoreStateSync, on 4 validators under load taking
// state-sync snapshots every 10 blocks:
//   - `export` of a running node and of a stopped one; both verify;
//   - a lost node (data directory gone) is restored with `import` from the
//     running node's backup — the restored state has the exported app
//     hash — and catches up to the others' app hash;
//   - a new department node set up with `import --statesync` joins by
//     CometBFT state sync from the validators' snapshots, then block
//     sync, and holds every tx; `audit` of it passes.
func TestFaultBackupRestoreStateSync(t *testing.T) {
	nw, keys := faultNet(t, 4, 6, func(_ int, cfg map[string]any) {
		cfg["snapshots"] = map[string]any{"interval": 10, "keep_recent": 3, "chunk_bytes": 16 << 10}
	})
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	dir := t.TempDir()
	l := startLoad(nw, keys, []int{0, 1, 2}, 60*time.Millisecond)
	defer l.stop()
	for l.count() < 150 {
		time.Sleep(50 * time.Millisecond)
	}

	// A running node.
	running := filepath.Join(dir, "running.bak")
	out, err := runCLI("export", "--home", nw.Nodes[0].Home, "--out", running)
	if err != nil || !strings.Contains(out, "running node") {
		t.Fatalf("export of a running node: %v\n%s", err, out)
	}
	m := exportedRe.FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("export output: %s", out)
	}
	exportHeight, exportHash := m[1], m[2]
	t.Logf("%s", strings.TrimSpace(out))
	if out, err := runCLI("import", "--verify-only", running); err != nil {
		t.Fatalf("verify: %v\n%s", err, out)
	}
	// A damaged copy is refused.
	b, _ := os.ReadFile(running)
	b[len(b)/2] ^= 0x10
	damaged := filepath.Join(dir, "damaged.bak")
	os.WriteFile(damaged, b, 0o600)
	if out, err := runCLI("import", "--verify-only", damaged); err == nil {
		t.Fatalf("a damaged backup verifies:\n%s", out)
	} else {
		t.Logf("damaged backup refused: %s", strings.TrimSpace(out))
	}

	// A stopped node.
	if err := nw.Stop(1); err != nil {
		t.Fatal(err)
	}
	stopped := filepath.Join(dir, "stopped.bak")
	out, err = runCLI("export", "--home", nw.Nodes[1].Home, "--out", stopped)
	if err != nil || !strings.Contains(out, "stopped node") {
		t.Fatalf("export of a stopped node: %v\n%s", err, out)
	}
	t.Logf("%s", strings.TrimSpace(out))
	if err := nw.Start(1); err != nil {
		t.Fatal(err)
	}

	// Node 3 loses its data directory; restored from node 0's backup.
	if err := nw.Kill(3); err != nil {
		t.Fatal(err)
	}
	data := filepath.Join(nw.Nodes[3].Home, "data")
	if err := os.RemoveAll(data); err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(data, 0o700)
	out, err = runCLI("import", running, "--home", nw.Nodes[3].Home)
	if err != nil {
		t.Fatalf("import: %v\n%s", err, out)
	}
	if m := exportedRe.FindStringSubmatch(out); m == nil || m[1] != exportHeight || m[2] != exportHash {
		t.Fatalf("import restored something else than was exported (height %s, app hash %s):\n%s", exportHeight, exportHash, out)
	}
	t.Logf("%s", strings.TrimSpace(out))
	if err := nw.Start(3); err != nil {
		t.Fatal(err)
	}
	top, _, _ := status(ctx, nw, 0)
	if err := nw.WaitReady(ctx, 3, top); err != nil {
		t.Fatal(err)
	}
	if _, _, err := sameAppHashOn(ctx, nw, []int{0, 1, 2, 3}); err != nil {
		t.Fatal(err)
	}
	t.Logf("restored node 3 (from height %s) caught up to %d", exportHeight, top)

	// A new node joins by state sync.
	base, err := testnet.FreeBasePort(1)
	if err != nil {
		t.Fatal(err)
	}
	var peers []string
	for _, n := range nw.Nodes {
		peers = append(peers, n.NodeID+"@"+n.P2P)
	}
	joinHome := filepath.Join(dir, "node4")
	out, err = runCLI("import", "--statesync", "--home", joinHome, "--genesis", node.Home(nw.Nodes[0].Home).GenesisFile(),
		"--peers", strings.Join(peers, ","), "--rpc-servers", nw.Nodes[0].RPC+","+nw.Nodes[1].RPC, "--department", "eeb",
		"--base-port", fmt.Sprint(base), "--http", fmt.Sprintf("127.0.0.1:%d", base+2))
	if err != nil {
		t.Fatalf("import --statesync: %v\n%s", err, out)
	}
	t.Logf("%s", strings.TrimSpace(out))
	patchAppConfig(t, node.Home(joinHome), map[string]any{"snapshots": map[string]any{"interval": 0}})
	nodeID := regexp.MustCompile(`node id ([0-9a-f]{40})`).FindStringSubmatch(out)
	nw.Nodes = append(nw.Nodes, &testnet.Node{Index: 4, NodeInfo: network.NodeInfo{Home: joinHome, Department: "eeb",
		API: fmt.Sprintf("http://127.0.0.1:%d", base+2), RPC: fmt.Sprintf("http://127.0.0.1:%d", base+1),
		P2P: fmt.Sprintf("127.0.0.1:%d", base), NodeID: nodeID[1]}})
	joinStart := time.Now()
	if err := nw.Start(4); err != nil {
		t.Fatal(err)
	}
	top, _, _ = status(ctx, nw, 0)
	if err := nw.WaitReady(ctx, 4, top); err != nil {
		t.Fatal(err)
	}
	joined := time.Since(joinStart)
	l.stop()
	committed, _, errs, refused := l.snapshot()
	requireOnAll(t, ctx, nw, []int{0, 1, 2, 3, 4}, committed)
	height, appHash, err := sameAppHashOn(ctx, nw, []int{0, 1, 2, 3, 4})
	if err != nil {
		t.Fatal(err)
	}
	if err := nw.Stop(4); err != nil {
		t.Fatal(err)
	}
	exit, rep, aout := runAudit(t, joinHome)
	if exit != 0 {
		t.Fatalf("audit of the state-synced node:\n%s", aout)
	}
	// State sync leaves no blocks before the snapshot.
	if rep.Blocks.From <= 1 {
		t.Fatalf("node 4 did not start from a snapshot (its blocks start at %d):\n%s", rep.Blocks.From, aout)
	}
	restored := rep.Blocks.From - 1
	t.Logf("FIGURES backup/statesync: running-node backup at height %s restored into a wiped node that caught up to %d; new node state-synced from the snapshot at height %d and caught up to height %d in %s; txs reported committed %d, found on all 5 nodes; client errors %d, refusals %d; all at height %d app hash %.16s…; audit of the joined node OK (blocks %d-%d, notes %q)",
		exportHeight, top, restored, top, joined.Round(time.Millisecond), len(committed), errs, refused, height, appHash, rep.Blocks.From, rep.Blocks.To, rep.Notes)
}
