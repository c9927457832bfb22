package testnet_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	cmtproto "github.com/cometbft/cometbft/api/cometbft/types/v1"
	cmtstore "github.com/cometbft/cometbft/store"
	"github.com/cosmos/gogoproto/proto"
	iavldb "github.com/cosmos/iavl/db"

	"github.com/pingshan/govchain/internal/audit"
	"github.com/pingshan/govchain/internal/index"
	"github.com/pingshan/govchain/internal/node"
	"github.com/pingshan/govchain/internal/snapshot"
	"github.com/pingshan/govchain/internal/testnet"
)

// TestFaultTamperDetected: a node runs with load and an anchored access
// log; stopped, `audit` finds nothing. Then, each on its own copy of the
// home, one thing is altered — a byte of a tx inside a stored block, a
// byte of a record in the Merkle state store, a tx result in CometBFT's
// state store, a row of the query index, an entry of the access log, the
// access log cut below its anchor — and `audit` must report it, naming
// the height and exiting non-zero.
func TestFaultTamperDetected(t *testing.T) {
	var home node.Home
	nw, keys := faultNet(t, 1, 2, func(_ int, cfg map[string]any) {
		cfg["access_log"] = map[string]any{"anchor_key": "gov-admin", "anchor_interval": "500ms"}
	}, func(nw *testnet.Network) {
		home = node.Home(nw.Nodes[0].Home)
		appendAccess(t, nw, home, 0, 5)
	})
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	l := startLoad(nw, keys, []int{0}, 60*time.Millisecond)
	for l.count() < 30 {
		time.Sleep(50 * time.Millisecond)
	}
	l.stop()
	res, err := audit.VerifyFile(home.AccessLogPath(), nw.Suite)
	if err != nil || res.Entries != 5 {
		t.Fatalf("access log: %+v %v", res, err)
	}
	waitAnchored(t, ctx, nw, res.Head.Hash)
	if err := nw.Stop(0); err != nil {
		t.Fatal(err)
	}
	appendAccess(t, nw, home, 5, 3) // newer than the anchor

	exit, rep, out := runAudit(t, string(home))
	if exit != 0 || !rep.OK {
		t.Fatalf("clean node: audit exit %d:\n%s", exit, out)
	}
	if rep.Checked["access_log_anchors"] < 1 || rep.Checked["replayed_txs"] < 30 {
		t.Fatalf("clean audit checked too little: %v", rep.Checked)
	}
	t.Logf("clean: blocks %d-%d, replayed %d txs, %d signatures, %d index rows, %d access log entries with %d anchor(s); notes %q",
		rep.Blocks.From, rep.Blocks.To, rep.Checked["replayed_txs"], rep.Checked["signatures"], rep.Checked["index_rows"],
		rep.Checked["access_log_entries"], rep.Checked["access_log_anchors"], rep.Notes)

	variant := func(name, wantCheck string, tamper func(h node.Home) int64) {
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "home")
			copyDir(t, string(home), dir)
			h := node.Home(dir)
			height := tamper(h)
			exit, rep, out := runAudit(t, dir)
			if exit == 0 || rep.OK {
				t.Fatalf("tampering (%s) not detected:\n%s", name, out)
			}
			for _, f := range rep.Findings {
				if f.Check == wantCheck && (height == 0 || f.Height == height) {
					t.Logf("detected: [%s] height %d: %s (%d finding(s) in all)", f.Check, f.Height, f.What, len(rep.Findings))
					return
				}
			}
			t.Fatalf("no %s finding at height %d:\n%s", wantCheck, height, out)
		})
	}

	variant("block-store", "block", func(h node.Home) int64 {
		conf, _ := node.LoadCometConfig(h)
		db, err := snapshot.OpenCometDB(conf, "blockstore")
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		bs := cmtstore.NewBlockStore(db)
		for ht := bs.Base(); ht <= bs.Height(); ht++ {
			b, _ := bs.LoadBlock(ht)
			if b == nil || len(b.Txs) == 0 {
				continue
			}
			key := []byte(fmt.Sprintf("P:%d:0", ht))
			raw, err := db.Get(key)
			if err != nil || raw == nil {
				t.Fatalf("part of block %d: %v", ht, err)
			}
			var part cmtproto.Part
			if err := proto.Unmarshal(raw, &part); err != nil {
				t.Fatal(err)
			}
			i := bytes.Index(part.Bytes, b.Txs[0])
			if i < 0 {
				t.Fatal("tx bytes not found in the block part")
			}
			part.Bytes[i+len(b.Txs[0])/2] ^= 0x01
			out, _ := proto.Marshal(&part)
			if err := db.SetSync(key, out); err != nil {
				t.Fatal(err)
			}
			t.Logf("flipped one bit of tx 0 in block %d", ht)
			return ht
		}
		t.Fatal("no block with txs")
		return 0
	})

	variant("state-store", "state", func(h node.Home) int64 {
		// A department record never changes after genesis: its leaf
		// node is live in the newest version.
		db, err := iavldb.NewGoLevelDB("state", h.StateDir())
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		raw := db.RawDB()
		it := raw.NewIterator(nil, nil)
		defer it.Release()
		target := []byte("identity/dept/gov")
		for it.Next() {
			k, v := it.Key(), it.Value()
			if len(k) != 13 || k[0] != 's' {
				continue
			}
			hgt, n1 := binary.Varint(v)
			if n1 <= 0 || hgt != 0 {
				continue
			}
			_, n2 := binary.Varint(v[n1:])
			kl, n3 := binary.Uvarint(v[n1+n2:])
			off := n1 + n2 + n3
			if int(kl) != len(target) || !bytes.Equal(v[off:off+int(kl)], target) {
				continue
			}
			nv := append([]byte{}, v...)
			nv[len(nv)-3] ^= 0x01 // inside the record's value
			if err := raw.Put(append([]byte{}, k...), nv, nil); err != nil {
				t.Fatal(err)
			}
			t.Logf("flipped one bit of the stored value of %s (node written at version %d)", target, binary.BigEndian.Uint64(k[1:9]))
			return 0
		}
		t.Fatal("leaf not found")
		return 0
	})

	variant("state-results", "results", func(h node.Home) int64 {
		conf, _ := node.LoadCometConfig(h)
		c, err := snapshot.OpenChain(conf)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		for ht := c.Blocks.Base(); ht < c.Blocks.Height(); ht++ {
			r, err := c.State.LoadFinalizeBlockResponse(ht)
			if err != nil || len(r.TxResults) == 0 {
				continue
			}
			r.TxResults[0].Code ^= 0x01
			if err := c.State.SaveFinalizeBlockResponse(ht, r); err != nil {
				t.Fatal(err)
			}
			t.Logf("changed the stored result code of tx 0 of block %d", ht)
			return ht
		}
		// By default only the newest block's results are kept
		// (storage.discard_abci_responses): change that one.
		ht := c.Blocks.Height()
		r, err := c.State.LoadLastFinalizeBlockResponse(ht)
		if err != nil {
			t.Fatalf("no stored results: %v", err)
		}
		r.AppHash = append([]byte{}, r.AppHash...)
		r.AppHash[0] ^= 0x01
		if err := c.State.SaveFinalizeBlockResponse(ht, r); err != nil {
			t.Fatal(err)
		}
		t.Logf("changed the stored app hash of the newest block %d's results", ht)
		return ht
	})

	variant("index", "index", func(h node.Home) int64 {
		ix, err := index.Open(h.IndexPath(), node.IndexHandlers()...)
		if err != nil {
			t.Fatal(err)
		}
		defer ix.Close()
		if _, err := ix.DB().Exec(`UPDATE txs SET code = 7 WHERE (height, idx) = (SELECT height, idx FROM txs ORDER BY height, idx LIMIT 1)`); err != nil {
			t.Fatal(err)
		}
		return 0
	})

	variant("access-log-edit", "access-log", func(h node.Home) int64 {
		b, _ := os.ReadFile(h.AccessLogPath())
		lines := strings.SplitAfter(string(b), "\n")
		lines[1] = strings.Replace(lines[1], "check eligibility", "check eligibilitY", 1)
		os.WriteFile(h.AccessLogPath(), []byte(strings.Join(lines, "")), 0o600)
		return 0
	})

	variant("access-log-flip", "access-log", func(h node.Home) int64 {
		b, _ := os.ReadFile(h.AccessLogPath())
		b[len(b)/2] ^= 0x02
		os.WriteFile(h.AccessLogPath(), b, 0o600)
		return 0
	})

	variant("access-log-truncated", "access-log", func(h node.Home) int64 {
		// Cut below the anchored entry 5 (the chain of what is left is intact).
		b, _ := os.ReadFile(h.AccessLogPath())
		lines := strings.SplitAfter(string(b), "\n")
		os.WriteFile(h.AccessLogPath(), []byte(strings.Join(lines[:3], "")), 0o600)
		return 0
	})
	t.Logf("FIGURES tamper: %d txs, blocks %d-%d; every alteration reported by audit with exit 1", l.count(), rep.Blocks.From, rep.Blocks.To)
}

// appendAccess appends n entries to a stopped node's access log.
func appendAccess(t *testing.T, nw *testnet.Network, h node.Home, from, n int) {
	t.Helper()
	l, err := audit.OpenAccessLog(h.AccessLogPath(), nw.Suite)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	for i := from; i < from+n; i++ {
		if _, err := l.Append(audit.Access{Staff: "3f1c0a9e5b7d2c4e6f8a0b1c2d3e4f5a6b7c8d9e", StaffName: "nrb-clerk", Department: "nrb",
			Case: fmt.Sprintf("LAND-2026-%04d", i), Purpose: "check eligibility", Fields: []string{"id_number", "phone"}}); err != nil {
			t.Fatal(err)
		}
	}
}

// waitAnchored waits until a doc hash is anchored on node 0.
func waitAnchored(t *testing.T, ctx context.Context, nw *testnet.Network, hash string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		var v map[string]any
		if err := nw.Client(0).Get(ctx, "/api/v1/state?key=notary/doc/"+hash, &v); err == nil {
			return
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatalf("access log head %s not anchored; log:\n%s", hash, nw.LogTail(0, 20))
}
