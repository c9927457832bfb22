package snapshot

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/cockroachdb/pebble"
	dbm "github.com/cometbft/cometbft-db"
	cfg "github.com/cometbft/cometbft/config"
	sm "github.com/cometbft/cometbft/state"
	cmtstore "github.com/cometbft/cometbft/store"
	"github.com/cometbft/cometbft/types"
	"github.com/syndtr/goleveldb/leveldb/opt"
)

// Chain is the CometBFT data a backup needs besides the state: block
// headers, commits, validator sets and consensus parameters by height.
// StoreChain reads a stopped node's databases; the node implements it over
// its own stores while running.
type Chain interface {
	// Height is the newest block stored.
	Height() int64
	// Base is the oldest block stored (1, or later on a node that state
	// synced or was restored from a backup).
	Base() int64
	BlockMeta(h int64) *types.BlockMeta
	// Commit is the commit for block h: the one in block h+1 or, for the
	// newest block, the commit this node saw.
	Commit(h int64) *types.Commit
	Validators(h int64) (*types.ValidatorSet, error)
	ConsensusParams(h int64) (types.ConsensusParams, error)
}

// ErrNodeRunning means CometBFT's databases are locked by a running node.
var ErrNodeRunning = errors.New("the node is running: stop it first (its databases are locked while it runs)")

// StoreChain is a stopped node's block store and state store.
type StoreChain struct {
	Blocks *cmtstore.BlockStore
	State  sm.Store
	dbs    []dbm.DB
}

// OpenChain opens HOME/data/blockstore.db and state.db as the node would.
// They must exist; a running node's lock gives ErrNodeRunning.
func OpenChain(conf *cfg.Config) (*StoreChain, error) { return openChain(conf, false) }

// OpenChainReadOnly opens them for reading only: nothing in HOME/data is
// written (what `govchain audit` reads).
func OpenChainReadOnly(conf *cfg.Config) (*StoreChain, error) { return openChain(conf, true) }

func openChain(conf *cfg.Config, readOnly bool) (*StoreChain, error) {
	var dbs []dbm.DB
	open := func(id string) (dbm.DB, error) {
		if b := dbm.BackendType(conf.DBBackend); b == dbm.GoLevelDBBackend || b == dbm.PebbleDBBackend || b == "" {
			if _, err := os.Stat(filepath.Join(conf.DBDir(), id+".db")); err != nil {
				return nil, fmt.Errorf("no %s database in %s: %w", id, conf.DBDir(), err)
			}
		}
		opener := OpenCometDB
		if readOnly {
			opener = OpenCometDBReadOnly
		}
		db, err := opener(conf, id)
		if err != nil {
			if IsLocked(err) {
				return nil, fmt.Errorf("%w (%s.db: %v)", ErrNodeRunning, id, err)
			}
			return nil, fmt.Errorf("open %s database: %w", id, err)
		}
		dbs = append(dbs, db)
		return db, nil
	}
	closeAll := func() {
		for _, d := range dbs {
			d.Close()
		}
	}
	bdb, err := open("blockstore")
	if err != nil {
		return nil, err
	}
	sdb, err := open("state")
	if err != nil {
		closeAll()
		return nil, err
	}
	c := &StoreChain{
		Blocks: cmtstore.NewBlockStore(bdb, cmtstore.WithDBKeyLayout(conf.Storage.ExperimentalKeyLayout)),
		State: sm.NewStore(sdb, sm.StoreOptions{DiscardABCIResponses: conf.Storage.DiscardABCIResponses,
			DBKeyLayout: conf.Storage.ExperimentalKeyLayout}),
		dbs: dbs,
	}
	return c, nil
}

// OpenCometDB opens one of CometBFT's databases (blockstore, state) as
// the node does, but with pebble's informational logging off.
func OpenCometDB(conf *cfg.Config, id string) (dbm.DB, error) {
	if dbm.BackendType(conf.DBBackend) == dbm.PebbleDBBackend {
		return dbm.NewPebbleDBWithOpts(id, conf.DBDir(), &pebble.Options{Logger: quietLogger{}})
	}
	return cfg.DefaultDBProvider(&cfg.DBContext{ID: id, Config: conf})
}

// OpenCometDBReadOnly opens one of CometBFT's databases for reading only,
// every checksum verified.
func OpenCometDBReadOnly(conf *cfg.Config, id string) (dbm.DB, error) {
	var db dbm.DB
	var err error
	switch dbm.BackendType(conf.DBBackend) {
	case dbm.PebbleDBBackend:
		db, err = dbm.NewPebbleDBWithOpts(id, conf.DBDir(), &pebble.Options{ReadOnly: true, Logger: quietLogger{}})
	case dbm.GoLevelDBBackend:
		db, err = dbm.NewGoLevelDBWithOpts(id, conf.DBDir(), &opt.Options{ReadOnly: true, Strict: opt.StrictAll})
	default:
		return OpenCometDB(conf, id)
	}
	if err != nil {
		return nil, err
	}
	return readOnlyDB{db}, nil
}

// readOnlyDB lets CometBFT's stores open over a read-only database: they
// write their key-layout version on open, which is accepted when it is
// already what is stored; any other write is an error.
type readOnlyDB struct{ dbm.DB }

var errReadOnly = errors.New("opened read-only")

func (d readOnlyDB) Set(k, v []byte) error {
	if old, err := d.Get(k); err == nil && old != nil && string(old) == string(v) {
		return nil
	}
	return errReadOnly
}
func (d readOnlyDB) SetSync(k, v []byte) error { return d.Set(k, v) }
func (readOnlyDB) Delete([]byte) error         { return errReadOnly }
func (readOnlyDB) DeleteSync([]byte) error     { return errReadOnly }

type quietLogger struct{}

func (quietLogger) Infof(string, ...any) {}
func (quietLogger) Fatalf(format string, args ...any) {
	panic(fmt.Sprintf(format, args...))
}

// IsLocked reports whether err is a database (or file) lock held by
// another process.
func IsLocked(err error) bool {
	msg := err.Error()
	return errors.Is(err, syscall.EAGAIN) || errors.Is(err, syscall.EWOULDBLOCK) ||
		strings.Contains(msg, "resource temporarily unavailable") ||
		(strings.Contains(msg, "LOCK") && (errors.Is(err, syscall.EACCES) || strings.Contains(msg, "permission denied")))
}

// Close closes the databases.
func (c *StoreChain) Close() error {
	var errs []error
	for _, d := range c.dbs {
		errs = append(errs, d.Close())
	}
	return errors.Join(errs...)
}

func (c *StoreChain) Height() int64                      { return c.Blocks.Height() }
func (c *StoreChain) Base() int64                        { return c.Blocks.Base() }
func (c *StoreChain) BlockMeta(h int64) *types.BlockMeta { return c.Blocks.LoadBlockMeta(h) }
func (c *StoreChain) Validators(h int64) (*types.ValidatorSet, error) {
	return c.State.LoadValidators(h)
}
func (c *StoreChain) ConsensusParams(h int64) (types.ConsensusParams, error) {
	return c.State.LoadConsensusParams(h)
}

func (c *StoreChain) Commit(h int64) *types.Commit {
	if h < c.Blocks.Height() {
		if cm := c.Blocks.LoadBlockCommit(h); cm != nil {
			return cm
		}
	}
	return c.Blocks.LoadSeenCommit(h)
}
