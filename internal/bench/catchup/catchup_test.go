package catchup

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/pingshan/govchain/internal/bench/scale"
	"github.com/pingshan/govchain/internal/node"
	"github.com/pingshan/govchain/internal/snapshot"
	"github.com/pingshan/govchain/internal/testbin"
)

// TestCatchupBothModes loads a tiny chain, then joins it once by block
// sync from genesis and once by state sync: each joiner must reach the
// source's height with the source's app hash, and the txs each phase
// reports replaying must be the chain's (the load's count of them). No
// timing is checked.
func TestCatchupBothModes(t *testing.T) {
	if testing.Short() {
		t.Skip("starts nodes")
	}
	bin := testbin.MustBuild(t)
	home := filepath.Join(t.TempDir(), "src")
	ctx, cancel := context.WithTimeout(context.Background(), 8*time.Minute)
	defer cancel()
	t0 := time.Now()
	loaded, err := scale.Load(ctx, scale.LoadConfig{Home: home, Cases: 20, Wave: 20, Accounts: 2})
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	t.Logf("loaded %d txs in %s", loaded.ChainTxs, time.Since(t0).Round(time.Millisecond))
	res, err := Run(ctx, Config{Home: home, Bin: bin, Mode: ModeBoth, TempDir: t.TempDir(), Keep: true, Timeout: 4 * time.Minute})
	if err != nil {
		t.Fatalf("catchup: %v", err)
	}
	for _, j := range res.Joins {
		t.Logf("%s: restore %+v replay %+v total %.1f s", j.Mode, j.Restore, j.Replay, j.TotalSeconds)
	}
	if res.ChainTxs != loaded.ChainTxs {
		t.Errorf("chain txs %d, the load counted %d", res.ChainTxs, loaded.ChainTxs)
	}
	if len(res.Joins) != 2 || res.Snapshot == nil {
		t.Fatalf("joins %d, snapshot %v; want 2 joins and a snapshot", len(res.Joins), res.Snapshot)
	}
	bs, ss := res.Joins[0], res.Joins[1]
	if bs.Mode != ModeBlockSync || ss.Mode != ModeStateSync {
		t.Fatalf("modes %s, %s", bs.Mode, ss.Mode)
	}
	for _, j := range res.Joins {
		if !j.AppHashMatch || j.CheckHeight < res.Height || len(j.AppHash) != 64 {
			t.Errorf("%s: app hash match %v at height %d (source at %d), hash %q", j.Mode, j.AppHashMatch, j.CheckHeight, res.Height, j.AppHash)
		}
		if j.Replay.ToHeight < res.Height || j.TotalCPU <= 0 {
			t.Errorf("%s: replayed to %d (source at %d), CPU %.2f s", j.Mode, j.Replay.ToHeight, res.Height, j.TotalCPU)
		}
	}
	// Only empty blocks follow the load, so every tx is in 1 … Height.
	if bs.Replay.FromHeight != 0 || bs.Replay.Txs != loaded.ChainTxs {
		t.Errorf("block sync replayed %d txs from height %d, want %d from 0", bs.Replay.Txs, bs.Replay.FromHeight, loaded.ChainTxs)
	}
	if ss.Restore == nil || ss.Restore.ToHeight != res.Snapshot.Height || ss.Replay.FromHeight != res.Snapshot.Height {
		t.Fatalf("state sync phases %+v / %+v, snapshot at %d", ss.Restore, ss.Replay, res.Snapshot.Height)
	}
	// Each joiner's own block store holds what it replayed.
	for _, j := range res.Joins {
		got, err := storedTxs(j.Dir, j.Replay.FromHeight, j.Replay.ToHeight)
		if err != nil {
			t.Fatalf("%s: %v", j.Mode, err)
		}
		if got != j.Replay.Txs {
			t.Errorf("%s: reported %d txs replayed, its block store holds %d in %d-%d", j.Mode, j.Replay.Txs, got, j.Replay.FromHeight+1, j.Replay.ToHeight)
		}
	}
	if ss.Replay.Txs == 0 || ss.Replay.Txs >= loaded.ChainTxs {
		t.Errorf("state sync replayed %d of the chain's %d txs: want some, not all", ss.Replay.Txs, loaded.ChainTxs)
	}
}

// storedTxs counts the txs of blocks from+1 … to in a stopped home's
// block store.
func storedTxs(home string, from, to int64) (int64, error) {
	conf, err := node.LoadCometConfig(node.Home(home))
	if err != nil {
		return 0, err
	}
	c, err := snapshot.OpenChainReadOnly(conf)
	if err != nil {
		return 0, err
	}
	defer c.Close()
	var n int64
	for h := from + 1; h <= to; h++ {
		m := c.Blocks.LoadBlockMeta(h)
		if m == nil {
			return 0, fmt.Errorf("%s: no block %d (store %d-%d)", home, h, c.Blocks.Base(), c.Blocks.Height())
		}
		n += int64(m.NumTxs)
	}
	return n, nil
}
