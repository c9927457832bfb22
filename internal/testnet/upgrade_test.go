package testnet_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	cmtcfg "github.com/cometbft/cometbft/config"

	"github.com/pingshan/govchain/internal/api"
	"github.com/pingshan/govchain/internal/client"
	"github.com/pingshan/govchain/internal/cryptosuite"
	"github.com/pingshan/govchain/internal/keyring"
	"github.com/pingshan/govchain/internal/module/governance"
	"github.com/pingshan/govchain/internal/network"
	"github.com/pingshan/govchain/internal/node"
	"github.com/pingshan/govchain/internal/testnet"
	"github.com/pingshan/govchain/internal/upgrade"
)

// TestSoftwareUpgrade: on a 4-node testnet whose nodes run as a binary
// that does not know upgrade v3, the departments pass a software_upgrade
// proposal for height H; every node stops at H naming the upgrade (exit 4)
// having executed nothing of H. Three restarted with the binary that knows
// v3 migrate at H and continue with one app hash, the app version 3 in
// Info and in the block headers after H. Node 3, its data wiped, syncs
// from genesis and replays across the upgrade to the same app hash; a
// consensus.block proposal then reaches CometBFT's parameters; the audit
// of a stopped node is clean across it all.
func TestSoftwareUpgrade(t *testing.T) {
	if testing.Short() {
		t.Skip("starts node processes")
	}
	nw, err := testnet.Create(bin, t.TempDir(), network.Options{Suite: cryptosuite.GM, Validators: 4, TimeoutCommit: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range nw.Nodes {
		patchAppConfig(t, node.Home(n.Home), map[string]any{"snapshots": map[string]any{"interval": 0}})
		conf, err := node.LoadCometConfig(node.Home(n.Home))
		if err != nil {
			t.Fatal(err)
		}
		conf.Consensus.TimeoutPropose = 800 * time.Millisecond
		cmtcfg.WriteConfigFile(node.Home(n.Home).ConfigFile(), conf)
	}
	t.Cleanup(func() {
		for i := range nw.Nodes {
			_ = nw.Kill(i)
		}
	})
	old := []string{"--forget-upgrade", upgrade.V3}
	for i := range nw.Nodes {
		if err := nw.StartWith(i, old...); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	for i := range nw.Nodes {
		if err := nw.WaitReady(ctx, i, 2); err != nil {
			t.Fatal(err)
		}
	}

	// Six of the seven departments decide (the upgrade policy wants 3/4 of
	// the weight to vote).
	signers := map[string]*client.Signer{}
	for _, who := range []string{"gov-admin", "nrb-admin", "fin-admin", "eeb-admin", "hub-admin", "gsd-admin"} {
		signers[who] = adminSigner(t, ctx, nw, who)
	}
	top, _, _ := status(ctx, nw, 0)
	at := top + 30
	res, err := signers["gov-admin"].Send(ctx, "governance", "propose", map[string]any{"type": governance.TypeUpgrade,
		"payload": map[string]any{"name": upgrade.V3, "height": at, "info": "govchain v3 binary"}})
	if err != nil || res.Code != 0 {
		t.Fatalf("propose: %v %+v", err, res)
	}
	const id = 1 // the chain's first proposal
	for _, who := range []string{"nrb-admin", "fin-admin", "eeb-admin", "hub-admin", "gsd-admin"} {
		res, err := signers[who].Send(ctx, "governance", "vote", map[string]any{"proposal": id, "choice": "yes"})
		if err != nil || res.Code != 0 {
			t.Fatalf("vote %s: %v %+v", who, err, res)
		}
	}
	var p governance.Proposal
	if err := nw.Client(0).Get(ctx, fmt.Sprintf("/api/v1/gov/proposals/%d", id), &p); err != nil || p.State != governance.StatePassed {
		t.Fatalf("proposal %d: %v state %q (%s)", id, err, p.State, p.Result)
	}
	t.Logf("upgrade %s scheduled at height %d by proposal %d", upgrade.V3, at, id)

	// Every old binary that learns block H stops there, naming the
	// upgrade, having executed nothing of H. A node that exits the moment
	// it sees H's commit may not have gossiped its precommit yet, so the
	// others can be left waiting at H with too few live peers to ever
	// learn it (the same is true of Cosmos's x/upgrade halt): they must
	// simply not commit past H-1, and catch up from a stopped node's
	// block store once the nodes run the new binary. At least one node
	// stops at H, because H was decided.
	exited := map[int]bool{}
	deadline := time.Now().Add(90 * time.Second)
	for len(exited) < len(nw.Nodes) && time.Now().Before(deadline) {
		for i := range nw.Nodes {
			if !exited[i] && waitExit(nw, i, 50*time.Millisecond) {
				exited[i] = true
			}
		}
		if len(exited) > 0 && time.Until(deadline) > 20*time.Second {
			deadline = time.Now().Add(20 * time.Second) // the rest, if behind, may never get block H
		}
	}
	if len(exited) == 0 {
		t.Fatalf("no node stopped at the upgrade height; log of node 0:\n%s", nw.LogTail(0, 20))
	}
	for i := range nw.Nodes {
		if exited[i] {
			continue
		}
		_ = nw.Stop(i)
		if h := committedHeight(t, nw, i); h >= at {
			t.Fatalf("node %d committed %d on the old binary, past the upgrade at %d", i, h, at)
		}
		t.Logf("node %d never learnt block %d before the others stopped; it stays below it", i, at)
	}
	for i := range nw.Nodes {
		if !exited[i] {
			continue
		}
		logs := nw.LogTail(i, 40)
		if !strings.Contains(logs, fmt.Sprintf("STOPPED FOR UPGRADE %q at height %d", upgrade.V3, at)) {
			t.Fatalf("node %d did not name the upgrade; log:\n%s", i, logs)
		}
		if h := committedHeight(t, nw, i); h != at-1 {
			t.Fatalf("node %d stopped with state at %d, want %d", i, h, at-1)
		}
	}
	t.Logf("old binaries: %d of 4 stopped at %d naming %s, the rest below it", len(exited), at, upgrade.V3)

	// Three restart with the new binary and continue.
	for i := 0; i < 3; i++ {
		if err := nw.Start(i); err != nil {
			t.Fatal(err)
		}
	}
	for i := 0; i < 3; i++ {
		if err := nw.WaitReady(ctx, i, at+3); err != nil {
			t.Fatal(err)
		}
	}
	h, hash, err := sameAppHashOn(ctx, nw, []int{0, 1, 2})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("after the upgrade: height %d app hash %s on nodes 0-2", h, hash)
	for i := 0; i < 3; i++ {
		if v := rpcAppVersion(t, ctx, nw, i, "/abci_info", "response", "app_version"); v != "3" {
			t.Fatalf("node %d Info app version %q, want 3", i, v)
		}
	}
	if v := rpcAppVersion(t, ctx, nw, 0, fmt.Sprintf("/header?height=%d", at+1), "header", "version", "app"); v != "3" {
		t.Fatalf("block %d header app version %q, want 3", at+1, v)
	}
	if v := rpcAppVersion(t, ctx, nw, 0, fmt.Sprintf("/header?height=%d", at-1), "header", "version", "app"); v != "2" {
		t.Fatalf("block %d header app version %q, want 2", at-1, v)
	}

	var uv api.UpgradesView
	if err := nw.Client(0).Get(ctx, "/api/v1/gov/upgrades", &uv); err != nil || uv.AppVersion != 3 || uv.Pending != nil ||
		len(uv.Applied) != 1 || uv.Applied[0].Name != upgrade.V3 || uv.Applied[0].Height != at {
		t.Fatalf("/api/v1/gov/upgrades: %v %+v", err, uv)
	}

	// Node 3 loses its data and syncs from genesis across the upgrade.
	data := filepath.Join(nw.Nodes[3].Home, "data")
	entries, _ := os.ReadDir(data)
	for _, e := range entries {
		if e.Name() != "priv_validator_state.json" {
			if err := os.RemoveAll(filepath.Join(data, e.Name())); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := nw.Start(3); err != nil {
		t.Fatal(err)
	}
	top, _, _ = status(ctx, nw, 0)
	if err := nw.WaitReady(ctx, 3, top); err != nil {
		t.Fatal(err)
	}
	if _, _, err := sameAppHashOn(ctx, nw, []int{0, 1, 2, 3}); err != nil {
		t.Fatal(err)
	}
	t.Logf("node 3 synced from genesis across the upgrade to height %d", top)

	// A consensus.block proposal after the upgrade reaches CometBFT, and
	// the app version stays 3.
	res, err = signers["gov-admin"].Send(ctx, "governance", "propose", map[string]any{"type": governance.TypeParam,
		"payload": map[string]any{"name": governance.ParamConsensusBlock, "value": map[string]any{"max_bytes": 2 << 20, "max_gas": -1}}})
	if err != nil || res.Code != 0 {
		t.Fatalf("propose consensus.block: %v %+v", err, res)
	}
	for _, who := range []string{"nrb-admin", "fin-admin", "eeb-admin", "hub-admin"} {
		if res, err := signers[who].Send(ctx, "governance", "vote", map[string]any{"proposal": 2, "choice": "yes"}); err != nil || res.Code != 0 {
			t.Fatalf("vote %s: %v %+v", who, err, res)
		}
	}
	h, _, _ = status(ctx, nw, 1)
	if err := nw.WaitReady(ctx, 1, h+2); err != nil {
		t.Fatal(err)
	}
	if v := rpcAppVersion(t, ctx, nw, 1, "/consensus_params", "consensus_params", "block", "max_bytes"); v != "2097152" {
		t.Fatalf("block max_bytes after the proposal: %q, want 2097152", v)
	}
	if v := rpcAppVersion(t, ctx, nw, 1, fmt.Sprintf("/header?height=%d", h+1), "header", "version", "app"); v != "3" {
		t.Fatalf("app version after a consensus parameter update: %q, want 3", v)
	}

	// The audit replays across the upgrade.
	if err := nw.Stop(2); err != nil {
		t.Fatal(err)
	}
	exit, rep, out := runAudit(t, nw.Nodes[2].Home)
	if exit != 0 || !rep.OK {
		t.Fatalf("audit across the upgrade: exit %d\n%s", exit, out)
	}
	if rep.Replayed.To < at {
		t.Fatalf("audit replayed to %d, not across %d", rep.Replayed.To, at)
	}
	t.Logf("audit clean, replayed %d-%d", rep.Replayed.From, rep.Replayed.To)
}

// adminSigner loads a demo staff key from its department's node home or
// key bundle.
func adminSigner(t *testing.T, ctx context.Context, nw *testnet.Network, name string) *client.Signer {
	t.Helper()
	dept, _, _ := strings.Cut(name, "-")
	dir := network.KeyBundleDir(nw.Dir, dept)
	for _, n := range nw.Nodes {
		if n.Department == dept {
			dir = node.Home(n.Home).KeyringDir()
		}
	}
	kr, err := keyring.Open(dir, nw.Suite)
	if err != nil {
		t.Fatal(err)
	}
	k, err := kr.Load(name, "")
	if err != nil {
		t.Fatalf("key %s: %v", name, err)
	}
	s, err := client.NewSigner(ctx, nw.Client(0), k, nw.Suite)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// committedHeight is a stopped node's last committed state version, from
// its audit report.
func committedHeight(t *testing.T, nw *testnet.Network, i int) int64 {
	t.Helper()
	out, _ := exec.Command(bin, "audit", "--home", nw.Nodes[i].Home, "--json").Output()
	var rep struct {
		StateVersions struct{ From, To int64 } `json:"state_versions"`
	}
	if err := json.Unmarshal(out, &rep); err != nil || rep.StateVersions.To == 0 {
		t.Fatalf("audit of node %d: %v\n%s", i, err, out)
	}
	return rep.StateVersions.To
}

// rpcAppVersion reads a string field at path from a CometBFT RPC answer.
func rpcAppVersion(t *testing.T, ctx context.Context, nw *testnet.Network, i int, route string, path ...string) string {
	t.Helper()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, strings.Replace(nw.Nodes[i].RPC, "tcp://", "http://", 1)+route, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var v any
	if err := json.NewDecoder(resp.Body).Decode(&v); err != nil {
		t.Fatal(err)
	}
	cur := v.(map[string]any)["result"]
	for _, k := range path {
		m, ok := cur.(map[string]any)
		if !ok {
			t.Fatalf("%s: no %v in the answer", route, path)
		}
		cur = m[k]
	}
	return fmt.Sprint(cur)
}
