// Package store is govchain's Merkle state: an IAVL tree whose root hash is
// the app hash of every block, so any record can be proven against a
// validator-signed header.
package store

import (
	"errors"
	"fmt"
	"os"
	"sync"

	"github.com/cosmos/iavl"
	iavldb "github.com/cosmos/iavl/db"
	ics23 "github.com/cosmos/ics23/go"
	"github.com/syndtr/goleveldb/leveldb/opt"
)

// ErrNotFound is returned by proofs for keys absent at that version.
var ErrNotFound = errors.New("key not found")

// ErrNoVersion is returned for heights the store does not have.
var ErrNoVersion = errors.New("no such state version")

// ErrExists is returned by ProveAbsent for a key that has a value.
var ErrExists = errors.New("key exists")

// Store owns the tree. Writes go to the working (uncommitted) tree and are
// made only by the consensus connection; reads for queries and CheckTx use
// immutable snapshots of committed versions, so they never see half a block.
type Store struct {
	mu   sync.RWMutex // guards tree handles, not the reads through them
	db   iavldb.DB
	tree *iavl.MutableTree
	last *iavl.ImmutableTree // latest committed version

	pending *pending          // this block's writes, not yet in tree (see pending.go)
	unsaved map[string]change // applied to the working tree, not yet saved (recent.go)
	recent  []versionChanges  // what the last saved versions changed

	dir  string // "" for memory stores
	base int64  // first version with history (> 1 after an import; see export.go)
}

// Cache sizes. A node keeps the upper levels and the recently written paths
// of the tree in memory: with random keys (tx hashes, document hashes) a
// cache smaller than the working set turns every write into disk reads as
// the state grows (measured in docs/benchmarks.md).
const (
	treeCacheNodes    = 500_000
	levelDBBlockCache = 64 << 20
	levelDBWriteBuf   = 32 << 20
)

// Open loads (or creates) the state under dir/state.db.
func Open(dir string) (*Store, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("state dir: %w", err)
	}
	db, err := openLevelDB(dir)
	if err != nil {
		return nil, fmt.Errorf("open state db in %s: %w", dir, err)
	}
	s, err := newStore(db)
	if err != nil {
		return nil, err
	}
	s.dir = dir
	if s.base, err = readBase(dir); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// OpenReadOnly opens the state under dir/state.db for reading only, with
// every LevelDB checksum verified and a damaged journal record an error
// (not dropped): what `govchain audit` reads, leaving the files as they are.
func OpenReadOnly(dir string) (*Store, error) {
	db, err := iavldb.NewGoLevelDBWithOpts("state", dir, &opt.Options{ReadOnly: true, Strict: opt.StrictAll})
	if err != nil {
		return nil, fmt.Errorf("open state db in %s: %w", dir, err)
	}
	s, err := newStore(db)
	if err != nil {
		return nil, err
	}
	s.dir = dir
	if s.base, err = readBase(dir); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// OpenMemory is an in-memory store for tests and benchmarks.
func OpenMemory() (*Store, error) { return newStore(iavldb.NewMemDB()) }

func openLevelDB(dir string) (*iavldb.GoLevelDB, error) {
	return iavldb.NewGoLevelDBWithOpts("state", dir, &opt.Options{
		BlockCacheCapacity: levelDBBlockCache,
		WriteBuffer:        levelDBWriteBuf,
	})
}

func newTree(db iavldb.DB) *iavl.MutableTree {
	// Sync writes: a commit the chain has acknowledged must survive power loss.
	//
	// Fast storage stays on. Without it (tried in the fourth session) the
	// state was ~20 % smaller per tx, but at 346,000 cases a citizen's case
	// lookup walked the tree below the node cache: p99 went from 2.0 to 6.5-
	// 6.9 × /healthz's (docs/benchmarks.md, "Disk per tx, fourth pass"). A
	// home opened by that build lost its fast index; IAVL rebuilds it here.
	return iavl.NewMutableTree(db, treeCacheNodes, false, iavl.NewNopLogger(), iavl.SyncOption(true))
}

func newStore(db iavldb.DB) (*Store, error) {
	tree := newTree(db)
	if _, err := tree.Load(); err != nil {
		db.Close()
		return nil, fmt.Errorf("load state tree: %w", err)
	}
	s := &Store{db: db, tree: tree, pending: newPending()}
	if err := s.refreshLast(); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

func (s *Store) refreshLast() error {
	v := s.tree.Version()
	if v == 0 {
		s.last = nil
		return nil
	}
	imm, err := s.tree.GetImmutable(v)
	if err != nil {
		return fmt.Errorf("snapshot of version %d: %w", v, err)
	}
	s.last = imm
	return nil
}

// Close releases the database.
func (s *Store) Close() error { return s.db.Close() }

// Version is the last committed version (= block height), 0 before the first.
func (s *Store) Version() int64 {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.tree.Version()
}

// CommittedHash is the root hash of the last committed version.
func (s *Store) CommittedHash() []byte {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.tree.Hash()
}

// WorkingHash is the root of the tree with this block's writes applied.
func (s *Store) WorkingHash() ([]byte, error) {
	if err := s.flush(); err != nil {
		return nil, err
	}
	return s.tree.WorkingHash(), nil
}

// Working is the read-write view of the block being executed. Its writes
// reach the tree at WorkingHash or Commit.
func (s *Store) Working() KV { return bufferedKV{s} }

// flush applies the buffered writes to the working tree in key order.
func (s *Store) flush() error {
	if s.pending.len() == 0 {
		return nil
	}
	var err error
	s.pending.t.Ascend(func(it pendingItem) bool {
		if it.value == nil {
			var removed bool
			if _, removed, err = s.tree.Remove(it.key); removed {
				s.noteFlushed(change{key: it.key, deleted: true}, true)
			}
		} else {
			var updated bool
			if updated, err = s.tree.Set(it.key, it.value); err == nil {
				s.noteFlushed(change{key: it.key, value: it.value}, updated)
			}
		}
		return err == nil
	})
	if err != nil {
		return fmt.Errorf("apply block writes: %w", err)
	}
	s.pending.clear()
	return nil
}

// Commit persists the working tree as the next version.
func (s *Store) Commit() ([]byte, int64, error) {
	if err := s.flush(); err != nil {
		return nil, 0, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	hash, v, err := s.tree.SaveVersion()
	if err != nil {
		return nil, 0, fmt.Errorf("save state version: %w", err)
	}
	s.rememberSaved(v)
	if err := s.refreshLast(); err != nil {
		return nil, 0, err
	}
	return hash, v, nil
}

// Rollback discards uncommitted writes.
func (s *Store) Rollback() {
	s.pending.clear()
	s.unsaved = nil
	s.tree.Rollback()
}

// Committed returns a read-only view of the latest committed version; it
// stays valid while later blocks commit.
func (s *Store) Committed() Reader {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.last == nil {
		return emptyReader{}
	}
	return immKV{s.last}
}

// At returns a read-only view of an earlier version.
func (s *Store) At(version int64) (Reader, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if version == s.tree.Version() && s.last != nil {
		return immKV{s.last}, nil
	}
	if version <= 0 || !s.tree.VersionExists(version) {
		return nil, fmt.Errorf("%w: %d", ErrNoVersion, version)
	}
	imm, err := s.tree.GetImmutable(version)
	if err != nil {
		return nil, fmt.Errorf("%w: %d: %v", ErrNoVersion, version, err)
	}
	return immKV{imm}, nil
}

// Prove returns key's value at version with its ICS-23 membership proof
// against that version's root hash.
func (s *Store) Prove(key []byte, version int64) (value []byte, proof *ics23.CommitmentProof, root []byte, err error) {
	s.mu.RLock()
	if version <= 0 || !s.tree.VersionExists(version) {
		s.mu.RUnlock()
		return nil, nil, nil, fmt.Errorf("%w: %d", ErrNoVersion, version)
	}
	imm, err := s.tree.GetImmutable(version)
	s.mu.RUnlock()
	if err != nil {
		return nil, nil, nil, fmt.Errorf("%w: %d: %v", ErrNoVersion, version, err)
	}
	value, err = imm.Get(key)
	if err != nil {
		return nil, nil, nil, err
	}
	if value == nil {
		return nil, nil, nil, fmt.Errorf("%w: %q at version %d", ErrNotFound, key, version)
	}
	proof, err = imm.GetMembershipProof(key)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("prove %q: %w", key, err)
	}
	return value, proof, imm.Hash(), nil
}

// SetInitialVersion makes the first saved version v (a chain whose genesis
// starts above height 1).
func (s *Store) SetInitialVersion(v uint64) { s.tree.SetInitialVersion(v) }

// Changes calls fn with every key written or deleted in each version from
// from to to (inclusive), in version order. The off-chain index follows the
// chain through this, so it can always be rebuilt from the state alone.
func (s *Store) Changes(from, to int64, fn func(version int64, key, value []byte, deleted bool) error) error {
	s.mu.RLock()
	last := s.last
	mem, inMemory := s.recentChanges(from, to)
	s.mu.RUnlock()
	if last == nil || from > to {
		return nil
	}
	if inMemory && from > s.base {
		for _, vc := range mem {
			for _, c := range vc.changes {
				if err := fn(vc.version, c.key, c.value, c.deleted); err != nil {
					return err
				}
			}
		}
		return nil
	}
	if from < 1 {
		from = 1
	}
	if s.base > 1 && from <= s.base {
		// An imported store has no history before its base version, and
		// its nodes keep the versions they were written at: report the
		// whole base state as written at the base version.
		if err := s.baseState(fn); err != nil {
			return err
		}
		from = s.base + 1
		if from > to {
			return nil
		}
	}
	return last.TraverseStateChanges(from, to+1, func(v int64, cs *iavl.ChangeSet) error {
		for _, p := range cs.Pairs {
			if err := fn(v, p.Key, p.Value, p.Delete); err != nil {
				return err
			}
		}
		return nil
	})
}

// ProveAbsent returns an ICS-23 non-existence proof that key has no value
// at version: the proofs of its neighbours in key order, against the same
// root as Prove. It fails with ErrExists if the key has a value.
func (s *Store) ProveAbsent(key []byte, version int64) (*ics23.CommitmentProof, error) {
	s.mu.RLock()
	if version <= 0 || !s.tree.VersionExists(version) {
		s.mu.RUnlock()
		return nil, fmt.Errorf("%w: %d", ErrNoVersion, version)
	}
	imm, err := s.tree.GetImmutable(version)
	s.mu.RUnlock()
	if err != nil {
		return nil, fmt.Errorf("%w: %d: %v", ErrNoVersion, version, err)
	}
	if ok, err := imm.Has(key); err != nil {
		return nil, err
	} else if ok {
		return nil, fmt.Errorf("%w: %q at version %d", ErrExists, key, version)
	}
	proof, err := imm.GetNonMembershipProof(key)
	if err != nil {
		return nil, fmt.Errorf("prove absence of %q: %w", key, err)
	}
	return proof, nil
}
