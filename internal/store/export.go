package store

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/cosmos/iavl"
	iavldb "github.com/cosmos/iavl/db"
)

// ExportNode is one node of an exported tree version, in the depth-first
// post-order IAVL exports and imports (leaves carry key and value; inner
// nodes carry their split key and height).
type ExportNode = iavl.ExportNode

// ErrNotEmpty is returned by Import into a store that already has state.
var ErrNotEmpty = errors.New("state store is not empty")

// baseFile records, next to state.db, the version an imported store starts
// at: IAVL keeps the original versions of imported nodes, so the history
// before it must not be read as changes.
const baseFile = "IMPORTED_VERSION"

func readBase(dir string) (int64, error) {
	b, err := os.ReadFile(filepath.Join(dir, baseFile))
	if errors.Is(err, os.ErrNotExist) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("state base version: %w", err)
	}
	v, err := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64)
	if err != nil || v < 1 {
		return 0, fmt.Errorf("state base version file %s is corrupt", filepath.Join(dir, baseFile))
	}
	return v, nil
}

// Base is the first version whose state and changes this store holds: 1
// (or the chain's initial height) normally, the imported version after a
// state sync or a restore from backup.
func (s *Store) Base() int64 {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.base > 1 {
		return s.base
	}
	if s.tree.Version() == 0 {
		return 0
	}
	if s.tree.VersionExists(1) {
		return 1
	}
	// A chain whose genesis starts above height 1.
	if vs := s.tree.AvailableVersions(); len(vs) > 0 {
		return int64(vs[0])
	}
	return 1
}

// baseState reports every record of the base version as written there.
func (s *Store) baseState(fn func(version int64, key, value []byte, deleted bool) error) error {
	r, err := s.At(s.base)
	if err != nil {
		return err
	}
	var ferr error
	if err := r.Iterate(nil, func(k, v []byte) bool {
		ferr = fn(s.base, k, v, false)
		return ferr == nil
	}); err != nil {
		return err
	}
	return ferr
}

// RootAt is the root hash (app hash) stored for version v.
func (s *Store) RootAt(v int64) ([]byte, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if v == s.tree.Version() && s.last != nil {
		return s.last.Hash(), nil
	}
	if v <= 0 || !s.tree.VersionExists(v) {
		return nil, fmt.Errorf("%w: %d", ErrNoVersion, v)
	}
	imm, err := s.tree.GetImmutable(v)
	if err != nil {
		return nil, fmt.Errorf("%w: %d: %v", ErrNoVersion, v, err)
	}
	return imm.Hash(), nil
}

// Export streams the nodes of committed version v to fn, in the order
// Import needs, and returns the root hash recomputed from what was
// streamed. It reads an immutable version, so it may run in a goroutine
// while later blocks commit. A tree whose nodes cannot be read (IAVL stops
// a traversal silently on a read error) is caught by the recomputed hash
// differing from the stored root: Export then fails.
func (s *Store) Export(v int64, fn func(*ExportNode) error) ([]byte, error) {
	s.mu.RLock()
	if v <= 0 || !s.tree.VersionExists(v) {
		s.mu.RUnlock()
		return nil, fmt.Errorf("%w: %d", ErrNoVersion, v)
	}
	imm, err := s.tree.GetImmutable(v)
	s.mu.RUnlock()
	if err != nil {
		return nil, fmt.Errorf("%w: %d: %v", ErrNoVersion, v, err)
	}
	want := imm.Hash()
	h := NewTreeHasher()
	if imm.Size() > 0 {
		exp, err := imm.Export()
		if err != nil {
			return nil, fmt.Errorf("export version %d: %w", v, err)
		}
		defer exp.Close()
		for {
			n, err := exp.Next()
			if errors.Is(err, iavl.ErrorExportDone) {
				break
			}
			if err != nil {
				return nil, fmt.Errorf("export version %d: %w", v, err)
			}
			if err := h.Add(n); err != nil {
				return nil, fmt.Errorf("export version %d: %w", v, err)
			}
			if err := fn(n); err != nil {
				return nil, err
			}
		}
	}
	got, err := h.Root()
	if err != nil {
		return nil, fmt.Errorf("export version %d: %w", v, err)
	}
	if !bytes.Equal(got, want) {
		return nil, fmt.Errorf("export version %d: the nodes read hash to %X, the stored root is %X (state store damaged?)", v, got, want)
	}
	return got, nil
}

// Import fills an empty store with the nodes of version v read from next
// (which returns io.EOF after the last node). The root recomputed from the
// nodes must equal wantRoot, checked before anything is made visible; the
// store is then at version v, with v as its base. On any error the store
// is left empty (Reset).
func (s *Store) Import(v int64, wantRoot []byte, next func() (*ExportNode, error)) error {
	if err := s.importNodes(v, wantRoot, next); err != nil {
		if rerr := s.Reset(); rerr != nil {
			return errors.Join(err, fmt.Errorf("clearing the half-imported state: %w", rerr))
		}
		return err
	}
	return nil
}

func (s *Store) importNodes(v int64, wantRoot []byte, next func() (*ExportNode, error)) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.tree.Version() != 0 {
		return fmt.Errorf("%w (at version %d)", ErrNotEmpty, s.tree.Version())
	}
	if v < 1 {
		return fmt.Errorf("import version %d", v)
	}
	imp, err := s.tree.Import(v)
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	defer imp.Close()
	h := NewTreeHasher()
	for {
		n, err := next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return err
		}
		if err := h.Add(n); err != nil {
			return fmt.Errorf("import: %w", err)
		}
		if err := imp.Add(n); err != nil {
			return fmt.Errorf("import: %w", err)
		}
	}
	got, err := h.Root()
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	if !bytes.Equal(got, wantRoot) {
		return fmt.Errorf("import: the state hashes to %X, expected app hash %X", got, wantRoot)
	}
	if s.dir != "" {
		// Written before the import becomes visible: a crash in between
		// leaves a marker over an empty store, which Reset clears.
		if err := writeFileSync(filepath.Join(s.dir, baseFile), []byte(strconv.FormatInt(v, 10)+"\n")); err != nil {
			return err
		}
	}
	if err := imp.Commit(); err != nil {
		return fmt.Errorf("import commit: %w", err)
	}
	s.base = v
	s.forgetRecent()
	if err := s.refreshLast(); err != nil {
		return err
	}
	if !bytes.Equal(s.tree.Hash(), wantRoot) {
		return fmt.Errorf("import: the store reports root %X after import, expected %X", s.tree.Hash(), wantRoot)
	}
	return nil
}

// Reset discards every version: a memory store starts over, a disk store's
// database is deleted and recreated. Used when a restore fails half-way.
func (s *Store) Reset() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	var db iavldb.DB
	if s.dir == "" {
		db = iavldb.NewMemDB()
	} else {
		if err := s.db.Close(); err != nil {
			return err
		}
		if err := os.RemoveAll(filepath.Join(s.dir, "state.db")); err != nil {
			return err
		}
		if err := os.Remove(filepath.Join(s.dir, baseFile)); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
		var err error
		if db, err = openLevelDB(s.dir); err != nil {
			return fmt.Errorf("reopen state db: %w", err)
		}
	}
	tree := newTree(db)
	if _, err := tree.Load(); err != nil {
		return err
	}
	s.db, s.tree, s.last, s.base = db, tree, nil, 0
	s.pending.clear()
	s.forgetRecent()
	return nil
}

func writeFileSync(path string, b []byte) error {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// TreeHasher recomputes an IAVL root hash from exported nodes, streaming:
// it holds one hash per level of unresolved subtrees, never the tree. It
// mirrors how IAVL's importer rebuilds nodes, so a node stream it accepts
// with a matching root imports to exactly that tree.
type TreeHasher struct {
	stack []hashed
}

type hashed struct {
	height int8
	size   int64
	hash   []byte
}

// NewTreeHasher starts an empty computation.
func NewTreeHasher() *TreeHasher { return &TreeHasher{} }

// Add takes the next node in post-order.
func (t *TreeHasher) Add(n *ExportNode) error {
	if n == nil {
		return errors.New("nil node")
	}
	var buf bytes.Buffer
	putVarint(&buf, int64(n.Height))
	if n.Height == 0 {
		putVarint(&buf, 1)
		putVarint(&buf, n.Version)
		putUvarint(&buf, uint64(len(n.Key)))
		buf.Write(n.Key)
		vh := sha256.Sum256(n.Value)
		buf.WriteByte(32)
		buf.Write(vh[:])
		sum := sha256.Sum256(buf.Bytes())
		t.stack = append(t.stack, hashed{height: 0, size: 1, hash: sum[:]})
		return nil
	}
	k := len(t.stack)
	if k < 2 || t.stack[k-1].height >= n.Height || t.stack[k-2].height >= n.Height {
		return fmt.Errorf("malformed node stream: inner node of height %d without two lower subtrees", n.Height)
	}
	left, right := t.stack[k-2], t.stack[k-1]
	size := left.size + right.size
	putVarint(&buf, size)
	putVarint(&buf, n.Version)
	buf.WriteByte(32)
	buf.Write(left.hash)
	buf.WriteByte(32)
	buf.Write(right.hash)
	sum := sha256.Sum256(buf.Bytes())
	t.stack = append(t.stack[:k-2], hashed{height: n.Height, size: size, hash: sum[:]})
	return nil
}

// Root is the root hash of the nodes added: the hash of an empty tree when
// there were none.
func (t *TreeHasher) Root() ([]byte, error) {
	switch len(t.stack) {
	case 0:
		sum := sha256.Sum256(nil)
		return sum[:], nil
	case 1:
		return t.stack[0].hash, nil
	default:
		return nil, fmt.Errorf("malformed node stream: %d subtrees left unjoined", len(t.stack))
	}
}

func putVarint(b *bytes.Buffer, v int64) {
	var tmp [binary.MaxVarintLen64]byte
	b.Write(tmp[:binary.PutVarint(tmp[:], v)])
}

func putUvarint(b *bytes.Buffer, v uint64) {
	var tmp [binary.MaxVarintLen64]byte
	b.Write(tmp[:binary.PutUvarint(tmp[:], v)])
}
