package check

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cockroachdb/pebble"
	dbm "github.com/cometbft/cometbft-db"
	"github.com/syndtr/goleveldb/leveldb"

	"github.com/pingshan/govchain/internal/node"
)

// TestKVFlipEveryFile: a goleveldb and a Pebble database each with a
// table (compacted/flushed), a log and a manifest; a byte flipped in the
// middle of any of their files is reported naming that file, and an
// untouched database has no finding.
func TestKVFlipEveryFile(t *testing.T) {
	for _, tc := range []struct {
		name    string
		backend dbm.BackendType
		make    func(t *testing.T, dir string)
	}{
		{"goleveldb", dbm.GoLevelDBBackend, func(t *testing.T, dir string) {
			db, err := leveldb.OpenFile(dir, nil)
			if err != nil {
				t.Fatal(err)
			}
			put := func(from, to int) {
				for i := from; i < to; i++ {
					if err := db.Put([]byte(fmt.Sprintf("key-%05d", i)), []byte(strings.Repeat("v", 100)), nil); err != nil {
						t.Fatal(err)
					}
				}
			}
			put(0, 2000)
			if err := db.CompactRange(struct{ Start, Limit []byte }{}); err != nil {
				t.Fatal(err)
			}
			put(2000, 2500) // left in the journal
			db.Close()
		}},
		{"pebble", dbm.PebbleDBBackend, func(t *testing.T, dir string) {
			db, err := pebble.Open(dir, &pebble.Options{Logger: quietLogger{}})
			if err != nil {
				t.Fatal(err)
			}
			put := func(from, to int) {
				for i := from; i < to; i++ {
					if err := db.Set([]byte(fmt.Sprintf("key-%05d", i)), []byte(strings.Repeat("v", 100)), pebble.Sync); err != nil {
						t.Fatal(err)
					}
				}
			}
			put(0, 2000)
			if err := db.Flush(); err != nil {
				t.Fatal(err)
			}
			put(2000, 2500)
			db.Close()
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := filepath.Join(t.TempDir(), "x.db")
			tc.make(t, src)
			c := newTestChecker(t, filepath.Dir(src))
			c.scanKVDir(src, tc.backend)
			if len(c.r.Findings) != 0 {
				t.Fatalf("untouched database: %+v", c.r.Findings)
			}
			if c.r.Checked["tables"] == 0 || c.r.Checked["logs"] == 0 {
				t.Fatalf("no table or log read: %v", c.r.Checked)
			}
			ents, _ := os.ReadDir(src)
			for _, e := range ents {
				fi, _ := e.Info()
				if fi.Size() == 0 || e.Name() == "LOG" {
					continue
				}
				t.Run(e.Name(), func(t *testing.T) {
					root := t.TempDir()
					dir := filepath.Join(root, "x.db")
					os.MkdirAll(dir, 0o700)
					for _, f := range ents {
						b, _ := os.ReadFile(filepath.Join(src, f.Name()))
						if f.Name() == e.Name() {
							b[len(b)/2] ^= 0x01
						}
						os.WriteFile(filepath.Join(dir, f.Name()), b, 0o600)
					}
					c := newTestChecker(t, root)
					c.scanKVDir(dir, tc.backend)
					for _, f := range c.r.Findings {
						if f.File == e.Name() || f.File == filepath.Join("x.db", e.Name()) {
							t.Logf("%s", f.What)
							return
						}
					}
					t.Errorf("flipped byte in %s (%d bytes) not found: %+v", e.Name(), fi.Size(), c.r.Findings)
				})
			}
		})
	}
}

func newTestChecker(t *testing.T, home string) *checker {
	return &checker{h: node.Home(home), r: &Report{Checked: map[string]int64{}, Findings: []Finding{}}}
}

// TestWalkLogBlockPadding: a Pebble log whose first block ends with 8
// bytes, too few for its 11-byte chunk header, zero-padded, and goes on in
// the next block verifies; a non-zero byte in that padding does not.
func TestWalkLogBlockPadding(t *testing.T) {
	const num = 7
	chunk := func(payload []byte) []byte {
		h := make([]byte, recyclableHeader, recyclableHeader+len(payload))
		binary.LittleEndian.PutUint16(h[4:], uint16(len(payload)))
		h[6] = 5 // recyclable full chunk
		binary.LittleEndian.PutUint32(h[7:], num)
		h = append(h, payload...)
		binary.LittleEndian.PutUint32(h, maskedCRC(h[6:]))
		return h
	}
	log := chunk(bytes.Repeat([]byte{'a'}, logBlockSize-recyclableHeader-8))
	log = append(log, make([]byte, 8)...)
	log = append(log, chunk([]byte("next block"))...)
	if err := walkLog(log, num); err != nil {
		t.Fatalf("a padded block end: %v", err)
	}
	log[logBlockSize-3] = 1
	if err := walkLog(log, num); err == nil {
		t.Fatal("a non-zero padding byte went unnoticed")
	}
}
