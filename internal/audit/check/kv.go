package check

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/cockroachdb/pebble"
	"github.com/cockroachdb/pebble/sstable"
	"github.com/syndtr/goleveldb/leveldb"
	"github.com/syndtr/goleveldb/leveldb/journal"
	"github.com/syndtr/goleveldb/leveldb/opt"
	"github.com/syndtr/goleveldb/leveldb/storage"
	"github.com/syndtr/goleveldb/leveldb/table"
)

// strict makes goleveldb verify every checksum and fail on a corrupted
// journal record instead of dropping it (its default, which is how a node
// opening a damaged store would silently lose writes).
var strict = &opt.Options{ReadOnly: true, Strict: opt.StrictAll}

// recordLog checks every byte of a write-ahead log or manifest (walkLog);
// goleveldb's are also read record by record with its strict reader.
func (c *checker) recordLog(p string, pebbleFormat bool, num uint64) {
	b, err := os.ReadFile(p)
	if err != nil {
		c.findFile("file", p, 0, "cannot read: %v", err)
		return
	}
	if err := walkLog(b, num); err != nil {
		c.findFile("file", p, 0, "does not verify: %v", err)
		return
	}
	if pebbleFormat {
		c.count("logs", 1)
		return
	}
	r := journal.NewReader(bytes.NewReader(b), nil, true, true)
	var records int64
	for {
		rec, err := r.Next()
		if err == nil {
			_, err = io.Copy(io.Discard, rec)
		}
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			c.findFile("file", p, 0, "record %d does not verify: %v", records+1, err)
			return
		}
		records++
	}
	c.count("logs", 1)
	c.count("log_records", records)
}

// pebbleTable verifies the checksum of every block of an sstable (data,
// index, filter, properties, meta-index).
func (c *checker) pebbleTable(p string) {
	f, err := os.Open(p)
	if err != nil {
		c.findFile("file", p, 0, "cannot read: %v", err)
		return
	}
	rd, err := sstable.NewSimpleReadable(f)
	if err != nil {
		f.Close()
		c.findFile("file", p, 0, "cannot read: %v", err)
		return
	}
	r, err := sstable.NewReader(rd, sstable.ReaderOptions{})
	if err != nil {
		rd.Close()
		c.findFile("file", p, 0, "not a readable table: %v", err)
		return
	}
	defer r.Close()
	if err := r.ValidateBlockChecksums(); err != nil {
		c.findFile("file", p, 0, "a block does not verify: %v", err)
		return
	}
	c.count("tables", 1)
}

// levelTable reads every block of a goleveldb table with checksums on:
// opening it reads the index and filter blocks, iterating every data block.
func (c *checker) levelTable(p string) {
	f, err := os.Open(p)
	if err != nil {
		c.findFile("file", p, 0, "cannot read: %v", err)
		return
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		c.findFile("file", p, 0, "cannot read: %v", err)
		return
	}
	num, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSuffix(filepath.Base(p), ".ldb"), ".sst"), 10, 64)
	r, err := table.NewReader(f, fi.Size(), storage.FileDesc{Type: storage.TypeTable, Num: num}, nil, nil, strict)
	if err != nil {
		c.findFile("file", p, 0, "not a readable table: %v", err)
		return
	}
	defer r.Release()
	it := r.NewIterator(nil, &opt.ReadOptions{Strict: opt.StrictAll})
	for it.Next() {
	}
	err = it.Error()
	it.Release()
	if err != nil {
		c.findFile("file", p, 0, "a block does not verify: %v", err)
		return
	}
	c.count("tables", 1)
}

// pebbleOptions compares an OPTIONS file with the one this build writes
// for a new database. Pebble itself only checks the comparer and merger
// names in it; the two lines that depend on the host's CPUs are compared
// by name only, so a copy audited on another machine is not flagged.
func (c *checker) pebbleOptions(p string) {
	got, err := os.ReadFile(p)
	if err != nil {
		c.findFile("file", p, 0, "cannot read: %v", err)
		return
	}
	if c.pebbleOpts == nil {
		want, err := freshPebbleOptions()
		if err != nil {
			c.note("cannot compare %s: %v", c.rel(p), err)
			return
		}
		c.pebbleOpts = want
	}
	norm := func(b []byte) []string {
		lines := strings.Split(string(b), "\n")
		for i, l := range lines {
			k, _, ok := strings.Cut(strings.TrimSpace(l), "=")
			if ok && (k == "table_cache_shards" || k == "max_concurrent_compactions") {
				lines[i] = k
			}
		}
		return lines
	}
	a, b := norm(got), norm(c.pebbleOpts)
	for i := 0; i < max(len(a), len(b)); i++ {
		var x, y string
		if i < len(a) {
			x = a[i]
		}
		if i < len(b) {
			y = b[i]
		}
		if x != y {
			c.findFile("file", p, 0, "line %d is %q; this build writes %q", i+1, x, y)
			return
		}
	}
}

// freshPebbleOptions is the OPTIONS file Pebble writes for a new database
// opened the way CometBFT opens its own (cometbft-db's defaults).
func freshPebbleOptions() ([]byte, error) {
	dir, err := os.MkdirTemp("", "govchain-audit-pebble-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	o := &pebble.Options{}
	o.EnsureDefaults()
	o.Logger = quietLogger{}
	db, err := pebble.Open(dir, o)
	if err != nil {
		return nil, err
	}
	db.Close()
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), "OPTIONS-") {
			return os.ReadFile(filepath.Join(dir, e.Name()))
		}
	}
	return nil, errors.New("pebble wrote no OPTIONS file")
}

type quietLogger struct{}

func (quietLogger) Infof(string, ...any) {}
func (quietLogger) Fatalf(format string, args ...any) {
	panic(fmt.Sprintf(format, args...))
}

// pebbleReadAll opens a Pebble database read-only (its manifest and logs
// replayed, nothing written) and reads every key and value.
func (c *checker) pebbleReadAll(dir string) {
	o := &pebble.Options{ReadOnly: true, Logger: quietLogger{}}
	var n int64
	err := func() (err error) {
		defer func() {
			if p := recover(); p != nil {
				err = fmt.Errorf("%v", p)
			}
		}()
		db, err := pebble.Open(dir, o)
		if err != nil {
			return err
		}
		defer db.Close()
		it, err := db.NewIter(nil)
		if err != nil {
			return err
		}
		for it.First(); it.Valid(); it.Next() {
			_ = it.Value()
			n++
		}
		if err := it.Error(); err != nil {
			it.Close()
			return err
		}
		return it.Close()
	}()
	if err != nil {
		c.findFile("file", dir, 0, "the database does not open and read: %v", err)
		return
	}
	c.count("kv_records", n)
}

// levelReadAll opens a goleveldb database read-only with every check on
// and reads every key and value.
func (c *checker) levelReadAll(dir string) {
	var n int64
	err := func() error {
		db, err := leveldb.OpenFile(dir, strict)
		if err != nil {
			return err
		}
		defer db.Close()
		it := db.NewIterator(nil, &opt.ReadOptions{Strict: opt.StrictAll})
		for it.Next() {
			n++
		}
		err = it.Error()
		it.Release()
		return err
	}()
	if err != nil {
		c.findFile("file", dir, 0, "the database does not open and read: %v", err)
		return
	}
	c.count("kv_records", n)
}
