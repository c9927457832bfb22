package testnet_test

// Helpers shared by the fault tests (faults_*_test.go): a steady load that
// records every tx whose commit a client was told about, checks that those
// txs are on every node, app-hash comparisons, the audit command.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	cmtcfg "github.com/cometbft/cometbft/config"

	"github.com/pingshan/govchain/internal/client"
	"github.com/pingshan/govchain/internal/cryptosuite"
	"github.com/pingshan/govchain/internal/network"
	"github.com/pingshan/govchain/internal/node"
	"github.com/pingshan/govchain/internal/testnet"
)

// long reports whether the long fault tests were asked for.
func long() bool { return os.Getenv("GOVCHAIN_LONG") == "1" }

// faultNet creates and starts a network for a fault test; patch edits
// each node's govchain.json (a map) and before runs, before start. The
// network is always shut down (and any node process killed) when the test
// ends.
func faultNet(t *testing.T, validators, accounts int, patch func(i int, cfg map[string]any), before ...func(*testnet.Network)) (*testnet.Network, []cryptosuite.PrivateKey) {
	t.Helper()
	if testing.Short() {
		t.Skip("starts node processes")
	}
	nw, err := testnet.Create(bin, t.TempDir(), network.Options{Suite: cryptosuite.GM, Validators: validators, ClientAccounts: accounts,
		TimeoutCommit: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	for i, n := range nw.Nodes {
		cfg := map[string]any{"snapshots": map[string]any{"interval": 0}}
		if patch != nil {
			patch(i, cfg)
		}
		patchAppConfig(t, node.Home(n.Home), cfg)
		// A dead proposer costs timeout_propose per round it should
		// have led: keep it short so the fault tests stay short.
		conf, err := node.LoadCometConfig(node.Home(n.Home))
		if err != nil {
			t.Fatal(err)
		}
		conf.Consensus.TimeoutPropose = 800 * time.Millisecond
		cmtcfg.WriteConfigFile(node.Home(n.Home).ConfigFile(), conf)
	}
	for _, f := range before {
		f(nw)
	}
	t.Cleanup(func() {
		for i := range nw.Nodes {
			_ = nw.Kill(i)
		}
	})
	if err := nw.StartAll(); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	for i := range nw.Nodes {
		if err := nw.WaitReady(ctx, i, 2); err != nil {
			t.Fatal(err)
		}
	}
	var keys []cryptosuite.PrivateKey
	if accounts > 0 {
		if keys, err = nw.ClientKeys(); err != nil {
			t.Fatal(err)
		}
	}
	return nw, keys
}

// patchAppConfig merges keys into a home's govchain.json.
func patchAppConfig(t *testing.T, h node.Home, patch map[string]any) {
	t.Helper()
	b, err := os.ReadFile(h.AppConfigFile())
	if err != nil {
		t.Fatal(err)
	}
	cfg := map[string]any{}
	if err := json.Unmarshal(b, &cfg); err != nil {
		t.Fatal(err)
	}
	maps.Copy(cfg, patch)
	out, _ := json.MarshalIndent(cfg, "", "  ")
	if err := os.WriteFile(h.AppConfigFile(), out, 0o600); err != nil {
		t.Fatal(err)
	}
}

// load sends notary anchors from every client account at a steady pace,
// each account to one node of targets (moving to the next on an error),
// and records the hashes whose commit the node reported.
type load struct {
	nw       *testnet.Network
	keys     []cryptosuite.PrivateKey
	interval time.Duration // per account
	async    bool          // do not wait for the commit (record "accepted")

	mu        sync.Mutex
	targets   []int
	committed []string // commit reported to the client
	accepted  []string // async: admitted to a mempool
	errs      int
	refused   int
	wg        sync.WaitGroup
	cancel    context.CancelFunc
}

func startLoad(nw *testnet.Network, keys []cryptosuite.PrivateKey, targets []int, interval time.Duration) *load {
	l := &load{nw: nw, keys: keys, targets: append([]int{}, targets...), interval: interval}
	ctx, cancel := context.WithCancel(context.Background())
	l.cancel = cancel
	for a := range keys {
		l.wg.Add(1)
		go func(a int) { defer l.wg.Done(); l.account(ctx, a) }(a)
	}
	return l
}

func (l *load) setAsync(v bool) {
	l.mu.Lock()
	l.async = v
	l.mu.Unlock()
}

func (l *load) target(a, shift int) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.targets[(a+shift)%len(l.targets)]
}

func (l *load) account(ctx context.Context, a int) {
	shift := 0
	var s *client.Signer
	tick := time.NewTicker(l.interval)
	defer tick.Stop()
	for ctx.Err() == nil {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		c := l.nw.Client(l.target(a, shift))
		c.HTTP.Timeout = 40 * time.Second
		if s == nil || s.C.Base != c.Base {
			var err error
			if s, err = client.NewSigner(ctx, c, l.keys[a], l.nw.Suite); err != nil {
				s = nil
				shift++
				continue
			}
		}
		raw, err := s.Build("notary", "anchor", randomDoc())
		if err != nil {
			continue
		}
		l.mu.Lock()
		async := l.async
		l.mu.Unlock()
		res, err := c.Broadcast(ctx, raw, async)
		l.mu.Lock()
		switch {
		case err != nil:
			// The node is down or the commit timed out: the tx may or may
			// not commit; only reported commits count. Resync elsewhere.
			if ctx.Err() == nil {
				l.errs++
			}
			s, shift = nil, shift+1
		case res.Code != 0:
			l.refused++
			s = nil // resync the sequence
		case async:
			l.accepted = append(l.accepted, res.Hash)
		case res.Committed:
			l.committed = append(l.committed, res.Hash)
		}
		l.mu.Unlock()
	}
}

func (l *load) stop() {
	l.cancel()
	l.wg.Wait()
}

func (l *load) snapshot() (committed, accepted []string, errs, refused int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string{}, l.committed...), append([]string{}, l.accepted...), l.errs, l.refused
}

func (l *load) count() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.committed)
}

// txsOnNode counts how many of hashes node i holds (GET /api/v1/txs/{hash}).
func txsOnNode(ctx context.Context, nw *testnet.Network, i int, hashes []string) (int, []string) {
	c := nw.Client(i)
	var missing []string
	var mu sync.Mutex
	var wg sync.WaitGroup
	next := make(chan string)
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for h := range next {
				var rec map[string]any
				if err := c.Get(ctx, "/api/v1/txs/"+h, &rec); err != nil {
					mu.Lock()
					missing = append(missing, h)
					mu.Unlock()
				}
			}
		}()
	}
	for _, h := range hashes {
		next <- h
	}
	close(next)
	wg.Wait()
	return len(hashes) - len(missing), missing
}

// requireOnAll fails unless every node in nodes holds every hash; it
// waits a little for nodes still catching up.
func requireOnAll(t *testing.T, ctx context.Context, nw *testnet.Network, nodes []int, hashes []string) {
	t.Helper()
	for _, i := range nodes {
		var found int
		var missing []string
		for attempt := 0; attempt < 30; attempt++ {
			found, missing = txsOnNode(ctx, nw, i, hashes)
			if len(missing) == 0 {
				break
			}
			time.Sleep(500 * time.Millisecond)
		}
		if len(missing) > 0 {
			t.Fatalf("node %d holds %d of %d txs reported committed; missing e.g. %s", i, found, len(hashes), missing[0])
		}
		t.Logf("node %d holds all %d txs reported committed", i, found)
	}
}

// status is the part of /api/v1/status the tests use.
func status(ctx context.Context, nw *testnet.Network, i int) (int64, string, error) {
	c := nw.Client(i)
	c.HTTP.Timeout = 3 * time.Second
	st, err := c.Status(ctx)
	if err != nil {
		return 0, "", err
	}
	return st.Height, st.AppHash, nil
}

// sameAppHashOn waits until the nodes report the same height and then
// requires the same app hash; it returns that height.
func sameAppHashOn(ctx context.Context, nw *testnet.Network, nodes []int) (int64, string, error) {
	deadline := time.Now().Add(60 * time.Second)
	var last string
	for time.Now().Before(deadline) {
		var hs []int64
		var ah []string
		ok := true
		for _, i := range nodes {
			h, a, err := status(ctx, nw, i)
			if err != nil {
				ok, last = false, err.Error()
				break
			}
			hs, ah = append(hs, h), append(ah, a)
		}
		if ok {
			same := true
			for k := range hs {
				same = same && hs[k] == hs[0]
			}
			if same {
				for k := range ah {
					if ah[k] != ah[0] {
						return 0, "", fmt.Errorf("height %d: node %d app hash %s, node %d %s", hs[0], nodes[k], ah[k], nodes[0], ah[0])
					}
				}
				return hs[0], ah[0], nil
			}
			last = fmt.Sprint("heights ", hs)
		}
		time.Sleep(30 * time.Millisecond)
	}
	return 0, "", fmt.Errorf("nodes %v never reported the same height (%s)", nodes, last)
}

// blockHashes returns node i's block hashes from..to.
func blockHashes(ctx context.Context, nw *testnet.Network, i int, from, to int64) ([]string, error) {
	var out []string
	for h := from; h <= to; h++ {
		var b struct {
			Hash    string `json:"hash"`
			AppHash string `json:"app_hash"`
		}
		if err := nw.Client(i).Get(ctx, fmt.Sprintf("/api/v1/blocks/%d", h), &b); err != nil {
			return nil, fmt.Errorf("node %d block %d: %w", i, h, err)
		}
		out = append(out, b.Hash+"/"+b.AppHash)
	}
	return out, nil
}

// sameBlocks requires the nodes to hold identical blocks from..to.
func sameBlocks(t *testing.T, ctx context.Context, nw *testnet.Network, nodes []int, from, to int64) {
	t.Helper()
	ref, err := blockHashes(ctx, nw, nodes[0], from, to)
	if err != nil {
		t.Fatal(err)
	}
	for _, i := range nodes[1:] {
		got, err := blockHashes(ctx, nw, i, from, to)
		if err != nil {
			t.Fatal(err)
		}
		for k := range ref {
			if got[k] != ref[k] {
				t.Fatalf("block %d differs: node %d %s, node %d %s", from+int64(k), nodes[0], ref[k], i, got[k])
			}
		}
	}
}

// alive reports whether node i's process still runs.
func alive(nw *testnet.Network, i int) bool {
	pid := nw.PID(i)
	return pid != 0 && syscall.Kill(pid, 0) == nil
}

// waitExit waits for node i's process to end by itself.
func waitExit(nw *testnet.Network, i int, d time.Duration) bool {
	deadline := time.Now().Add(d)
	for time.Now().Before(deadline) {
		if !alive(nw, i) {
			_ = nw.Kill(i) // reap and forget
			return true
		}
		time.Sleep(50 * time.Millisecond)
	}
	return false
}

// runAudit runs `govchain audit --json` on a home.
func runAudit(t *testing.T, home string, extra ...string) (exit int, rep auditReport, out string) {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"audit", "--home", home, "--json"}, extra...)...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		exit = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	_ = json.Unmarshal(stdout.Bytes(), &rep)
	return exit, rep, stdout.String() + stderr.String()
}

type auditReport struct {
	OK       bool `json:"ok"`
	Blocks   struct{ From, To int64 }
	Replayed struct{ From, To int64 }
	Checked  map[string]int64 `json:"checked"`
	Notes    []string         `json:"notes"`
	Files    []struct{ Path, Kind string }
	Findings []struct {
		Check  string `json:"check"`
		File   string `json:"file"`
		Height int64  `json:"height"`
		What   string `json:"what"`
	} `json:"findings"`
}

// runCLI runs the govchain binary and returns its combined output.
func runCLI(args ...string) (string, error) {
	out, err := exec.Command(bin, args...).CombinedOutput()
	return string(out), err
}

// metrics reads two gauges from node i's /metrics.
func metrics(ctx context.Context, nw *testnet.Network, i int) (goroutines, rss float64, err error) {
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, nw.Nodes[i].API+"/metrics", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, 0, err
	}
	defer resp.Body.Close()
	var buf bytes.Buffer
	buf.ReadFrom(resp.Body)
	for _, line := range strings.Split(buf.String(), "\n") {
		f := strings.Fields(line)
		if len(f) != 2 {
			continue
		}
		v, _ := strconv.ParseFloat(f[1], 64)
		switch f[0] {
		case "go_goroutines":
			goroutines = v
		case "process_resident_memory_bytes":
			rss = v
		}
	}
	return goroutines, rss, nil
}

// copyDir copies a directory tree (homes of stopped nodes).
func copyDir(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.Walk(src, func(p string, fi os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		switch {
		case fi.IsDir():
			return os.MkdirAll(target, 0o700)
		case fi.Mode()&os.ModeSocket != 0:
			return nil
		default:
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			return os.WriteFile(target, b, fi.Mode().Perm())
		}
	})
	if err != nil {
		t.Fatal(err)
	}
}
