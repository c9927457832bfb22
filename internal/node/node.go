package node

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync/atomic"
	"time"

	"github.com/cometbft/cometbft/abci/example/kvstore"
	cfg "github.com/cometbft/cometbft/config"
	cmtjson "github.com/cometbft/cometbft/libs/json"
	cmtlog "github.com/cometbft/cometbft/libs/log"
	nm "github.com/cometbft/cometbft/node"
	"github.com/cometbft/cometbft/p2p"
	"github.com/cometbft/cometbft/privval"
	"github.com/cometbft/cometbft/proxy"
	"github.com/cometbft/cometbft/rpc/client/local"
	"github.com/cometbft/cometbft/types"

	"github.com/pingshan/govchain/internal/app"
	"github.com/pingshan/govchain/internal/audit"
	"github.com/pingshan/govchain/internal/index"
	"github.com/pingshan/govchain/internal/logging"
	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/store"
	"github.com/pingshan/govchain/internal/upgrade"
)

// Node is one running govchain node.
type Node struct {
	Home    Home
	Config  *AppConfig
	Comet   *cfg.Config
	App     *app.App
	Store   *store.Store
	Genesis *types.GenesisDoc
	RPC     *local.Local
	Metrics *Metrics

	Index *index.Index
	// AccessLog records every decryption of personal data (ops.go).
	AccessLog *audit.AccessLog

	ops       *ops
	opsAdjust func(*OpsConfig) // Options.Ops
	cmt       *nm.Node
	waiters   *waiters
	log       *slog.Logger
	// lastHeight is the last committed height for log lines: read by the
	// log handler, which must never wait for the store's lock.
	lastHeight atomic.Int64
	indexKick  chan struct{}
	indexDone  chan struct{}
	stopIndex  context.CancelFunc
	// expiry exports what runs out (expiry_metrics.go).
	expiry *expiryCollector
	// valHistory caches the validator changes proofs carry (proof_transitions.go).
	valHistory validatorHistory
	// proofHeaders keeps checked headers for proof bundles
	// (proof_headers.go).
	proofHeaders proofHeaders
}

// Options tune Open.
type Options struct {
	Logger *slog.Logger
	// Upgrades are the software upgrades this binary can run; the zero
	// value means upgrade.Known() (a drill or test passes fewer to play an
	// older binary).
	Upgrades *upgrade.Registry
	// CometLogLevel is "error" (default), "info" or "debug".
	CometLogLevel string
	// Baseline runs CometBFT's example kvstore app instead of govchain's,
	// on the same node setup, so benchmarks compare like with like.
	// Only "kvstore" is known; the JSON API is not served in this mode.
	Baseline string
	// Preload are txs put into the mempool before consensus starts, so a
	// new chain's first block (at genesis time) carries them: the dev
	// chain's seeded history.
	Preload [][]byte
	// Modules replaces the app's module list (app.ModulesWith in tests);
	// nil runs app.Modules().
	Modules []module.Module
	// Comet, if set, adjusts the CometBFT config read from the home before
	// the node is built, without writing it back: a benchmark runs a home
	// on ports of its own choosing and leaves the home untouched.
	Comet func(*cfg.Config)
	// Ops, if set, adjusts govchain.json's operational settings in memory,
	// as Comet does CometBFT's: `bench read` runs a home without taking
	// snapshots, whose minutes of CPU at a million cases would land in
	// whichever path happened to be measured.
	Ops func(*OpsConfig)
}

// Open loads a home and builds the node without starting it.
func Open(h Home, opts Options) (*Node, error) {
	lg := opts.Logger
	if lg == nil {
		lg = slog.Default()
	}
	if !h.Exists() {
		return nil, fmt.Errorf("%s is not a govchain home (no config/genesis.json): run `govchain init` or `govchain testnet` first", h)
	}
	conf, err := LoadCometConfig(h)
	if err != nil {
		return nil, err
	}
	if opts.Comet != nil {
		opts.Comet(conf)
	}
	acfg, err := LoadAppConfig(h)
	if err != nil {
		return nil, err
	}
	gen, err := types.GenesisDocFromFile(h.GenesisFile())
	if err != nil {
		return nil, fmt.Errorf("genesis: %w", err)
	}
	st, err := app.ParseAppState(gen.AppState)
	if err != nil {
		return nil, err
	}
	if err := checkWritable(string(h)); err != nil {
		return nil, err
	}
	db, err := store.Open(h.StateDir())
	if err != nil {
		return nil, err
	}
	ups := upgrade.Known()
	if opts.Upgrades != nil {
		ups = *opts.Upgrades
	}
	a, err := app.New(app.Config{ChainID: gen.ChainID, State: st, Store: db, Logger: lg, Modules: opts.Modules, Upgrades: ups})
	if err != nil {
		db.Close()
		return nil, err
	}
	pv, err := loadPrivValidator(conf)
	if err != nil {
		db.Close()
		return nil, err
	}
	nodeKey, err := p2p.LoadNodeKey(conf.NodeKeyFile())
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("node key: %w", err)
	}
	ix, err := OpenIndex(h)
	if err != nil {
		db.Close()
		return nil, err
	}
	n := &Node{Home: h, Config: acfg, Comet: conf, App: a, Store: db, Genesis: gen, Index: ix, waiters: newWaiters(), log: lg,
		indexKick: make(chan struct{}, 1), indexDone: make(chan struct{}), opsAdjust: opts.Ops}
	n.valHistory.saved = loadSavedTransitions(h.ValidatorTransitionsFile(), gen, lg)
	n.Metrics = newMetrics()
	n.Metrics.Registry.MustRegister(n.ExpiryCollector())
	n.lastHeight.Store(db.Version())
	a.SetObserver(observer{n})
	if err := n.openOps(); err != nil {
		n.closeOps()
		ix.Close()
		db.Close()
		return nil, err
	}

	logger, err := cometLogger(lg, opts.CometLogLevel)
	if err != nil {
		n.closeOps()
		ix.Close()
		db.Close()
		return nil, err
	}
	logger = n.exitOnConsensusFailure(logger)
	keepOfflineStateSync(conf, lg)
	abciApp, err := withCrashPoint(a)
	if err != nil {
		n.closeOps()
		ix.Close()
		db.Close()
		return nil, err
	}
	abciApp = n.stopForUpgrade(abciApp)
	// One mutex per ABCI connection: CheckTx (mempool) runs beside
	// FinalizeBlock (consensus); the app guards the state they share.
	creator := proxy.NewConnSyncLocalClientCreator(abciApp)
	switch opts.Baseline {
	case "":
	case "kvstore":
		creator = proxy.NewLocalClientCreator(kvstore.NewPersistentApplication(filepath.Join(string(h), "data", "kvstore")))
	default:
		n.closeOps()
		ix.Close()
		db.Close()
		return nil, fmt.Errorf("unknown baseline app %q (known: kvstore)", opts.Baseline)
	}
	var cmt *nm.Node
	withRegisterer(n.Metrics.Registry, func() {
		cmt, err = nm.NewNode(context.Background(), conf, pv, nodeKey,
			creator,
			nm.DefaultGenesisDocProviderFunc(conf),
			cfg.DefaultDBProvider, cometMetrics(conf), logger)
	})
	if err != nil {
		n.closeOps()
		ix.Close()
		db.Close()
		return nil, fmt.Errorf("create CometBFT node: %w", err)
	}
	n.cmt = cmt
	// Feedback text lives in the txs, not in state: the index reads it
	// from the block store.
	ix.UseTxs(index.BlockTxs(cmt.BlockStore()))
	for i, t := range opts.Preload {
		rr, err := cmt.Mempool().CheckTx(t, "")
		if err == nil {
			rr.Wait()
			if res := rr.Response.GetCheckTx(); res != nil && res.Code != 0 {
				err = fmt.Errorf("code %s/%d: %s", res.Codespace, res.Code, res.Log)
			}
		}
		if err != nil {
			n.Stop()
			return nil, fmt.Errorf("preload tx %d: %w", i, err)
		}
	}
	return n, nil
}

// Start starts consensus, p2p and CometBFT's RPC.
func (n *Node) Start() error {
	if err := n.cmt.Start(); err != nil {
		return fmt.Errorf("start node: %w", err)
	}
	n.RPC = local.New(n.cmt)
	ctx, cancel := context.WithCancel(context.Background())
	n.stopIndex = cancel
	go n.runIndexer(ctx)
	return n.startOps()
}

// Stop stops the node and closes the state.
func (n *Node) Stop() error {
	var errs []error
	n.stopOps()
	// The indexer reads blocks from CometBFT's block store (text kept off
	// state): stop it before CometBFT closes that store, or a stop while
	// the index is behind panics ("pebble: closed", seen under bench load).
	// Blocks committed meanwhile are indexed at the next start.
	if n.stopIndex != nil {
		n.stopIndex()
		<-n.indexDone
		n.stopIndex = nil
	}
	if n.cmt != nil && n.cmt.IsRunning() {
		if err := n.cmt.Stop(); err != nil {
			errs = append(errs, err)
		}
		n.cmt.Wait()
	}
	n.waiters.closeAll()
	if err := n.Index.Close(); err != nil {
		errs = append(errs, err)
	}
	if err := n.Store.Close(); err != nil {
		errs = append(errs, err)
	}
	if err := n.closeOps(); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// LastHeight is the last committed height without taking the store's lock
// (for log lines).
func (n *Node) LastHeight() int64 { return n.lastHeight.Load() }

// Height is the last committed height.
func (n *Node) Height() int64 { return n.Store.Version() }

// WaitForHeight blocks until the chain reaches h or ctx ends.
func (n *Node) WaitForHeight(ctx context.Context, h int64) error {
	for n.Height() < h {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
	}
	return nil
}

// CometNode exposes the embedded CometBFT node (block store, event bus).
func (n *Node) CometNode() *nm.Node { return n.cmt }

// loadPrivValidator checks the key files itself first, because
// privval.LoadFilePV exits the process on any error.
func loadPrivValidator(conf *cfg.Config) (*privval.FilePV, error) {
	keyFile, stateFile := conf.PrivValidatorKeyFile(), conf.PrivValidatorStateFile()
	kb, err := os.ReadFile(keyFile)
	if err != nil {
		return nil, fmt.Errorf("validator key: %w", err)
	}
	var key privval.FilePVKey
	if err := cmtjson.Unmarshal(kb, &key); err != nil || key.PrivKey == nil {
		return nil, fmt.Errorf("validator key %s is unreadable: %v", keyFile, err)
	}
	sb, err := os.ReadFile(stateFile)
	if errors.Is(err, os.ErrNotExist) {
		// A fresh node: start from an empty sign state, as `init` would.
		pv := privval.NewFilePV(key.PrivKey, keyFile, stateFile)
		pv.Save()
		return pv, nil
	}
	if err != nil {
		return nil, fmt.Errorf("validator state: %w", err)
	}
	var last privval.FilePVLastSignState
	if err := cmtjson.Unmarshal(sb, &last); err != nil {
		return nil, fmt.Errorf("validator sign state %s is unreadable (refusing to start: it protects against double signing): %v", stateFile, err)
	}
	return privval.LoadFilePV(keyFile, stateFile), nil
}

// cometLogger routes CometBFT's log into the node's (same format, same
// stream, the node's fields), first filtered at CometBFT's own level.
func cometLogger(lg *slog.Logger, level string) (cmtlog.Logger, error) {
	if level == "" {
		level = "error"
	}
	opt, err := cmtlog.AllowLevel(level)
	if err != nil {
		return nil, fmt.Errorf("comet log level: %w", err)
	}
	return cmtlog.NewFilter(logging.Comet(lg), opt), nil
}

// checkWritable fails early, with a clear message, on a data dir the node
// could not write its blocks and state to.
func checkWritable(dir string) error {
	f, err := os.CreateTemp(dir, ".write-check-*")
	if err != nil {
		return fmt.Errorf("home %s is not writable: %w", dir, err)
	}
	name := f.Name()
	_, werr := f.Write([]byte("ok"))
	cerr := f.Close()
	os.Remove(name)
	if werr != nil || cerr != nil {
		return fmt.Errorf("home %s is not writable: %v", dir, errors.Join(werr, cerr))
	}
	return nil
}
