package node

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"time"

	cmtcfg "github.com/cometbft/cometbft/config"
	"github.com/cometbft/cometbft/types"

	"github.com/pingshan/govchain/internal/audit"
	"github.com/pingshan/govchain/internal/cryptosuite"
	"github.com/pingshan/govchain/internal/module/identity"
	"github.com/pingshan/govchain/internal/module/notary"
	"github.com/pingshan/govchain/internal/snapshot"
	"github.com/pingshan/govchain/internal/tx"
)

// OpsConfig is the operational part of govchain.json (all optional):
//
//	"snapshots":  {"interval": 1000, "keep_recent": 2, "chunk_bytes": 4194304}
//	"access_log": {"anchor_key": "gov-auditlog", "passphrase_file": "/etc/govchain/pass",
//	               "anchor_interval": "2m"}
//	"admin_socket": true
//	"disk":       {"min_free_bytes": 536870912}
type OpsConfig struct {
	Snapshots struct {
		// Interval: a state-sync snapshot after every block whose height
		// is a multiple (default 1000; 0 disables taking snapshots).
		Interval   *int64 `json:"interval,omitempty"`
		KeepRecent int    `json:"keep_recent,omitempty"`
		ChunkBytes int    `json:"chunk_bytes,omitempty"`
	} `json:"snapshots"`
	AccessLog struct {
		// AnchorKey names the keyring key that signs the anchors (an
		// account of this node's department with a notary role).
		AnchorKey string `json:"anchor_key,omitempty"`
		// PassphraseFile unlocks an encrypted anchor key (else
		// $GOVCHAIN_PASSPHRASE; demo keys need none).
		PassphraseFile string `json:"passphrase_file,omitempty"`
		AnchorInterval string `json:"anchor_interval,omitempty"`
	} `json:"access_log"`
	// AdminSocket serves `govchain export` of a running node on
	// HOME/data/admin.sock (default true).
	AdminSocket *bool `json:"admin_socket,omitempty"`
	Disk        struct {
		// MinFreeBytes: below this much free space on the data directory's
		// file system the node refuses new transactions (default 512 MiB;
		// 0 disables the watermark, the free space is still measured).
		MinFreeBytes *int64 `json:"min_free_bytes,omitempty"`
	} `json:"disk"`
}

// MinFreeBytes is the configured or default disk watermark.
func (c *OpsConfig) MinFreeBytes() uint64 {
	if c.Disk.MinFreeBytes == nil {
		return DefaultMinFreeBytes
	}
	return uint64(max(*c.Disk.MinFreeBytes, 0))
}

// DefaultSnapshotInterval is used when govchain.json sets none.
const DefaultSnapshotInterval = 1000

// LoadOpsConfig reads the operational settings from govchain.json.
func LoadOpsConfig(h Home) (*OpsConfig, error) {
	b, err := os.ReadFile(h.AppConfigFile())
	if err != nil {
		return nil, err
	}
	var c OpsConfig
	if err := json.Unmarshal(b, &c); err != nil {
		return nil, fmt.Errorf("parse %s: %w", h.AppConfigFile(), err)
	}
	return &c, nil
}

// SnapshotInterval is the configured or default interval.
func (c *OpsConfig) SnapshotInterval() int64 {
	if c.Snapshots.Interval == nil {
		return DefaultSnapshotInterval
	}
	return *c.Snapshots.Interval
}

// AccessLogPath is HOME/data/access.log.
func (h Home) AccessLogPath() string { return filepath.Join(string(h), "data", "access.log") }

// SnapshotDir is HOME/data/snapshots.
func (h Home) SnapshotDir() string { return filepath.Join(string(h), "data", "snapshots") }

// AdminSocketPath is HOME/data/admin.sock.
func (h Home) AdminSocketPath() string { return filepath.Join(string(h), "data", "admin.sock") }

// ops holds what runs beside consensus: snapshots, the access log and its
// anchoring, the admin socket.
type ops struct {
	cfg      *OpsConfig
	snaps    *snapshot.Manager
	anchorer *audit.Anchorer
	cancel   context.CancelFunc
	wg       sync.WaitGroup
	admin    *http.Server
	disk     *diskGuard
}

// openOps runs in Open, before CometBFT is created.
func (n *Node) openOps() error {
	c, err := LoadOpsConfig(n.Home)
	if err != nil {
		return err
	}
	if n.opsAdjust != nil {
		n.opsAdjust(c)
	}
	o := &ops{cfg: c}
	n.ops = o
	o.disk = newDiskGuard(filepath.Join(string(n.Home), "data"), c.MinFreeBytes(), n.Metrics.Registry, n.log.With("module", "disk"))
	o.disk.check()
	if o.snaps, err = snapshot.NewManager(n.Store, snapshot.Config{Dir: n.Home.SnapshotDir(), Interval: c.SnapshotInterval(),
		KeepRecent: c.Snapshots.KeepRecent, ChunkSize: c.Snapshots.ChunkBytes, Logger: n.log.With("module", "snapshots")}); err != nil {
		return err
	}
	n.App.SetSnapshots(o.snaps)
	n.AccessLog, err = audit.OpenAccessLog(n.Home.AccessLogPath(), n.App.Suite())
	var damaged *audit.DamagedError
	switch {
	case errors.As(err, &damaged):
		// The node keeps validating; decrypting personal data stops
		// until the operator has dealt with the log.
		n.log.Error("ACCESS LOG DAMAGED: personal data cannot be shown until it is dealt with", "err", err)
	case err != nil:
		return err
	}
	if c.AccessLog.AnchorKey != "" {
		iv := audit.DefaultAnchorInterval
		if s := c.AccessLog.AnchorInterval; s != "" {
			if iv, err = time.ParseDuration(s); err != nil || iv <= 0 {
				return fmt.Errorf("%s: access_log.anchor_interval %q: want a duration such as \"2m\"", n.Home.AppConfigFile(), s)
			}
		}
		send, err := n.anchorSender(c.AccessLog.AnchorKey, c.AccessLog.PassphraseFile)
		if err != nil {
			return fmt.Errorf("access log anchoring: %w", err)
		}
		submit := func(ctx context.Context, payload []byte) error { return send(ctx, "notary", "anchor", payload) }
		o.anchorer = &audit.Anchorer{Log: n.AccessLog, Interval: iv, Submit: submit, Logger: n.log.With("module", "access-log"),
			Monthly: func(ctx context.Context) error { return n.publishAccessDigests(ctx, time.Now(), send) }}
	}
	return nil
}

// startOps runs in Start, once CometBFT runs.
func (n *Node) startOps() error {
	o := n.ops
	if o == nil {
		return nil
	}
	ctx, cancel := context.WithCancel(context.Background())
	o.cancel = cancel
	o.wg.Add(1)
	go func() { defer o.wg.Done(); o.disk.run(ctx) }()
	n.startAttester(ctx, &o.wg)
	if o.anchorer != nil {
		o.wg.Add(1)
		go func() { defer o.wg.Done(); o.anchorer.Run(ctx) }()
	} else if n.AccessLog.Head().Seq > 0 {
		n.log.Warn("the access log is not anchored on chain: set access_log.anchor_key in govchain.json", "entries", n.AccessLog.Head().Seq)
	}
	if o.cfg.AdminSocket == nil || *o.cfg.AdminSocket {
		if err := n.startAdmin(); err != nil {
			n.log.Warn("admin socket not available; `govchain export` of this running node will not work", "err", err)
		}
	}
	return nil
}

// stopOps runs in Stop: it anchors the last head (briefly), stops the
// admin socket and waits for a snapshot being written, so the state store
// can close.
func (n *Node) stopOps() {
	o := n.ops
	if o == nil {
		return
	}
	if o.admin != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		o.admin.Shutdown(ctx)
		cancel()
		os.Remove(n.Home.AdminSocketPath())
	}
	if o.anchorer != nil && n.cmt != nil && n.cmt.IsRunning() && n.AccessLog.Damaged() == nil {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		if _, err := o.anchorer.AnchorNow(ctx); err != nil {
			n.log.Warn("final access log anchor not committed; it is anchored after the next start", "err", err)
		}
		cancel()
	}
	if o.cancel != nil {
		o.cancel()
	}
	o.wg.Wait()
	o.snaps.Close()
}

// closeOps releases files after the node has stopped.
func (n *Node) closeOps() error {
	if n.AccessLog != nil {
		return n.AccessLog.Close()
	}
	return nil
}

// keepOfflineStateSync re-arms CometBFT's "offline state sync height"
// for a home restored by `govchain import` (or state-synced) that has not
// stored a block yet. CometBFT clears the mark at its first start; stopped
// again before it fetched block H+1, it would refuse to start ("state and
// store height mismatch"). Runs before CometBFT opens its databases.
func keepOfflineStateSync(conf *cmtcfg.Config, lg *slog.Logger) {
	c, err := snapshot.OpenChain(conf)
	if err != nil {
		return // a new home, or CometBFT reports the problem itself
	}
	defer c.Close()
	if c.Blocks.Height() != 0 {
		return
	}
	st, err := c.State.Load()
	if err != nil || st.LastBlockHeight == 0 {
		return
	}
	if h, err := c.State.GetOfflineStateSyncHeight(); err == nil && h == st.LastBlockHeight {
		return
	}
	if err := c.State.SetOfflineStateSyncHeight(st.LastBlockHeight); err != nil {
		lg.Warn("could not re-arm the restored height", "err", err)
		return
	}
	lg.Info("restored home without blocks yet: block sync starts after the restored height", "height", st.LastBlockHeight)
}

// sendFunc signs one tx of module/action with the anchoring key, submits
// it and waits for the commit.
type sendFunc func(ctx context.Context, module, action string, payload []byte) error

// anchorSender loads the anchoring key and returns the function that
// signs the access log's anchors and monthly digests with it.
func (n *Node) anchorSender(name, passFile string) (sendFunc, error) {
	s := n.App.Suite()
	key, err := n.loadAccountKey(name, passFile, "access_log.passphrase_file")
	if err != nil {
		return nil, err
	}
	addr := cryptosuite.Address(s, key.Public())
	if acct, err := identity.GetAccount(n.Store.Committed(), addr); err == nil && acct.Department != n.Config.Department {
		n.log.Warn("the access log anchor key belongs to another department; `audit` looks for this node's department", "key", name,
			"key_department", acct.Department, "node_department", n.Config.Department)
	}
	return func(ctx context.Context, module, action string, payload []byte) error {
		acct, err := identity.GetAccount(n.Store.Committed(), addr)
		if err != nil {
			return err
		}
		raw, err := tx.Build(key, addr, n.Genesis.ChainID, acct.Sequence, module, action, payload)
		if err != nil {
			return err
		}
		res, err := n.Submit(ctx, raw, true)
		if err != nil {
			return err
		}
		if res.Code != 0 {
			if res.Codespace == "notary" && res.Code == 2 {
				return notary.ErrAlreadyExists
			}
			return fmt.Errorf("%s/%s refused (%s/%d): %s", module, action, res.Codespace, res.Code, res.Log)
		}
		return nil
	}, nil
}

// startAdmin serves the admin API on a Unix socket only the node's OS user
// can open: GET /export streams a backup of the running node.
func (n *Node) startAdmin() error {
	path := n.Home.AdminSocketPath()
	if len(path) > 100 {
		return fmt.Errorf("socket path %s is too long for a Unix socket", path)
	}
	if c, err := net.DialTimeout("unix", path, 200*time.Millisecond); err == nil {
		c.Close()
		return fmt.Errorf("%s is in use by another process", path)
	}
	os.Remove(path)
	ln, err := net.Listen("unix", path)
	if err != nil {
		return err
	}
	if err := os.Chmod(path, 0o600); err != nil {
		ln.Close()
		return err
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /export", n.serveExport)
	n.ops.admin = &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		if err := n.ops.admin.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			n.log.Error("admin socket stopped", "err", err)
		}
	}()
	return nil
}

// serveExport streams a backup: a consistent state version (immutable,
// read while consensus goes on) with the blocks and validator sets that
// sign it.
func (n *Node) serveExport(w http.ResponseWriter, r *http.Request) {
	var height int64
	if s := r.URL.Query().Get("height"); s != "" {
		var err error
		if height, err = strconv.ParseInt(s, 10, 64); err != nil {
			http.Error(w, "bad height", http.StatusBadRequest)
			return
		}
	}
	raw, err := os.ReadFile(n.Home.GenesisFile())
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	src := snapshot.ExportSource{Store: n.Store, Chain: liveChain{n}, Genesis: n.Genesis, GenesisRaw: raw,
		AccessLog: n.Home.AccessLogPath(), Running: true, Height: height, Saved: n.valHistory.saved}
	pw := &pendingWriter{w: w}
	man, err := snapshot.Export(pw, src)
	if err != nil {
		n.log.Error("export failed", "err", err)
		if !pw.started {
			http.Error(w, err.Error(), http.StatusConflict)
			return
		}
		// Mid-stream: break the connection; the file lacks its digest.
		panic(http.ErrAbortHandler)
	}
	n.log.Info("backup exported", "height", man.Height, "app_hash", man.AppHash)
}

// pendingWriter holds back the HTTP status until the first byte.
type pendingWriter struct {
	w       http.ResponseWriter
	started bool
}

func (p *pendingWriter) Write(b []byte) (int, error) {
	p.started = true
	return p.w.Write(b)
}

// liveChain reads a running node's block store and, over its in-process
// RPC, validator sets and consensus parameters.
type liveChain struct{ n *Node }

func (c liveChain) Height() int64 { return c.n.cmt.BlockStore().Height() }
func (c liveChain) Base() int64   { return c.n.cmt.BlockStore().Base() }
func (c liveChain) BlockMeta(h int64) *types.BlockMeta {
	return c.n.cmt.BlockStore().LoadBlockMeta(h)
}
func (c liveChain) Commit(h int64) *types.Commit {
	bs := c.n.cmt.BlockStore()
	if h < bs.Height() {
		if cm := bs.LoadBlockCommit(h); cm != nil {
			return cm
		}
	}
	return bs.LoadSeenCommit(h)
}
func (c liveChain) Validators(h int64) (*types.ValidatorSet, error) {
	return proofSource(c).Validators(context.Background(), h)
}
func (c liveChain) ConsensusParams(h int64) (types.ConsensusParams, error) {
	res, err := c.n.RPC.ConsensusParams(context.Background(), &h)
	if err != nil {
		return types.ConsensusParams{}, err
	}
	return res.ConsensusParams, nil
}

// DialAdmin returns an HTTP client that talks to a home's admin socket,
// or an error when no node is listening there.
func DialAdmin(h Home) (*http.Client, error) {
	path := h.AdminSocketPath()
	c, err := net.DialTimeout("unix", path, time.Second)
	if err != nil {
		return nil, err
	}
	c.Close()
	return &http.Client{Transport: &http.Transport{DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
		var d net.Dialer
		return d.DialContext(ctx, "unix", path)
	}}}, nil
}
