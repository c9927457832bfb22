package testnet_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	cmtcfg "github.com/cometbft/cometbft/config"

	"github.com/pingshan/govchain/internal/api"
	"github.com/pingshan/govchain/internal/client"
	"github.com/pingshan/govchain/internal/cryptosuite"
	"github.com/pingshan/govchain/internal/keyring"
	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/module/governance"
	"github.com/pingshan/govchain/internal/module/identity"
	"github.com/pingshan/govchain/internal/network"
	"github.com/pingshan/govchain/internal/node"
	"github.com/pingshan/govchain/internal/testnet"
)

// TestValidatorJoinAndRemoval is governance's "Must show" for validators,
// on four departments (gov, nrb, fin, eeb), one validator each:
//   - with eeb's node down, removing a signing validator is refused when
//     proposed (governance/42: 20 of 30 power would be signing);
//   - a fifth department (gsd) is added by proposal; its node joins by
//     state sync (import --statesync, then block sync);
//   - adding its key with power 100 is refused (governance/42: 40 of 140);
//     with power 10 it passes with gsd's own vote, the node attests by
//     itself once caught up (govchain.json validator.attest_key) and joins;
//     a block is committed with five validators' precommits;
//   - eeb's validator is removed by proposal; blocks commit with four;
//   - with GOVCHAIN_LONG=1, fin's node is replaced: a new node state-syncs,
//     validator_replace passes, `govchain validator attest` (the operator's
//     command) attests it and fin's old key leaves the set;
//   - the chain never stalls and all nodes end on one app hash; `govchain
//     audit` of an original node replays its history across the changes;
//   - backups exported after the add and after both changes carry the
//     changes (1, 2); node 1 is restored from each (`govchain import`),
//     catches up, proves the record (with the changes import saved before
//     its first block and, after the first backup, the removal from its own
//     blocks; `govchain verify` accepts the bundle), exports a backup
//     carrying both changes itself, and passes `govchain audit`;
//   - a record written after both changes is proven (`govchain query
//     --prove`) by an original node and by the state-synced one, and
//     `govchain verify` accepts both bundles against the genesis alone:
//     they carry the two validator-set transitions (add, remove).
func TestValidatorJoinAndRemoval(t *testing.T) {
	if testing.Short() {
		t.Skip("starts node processes")
	}
	admins := []network.Account{{Name: "gov-admin", Department: "gov", Roles: []string{module.RoleAdmin}},
		{Name: "nrb-admin", Department: "nrb", Roles: []string{module.RoleAdmin}},
		{Name: "fin-admin", Department: "fin", Roles: []string{module.RoleAdmin}},
		{Name: "eeb-admin", Department: "eeb", Roles: []string{module.RoleAdmin}}}
	gp, _ := json.Marshal(map[string]any{"params": map[string]any{governance.ParamValidatorLiveBlocks: 5}})
	nw, err := testnet.Create(bin, t.TempDir(), network.Options{Suite: cryptosuite.GM, Validators: 4,
		Departments: network.DemoDepartments()[:4], Accounts: admins, TimeoutCommit: 200 * time.Millisecond,
		Modules: map[string]json.RawMessage{"governance": gp}})
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range nw.Nodes {
		patchAppConfig(t, node.Home(n.Home), map[string]any{"snapshots": map[string]any{"interval": 10, "keep_recent": 3}})
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
	if err := nw.StartAll(); err != nil {
		t.Fatal(err)
	}
	budget := 8 * time.Minute
	ctx, cancel := context.WithTimeout(context.Background(), budget)
	defer cancel()
	for i := range nw.Nodes {
		if err := nw.WaitReady(ctx, i, 3); err != nil {
			t.Fatal(err)
		}
	}
	start := time.Now()
	stall := watchStall(ctx, nw)
	keys := map[string]cryptosuite.PrivateKey{}
	for i, a := range admins {
		kr, err := keyring.Open(node.Home(nw.Nodes[i].Home).KeyringDir(), nw.Suite)
		if err != nil {
			t.Fatal(err)
		}
		if keys[a.Name], err = kr.Load(a.Name, ""); err != nil {
			t.Fatal(err)
		}
	}
	send := func(who, action string, payload any) *node.SubmitResult {
		t.Helper()
		s, err := client.NewSigner(ctx, nw.Client(0), keys[who], nw.Suite)
		if err != nil {
			t.Fatal(err)
		}
		res, err := s.Send(ctx, "governance", action, payload)
		if err != nil {
			t.Fatalf("%s %s: %v", who, action, err)
		}
		return res
	}
	propose := func(who, typ string, body any) (uint64, *node.SubmitResult) {
		t.Helper()
		b, _ := json.Marshal(body)
		res := send(who, "propose", governance.Propose{Type: typ, Payload: b, Summary: "validator must-show"})
		if res.Code != 0 {
			return 0, res
		}
		var l api.ProposalList
		if err := nw.Client(0).Get(ctx, "/api/v1/gov/proposals", &l); err != nil || len(l.Proposals) == 0 {
			t.Fatalf("proposals: %v", err)
		}
		return l.Proposals[0].ID, res
	}
	voteAll := func(id uint64, want string, voters ...string) {
		t.Helper()
		for _, v := range voters {
			if res := send(v, "vote", governance.VoteRequest{Proposal: id, Choice: governance.Yes}); res.Code != 0 {
				t.Fatalf("%s votes on %d: %s", v, id, res.Log)
			}
		}
		var p governance.Proposal
		if err := nw.Client(0).Get(ctx, fmt.Sprintf("/api/v1/gov/proposals/%d", id), &p); err != nil || p.State != want {
			t.Fatalf("proposal %d: %s (%s), want %s; %v", id, p.State, p.Result, want, err)
		}
	}
	refused := func(res *node.SubmitResult, want string) {
		t.Helper()
		if res.Codespace+"/"+fmt.Sprint(res.Code) != "governance/42" || !strings.Contains(res.Log, want) {
			t.Fatalf("want governance/42 saying %q, got %s/%d %q", want, res.Codespace, res.Code, res.Log)
		}
		t.Logf("refused as it should be: %s/%d %s", res.Codespace, res.Code, res.Log)
	}
	vals := validatorList(t, ctx, nw, 0)
	keyOf := map[string]string{}
	for _, v := range vals.Validators {
		keyOf[v.Department] = v.PubKey
	}
	if len(keyOf) != 4 {
		t.Fatalf("validators in state: %+v", vals.Validators)
	}

	// 1. A removal the guard refuses: eeb's node down, removing nrb.
	if err := nw.Kill(3); err != nil {
		t.Fatal(err)
	}
	waitBlocks(t, ctx, nw, 0, 7)
	_, res := propose("gov-admin", governance.TypeValidatorRemove, governance.ValidatorRemoveBody{PubKey: keyOf["nrb"]})
	refused(res, "20 of 30")
	if err := nw.Start(3); err != nil {
		t.Fatal(err)
	}

	// 2. A fifth department by proposal.
	gsdKeys := filepath.Join(t.TempDir(), "gsd-keys")
	kr, err := keyring.Open(gsdKeys, nw.Suite)
	if err != nil {
		t.Fatal(err)
	}
	gsdAdmin, gsdKey, err := kr.CreateDemo("gsd-admin")
	if err != nil {
		t.Fatal(err)
	}
	gsdData, _, err := kr.CreateDemo("gsd-data")
	if err != nil {
		t.Fatal(err)
	}
	keys["gsd-admin"] = gsdKey
	id, res := propose("gov-admin", governance.TypeDeptAdd, governance.DeptAddBody{ID: "gsd", NameZH: "政务服务数据管理局",
		NameEN: "Government Services and Data Management Bureau", EncryptionKey: gsdData.PublicKey,
		Admins: []identity.NewAdmin{{Name: "gsd-admin", PublicKey: gsdAdmin.PublicKey}}})
	if res.Code != 0 {
		t.Fatalf("dept_add: %s", res.Log)
	}
	voteAll(id, governance.StatePassed, "nrb-admin", "fin-admin")

	// 3. Its node joins by state sync.
	base, err := testnet.FreeBasePort(1)
	if err != nil {
		t.Fatal(err)
	}
	var peers []string
	for _, n := range nw.Nodes {
		peers = append(peers, n.NodeID+"@"+n.P2P)
	}
	joinHome := filepath.Join(t.TempDir(), "node4")
	out, err := runCLI("import", "--statesync", "--home", joinHome, "--genesis", node.Home(nw.Nodes[0].Home).GenesisFile(),
		"--peers", strings.Join(peers, ","), "--rpc-servers", nw.Nodes[0].RPC+","+nw.Nodes[1].RPC, "--department", "gsd",
		"--base-port", fmt.Sprint(base), "--http", fmt.Sprintf("127.0.0.1:%d", base+2))
	if err != nil {
		t.Fatalf("import --statesync: %v\n%s", err, out)
	}
	// The node attests by itself once caught up, with gsd's admin key.
	patchAppConfig(t, node.Home(joinHome), map[string]any{"snapshots": map[string]any{"interval": 0},
		"validator": map[string]any{"attest_key": "gsd-admin"}})
	copyDir(t, gsdKeys, node.Home(joinHome).KeyringDir())
	nodeID := regexp.MustCompile(`node id ([0-9a-f]{40})`).FindStringSubmatch(out)
	nw.Nodes = append(nw.Nodes, &testnet.Node{Index: 4, NodeInfo: network.NodeInfo{Home: joinHome, Department: "gsd",
		API: fmt.Sprintf("http://127.0.0.1:%d", base+2), RPC: fmt.Sprintf("http://127.0.0.1:%d", base+1),
		P2P: fmt.Sprintf("127.0.0.1:%d", base), NodeID: nodeID[1]}})
	joinStart := time.Now()
	if err := nw.Start(4); err != nil {
		t.Fatal(err)
	}
	top, _, _ := status(ctx, nw, 0)
	if err := nw.WaitReady(ctx, 4, top); err != nil {
		t.Fatal(err)
	}
	joined := time.Since(joinStart)
	firstBlock := earliestBlock(t, ctx, nw, 4)
	if firstBlock <= 1 {
		t.Fatalf("node 4 has block %d: it did not start from a snapshot", firstBlock)
	}
	out, err = runCLI("validator", "key", "--home", joinHome)
	if err != nil {
		t.Fatalf("validator key: %v\n%s", err, out)
	}
	newKey := strings.TrimSpace(out)
	// Node 3 is back and signing again before the guard is asked.
	waitBlocks(t, ctx, nw, 0, 7)

	// 4. Too much power for a key that has not signed anything: refused.
	_, res = propose("gov-admin", governance.TypeValidatorAdd, governance.ValidatorAddBody{Department: "gsd", PubKey: newKey, Power: 100})
	refused(res, "40 of 140")
	// Power 10 passes, with gsd's own vote among the four of five needed.
	id, res = propose("gov-admin", governance.TypeValidatorAdd, governance.ValidatorAddBody{Department: "gsd", PubKey: newKey, Power: 10})
	if res.Code != 0 {
		t.Fatalf("validator_add: %s", res.Log)
	}
	voteAll(id, governance.StatePassed, "gsd-admin", "nrb-admin", "fin-admin")
	if l := validatorList(t, ctx, nw, 0); len(l.Validators) != 4 || len(l.Pending) != 1 {
		t.Fatalf("before the attestation: %d validators, %d pending", len(l.Validators), len(l.Pending))
	}
	v := waitValidator(t, ctx, nw, newKey)
	t.Logf("node 4 attested by itself at height %d (proposal %d)", v.Attested, v.Proposal)
	h5, n5 := waitCommit(t, ctx, nw, 5, governance.CometAddress(mustHex(t, newKey)), "")
	t.Logf("block %d committed by the set of five, with %d precommits including the new validator's", h5, n5)
	backups := []validatorBackup{exportAfterChanges(t, nw, 0, "after-add", 1)}

	// 5. An original validator removed by proposal: eeb's.
	id, res = propose("gov-admin", governance.TypeValidatorRemove, governance.ValidatorRemoveBody{PubKey: keyOf["eeb"]})
	if res.Code != 0 {
		t.Fatalf("validator_remove: %s", res.Log)
	}
	voteAll(id, governance.StatePassed, "nrb-admin", "fin-admin", "gsd-admin")
	h4, n4 := waitCommit(t, ctx, nw, 4, "", governance.CometAddress(mustHex(t, keyOf["eeb"])))
	t.Logf("block %d committed by the set of four without eeb's key (%d precommits)", h4, n4)
	backups = append(backups, exportAfterChanges(t, nw, 0, "after-add-and-remove", 2))

	proveAcrossChanges(t, nw, id, 2, 0, 4)

	all := []int{0, 1, 2, 3, 4}
	if long() {
		all = append(all, replaceNode(t, ctx, nw, propose, voteAll, keyOf["fin"]))
	}
	height, appHash, err := sameAppHashOn(ctx, nw, all)
	if err != nil {
		t.Fatal(err)
	}
	worst := stall()
	if worst > 20*time.Second {
		t.Fatalf("the chain stood still for %s", worst)
	}
	// A node's history replays from genesis across the validator changes
	// (the recorded signers and block hashes re-derive from the blocks).
	if err := nw.Stop(1); err != nil {
		t.Fatal(err)
	}
	if exit, rep, aout := runAudit(t, nw.Nodes[1].Home); exit != 0 {
		t.Fatalf("audit of node 1:\n%s", aout)
	} else {
		t.Logf("audit of node 1: replayed blocks %d-%d, ok %v", rep.Replayed.From, rep.Replayed.To, rep.OK)
	}
	// Node 1 lost and restored from each backup taken after the changes;
	// it catches up, and its audit (from the restored state) passes.
	restoreFromBackups(t, ctx, nw, 1, all, backups, id)
	if exit, rep, aout := runAudit(t, nw.Nodes[1].Home); exit != 0 {
		t.Fatalf("audit of node 1 restored from a backup:\n%s", aout)
	} else {
		t.Logf("audit of node 1 restored from a backup: blocks %d-%d, ok %v", rep.Blocks.From, rep.Blocks.To, rep.OK)
	}
	t.Logf("FIGURES validators: node 4 state-synced from height %d and caught up in %s; five validators committing at %d; four (eeb removed) at %d; longest pause between heights %s; all %d nodes at height %d app hash %.16s…; whole scenario %s",
		firstBlock-1, joined.Round(time.Millisecond), h5, h4, worst.Round(time.Millisecond), len(all), height, appHash, time.Since(start).Round(time.Second))
}

// proveAcrossChanges proves proposal id's record at the newest state with
// `govchain query --prove` from each of nodes (node 0 holds the history
// from genesis, node 4 state-synced before any validator change, node 1
// restored from a backup after them), and checks `govchain verify`
// accepts each against the genesis file alone; each bundle must carry
// `changes` validator transitions.
func proveAcrossChanges(t *testing.T, nw *testnet.Network, id uint64, changes int, nodes ...int) {
	t.Helper()
	genesis := node.Home(nw.Nodes[0].Home).GenesisFile()
	for _, i := range nodes {
		out := filepath.Join(t.TempDir(), fmt.Sprintf("bundle-%d.json", i))
		if msg, err := runCLI("query", "key", string(governance.ProposalKey(id)), "--prove", "--out", out,
			"--node", nw.Nodes[i].API); err != nil {
			t.Fatalf("query --prove on node %d: %v\n%s", i, err, msg)
		}
		data, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		var b struct {
			StateVersion int64             `json:"state_version"`
			Transitions  []json.RawMessage `json:"validator_transitions"`
		}
		if err := json.Unmarshal(data, &b); err != nil || len(b.Transitions) != changes {
			t.Fatalf("node %d's bundle has %d validator transitions, want %d (%v)", i, len(b.Transitions), changes, err)
		}
		msg, err := runCLI("verify", out, "--genesis", genesis)
		if err != nil || !strings.Contains(msg, "authentic") {
			t.Fatalf("verify node %d's bundle: %v\n%s", i, err, msg)
		}
		t.Logf("node %d's bundle of state %d (%d bytes, %d validator transitions) verifies against the genesis: %s",
			i, b.StateVersion, len(data), len(b.Transitions), strings.TrimSpace(msg))
	}
}

func mustHex(t *testing.T, s string) []byte {
	t.Helper()
	var b []byte
	if _, err := fmt.Sscanf(s, "%x", &b); err != nil {
		t.Fatal(err)
	}
	return b
}

func validatorList(t *testing.T, ctx context.Context, nw *testnet.Network, i int) api.ValidatorList {
	t.Helper()
	var l api.ValidatorList
	if err := nw.Client(i).Get(ctx, "/api/v1/validators", &l); err != nil {
		t.Fatal(err)
	}
	return l
}

// waitBlocks waits until node i is n blocks further.
func waitBlocks(t *testing.T, ctx context.Context, nw *testnet.Network, i int, n int64) {
	t.Helper()
	h, _, err := status(ctx, nw, i)
	if err != nil {
		t.Fatal(err)
	}
	if err := nw.WaitReady(ctx, i, h+n); err != nil {
		t.Fatal(err)
	}
}

// watchStall polls node 0's height and returns a function giving the
// longest time it stayed the same.
func watchStall(ctx context.Context, nw *testnet.Network) func() time.Duration {
	var mu sync.Mutex
	var worst time.Duration
	go func() {
		var last int64
		since := time.Now()
		for ctx.Err() == nil {
			h, _, err := status(ctx, nw, 0)
			if err == nil && h != last {
				last, since = h, time.Now()
			}
			mu.Lock()
			worst = max(worst, time.Since(since))
			mu.Unlock()
			time.Sleep(200 * time.Millisecond)
		}
	}()
	return func() time.Duration { mu.Lock(); defer mu.Unlock(); return worst }
}

// rpcGet reads a CometBFT RPC answer's result.
func rpcGet(ctx context.Context, nw *testnet.Network, i int, path string, out any) error {
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, nw.Nodes[i].RPC+path, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	var env struct {
		Result json.RawMessage `json:"result"`
		Error  json.RawMessage `json:"error"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&env); err != nil {
		return err
	}
	if len(env.Error) > 0 && string(env.Error) != "null" {
		return fmt.Errorf("%s: %s", path, env.Error)
	}
	return json.Unmarshal(env.Result, out)
}

// waitCommit waits for a block of node 0 whose commit comes from a set of
// size validators, signed by with (if given) and not naming without (if
// given). It prefers a commit holding every member's precommit; on a
// loaded machine the slowest precommit often arrives after the commit, so
// after 30 s it takes one where with signed. It returns the height and the
// number of precommits.
func waitCommit(t *testing.T, ctx context.Context, nw *testnet.Network, size int, with, without string) (int64, int) {
	t.Helper()
	var last string
	start := time.Now()
	for ctx.Err() == nil {
		h, _, err := status(ctx, nw, 0)
		if err == nil && h > 1 {
			var c struct {
				SignedHeader struct {
					Commit struct {
						Signatures []struct {
							Flag    int    `json:"block_id_flag"`
							Address string `json:"validator_address"`
						} `json:"signatures"`
					} `json:"commit"`
				} `json:"signed_header"`
			}
			if err = rpcGet(ctx, nw, 0, fmt.Sprintf("/commit?height=%d", h), &c); err == nil {
				sigs := c.SignedHeader.Commit.Signatures
				signed, withSigned, bad := 0, with == "", false
				for _, s := range sigs {
					if s.Flag == 2 {
						signed++
						withSigned = withSigned || s.Address == with
					}
					bad = bad || (without != "" && s.Address == without)
				}
				if len(sigs) == size && !bad && withSigned && (signed == size || time.Since(start) > 30*time.Second) {
					return h, signed
				}
				last = fmt.Sprintf("height %d: %d precommits of %d", h, signed, len(sigs))
			}
		}
		if err != nil {
			last = err.Error()
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatalf("no block committed by a set of %d validators (%s)", size, last)
	return 0, 0
}

// earliestBlock is the lowest block node i holds.
func earliestBlock(t *testing.T, ctx context.Context, nw *testnet.Network, i int) int64 {
	t.Helper()
	var st struct {
		SyncInfo struct {
			Earliest string `json:"earliest_block_height"`
		} `json:"sync_info"`
	}
	if err := rpcGet(ctx, nw, i, "/status", &st); err != nil {
		t.Fatal(err)
	}
	var h int64
	fmt.Sscan(st.SyncInfo.Earliest, &h)
	return h
}

// waitValidator waits until a key is in node 0's validator set.
func waitValidator(t *testing.T, ctx context.Context, nw *testnet.Network, pub string) *governance.Validator {
	t.Helper()
	for ctx.Err() == nil {
		for _, v := range validatorList(t, ctx, nw, 0).Validators {
			if v.PubKey == pub {
				return v
			}
		}
		time.Sleep(300 * time.Millisecond)
	}
	t.Fatalf("key %s never joined the set; node 4's log:\n%s", pub, nw.LogTail(4, 20))
	return nil
}

// joinNode sets up and starts a new node for dept by state sync and
// returns its index and validator key.
func joinNode(t *testing.T, ctx context.Context, nw *testnet.Network, dept string) (int, string) {
	t.Helper()
	base, err := testnet.FreeBasePort(1)
	if err != nil {
		t.Fatal(err)
	}
	var peers []string
	for _, n := range nw.Nodes {
		peers = append(peers, n.NodeID+"@"+n.P2P)
	}
	home := filepath.Join(t.TempDir(), "node-"+dept)
	out, err := runCLI("import", "--statesync", "--home", home, "--genesis", node.Home(nw.Nodes[0].Home).GenesisFile(),
		"--peers", strings.Join(peers, ","), "--rpc-servers", nw.Nodes[0].RPC+","+nw.Nodes[1].RPC, "--department", dept,
		"--base-port", fmt.Sprint(base), "--http", fmt.Sprintf("127.0.0.1:%d", base+2))
	if err != nil {
		t.Fatalf("import --statesync: %v\n%s", err, out)
	}
	patchAppConfig(t, node.Home(home), map[string]any{"snapshots": map[string]any{"interval": 0}})
	nodeID := regexp.MustCompile(`node id ([0-9a-f]{40})`).FindStringSubmatch(out)
	i := len(nw.Nodes)
	nw.Nodes = append(nw.Nodes, &testnet.Node{Index: i, NodeInfo: network.NodeInfo{Home: home, Department: dept,
		API: fmt.Sprintf("http://127.0.0.1:%d", base+2), RPC: fmt.Sprintf("http://127.0.0.1:%d", base+1),
		P2P: fmt.Sprintf("127.0.0.1:%d", base), NodeID: nodeID[1]}})
	if err := nw.Start(i); err != nil {
		t.Fatal(err)
	}
	top, _, _ := status(ctx, nw, 0)
	if err := nw.WaitReady(ctx, i, top); err != nil {
		t.Fatal(err)
	}
	out, err = runCLI("validator", "key", "--home", home)
	if err != nil {
		t.Fatalf("validator key: %v\n%s", err, out)
	}
	return i, strings.TrimSpace(out)
}

// replaceNode replaces fin's validator (old) with a new node's key through
// validator_replace and the operator's `govchain validator attest`; it
// returns the new node's index.
func replaceNode(t *testing.T, ctx context.Context, nw *testnet.Network,
	propose func(string, string, any) (uint64, *node.SubmitResult), voteAll func(uint64, string, ...string), old string) int {
	t.Helper()
	i, newKey := joinNode(t, ctx, nw, "fin")
	id, res := propose("fin-admin", governance.TypeValidatorReplace, governance.ValidatorReplaceBody{PubKey: old, NewPubKey: newKey})
	if res.Code != 0 {
		t.Fatalf("validator_replace: %s", res.Log)
	}
	voteAll(id, governance.StatePassed, "gov-admin", "nrb-admin", "gsd-admin")
	out, err := runCLI("validator", "attest", "--home", nw.Nodes[i].Home, "--from", "fin-admin",
		"--keyring-dir", node.Home(nw.Nodes[2].Home).KeyringDir(), "--wait", "1m")
	if err != nil {
		t.Fatalf("validator attest: %v\n%s", err, out)
	}
	t.Logf("%s", strings.TrimSpace(out))
	waitValidator(t, ctx, nw, newKey)
	h, n := waitCommit(t, ctx, nw, 4, governance.CometAddress(mustHex(t, newKey)), governance.CometAddress(mustHex(t, old)))
	t.Logf("fin's node replaced: block %d committed by the set of four with the new key and without the old (%d precommits)", h, n)
	return i
}
