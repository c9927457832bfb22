package snapshot

import (
	"bytes"
	"fmt"
	"math/rand"
	"path/filepath"
	"testing"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"

	"github.com/pingshan/govchain/internal/store"
)

// TestSnapshotRestore: snapshots are taken every N versions in the
// background, listed newest first, pruned to KeepRecent, and a fresh
// store restores from one chunk by chunk; a corrupted chunk is refetched,
// a snapshot that does not hash to the trusted app hash is rejected and
// leaves the store empty.
func TestSnapshotRestore(t *testing.T) {
	src, _ := store.OpenMemory()
	m, err := NewManager(src, Config{Dir: t.TempDir(), Interval: 5, KeepRecent: 2, ChunkSize: 8 << 10})
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan *Manifest, 10)
	m.OnSnapshot = func(man *Manifest, err error) {
		if err != nil {
			t.Error(err)
		}
		done <- man
	}
	r := rand.New(rand.NewSource(1))
	for v := int64(1); v <= 15; v++ {
		w := src.Working()
		for i := 0; i < 60; i++ {
			val := make([]byte, 100)
			r.Read(val)
			w.Set([]byte(fmt.Sprintf("rec/%05d", r.Intn(3000))), val)
		}
		if _, _, err := src.Commit(); err != nil {
			t.Fatal(err)
		}
		m.Committed(v)
		if v%5 == 0 {
			select {
			case <-done:
			case <-time.After(20 * time.Second):
				t.Fatal("snapshot not taken")
			}
		}
	}
	m.Close()
	list, err := m.List()
	if err != nil {
		t.Fatal(err)
	}
	if len(list.Snapshots) != 2 || list.Snapshots[0].Height != 15 || list.Snapshots[1].Height != 10 {
		t.Fatalf("snapshots: %+v", list.Snapshots)
	}
	snap := list.Snapshots[0]
	if snap.Chunks < 3 {
		t.Fatalf("want several chunks, got %d", snap.Chunks)
	}
	appHash, _ := src.RootAt(15)
	t.Logf("snapshot at 15: %d chunks", snap.Chunks)

	restoreInto := func(dst *store.Store, trusted []byte, corrupt int) abci.ApplySnapshotChunkResult {
		dm, err := NewManager(dst, Config{Dir: filepath.Join(t.TempDir(), "snaps")})
		if err != nil {
			t.Fatal(err)
		}
		res, err := dm.Offer(snap, trusted)
		if err != nil || res != abci.OFFER_SNAPSHOT_RESULT_ACCEPT {
			t.Fatalf("offer: %v %v", res, err)
		}
		var last abci.ApplySnapshotChunkResult
		for i := uint32(0); i < snap.Chunks; i++ {
			chunk, err := m.LoadChunk(snap.Height, snap.Format, i)
			if err != nil || len(chunk) == 0 {
				t.Fatalf("chunk %d: %v", i, err)
			}
			if int(i) == corrupt {
				bad := append([]byte{}, chunk...)
				bad[len(bad)/2] ^= 0x40
				ar, err := dm.ApplyChunk(i, bad, "peer1")
				if err != nil || ar.Result != abci.APPLY_SNAPSHOT_CHUNK_RESULT_RETRY || len(ar.RefetchChunks) != 1 || ar.RejectSenders[0] != "peer1" {
					t.Fatalf("corrupt chunk: %+v %v", ar, err)
				}
			}
			ar, err := dm.ApplyChunk(i, chunk, "peer2")
			if err != nil {
				t.Fatal(err)
			}
			last = ar.Result
			if i+1 < snap.Chunks && last != abci.APPLY_SNAPSHOT_CHUNK_RESULT_ACCEPT {
				t.Fatalf("chunk %d: %v", i, last)
			}
		}
		return last
	}

	// A snapshot whose state is not the trusted app hash is rejected.
	dst, _ := store.OpenMemory()
	wrong := append([]byte{}, appHash...)
	wrong[3] ^= 1
	if res := restoreInto(dst, wrong, -1); res != abci.APPLY_SNAPSHOT_CHUNK_RESULT_REJECT_SNAPSHOT {
		t.Fatalf("wrong app hash: %v", res)
	}
	if dst.Version() != 0 {
		t.Fatal("store not empty after a rejected snapshot")
	}
	// The good one restores, despite a corrupted chunk on the way.
	if res := restoreInto(dst, appHash, 1); res != abci.APPLY_SNAPSHOT_CHUNK_RESULT_ACCEPT {
		t.Fatalf("restore: %v", res)
	}
	if dst.Version() != 15 || !bytes.Equal(dst.CommittedHash(), appHash) {
		t.Fatalf("restored version %d hash %X, want 15 %X", dst.Version(), dst.CommittedHash(), appHash)
	}
	// State left by an earlier attempt is discarded when a new snapshot is offered.
	dm, _ := NewManager(dst, Config{Dir: t.TempDir()})
	if res, _ := dm.Offer(snap, appHash); res != abci.OFFER_SNAPSHOT_RESULT_ACCEPT || dst.Version() != 0 {
		t.Fatalf("offer to a non-empty store: %v, version %d", res, dst.Version())
	}
	// Bad metadata is refused.
	bad := *snap
	bad.Hash = append([]byte{}, snap.Hash...)
	bad.Hash[0] ^= 1
	e, _ := store.OpenMemory()
	em, _ := NewManager(e, Config{Dir: t.TempDir()})
	if res, _ := em.Offer(&bad, appHash); res != abci.OFFER_SNAPSHOT_RESULT_REJECT {
		t.Fatalf("bad hash: %v", res)
	}
}
