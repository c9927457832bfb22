package testnet_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/pingshan/govchain/internal/network"
	"github.com/pingshan/govchain/internal/testnet"
)

// labNet starts n validators, each in its own network namespace (one
// process each, `ip netns exec NS govchain start`). Everything is removed
// when the test ends, failed or not.
func labNet(t *testing.T, n int, withRelays bool) (*testnet.Lab, *testnet.Network) {
	t.Helper()
	ok, why := testnet.NamespacesAllowed()
	if !ok {
		t.Skip("network namespace tests skipped: " + why)
	}
	testnet.RemoveStale()
	lab, err := testnet.NewLab(n)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := lab.Close(); err != nil {
			t.Errorf("removing the lab: %v", err)
		}
	})
	nw, err := testnet.Create(bin, t.TempDir(), network.Options{Suite: "intl", Validators: n, TimeoutCommit: 300 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if withRelays {
		lab.UseRelays()
	}
	if err := lab.Attach(nw); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(nw.Shutdown) // runs before lab.Close (cleanups run last-in first)
	if err := nw.StartAll(); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 120*time.Second)
	defer cancel()
	for i := range nw.Nodes {
		if err := nw.WaitReady(ctx, i, 2); err != nil {
			t.Fatal(err)
		}
	}
	return lab, nw
}

// phase picks the short (default suite) or long (GOVCHAIN_LONG=1) length.
func phase(short, longer time.Duration) time.Duration {
	if long() {
		return longer
	}
	return short
}

func heights(ctx context.Context, nw *testnet.Network, nodes []int) []int64 {
	out := make([]int64, len(nodes))
	for k, i := range nodes {
		out[k], _, _ = status(ctx, nw, i)
	}
	return out
}

// waitHeight waits until every node in nodes is at height ≥ h.
func waitHeight(t *testing.T, ctx context.Context, nw *testnet.Network, nodes []int, h int64, within time.Duration) {
	t.Helper()
	deadline := time.Now().Add(within)
	for time.Now().Before(deadline) {
		if slices.Min(heights(ctx, nw, nodes)) >= h {
			return
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatalf("nodes %v not at height %d within %v: %v", nodes, h, within, heights(ctx, nw, nodes))
}

// noProgress requires that none of the nodes commits a block during d,
// after a settle time for a block already in flight when the cut came.
func noProgress(t *testing.T, ctx context.Context, nw *testnet.Network, nodes []int, d time.Duration) []int64 {
	t.Helper()
	time.Sleep(3 * time.Second)
	before := heights(ctx, nw, nodes)
	time.Sleep(d)
	after := heights(ctx, nw, nodes)
	if !slices.Equal(before, after) {
		t.Fatalf("nodes %v committed during the cut: heights %v then %v", nodes, before, after)
	}
	return after
}

type blockInfo struct {
	Height int64     `json:"height"`
	Time   time.Time `json:"time"`
}

// blockIntervals are the times between consecutive block headers from..to
// on node i (consensus time: when +2/3 precommits were collected).
func blockIntervals(t *testing.T, ctx context.Context, nw *testnet.Network, i int, from, to int64) []time.Duration {
	t.Helper()
	var prev time.Time
	var out []time.Duration
	for h := from; h <= to; h++ {
		var b blockInfo
		if err := nw.Client(i).Get(ctx, fmt.Sprintf("/api/v1/blocks/%d", h), &b); err != nil {
			t.Fatal(err)
		}
		if h > from {
			out = append(out, b.Time.Sub(prev))
		}
		prev = b.Time
	}
	return out
}

func summarize(ds []time.Duration) string {
	if len(ds) == 0 {
		return "no blocks"
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	var sum time.Duration
	for _, d := range s {
		sum += d
	}
	return fmt.Sprintf("%d blocks, interval mean %v, p50 %v, p90 %v, max %v", len(s), (sum / time.Duration(len(s))).Round(time.Millisecond),
		s[len(s)/2].Round(time.Millisecond), s[len(s)*9/10].Round(time.Millisecond), s[len(s)-1].Round(time.Millisecond))
}

// TestNetnsFourValidators: 4 validators in their own namespaces.
//   - 50–200 ms one-way latency between any two (netem on both ends of
//     each link): blocks keep committing; block intervals recorded;
//   - a 2|2 partition: nothing commits, healed the chain resumes and all
//     four hold the same blocks;
//   - a 3|1 partition: the three commit, the one does not; healed it
//     catches up to the same app hash and blocks.
func TestNetnsFourValidators(t *testing.T) {
	// Without netem in the kernel, latency comes from user-space relays on
	// every p2p connection (netns_relay.go); partitions work the same.
	netem, why := testnet.NetemAvailable()
	lab, nw := labNet(t, 4, !netem)
	ctx := context.Background()
	all := []int{0, 1, 2, 3}
	how, jitter := "tc netem, ±5 ms jitter", 5*time.Millisecond
	if !netem {
		t.Logf("latency by user-space relays: %s", why)
		how, jitter = "user-space relays (no netem in this kernel)", 0
	}

	t.Run("latency 50-200ms", func(t *testing.T) {
		before := heights(ctx, nw, all)
		base, _, _ := status(ctx, nw, 0)
		t.Cleanup(func() {
			for i := range all {
				lab.ClearDelay(i)
			}
		})
		// one-way i→j = d(i)+d(j): 25+25=50 ms … 100+100=200 ms.
		for i, d := range []time.Duration{25, 50, 75, 100} {
			if err := lab.SetDelay(i, d*time.Millisecond, jitter, 0); err != nil {
				t.Fatal(err)
			}
		}
		time.Sleep(phase(15*time.Second, 90*time.Second))
		top, _, _ := status(ctx, nw, 0)
		if top < base+3 {
			t.Fatalf("only %d blocks in the latency phase (heights %v then %v)", top-base, before, heights(ctx, nw, all))
		}
		t.Logf("RESULT 4 validators, one-way latency 50-200 ms by %s, timeout_commit 300 ms: %s", how, summarize(blockIntervals(t, ctx, nw, 0, base+1, top)))
		for i := range all {
			lab.ClearDelay(i)
		}
		// The same without netem, for comparison.
		b2, _, _ := status(ctx, nw, 0)
		time.Sleep(phase(8*time.Second, 30*time.Second))
		t2, _, _ := status(ctx, nw, 0)
		t.Logf("RESULT 4 validators, no added latency, timeout_commit 300 ms: %s", summarize(blockIntervals(t, ctx, nw, 0, b2+1, t2)))
	})

	t.Run("2|2 partition", func(t *testing.T) {
		if err := lab.Partition([]int{0, 1}, []int{2, 3}); err != nil {
			t.Fatal(err)
		}
		stuck := noProgress(t, ctx, nw, all, phase(8*time.Second, 45*time.Second))
		if err := lab.Heal(); err != nil {
			t.Fatal(err)
		}
		healed := time.Now()
		waitHeight(t, ctx, nw, all, slices.Max(stuck)+3, 120*time.Second)
		t.Logf("RESULT 2|2 partition: no block at heights %v; healed, 3 more blocks on all four after %v", stuck, time.Since(healed).Round(time.Millisecond))
		top := slices.Min(heights(ctx, nw, all))
		sameBlocks(t, ctx, nw, all, 1, top)
	})

	t.Run("3|1 partition", func(t *testing.T) {
		if err := lab.Partition([]int{0, 1, 2}, []int{3}); err != nil {
			t.Fatal(err)
		}
		time.Sleep(3 * time.Second)
		isolated, _, _ := status(ctx, nw, 3)
		maj, _, _ := status(ctx, nw, 0)
		waitHeight(t, ctx, nw, []int{0, 1, 2}, maj+5, 60*time.Second)
		time.Sleep(phase(0, 30*time.Second))
		if h, _, _ := status(ctx, nw, 3); h != isolated {
			t.Fatalf("the isolated node went from %d to %d", isolated, h)
		}
		ahead, _, _ := status(ctx, nw, 0)
		if err := lab.Heal(); err != nil {
			t.Fatal(err)
		}
		healed := time.Now()
		waitHeight(t, ctx, nw, []int{3}, ahead, 120*time.Second)
		caught := time.Since(healed)
		h, app, err := sameAppHashOn(ctx, nw, all)
		if err != nil {
			t.Fatal(err)
		}
		sameBlocks(t, ctx, nw, all, 1, h)
		t.Logf("RESULT 3|1 partition: majority went from %d to %d while node 3 stayed at %d; healed, node 3 caught up %d blocks in %v; all at height %d app hash %.16s…",
			maj, ahead, isolated, ahead-isolated, caught.Round(time.Millisecond), h, app)
	})
}

// TestNetnsSevenValidatorsHalt: 7 validators (f = 2). Two killed and one
// partitioned leaves 4 of 7 (< 2/3): nothing commits and nothing forks;
// the partitioned one returning makes 5 and the chain resumes; the killed
// two restart and catch up to the same blocks.
// It takes about two minutes on a loaded 2-core machine (seven processes
// starting), so it runs with GOVCHAIN_LONG=1 only.
func TestNetnsSevenValidatorsHalt(t *testing.T) {
	if !long() {
		t.Skip("7-validator namespace test runs with GOVCHAIN_LONG=1 (about 2 minutes)")
	}
	lab, nw := labNet(t, 7, false)
	ctx := context.Background()
	all := []int{0, 1, 2, 3, 4, 5, 6}
	for _, i := range []int{5, 6} {
		if err := nw.Kill(i); err != nil {
			t.Fatal(err)
		}
	}
	live := []int{0, 1, 2, 3, 4}
	h0 := slices.Max(heights(ctx, nw, live))
	waitHeight(t, ctx, nw, live, h0+2, 60*time.Second) // 5 of 7 still commit
	if err := lab.Partition([]int{4}, []int{0, 1, 2, 3}); err != nil {
		t.Fatal(err)
	}
	stuck := noProgress(t, ctx, nw, live, phase(8*time.Second, 45*time.Second))
	if err := lab.Heal(); err != nil {
		t.Fatal(err)
	}
	healed := time.Now()
	waitHeight(t, ctx, nw, live, slices.Max(stuck)+3, 120*time.Second)
	resumed := time.Since(healed)
	for _, i := range []int{5, 6} {
		if err := nw.Start(i); err != nil {
			t.Fatal(err)
		}
	}
	h, _, err := sameAppHashOn(ctx, nw, all)
	if err != nil {
		t.Fatal(err)
	}
	sameBlocks(t, ctx, nw, all, 1, h)
	t.Logf("RESULT 7 validators, 2 killed + 1 partitioned: halted at heights %v; resumed %v after the partition healed; all 7 at height %d with the same blocks",
		stuck, resumed.Round(time.Millisecond), h)
}
