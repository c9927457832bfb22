package check

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"syscall"

	dbm "github.com/cometbft/cometbft-db"
	cfg "github.com/cometbft/cometbft/config"

	"github.com/pingshan/govchain/internal/atomicfile"
	"github.com/pingshan/govchain/internal/snapshot"
)

// FileReport is one file under HOME/data and how the audit read it.
type FileReport struct {
	Path  string `json:"path"` // relative to the home
	Kind  string `json:"kind"`
	Bytes int64  `json:"bytes"`
}

// Files each check's findings are about, when the finding does not name
// one itself.
var checkFiles = map[string]string{
	"block":      "data/blockstore.db",
	"commit":     "data/blockstore.db",
	"replay":     "data/blockstore.db",
	"results":    "data/state.db",
	"comet":      "data/state.db",
	"state":      "data/app/state.db",
	"index":      "data/index.db",
	"access-log": "data/access.log",
}

func (c *checker) rel(p string) string {
	if r, err := filepath.Rel(string(c.h), p); err == nil {
		return r
	}
	return p
}

// findFile records a finding about one file (a path under the home).
func (c *checker) findFile(check, path string, h int64, format string, a ...any) {
	c.r.Findings = append(c.r.Findings, Finding{Check: check, File: c.rel(path), Height: h, What: fmt.Sprintf(format, a...)})
}

func (c *checker) file(path, kind string) {
	var n int64
	if fi, err := os.Stat(path); err == nil {
		n = fi.Size()
	}
	c.r.Files = append(c.r.Files, FileReport{Path: c.rel(path), Kind: kind, Bytes: n})
	c.count("files", 1)
	c.count("file_bytes", n)
}

// lockHome takes the lock a running node holds on its Merkle store, so no
// node starts while the files are read byte by byte; the returned func
// releases it. A node that is running gives ErrNodeRunning.
func lockHome(stateDir string) (func(), error) {
	f, err := os.Open(filepath.Join(stateDir, "state.db", "LOCK"))
	if errors.Is(err, fs.ErrNotExist) {
		return func() {}, nil
	}
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, fmt.Errorf("%w (%s is locked)", ErrNodeRunning, f.Name())
		}
		return nil, err
	}
	return func() { syscall.Flock(int(f.Fd()), syscall.LOCK_UN); f.Close() }, nil
}

// scanFiles reads every file under HOME/data at the byte level before
// anything opens a database (opening one can replay and rewrite its logs):
// every record and block checksum of the LevelDB/Pebble stores, every
// record of the consensus WAL, the validator's last-signed state, the
// snapshots. Files it cannot know anything about are listed in the notes.
func (c *checker) scanFiles(conf *cfg.Config) {
	data := filepath.Join(string(c.h), "data")
	ents, err := os.ReadDir(data)
	if err != nil {
		c.findFile("file", data, 0, "cannot list: %v", err)
		return
	}
	for _, e := range ents {
		p := filepath.Join(data, e.Name())
		switch name := e.Name(); {
		case name == "app" && e.IsDir():
			c.scanAppDir(p)
		case e.IsDir() && strings.HasSuffix(name, ".db"):
			c.scanKVDir(p, dbm.BackendType(conf.DBBackend))
		case name == "cs.wal" && e.IsDir():
			c.scanWALDir(p)
		case name == "snapshots" && e.IsDir():
			c.scanSnapshots(p)
		case name == "priv_validator_state.json":
			c.file(p, "validator last-signed state")
			c.privValState(p)
		case name == snapshot.SavedTransitionsName:
			// Written by import; the node trusts it only after this walk.
			c.file(p, "validator changes saved by a restore (walked from the genesis)")
			if _, err := snapshot.LoadTransitions(p, c.gen); err != nil {
				c.findFile("file", p, 0, "%v", err)
			}
		case name == "access.log":
			c.file(p, "access log (hash chain, checked below)")
		case name == "sharing-fetch-replay.bin" || name == "sharing-fetch-replay.bin.tmp" ||
			atomicfile.IsTemp(name) && strings.HasPrefix(name, ".sharing-fetch-replay.bin"):
			// Digests of served fetch signatures, kept ten minutes: no
			// chain data, nothing to check against.
			c.file(p, "data sharing replay guard (fetch signature digests)")
		case name == "index.db":
			c.file(p, "SQLite index (integrity_check and rebuild, below)")
		case name == "index.db-wal":
			c.file(p, "SQLite index write-ahead log (frame checksums)")
			c.sqliteWAL(p)
		case name == "index.db-shm":
			// The shared-memory index of the WAL: no data of its own;
			// the audit's copy of the index leaves it out, so SQLite
			// rebuilds it from the WAL.
			c.file(p, "SQLite WAL index (not read: rebuilt from the WAL)")
		default:
			c.note("not checked: %s (not a file a node writes)", c.rel(p))
		}
	}
}

// scanAppDir is HOME/data/app: the Merkle store (goleveldb) and the base
// version of an imported store.
func (c *checker) scanAppDir(dir string) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		c.findFile("file", dir, 0, "cannot list: %v", err)
		return
	}
	for _, e := range ents {
		p := filepath.Join(dir, e.Name())
		switch {
		case e.Name() == "state.db" && e.IsDir():
			c.scanKVDir(p, dbm.GoLevelDBBackend)
		case e.Name() == "IMPORTED_VERSION":
			c.file(p, "imported base version (parsed when the store opens)")
		default:
			c.note("not checked: %s (not a file a node writes)", c.rel(p))
		}
	}
}

var currentRe = regexp.MustCompile(`^MANIFEST-[0-9]{6,}\n$`)

// scanKVDir checks every file of one LevelDB or Pebble database, then
// opens it read-only and reads every key.
func (c *checker) scanKVDir(dir string, backend dbm.BackendType) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		c.findFile("file", dir, 0, "cannot list: %v", err)
		return
	}
	pebble := backend == dbm.PebbleDBBackend
	names := make([]string, 0, len(ents))
	for _, e := range ents {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	for _, name := range names {
		p := filepath.Join(dir, name)
		switch {
		case name == "CURRENT":
			c.file(p, "database pointer to its manifest")
			b, err := os.ReadFile(p)
			if err != nil || !currentRe.Match(b) {
				c.findFile("file", p, 0, "not the name of a manifest: %q", b)
			} else if _, err := os.Stat(filepath.Join(dir, strings.TrimSpace(string(b)))); err != nil {
				c.findFile("file", p, 0, "names %s, which is missing", strings.TrimSpace(string(b)))
			}
		case name == "LOCK" || strings.HasPrefix(name, "marker."):
			c.file(p, "database lock/marker (empty)")
			if fi, err := os.Stat(p); err == nil && fi.Size() != 0 {
				c.findFile("file", p, 0, "should be empty; holds %d bytes", fi.Size())
			}
		case name == "LOG" || name == "LOG.old":
			c.note("not checked: %s (goleveldb's human-readable diagnostic log; never read back)", c.rel(p))
		case strings.HasPrefix(name, "MANIFEST-"):
			c.file(p, "database manifest (record checksums)")
			c.recordLog(p, pebble, 0)
		case strings.HasSuffix(name, ".log"):
			c.file(p, "database write-ahead log (record checksums)")
			var num uint64
			fmt.Sscanf(strings.TrimSuffix(name, ".log"), "%d", &num)
			c.recordLog(p, pebble, num)
		case strings.HasSuffix(name, ".sst") || strings.HasSuffix(name, ".ldb"):
			c.file(p, "database table (block checksums)")
			if pebble {
				c.pebbleTable(p)
			} else {
				c.levelTable(p)
			}
		case pebble && strings.HasPrefix(name, "OPTIONS-"):
			c.file(p, "database options (compared with this build's)")
			c.pebbleOptions(p)
		default:
			c.note("not checked: %s (not a file of the database)", c.rel(p))
		}
	}
	if pebble {
		c.pebbleReadAll(dir)
	} else {
		c.levelReadAll(dir)
	}
}

// scanSnapshots verifies every snapshot under HOME/data/snapshots; their
// app hashes are compared with the chain later.
func (c *checker) scanSnapshots(dir string) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		c.findFile("file", dir, 0, "cannot list: %v", err)
		return
	}
	for _, e := range ents {
		p := filepath.Join(dir, e.Name())
		if _, err := strconv.ParseUint(e.Name(), 10, 64); err != nil || !e.IsDir() {
			c.note("not checked: %s (left by an interrupted snapshot or restore; the node removes it at start)", c.rel(p))
			continue
		}
		files, _ := os.ReadDir(p)
		for _, f := range files {
			c.file(filepath.Join(p, f.Name()), "state snapshot (hashes, rebuilt in memory)")
		}
		man, err := snapshot.Verify(p)
		var ve *snapshot.VerifyError
		switch {
		case errors.As(err, &ve):
			c.findFile("snapshot", ve.File, 0, "%v", ve.Err)
		case err != nil:
			c.findFile("snapshot", p, 0, "%v", err)
		default:
			c.snaps = append(c.snaps, man)
			c.count("snapshots", 1)
		}
	}
}
