package testnet_test

import (
	"context"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pingshan/govchain/internal/node"
)

// TestFaultCrashInjection kills validators, under load, at chosen points
// of block execution and commit (GOVCHAIN_CRASH_AT: after FinalizeBlock,
// after CometBFT saved the results but before the app's Commit, after the
// app's Commit but before CometBFT saved its state), and every restart
// must reach the same app hash as the others. Each round also SIGKILLs the
// victim once at an arbitrary moment first. Short: 8 rounds; long: 50.
func TestFaultCrashInjection(t *testing.T) {
	rounds := 8
	if long() {
		rounds = 50
	}
	nw, keys := faultNet(t, 4, 8, nil)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Minute)
	defer cancel()
	rng := rand.New(rand.NewSource(time.Now().UnixNano()))
	l := startLoad(nw, keys, []int{0, 1, 2, 3}, 100*time.Millisecond)
	defer l.stop()
	points := []string{"finalize", "commit", "after-commit"}
	start := time.Now()
	var lastHeight int64
	for r := 0; r < rounds; r++ {
		victim, point := r%4, points[r%3]
		if long() {
			victim, point = rng.Intn(4), points[rng.Intn(3)]
		}
		other := (victim + 1) % 4
		time.Sleep(time.Duration(rng.Intn(400)) * time.Millisecond)
		h, _, err := status(ctx, nw, other)
		if err != nil {
			t.Fatal(err)
		}
		target := h + 3
		if err := nw.Kill(victim); err != nil { // an arbitrary moment
			t.Fatal(err)
		}
		os.Setenv(node.CrashEnv, fmt.Sprintf("%s:%d", point, target))
		err = nw.Start(victim)
		os.Unsetenv(node.CrashEnv)
		if err != nil {
			t.Fatal(err)
		}
		if !waitExit(nw, victim, 90*time.Second) {
			t.Fatalf("round %d: node %d armed with %s:%d did not crash; log:\n%s", r, victim, point, target, nw.LogTail(victim, 20))
		}
		logb, _ := os.ReadFile(filepath.Join(nw.Nodes[victim].Home, "node.log"))
		if want := fmt.Sprintf("CRASH INJECTION: SIGKILL %s at height %d", point, target); !strings.Contains(string(logb), want) {
			t.Fatalf("round %d: node %d exited without %q; log:\n%s", r, victim, want, nw.LogTail(victim, 20))
		}
		if err := nw.Start(victim); err != nil {
			t.Fatal(err)
		}
		top, _, err := status(ctx, nw, other)
		if err != nil {
			t.Fatal(err)
		}
		if err := nw.WaitReady(ctx, victim, top); err != nil {
			t.Fatalf("round %d: %v", r, err)
		}
		height, appHash, err := sameAppHashOn(ctx, nw, []int{0, 1, 2, 3})
		if err != nil {
			t.Fatalf("round %d (node %d, %s:%d): %v", r, victim, point, target, err)
		}
		lastHeight = height
		t.Logf("round %d: node %d crashed at %s of block %d, restarted, all 4 at height %d app hash %.16s… (%s)",
			r, victim, point, target, height, appHash, time.Since(start).Round(time.Millisecond))
	}
	l.stop()
	committed, _, errs, refused := l.snapshot()
	requireOnAll(t, ctx, nw, []int{0, 1, 2, 3}, committed)
	t.Logf("FIGURES crash-injection: %d crashes (plus %d SIGKILLs at arbitrary moments), every restart reached the common app hash; txs reported committed %d, found on every node %d; client errors %d, refusals %d; final height %d",
		rounds, rounds, len(committed), len(committed), errs, refused, lastHeight)
}
