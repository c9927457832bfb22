// Package app is govchain's ABCI 2.0 application: it authenticates
// transactions, routes them to the domain modules and keeps their state in
// the Merkle store. Everything here is deterministic; the node package runs
// it inside CometBFT and wires I/O around it.
package app

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"

	"github.com/pingshan/govchain/internal/cryptosuite"
	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/module/governance"
	"github.com/pingshan/govchain/internal/module/identity"
	"github.com/pingshan/govchain/internal/snapshot"
	"github.com/pingshan/govchain/internal/store"
	"github.com/pingshan/govchain/internal/upgrade"
)

// AppVersion is the app version a new chain starts at, reported to
// CometBFT until a software upgrade moves it (internal/upgrade). A
// state-breaking change is an upgrade: one more entry in upgrade.Known.
// 2: finance payees sealed (Payee field 3 retired, 5–6 added), params.payee_readers.
const AppVersion = upgrade.GenesisAppVersion

// Observer hears about committed blocks and rejections, outside the state
// machine (metrics, clients waiting for their tx).
type Observer interface {
	BlockCommitted(height int64, blockTime time.Time, txs []TxOutcome, commitTook time.Duration)
	CheckTxRejected(codespace string, code uint32)
}

// TxOutcome is one executed tx's result as an observer sees it.
type TxOutcome struct {
	Hash      []byte
	Height    int64
	Index     int
	Code      uint32
	Codespace string
	Log       string
	Module    string
	Action    string
	Signer    string
}

// App is the ABCI application.
type App struct {
	abci.BaseApplication

	chainID string
	suite   cryptosuite.Suite
	genesis *AppState
	store   *store.Store
	router  *Router
	modules []module.Module
	log     *slog.Logger

	sigs *sigCache
	// keys are parsed signer keys with their SM2 ZA (bounded; see
	// cryptosuite.KeyCache).
	keys *cryptosuite.KeyCache
	// sequentialChecks turns off FinalizeBlock's parallel pre-checks
	// (signatures, payload decoding): deliver then does them one by one,
	// as it always can. Tests compare the two paths.
	sequentialChecks bool

	// checkMu guards the mempool's view: the next sequence each account
	// may use given the txs admitted to the mempool and not yet committed.
	checkMu sync.Mutex
	pending map[string]uint64

	// block under execution (consensus connection only)
	blockHeight int64
	blockTime   time.Time
	outcomes    []TxOutcome
	recorded    [][]byte // hashes of this block's txs with a record, by index (nil: none)
	recent      recentTxs
	finalizedAt time.Time
	// committedTime is the last committed block's time (Unix seconds),
	// what CheckTx judges an account's validity by (validity.go).
	committedTime atomic.Int64

	obsMu    sync.RWMutex
	observer Observer

	snaps *snapshot.Manager // state-sync snapshots (snapshots.go); nil: none

	upgrades upgrade.Registry // the software upgrades this binary can run (upgrade.go)

	// genesisView is the genesis state as InitChain wrote it, read by
	// CheckTx until block 1 commits.
	genesisView store.Reader
}

// Config is what New needs.
type Config struct {
	ChainID string
	State   *AppState
	Store   *store.Store
	Logger  *slog.Logger
	// Modules is the module list; nil means Modules().
	Modules []module.Module
	// Upgrades are the software upgrades the binary knows (upgrade.Known
	// in a node; a test passes its own). Without one the node stops at the
	// height of any scheduled upgrade.
	Upgrades upgrade.Registry
}

// New builds the app over an opened store.
func New(cfg Config) (*App, error) {
	s, err := cryptosuite.ByName(cfg.State.Suite)
	if err != nil {
		return nil, err
	}
	lg := cfg.Logger
	if lg == nil {
		lg = slog.Default()
	}
	mods := cfg.Modules
	if mods == nil {
		mods = Modules()
	}
	return &App{
		chainID:  cfg.ChainID,
		modules:  mods,
		suite:    s,
		genesis:  cfg.State,
		store:    cfg.Store,
		router:   NewRouter(mods...),
		log:      lg,
		sigs:     newSigCache(200_000),
		keys:     cryptosuite.NewKeyCache(s, cryptosuite.DefaultKeyCacheSize),
		pending:  map[string]uint64{},
		upgrades: cfg.Upgrades,
	}, nil
}

// SetObserver installs the observer (nil to remove).
func (a *App) SetObserver(o Observer) {
	a.obsMu.Lock()
	a.observer = o
	a.obsMu.Unlock()
}

func (a *App) obs() Observer {
	a.obsMu.RLock()
	defer a.obsMu.RUnlock()
	return a.observer
}

// Suite is the chain's crypto suite.
func (a *App) Suite() cryptosuite.Suite { return a.suite }

// ChainID is the chain this app serves.
func (a *App) ChainID() string { return a.chainID }

// Store exposes the state for queries.
func (a *App) Store() *store.Store { return a.store }

// Router exposes the action table.
func (a *App) Router() *Router { return a.router }

// Modules is the module list this app runs.
func (a *App) Modules() []module.Module { return a.modules }

// GovRegistry is the parameter registry of the modules this app runs.
func (a *App) GovRegistry() *governance.Registry {
	for _, m := range a.modules {
		if g, ok := m.(governance.Module); ok {
			return g.Registry()
		}
	}
	return governance.NewRegistry(nil)
}

// Info tells CometBFT where the app's state is, so the handshake replays
// exactly the blocks the app has not committed.
func (a *App) Info(context.Context, *abci.InfoRequest) (*abci.InfoResponse, error) {
	return &abci.InfoResponse{
		Data:             "govchain",
		Version:          "1",
		AppVersion:       a.CurrentAppVersion(),
		LastBlockHeight:  a.store.Version(),
		LastBlockAppHash: a.store.CommittedHash(),
	}, nil
}

// InitChain writes the genesis state into the working tree; it is saved
// with block 1.
func (a *App) InitChain(_ context.Context, req *abci.InitChainRequest) (*abci.InitChainResponse, error) {
	if req.ChainId != a.chainID {
		return nil, fmt.Errorf("genesis chain id %q, app configured for %q", req.ChainId, a.chainID)
	}
	st := a.genesis
	if len(req.AppStateBytes) > 0 {
		var err error
		if st, err = ParseAppState(req.AppStateBytes); err != nil {
			return nil, err
		}
		if st.Suite != a.suite.Name() {
			return nil, fmt.Errorf("genesis suite %q, app configured for %q", st.Suite, a.suite.Name())
		}
	}
	if req.InitialHeight > 1 {
		a.store.SetInitialVersion(uint64(req.InitialHeight))
	}
	kv := store.NewOverlay(a.store.Working())
	if err := identity.InitGenesis(kv, a.suite, &st.Identity); err != nil {
		return nil, err
	}
	if err := initModuleGenesis(a.modules, kv, a.suite, a.chainID, req.Time, req.InitialHeight, st); err != nil {
		return nil, err
	}
	if err := a.initValidators(kv, req.InitialHeight, req); err != nil {
		return nil, err
	}
	a.genesisView = kv.Snapshot()
	if err := kv.Write(); err != nil {
		return nil, err
	}
	hash, err := a.store.WorkingHash()
	if err != nil {
		return nil, err
	}
	return &abci.InitChainResponse{AppHash: hash}, nil
}

// ProcessProposal accepts every proposal: a bad tx inside a block fails
// deterministically in FinalizeBlock, which is cheaper than a re-vote.
func (a *App) ProcessProposal(context.Context, *abci.ProcessProposalRequest) (*abci.ProcessProposalResponse, error) {
	return &abci.ProcessProposalResponse{Status: abci.PROCESS_PROPOSAL_STATUS_ACCEPT}, nil
}

// prunePending forgets mempool sequences that the committed state has
// caught up with, so the map only holds accounts with txs in flight.
func (a *App) prunePending() {
	a.checkMu.Lock()
	defer a.checkMu.Unlock()
	if len(a.pending) == 0 {
		return
	}
	committed := a.store.Committed()
	for addr, next := range a.pending {
		acct, err := identity.GetAccount(committed, addr)
		if err != nil || acct.Sequence >= next {
			delete(a.pending, addr)
		}
	}
}

// Commit persists the block's state.
func (a *App) Commit(context.Context, *abci.CommitRequest) (*abci.CommitResponse, error) {
	start := time.Now()
	_, version, err := a.store.Commit()
	if err != nil {
		// A disk that refuses the write must stop the node: carrying on
		// would sign blocks over state we do not have.
		return nil, fmt.Errorf("commit height %d: %w", a.blockHeight, err)
	}
	if a.blockHeight != 0 && version != a.blockHeight {
		return nil, fmt.Errorf("state version %d after committing block %d", version, a.blockHeight)
	}
	a.prunePending()
	if version%64 == 0 {
		// A full scan of the cache: not worth doing every block.
		a.sigs.evictBefore(version - 100)
	}
	a.snapshotCommitted(version)
	if o := a.obs(); o != nil {
		took := time.Since(a.finalizedAt)
		if a.finalizedAt.IsZero() {
			took = time.Since(start)
		}
		o.BlockCommitted(version, a.blockTime, a.outcomes, took)
	}
	a.committedTime.Store(a.blockTime.Unix())
	a.recent.add(version, a.recorded, refusedLogs(a.outcomes, a.recorded))
	a.outcomes = nil
	a.recorded = nil
	return &abci.CommitResponse{}, nil
}
