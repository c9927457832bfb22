package check

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/pingshan/govchain/internal/index"
	"github.com/pingshan/govchain/internal/node"
)

// index compares the node's SQLite index with one rebuilt from the
// (verified) state. The node's index may lag its state after a stop: a
// copy of it is first brought up to the state the way the node would at
// start, so only real differences remain.
func (c *checker) index() {
	path := c.h.IndexPath()
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		c.note("no query index at %s (it is built when the node starts)", path)
		return
	}
	tmp, err := os.MkdirTemp("", "govchain-audit-index-")
	if err != nil {
		c.find("index", 0, "temp dir: %v", err)
		return
	}
	defer os.RemoveAll(tmp)
	copyPath := filepath.Join(tmp, "node.db")
	// Not -shm: SQLite rebuilds its index of the WAL from the WAL itself
	// when no other connection has it, so the copy reads the WAL's frames.
	for _, suffix := range []string{"", "-wal"} {
		if err := copyFile(path+suffix, copyPath+suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
			c.find("index", 0, "copy %s: %v", path+suffix, err)
			return
		}
	}
	c.integrityCheck(copyPath)
	ctx := context.Background()
	nodeIx, err := index.Open(copyPath, node.IndexHandlers()...)
	if err != nil {
		c.find("index", 0, "the node's index does not open: %v", err)
		return
	}
	defer nodeIx.Close()
	// Text kept off state (feedback) is read from the verified blocks, as
	// the node reads it from its block store.
	nodeIx.UseTxs(index.BlockTxs(c.chain.Blocks))
	had, _ := nodeIx.Height()
	if err := nodeIx.Sync(ctx, c.st, nil); err != nil {
		c.find("index", had, "the node's index cannot catch up from height %d: %v", had, err)
		return
	}
	if had < c.st.Version() {
		c.note("the node's index was at height %d, the state at %d: compared after catching up as the node does at start", had, c.st.Version())
	}
	fresh, err := index.Open(filepath.Join(tmp, "fresh.db"), node.IndexHandlers()...)
	if err != nil {
		c.find("index", 0, "temp index: %v", err)
		return
	}
	defer fresh.Close()
	fresh.UseTxs(index.BlockTxs(c.chain.Blocks))
	if err := fresh.Rebuild(ctx, c.st, func(done, total int64) { c.progress("index", done, total) }); err != nil {
		c.find("index", 0, "rebuilding the index from the state: %v", err)
		return
	}
	a, err := dumpTables(nodeIx.DB())
	if err != nil {
		c.find("index", 0, "reading the node's index: %v", err)
		return
	}
	b, err := dumpTables(fresh.DB())
	if err != nil {
		c.find("index", 0, "reading the rebuilt index: %v", err)
		return
	}
	h := c.st.Version()
	var names []string
	for t := range b {
		names = append(names, t)
	}
	for t := range a {
		if _, ok := b[t]; !ok {
			c.find("index", h, "table %s is in the node's index but not in a rebuild", t)
		}
	}
	sort.Strings(names)
	for _, t := range names {
		rows, ok := a[t]
		if !ok {
			c.find("index", h, "table %s is missing from the node's index", t)
			continue
		}
		want := b[t]
		c.count("index_tables", 1)
		c.count("index_rows", int64(len(want)))
		var extra, missing []string
		for r, n := range rows {
			if d := n - want[r]; d > 0 {
				extra = append(extra, r)
			}
		}
		for r, n := range want {
			if d := n - rows[r]; d > 0 {
				missing = append(missing, r)
			}
		}
		sort.Strings(extra)
		sort.Strings(missing)
		for i, r := range extra {
			if i == 3 {
				c.find("index", h, "table %s: %d more rows only in the node's index", t, len(extra)-3)
				break
			}
			c.find("index", h, "table %s: row only in the node's index: %s", t, r)
		}
		for i, r := range missing {
			if i == 3 {
				c.find("index", h, "table %s: %d more rows missing from the node's index", t, len(missing)-3)
				break
			}
			c.find("index", h, "table %s: row missing from the node's index: %s", t, r)
		}
	}
}

// dumpTables reads every table as a multiset of rendered rows.
func dumpTables(db *sql.DB) (map[string]map[string]int, error) {
	rows, err := db.Query(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
	if err != nil {
		return nil, err
	}
	var tables []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			rows.Close()
			return nil, err
		}
		tables = append(tables, n)
	}
	rows.Close()
	out := map[string]map[string]int{}
	for _, t := range tables {
		m, err := dumpTable(db, t)
		if err != nil {
			return nil, fmt.Errorf("table %s: %w", t, err)
		}
		out[t] = m
	}
	return out, nil
}

func dumpTable(db *sql.DB, t string) (map[string]int, error) {
	rows, err := db.Query(`SELECT * FROM "` + strings.ReplaceAll(t, `"`, `""`) + `"`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	out := map[string]int{}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		var b strings.Builder
		for i, v := range vals {
			if i > 0 {
				b.WriteString(" | ")
			}
			b.WriteString(cols[i])
			b.WriteByte('=')
			switch x := v.(type) {
			case []byte:
				fmt.Fprintf(&b, "%q", x)
			default:
				fmt.Fprintf(&b, "%v", x)
			}
		}
		out[b.String()]++
	}
	return out, rows.Err()
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// integrityCheck runs SQLite's PRAGMA integrity_check on a copy of the
// index before the index code opens it (which could rebuild an index whose
// schema version does not match): every page, b-tree and SQL index entry.
func (c *checker) integrityCheck(path string) {
	db, err := sql.Open("sqlite", path)
	if err != nil {
		c.find("index", 0, "does not open: %v", err)
		return
	}
	defer db.Close()
	rows, err := db.Query(`PRAGMA integrity_check`)
	if err != nil {
		c.find("index", 0, "integrity_check cannot run: %v", err)
		return
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			c.find("index", 0, "integrity_check: %v", err)
			return
		}
		if line == "ok" {
			continue
		}
		if n++; n <= 5 {
			c.find("index", 0, "integrity_check: %s", line)
		}
	}
	if err := rows.Err(); err != nil {
		c.find("index", 0, "integrity_check: %v", err)
	}
	c.count("index_integrity_checks", 1)
}
