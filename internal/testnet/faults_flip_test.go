package testnet_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/pingshan/govchain/internal/audit"
	"github.com/pingshan/govchain/internal/audit/check"
	"github.com/pingshan/govchain/internal/node"
	"github.com/pingshan/govchain/internal/testnet"
)

// notData are the files under HOME/data a flipped byte may legitimately
// go unnoticed in, and why (docs/operations.md, "What govchain audit
// checks").
var notData = map[string]string{
	"LOG": "goleveldb's human-readable diagnostic log; nothing reads it back",
}

// TestFaultEveryByteAudited: a one-validator node runs with load, an
// anchored access log and snapshots; stopped, `audit` finds nothing and
// lists every file under HOME/data. Then, for each non-empty file in turn,
// on a copy of the home, one byte in the middle of that file is flipped:
// the audit must report a finding naming that file.
func TestFaultEveryByteAudited(t *testing.T) {
	var home node.Home
	nw, keys := faultNet(t, 1, 2, func(_ int, cfg map[string]any) {
		cfg["access_log"] = map[string]any{"anchor_key": "gov-admin", "anchor_interval": "500ms"}
		cfg["snapshots"] = map[string]any{"interval": 5}
	}, func(nw *testnet.Network) {
		home = node.Home(nw.Nodes[0].Home)
		appendAccess(t, nw, home, 0, 5)
	})
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	l := startLoad(nw, keys, []int{0}, 60*time.Millisecond)
	for l.count() < 20 {
		time.Sleep(50 * time.Millisecond)
	}
	l.stop()
	res, err := audit.VerifyFile(home.AccessLogPath(), nw.Suite)
	if err != nil {
		t.Fatal(err)
	}
	waitAnchored(t, ctx, nw, res.Head.Hash)
	if err := nw.Stop(0); err != nil {
		t.Fatal(err)
	}

	exit, rep, out := runAudit(t, string(home))
	if exit != 0 || !rep.OK {
		t.Fatalf("clean node: audit exit %d:\n%s", exit, out)
	}
	listed := map[string]bool{}
	for _, f := range rep.Files {
		listed[f.Path] = true
	}
	var files []string
	err = filepath.Walk(filepath.Join(string(home), "data"), func(p string, fi os.FileInfo, err error) error {
		if err != nil || fi.IsDir() || fi.Size() == 0 {
			return err
		}
		rel, _ := filepath.Rel(string(home), p)
		if _, skip := notData[filepath.Base(p)]; skip {
			return nil
		}
		if !listed[rel] {
			t.Errorf("%s is not among the files the audit read", rel)
		}
		files = append(files, rel)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(files)
	kinds := map[string]bool{}
	for _, f := range rep.Files {
		kinds[f.Kind] = true
	}
	t.Logf("clean: %d files, %d bytes, %d kinds; blocks %d-%d, %d snapshot file(s)", len(rep.Files), rep.Checked["file_bytes"], len(kinds),
		rep.Blocks.From, rep.Blocks.To, rep.Checked["snapshots"])
	if rep.Checked["snapshots"] == 0 || rep.Checked["access_log_entries"] == 0 || rep.Checked["wal_records"] == 0 {
		t.Fatalf("the node wrote too little to test every kind of file: %v", rep.Checked)
	}

	for _, rel := range files {
		t.Run(rel, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "home")
			copyDir(t, string(home), dir)
			p := filepath.Join(dir, rel)
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			at := flipOffset(rel, b)
			b[at] ^= 0x01
			if err := os.WriteFile(p, b, 0o600); err != nil {
				t.Fatal(err)
			}
			r, err := check.Run(node.Home(dir), check.Options{})
			if err != nil {
				t.Fatalf("audit could not run: %v", err)
			}
			for _, f := range r.Findings {
				if f.File == rel {
					t.Logf("[%s] %s: %s (%d finding(s) in all)", f.Check, f.File, f.What, len(r.Findings))
					return
				}
			}
			t.Errorf("a flipped byte at %d of %d in %s went unnoticed; findings: %+v", at, len(b), rel, r.Findings)
		})
	}
}

// flipOffset is the middle of the file, except in the SQLite index: there
// the middle may fall in a free page or a page's unallocated gap, bytes
// that hold no row and that SQLite never reads, so the flip goes into the
// first row data at or after the middle (a department id, in every table).
// Rows are what the audit guards: it compares every table with a rebuild
// from the verified state and runs PRAGMA integrity_check.
func flipOffset(rel string, b []byte) int {
	if !strings.HasSuffix(rel, "index.db") {
		return len(b) / 2
	}
	if i := bytes.Index(b[len(b)/2:], []byte("nrb")); i >= 0 {
		return len(b)/2 + i
	}
	if i := bytes.Index(b, []byte("nrb")); i >= 0 {
		return i
	}
	return len(b) / 2
}
