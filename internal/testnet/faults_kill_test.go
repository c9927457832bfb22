package testnet_test

import (
	"context"
	"testing"
	"time"
)

// TestFaultKillOneUnderLoad: under steady load on 4 validators one is
// SIGKILLed: commits continue; every tx whose commit a client was told
// about is on all nodes; the killed node restarts and reaches the same app
// hash. (TestFourValidators in e2e_test.go covers 1,000 txs in both
// suites; this is the fault-suite version, checking every node.)
func TestFaultKillOneUnderLoad(t *testing.T) {
	const victim = 3
	accounts, interval, before, after := 16, 100*time.Millisecond, 150, 250
	if long() {
		accounts, interval, before, after = 12, 40*time.Millisecond, 1500, 3000
	}
	nw, keys := faultNet(t, 4, accounts, nil)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	start := time.Now()
	l := startLoad(nw, keys, []int{0, 1, 2}, interval)
	defer l.stop()
	for l.count() < before {
		time.Sleep(50 * time.Millisecond)
	}
	killedAt, _, _ := status(ctx, nw, 0)
	if err := nw.Kill(victim); err != nil {
		t.Fatal(err)
	}
	atKill := l.count()
	t.Logf("%s: SIGKILLed node %d at height %d after %d txs reported committed", time.Since(start).Round(time.Millisecond), victim, killedAt, atKill)
	deadline := time.Now().Add(2 * time.Minute)
	for l.count() < atKill+after {
		if time.Now().After(deadline) {
			t.Fatalf("only %d txs committed in 2 minutes after the kill", l.count()-atKill)
		}
		time.Sleep(50 * time.Millisecond)
	}
	h, _, _ := status(ctx, nw, 0)
	if h <= killedAt {
		t.Fatalf("no commits after the kill: height %d", h)
	}
	t.Logf("%s: 3 of 4 validators committed %d more txs, height %d -> %d", time.Since(start).Round(time.Millisecond), l.count()-atKill, killedAt, h)

	if err := nw.Start(victim); err != nil {
		t.Fatal(err)
	}
	l.stop()
	committed, _, errs, refused := l.snapshot()
	top, _, _ := status(ctx, nw, 0)
	if err := nw.WaitReady(ctx, victim, top); err != nil {
		t.Fatal(err)
	}
	t.Logf("%s: restarted node %d reached height %d", time.Since(start).Round(time.Millisecond), victim, top)
	requireOnAll(t, ctx, nw, []int{0, 1, 2, 3}, committed)
	height, appHash, err := sameAppHashOn(ctx, nw, []int{0, 1, 2, 3})
	if err != nil {
		t.Fatal(err)
	}
	sameBlocks(t, ctx, nw, []int{0, 1, 2, 3}, killedAt-2, killedAt+3)
	t.Logf("%s: checked", time.Since(start).Round(time.Millisecond))
	t.Logf("FIGURES kill-one: txs reported committed %d, found on every node %d (4 nodes); client errors %d, refusals %d; killed at height %d, restarted node caught up to %d; all 4 at height %d app hash %s",
		len(committed), len(committed), errs, refused, killedAt, top, height, appHash)
}

// TestFaultTwoOfFourDown: with two of four validators down there is no
// quorum: no new blocks on the two left, and no divergent blocks; txs keep
// being admitted to their mempools. Both restarted, the chain resumes and
// every tx reported committed or admitted is committed on all four.
func TestFaultTwoOfFourDown(t *testing.T) {
	accounts, interval, outage := 4, 100*time.Millisecond, 4*time.Second
	if long() {
		accounts, interval, outage = 8, 50*time.Millisecond, 30*time.Second
	}
	nw, keys := faultNet(t, 4, accounts, nil)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()

	l := startLoad(nw, keys, []int{0, 1}, interval)
	defer l.stop()
	for l.count() < 40 {
		time.Sleep(50 * time.Millisecond)
	}
	// During the outage clients only get CheckTx answers.
	l.setAsync(true)
	time.Sleep(2 * interval)
	for _, v := range []int{2, 3} {
		if err := nw.Kill(v); err != nil {
			t.Fatal(err)
		}
	}
	time.Sleep(time.Second) // a block in flight may still finish
	h0, a0, _ := status(ctx, nw, 0)
	h1, a1, _ := status(ctx, nw, 1)
	time.Sleep(outage)
	g0, b0, _ := status(ctx, nw, 0)
	g1, b1, _ := status(ctx, nw, 1)
	if g0 != h0 || g1 != h1 || a0 != b0 || a1 != b1 {
		t.Fatalf("blocks committed without a quorum: node 0 %d -> %d, node 1 %d -> %d", h0, g0, h1, g1)
	}
	if h0 != h1 || a0 != a1 {
		// One may have committed the last block before the other heard
		// of it; they must agree on what both have.
		lo := min(h0, h1)
		sameBlocks(t, ctx, nw, []int{0, 1}, lo-3, lo)
	}
	t.Logf("two of four down for %s: nodes 0 and 1 stayed at heights %d and %d", outage, h0, h1)

	for _, v := range []int{2, 3} {
		if err := nw.Start(v); err != nil {
			t.Fatal(err)
		}
	}
	for _, v := range []int{2, 3} {
		if err := nw.WaitReady(ctx, v, h0+2); err != nil {
			t.Fatal(err)
		}
	}
	l.setAsync(false)
	time.Sleep(2 * time.Second)
	l.stop()
	committed, accepted, errs, refused := l.snapshot()
	all := append(append([]string{}, committed...), accepted...)
	requireOnAll(t, ctx, nw, []int{0, 1, 2, 3}, all)
	height, appHash, err := sameAppHashOn(ctx, nw, []int{0, 1, 2, 3})
	if err != nil {
		t.Fatal(err)
	}
	sameBlocks(t, ctx, nw, []int{0, 1, 2, 3}, max(2, h0-3), height)
	t.Logf("FIGURES two-down: txs reported committed %d + admitted during the outage %d, all %d found on every node; client errors %d, refusals %d; halted at height %d for %s; resumed to %d, app hash %s",
		len(committed), len(accepted), len(all), errs, refused, h0, outage, height, appHash)
}
