// Package catchup measures how a new node joins a loaded chain
// (`govchain bench catchup`): it runs the node of a `govchain bench load`
// home as the source and starts a fresh full node of the same genesis,
// peered to it on 127.0.0.1, as its own process — once replaying every
// block from genesis (block sync), once restoring a state-sync snapshot and
// block-syncing the rest. See docs/benchmarks.md.
package catchup

import (
	"bytes"
	"context"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"time"

	rpchttp "github.com/cometbft/cometbft/rpc/client/http"
)

// Modes a run can measure.
const (
	ModeBlockSync = "blocksync"
	ModeStateSync = "statesync"
	ModeBoth      = "both"
)

// Config is `govchain bench catchup`.
type Config struct {
	Home string // the loaded source home (never modified)
	Bin  string // the govchain binary the joiner runs as
	Mode string // blocksync, statesync or both (default both)
	// SnapshotHeight is where state sync starts (default: the home's
	// newest snapshot, else half the chain).
	SnapshotHeight int64
	// Profile, if set, is a file to write a CPU profile of the block-sync
	// joiner into, ProfileSeconds long (default 30) from its start.
	Profile        string
	ProfileSeconds int
	// Keep leaves the joiners' homes in place (under TempDir) for a look.
	Keep     bool
	TempDir  string
	Timeout  time.Duration // per joiner (default 1 h)
	Progress io.Writer
	Logger   *slog.Logger
}

// Phase is one stretch of a join: how long, which heights, txs replayed.
type Phase struct {
	FromHeight int64   `json:"from_height"` // exclusive
	ToHeight   int64   `json:"to_height"`
	Txs        int64   `json:"txs"`
	Seconds    float64 `json:"seconds"`
	TxPerSec   float64 `json:"tx_per_s,omitempty"`
	CPUSeconds float64 `json:"cpu_s"` // the joiner process's user+system CPU in the phase
	CPUPerTxUs float64 `json:"cpu_us_per_tx,omitempty"`
}

// Join is one joiner's figures.
type Join struct {
	Mode string `json:"mode"`
	// Restore is state sync's restoring of the snapshot (from the
	// process's start, so including CometBFT's snapshot discovery wait);
	// its Txs are those the snapshot stands for (none replayed). Absent
	// for block sync.
	Restore *Phase `json:"restore,omitempty"`
	// Replay is block sync: from genesis, or from the snapshot on.
	Replay Phase `json:"replay"`
	// Startup is the process's start until its first block (block sync) —
	// part of Total, not of Replay.
	StartupSeconds float64 `json:"startup_s"`
	TotalSeconds   float64 `json:"total_s"`
	TotalCPU       float64 `json:"total_cpu_s"`
	// AppHashMatch: the joiner's own app hash equals the source's at the
	// same height once caught up.
	AppHashMatch bool   `json:"app_hash_match"`
	CheckHeight  int64  `json:"check_height"`
	AppHash      string `json:"app_hash"`
	Dir          string `json:"dir,omitempty"` // kept home
}

// Result is a `bench catchup` run.
type Result struct {
	Home      string  `json:"home"`
	Height    int64   `json:"height"`    // the source's at the first join
	ChainTxs  int64   `json:"chain_txs"` // txs in blocks 1 … Height
	GOMAXPROC int     `json:"gomaxprocs"`
	Snapshot  *Snap   `json:"snapshot,omitempty"`
	Joins     []*Join `json:"joins"`
}

// Snap is the snapshot the state-sync joiner restored.
type Snap struct {
	Height       int64   `json:"height"`
	Chunks       uint32  `json:"chunks"`
	Bytes        int64   `json:"bytes"`
	Nodes        int64   `json:"nodes"`
	TakeSeconds  float64 `json:"take_s"` // by the source, before the join (not part of it)
	FromHomeList bool    `json:"home_had_snapshot"`
}

// Run starts the source and measures the joins the mode asks for.
func Run(ctx context.Context, c Config) (*Result, error) {
	if c.Mode == "" {
		c.Mode = ModeBoth
	}
	if c.Mode != ModeBlockSync && c.Mode != ModeStateSync && c.Mode != ModeBoth {
		return nil, fmt.Errorf("--mode %q: want blocksync, statesync or both", c.Mode)
	}
	if c.Bin == "" {
		return nil, fmt.Errorf("no govchain binary to run the joiner")
	}
	if c.Timeout <= 0 {
		c.Timeout = time.Hour
	}
	if c.ProfileSeconds <= 0 {
		c.ProfileSeconds = 30
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	tmp, err := os.MkdirTemp(c.TempDir, "catchup-")
	if err != nil {
		return nil, err
	}
	if !c.Keep {
		defer os.RemoveAll(tmp)
	}
	src, err := startSource(c.Home, tmp, c.Logger)
	if err != nil {
		return nil, err
	}
	defer src.stop()
	res := &Result{Home: c.Home, Height: src.height()}
	if res.ChainTxs, err = src.txs(0, res.Height); err != nil {
		return nil, err
	}
	res.GOMAXPROC = runtime.GOMAXPROCS(0)
	c.progress("source %s at height %d, %d txs on chain\n", c.Home, res.Height, res.ChainTxs)
	if c.Mode != ModeStateSync {
		j, err := c.join(ctx, src, filepath.Join(tmp, "blocksync"), nil)
		if err != nil {
			return res, err
		}
		res.Joins = append(res.Joins, j)
	}
	if c.Mode != ModeBlockSync {
		hs, err := src.snapshotHeight(c.Home, res.Height, c.SnapshotHeight)
		if err != nil {
			return res, err
		}
		t0 := time.Now()
		man, err := src.snaps.Take(hs)
		if err != nil {
			return res, fmt.Errorf("snapshot at %d: %w", hs, err)
		}
		res.Snapshot = &Snap{Height: hs, Chunks: man.Chunks, Bytes: man.Bytes, Nodes: man.Nodes,
			TakeSeconds: time.Since(t0).Seconds(), FromHomeList: c.SnapshotHeight <= 0 && len(homeSnapshots(filepath.Join(c.Home, "data", "snapshots"))) > 0}
		c.progress("snapshot at height %d: %d chunks, %d bytes, taken in %.1f s\n", hs, man.Chunks, man.Bytes, res.Snapshot.TakeSeconds)
		j, err := c.join(ctx, src, filepath.Join(tmp, "statesync"), res.Snapshot)
		if err != nil {
			return res, err
		}
		res.Joins = append(res.Joins, j)
	}
	return res, nil
}

func (c *Config) progress(f string, a ...any) {
	if c.Progress != nil {
		fmt.Fprintf(c.Progress, f, a...)
	}
}

// join runs one joiner until it has reached the source's height and
// checks its app hash; snap is nil for block sync from genesis.
func (c *Config) join(ctx context.Context, src *source, dir string, snap *Snap) (*Join, error) {
	ctx, cancel := context.WithTimeout(ctx, c.Timeout)
	defer cancel()
	target := src.height()
	setup := joinerSetup{dir: dir, src: src, srcHome: src.n.Home, statesync: snap != nil}
	mode := ModeBlockSync
	if snap != nil {
		mode = ModeStateSync
		setup.trustH = target
		var err error
		if setup.trustHash, err = src.blockHash(target); err != nil {
			return nil, err
		}
	}
	profiling := c.Profile != "" && snap == nil
	if profiling {
		a, err := freeAddr()
		if err != nil {
			return nil, err
		}
		setup.pprof = a
	}
	j, err := writeJoinerHome(setup)
	if err != nil {
		return nil, err
	}
	rc, err := rpchttp.New(j.rpc)
	if err != nil {
		return nil, err
	}
	start := time.Now()
	if err := j.start(c.Bin); err != nil {
		return nil, err
	}
	defer j.stop()
	pid := j.cmd.Process.Pid
	var profErr chan error
	if profiling {
		profErr = make(chan error, 1)
		go func() { profErr <- fetchProfile(ctx, setup.pprof, c.ProfileSeconds, c.Profile) }()
	}
	out := &Join{Mode: mode}
	if c.Keep {
		out.Dir = dir
	}
	// mark is a point of the join: when, at which height, CPU so far.
	type mark struct {
		t      time.Duration
		height int64
		cpu    float64
	}
	at := func(h int64) mark {
		cpu, _ := cpuSeconds(pid)
		return mark{time.Since(start), h, cpu}
	}
	var first *mark
	last := time.Now()
	for {
		if done, tail := j.exited(); done {
			return nil, fmt.Errorf("%s joiner exited: %s", mode, tail)
		}
		h := appHeight(ctx, rc)
		if first == nil && h > 0 {
			m := at(h)
			first = &m
		}
		if h >= target {
			break
		}
		if time.Since(last) >= 5*time.Second {
			c.progress("%s: height %d of %d (%.0f s)\n", mode, h, target, time.Since(start).Seconds())
			last = time.Now()
		}
		if err := sleep(ctx, 50*time.Millisecond); err != nil {
			return nil, fmt.Errorf("%s joiner at height %d of %d: %w", mode, h, target, err)
		}
	}
	end := at(target)
	out.TotalSeconds, out.TotalCPU = end.t.Seconds(), end.cpu
	out.StartupSeconds = first.t.Seconds()
	if snap != nil {
		// The app's first non-zero height is the restored snapshot's.
		if first.height != snap.Height {
			return nil, fmt.Errorf("state sync restored height %d, the snapshot is at %d", first.height, snap.Height)
		}
		covered, err := src.txs(0, snap.Height)
		if err != nil {
			return nil, err
		}
		// Txs here are those the snapshot stands for: not replayed.
		out.Restore = &Phase{FromHeight: 0, ToHeight: snap.Height, Txs: covered, Seconds: first.t.Seconds(), CPUSeconds: first.cpu}
		out.Restore.rates()
		out.StartupSeconds = 0
	}
	from := int64(0)
	replayStart := mark{}
	if snap != nil {
		from, replayStart = snap.Height, *first
	} else {
		// Block sync's replay counts from the process's start: opening
		// the stores and finding the peer are part of catching up.
		replayStart = mark{}
	}
	txs, err := src.txs(from, target)
	if err != nil {
		return nil, err
	}
	out.Replay = Phase{FromHeight: from, ToHeight: target, Txs: txs, Seconds: (end.t - replayStart.t).Seconds(), CPUSeconds: end.cpu - replayStart.cpu}
	out.Replay.rates()
	c.progress("%s: reached height %d in %.1f s (replay %d txs in %.1f s, %.0f tx/s, joiner CPU %.1f s)\n",
		mode, target, out.TotalSeconds, txs, out.Replay.Seconds, out.Replay.TxPerSec, out.Replay.CPUSeconds)
	if err := c.checkAppHash(ctx, src, rc, out); err != nil {
		return nil, err
	}
	if profErr != nil {
		if err := <-profErr; err != nil {
			c.progress("profile: %v\n", err)
		}
	}
	return out, nil
}

func (p *Phase) rates() {
	if p.Seconds > 0 {
		p.TxPerSec = float64(p.Txs) / p.Seconds
	}
	if p.Txs > 0 {
		p.CPUPerTxUs = p.CPUSeconds * 1e6 / float64(p.Txs)
	}
}

// appHeight is the joiner app's last committed height (0 while it starts
// or restores): the app's own, not the block store's.
func appHeight(ctx context.Context, rc *rpchttp.HTTP) int64 {
	cctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	info, err := rc.ABCIInfo(cctx)
	if err != nil {
		return 0
	}
	return info.Response.LastBlockHeight
}

// checkAppHash waits until source and joiner report the same height (the
// joiner takes the source's last block from consensus, after block sync)
// and compares their apps' hashes there.
func (c *Config) checkAppHash(ctx context.Context, src *source, rc *rpchttp.HTTP, out *Join) error {
	deadline := time.Now().Add(2 * time.Minute)
	for time.Now().Before(deadline) {
		cctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		ji, err1 := rc.ABCIInfo(cctx)
		si, err2 := src.n.RPC.ABCIInfo(cctx)
		cancel()
		if err1 == nil && err2 == nil && ji.Response.LastBlockHeight == si.Response.LastBlockHeight {
			out.CheckHeight = ji.Response.LastBlockHeight
			out.AppHash = hex.EncodeToString(ji.Response.LastBlockAppHash)
			out.AppHashMatch = bytes.Equal(ji.Response.LastBlockAppHash, si.Response.LastBlockAppHash)
			if !out.AppHashMatch {
				return fmt.Errorf("%s joiner's app hash at height %d is %X, the source's %X", out.Mode, out.CheckHeight, ji.Response.LastBlockAppHash, si.Response.LastBlockAppHash)
			}
			return nil
		}
		if err := sleep(ctx, 20*time.Millisecond); err != nil {
			return err
		}
	}
	return fmt.Errorf("%s joiner never at the source's height to compare app hashes", out.Mode)
}

// fetchProfile saves a CPU profile of the joiner from its pprof server.
func fetchProfile(ctx context.Context, addr string, seconds int, file string) error {
	url := fmt.Sprintf("http://%s/debug/pprof/profile?seconds=%d", addr, seconds)
	hc := &http.Client{Timeout: time.Duration(seconds+30) * time.Second}
	var resp *http.Response
	for {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		var err error
		if resp, err = hc.Do(req); err == nil {
			break
		}
		if err := sleep(ctx, 20*time.Millisecond); err != nil {
			return err
		}
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("pprof: HTTP %d", resp.StatusCode)
	}
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	return os.WriteFile(file, b, 0o644)
}

func sleep(ctx context.Context, d time.Duration) error {
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-time.After(d):
		return nil
	}
}
