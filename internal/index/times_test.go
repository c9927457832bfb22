package index_test

import (
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pingshan/govchain/internal/index"
	"github.com/pingshan/govchain/internal/module/feedback"
	"github.com/pingshan/govchain/internal/node"
)

// timeColumn reports whether a column holds a time by its name (the
// names the index's tables use for instants).
func timeColumn(name string) bool {
	switch name {
	case "time", "opened", "deadline", "closed", "last_reply", "notice_ends", "withdrawn", "updated",
		"published", "start", "created":
		return true
	}
	return strings.HasSuffix(name, "_at")
}

// TestIndexTimesAreIntegers: every time column of every table a node's
// index has is INTEGER (Unix seconds, module.IndexTime), never text, so
// range filters and ORDER BY compare times as numbers in every table.
func TestIndexTimesAreIntegers(t *testing.T) {
	ix, err := index.Open(":memory:", node.IndexHandlers()...)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	seen := 0
	for _, h := range node.IndexHandlers() {
		for _, table := range h.Tables() {
			rows, err := ix.DB().Query(`SELECT name, type FROM pragma_table_info(?)`, table)
			if err != nil {
				t.Fatal(err)
			}
			for rows.Next() {
				var name, typ string
				if err := rows.Scan(&name, &typ); err != nil {
					t.Fatal(err)
				}
				if timeColumn(name) {
					seen++
					if typ != "INTEGER" {
						t.Errorf("%s.%s is %s, want INTEGER (Unix seconds)", table, name, typ)
					}
				}
			}
			rows.Close()
		}
	}
	if seen < 20 {
		t.Fatalf("only %d time columns found: the name list is out of date", seen)
	}
}

// TestOldIndexRebuilt: an index written under schema 4 (feedback times as
// RFC 3339 text) is dropped on open and rebuilt from height 0 with the
// integer columns, not read with the wrong type.
func TestOldIndexRebuilt(t *testing.T) {
	path := filepath.Join(t.TempDir(), "index.db")
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`CREATE TABLE index_meta (k TEXT PRIMARY KEY, v INTEGER NOT NULL)`,
		`INSERT INTO index_meta VALUES ('schema', 4), ('height', 120)`,
		`CREATE TABLE feedback_tasks (id TEXT PRIMARY KEY, receipt TEXT NOT NULL, case_no TEXT NOT NULL, department TEXT NOT NULL,
			level TEXT NOT NULL, status TEXT NOT NULL, opened TEXT NOT NULL, deadline TEXT NOT NULL, closed TEXT NOT NULL, height INTEGER NOT NULL)`,
		`INSERT INTO feedback_tasks VALUES ('RT-1', 'R', 'C', 'nrb', 'dissatisfied', 'open', '2026-03-02T09:00:00Z', '2026-03-12T09:00:00Z', '', 7)`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()

	ix, err := index.Open(path, feedback.IndexHandler{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if h, err := ix.Height(); err != nil || h != 0 {
		t.Fatalf("height after the schema change: %d, %v; want 0 (rebuild)", h, err)
	}
	var n int
	if err := ix.DB().QueryRow(`SELECT COUNT(*) FROM feedback_tasks`).Scan(&n); err != nil || n != 0 {
		t.Fatalf("old rows: %d, %v; want the table dropped", n, err)
	}
	var typ string
	if err := ix.DB().QueryRow(`SELECT type FROM pragma_table_info('feedback_tasks') WHERE name = 'opened'`).Scan(&typ); err != nil || typ != "INTEGER" {
		t.Fatalf("opened column: %q, %v; want INTEGER", typ, err)
	}
}
