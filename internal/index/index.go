// Package index is the off-chain query index: an embedded SQLite database
// (HOME/data/index.db) that follows the chain's committed state. Lists,
// queues, searches and statistics read it instead of scanning the Merkle
// store. It holds nothing the chain does not: it is fed from the state's
// change stream (and, for text kept off state, from the committed txs the
// records point at), so `govchain reindex` can rebuild it at any time,
// and after a crash it catches up from the height it last recorded.
package index

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync"

	_ "modernc.org/sqlite" // registers the "sqlite" driver

	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/store"
)

// Handler turns one module's state records into rows; the interface is
// module.IndexHandler, so a module declares its handler next to its state
// keys (module.Indexer) without importing this package.
type Handler = module.IndexHandler

// TxSource reads a committed tx's bytes by position (height, index in
// block): the node's CometBFT block store. Records that keep public text
// off state (feedback) point at the tx that carried it; the index reads
// the text from there.
type TxSource func(height int64, index uint32) ([]byte, error)

// Index is an open index database.
type Index struct {
	db       *sql.DB
	handlers []Handler
	mu       sync.Mutex // one Sync at a time
	txs      TxSource   // nil: text kept off state is indexed blank
}

// UseTxs sets where committed txs are read from. Set it before the first
// Sync: rows indexed without a source keep their text blank until a
// rebuild.
func (ix *Index) UseTxs(src TxSource) {
	ix.mu.Lock()
	ix.txs = src
	ix.mu.Unlock()
}

// Open opens (or creates) the index at path with the given handlers.
func Open(path string, handlers ...Handler) (*Index, error) {
	// secure_delete: text blanked by a moderator's hide is overwritten in
	// the file, not left in a free page.
	dsn := "file:" + path + "?_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_pragma=busy_timeout(5000)&_pragma=foreign_keys(ON)&_pragma=secure_delete(ON)"
	if path == ":memory:" {
		dsn = "file::memory:?_pragma=busy_timeout(5000)&_pragma=secure_delete(ON)"
	}
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open index %s: %w", path, err)
	}
	if path == ":memory:" {
		db.SetMaxOpenConns(1) // each connection would be its own memory DB
	} else {
		// database/sql keeps 2 idle connections by default: under the
		// portal's concurrent reads every other query opened a new
		// connection and ran the DSN's pragmas again (13 % of a finance
		// page's CPU at 100 clients, docs/benchmarks.md "Read paths that
		// grew with the chain").
		db.SetMaxIdleConns(maxIdleConns)
	}
	ix := &Index{db: db, handlers: handlers}
	if err := ix.migrate(); err != nil {
		db.Close()
		return nil, err
	}
	return ix, nil
}

// maxIdleConns is how many open index connections are kept between
// queries; WAL readers do not block each other, so this is about not
// reopening, not about limiting.
const maxIdleConns = 16

// schemaVersion changes whenever a table's shape or meaning does; an index
// written under another version is dropped and rebuilt from the chain
// (it holds nothing the chain does not).
//
// 3: feedback text off state; 4: finance payee columns: commitment and
// sealed, no account; 5: one time representation, INTEGER Unix seconds and
// NULL when absent, in every table (feedback and disclosures held RFC 3339
// text, finance nanoseconds as time_ns: module.IndexTime); 6: feedback
// first_reply, participant hashes, access digests; 7: wf_cases.participant
// (the applicant's participant hash, so ratings count by person); 8: a
// tx's names (govchain's and CometBFT's hash, raw bytes) in tx_names, not
// hex in txs.
const schemaVersion = 8

func (ix *Index) migrate() error {
	if _, err := ix.db.Exec(`CREATE TABLE IF NOT EXISTS index_meta (k TEXT PRIMARY KEY, v INTEGER NOT NULL)`); err != nil {
		return fmt.Errorf("index schema: %w", err)
	}
	var v int64
	err := ix.db.QueryRow(`SELECT v FROM index_meta WHERE k = 'schema'`).Scan(&v)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("index schema version: %w", err)
	}
	if v != schemaVersion {
		for _, h := range ix.handlers {
			for _, t := range h.Tables() {
				if _, err := ix.db.Exec(`DROP TABLE IF EXISTS ` + t); err != nil {
					return fmt.Errorf("index schema: drop %s: %w", t, err)
				}
			}
		}
		if _, err := ix.db.Exec(`DELETE FROM index_meta`); err != nil {
			return err
		}
	}
	stmts := []string{`INSERT INTO index_meta(k, v) VALUES('schema', ` + fmt.Sprint(schemaVersion) + `) ON CONFLICT(k) DO UPDATE SET v = excluded.v`}
	for _, h := range ix.handlers {
		stmts = append(stmts, h.Schema()...)
	}
	for _, s := range stmts {
		if _, err := ix.db.Exec(s); err != nil {
			return fmt.Errorf("index schema: %w\n%s", err, s)
		}
	}
	return nil
}

// DB is the database for queries (read-only use, by convention).
func (ix *Index) DB() *sql.DB { return ix.db }

// Close closes the database.
func (ix *Index) Close() error { return ix.db.Close() }

// Height is the last state version fully indexed.
func (ix *Index) Height() (int64, error) {
	var h int64
	err := ix.db.QueryRow(`SELECT v FROM index_meta WHERE k = 'height'`).Scan(&h)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return h, err
}

// Progress reports indexing progress: versions done of total.
type Progress func(done, total int64)

// batch bounds how many versions go into one SQLite transaction: large
// enough to be fast in a rebuild, small enough to show progress.
const batch = 200

// Sync indexes every version after Height() up to the store's latest.
func (ix *Index) Sync(ctx context.Context, s *store.Store, progress Progress) error {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	from, err := ix.Height()
	if err != nil {
		return err
	}
	to := s.Version()
	total := to - from
	for lo := from + 1; lo <= to; lo += batch {
		if err := ctx.Err(); err != nil {
			return err
		}
		hi := lo + batch - 1
		if hi > to {
			hi = to
		}
		if err := ix.applyRange(s, lo, hi); err != nil {
			return err
		}
		if progress != nil {
			progress(hi-from, total)
		}
	}
	return nil
}

func (ix *Index) applyRange(s *store.Store, lo, hi int64) error {
	tx, err := ix.db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	exec := &stmtCache{tx: tx, stmts: map[string]*sql.Stmt{}, txs: ix.txs}
	defer exec.close()
	err = s.Changes(lo, hi, func(v int64, key, value []byte, deleted bool) error {
		for _, h := range ix.handlers {
			for _, p := range h.Prefixes() {
				if strings.HasPrefix(string(key), p) {
					if err := h.Apply(exec, v, key, value, deleted); err != nil {
						return fmt.Errorf("index %s: key %q at %d: %w", h.Name(), key, v, err)
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	if _, err := tx.Exec(`INSERT INTO index_meta(k, v) VALUES('height', ?) ON CONFLICT(k) DO UPDATE SET v = excluded.v`, hi); err != nil {
		return err
	}
	return tx.Commit()
}

// stmtCache prepares each distinct statement once per batch: parsing and
// planning the SQL was a third of what indexing a busy block cost.
type stmtCache struct {
	tx    *sql.Tx
	stmts map[string]*sql.Stmt
	txs   TxSource
}

func (c *stmtCache) Tx(height int64, index uint32) ([]byte, error) {
	if c.txs == nil {
		return nil, fmt.Errorf("%w: no block store", module.ErrNoTx)
	}
	raw, err := c.txs(height, index)
	if err != nil {
		return nil, fmt.Errorf("%w: %d/%d: %v", module.ErrNoTx, height, index, err)
	}
	return raw, nil
}

var _ module.IndexExec = (*stmtCache)(nil)

func (c *stmtCache) Exec(query string, args ...any) (sql.Result, error) {
	st, ok := c.stmts[query]
	if !ok {
		var err error
		if st, err = c.tx.Prepare(query); err != nil {
			return nil, err
		}
		c.stmts[query] = st
	}
	return st.Exec(args...)
}

func (c *stmtCache) close() {
	for _, st := range c.stmts {
		st.Close()
	}
}

// Rebuild drops every handler table and indexes the chain from version 1.
func (ix *Index) Rebuild(ctx context.Context, s *store.Store, progress Progress) error {
	ix.mu.Lock()
	for _, h := range ix.handlers {
		for _, t := range h.Tables() {
			if _, err := ix.db.Exec(`DROP TABLE IF EXISTS ` + t); err != nil {
				ix.mu.Unlock()
				return err
			}
		}
	}
	if _, err := ix.db.Exec(`DELETE FROM index_meta`); err != nil {
		ix.mu.Unlock()
		return err
	}
	err := ix.migrate()
	ix.mu.Unlock()
	if err != nil {
		return err
	}
	return ix.Sync(ctx, s, progress)
}
