package check

import (
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"

	_ "modernc.org/sqlite"
)

// TestSQLiteWAL: the frames of an index's WAL verify; a byte flipped in
// a frame with frames after it is a finding, in the last frame a note (a
// torn write SQLite drops).
func TestSQLiteWAL(t *testing.T) {
	dir := t.TempDir()
	db, err := sql.Open("sqlite", filepath.Join(dir, "index.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	for _, q := range []string{`PRAGMA journal_mode=WAL`, `PRAGMA wal_autocheckpoint=0`, `CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT)`} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	for i := 0; i < 200; i++ {
		if _, err := db.Exec(`INSERT INTO t (v) VALUES (?)`, strings.Repeat("x", 100)); err != nil {
			t.Fatal(err)
		}
	}
	wal, err := os.ReadFile(filepath.Join(dir, "index.db-wal")) // the connection is open: not checkpointed
	if err != nil {
		t.Fatal(err)
	}
	page := 4096
	frames := (len(wal) - 32) / (24 + page)
	if frames < 3 {
		t.Fatalf("%d frames", frames)
	}
	for _, tc := range []struct {
		name          string
		at            int // -1: untouched
		finding, note bool
	}{
		{"untouched", -1, false, false},
		{"middle", len(wal) / 2, true, false},
		{"header", 10, true, false},
		{"last frame", len(wal) - page/2, false, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := append([]byte{}, wal...)
			if tc.at >= 0 {
				b[tc.at] ^= 0x01
			}
			p := filepath.Join(t.TempDir(), "index.db-wal")
			os.WriteFile(p, b, 0o600)
			c := newTestChecker(t, filepath.Dir(p))
			c.sqliteWAL(p)
			if got := len(c.r.Findings) > 0; got != tc.finding {
				t.Errorf("findings %+v, want some: %v", c.r.Findings, tc.finding)
			}
			if got := len(c.r.Notes) > 0; got != tc.note {
				t.Errorf("notes %q, want some: %v", c.r.Notes, tc.note)
			}
			if tc.at < 0 && c.r.Checked["sqlite_wal_frames"] != int64(frames) {
				t.Errorf("%d frames checked, want %d", c.r.Checked["sqlite_wal_frames"], frames)
			}
		})
	}
}
