package testnet_test

import (
	"context"
	"math/rand"
	"testing"
	"time"
)

// TestFaultSoak runs 4 validators at half of the peak rate this machine
// reaches (measured first) and samples every node's go_goroutines and
// process_resident_memory_bytes: both must stay bounded, and every tx
// reported committed (a sample, on long runs) must be on every node.
// Short: 60 s; GOVCHAIN_LONG=1: 30 minutes.
func TestFaultSoak(t *testing.T) {
	const accounts = 32
	peakFor, soakFor, sampleEvery := 10*time.Second, 60*time.Second, 5*time.Second
	if long() {
		peakFor, soakFor, sampleEvery = 30*time.Second, 30*time.Minute, 30*time.Second
	}
	nw, keys := faultNet(t, 4, accounts, nil)
	ctx, cancel := context.WithTimeout(context.Background(), soakFor+10*time.Minute)
	defer cancel()
	nodes := []int{0, 1, 2, 3}

	// Peak: every account sends as fast as commits come back.
	p := startLoad(nw, keys, nodes, time.Millisecond)
	time.Sleep(3 * time.Second)
	from := p.count()
	time.Sleep(peakFor)
	peak := float64(p.count()-from) / peakFor.Seconds()
	p.stop()
	if peak < 5 {
		t.Fatalf("peak of %.1f tx/s is too low to soak at", peak)
	}
	// Half of it: each account waits accounts/(peak/2) between txs.
	interval := time.Duration(float64(time.Second) * float64(accounts) / (peak / 2))
	l := startLoad(nw, keys, nodes, interval)
	defer l.stop()
	t.Logf("peak %.1f tx/s; soaking %s at %.1f tx/s (%d accounts, one tx each per %s)", peak, soakFor, peak/2, accounts, interval.Round(time.Millisecond))

	type sample struct{ g, rss float64 }
	var base, maxs [4]sample
	start := time.Now()
	warm := soakFor / 6
	startCount := l.count()
	for time.Since(start) < soakFor {
		time.Sleep(sampleEvery)
		for _, i := range nodes {
			g, rss, err := metrics(ctx, nw, i)
			if err != nil {
				t.Fatalf("node %d metrics: %v", i, err)
			}
			if time.Since(start) < warm || base[i].g == 0 {
				base[i] = sample{g, rss}
			}
			maxs[i] = sample{max(maxs[i].g, g), max(maxs[i].rss, rss)}
		}
	}
	rate := float64(l.count()-startCount) / time.Since(start).Seconds()
	l.stop()
	committed, _, errs, refused := l.snapshot()
	for _, i := range nodes {
		b, m := base[i], maxs[i]
		t.Logf("node %d: goroutines %.0f after warm-up, max %.0f; RSS %.0f MiB after warm-up, max %.0f MiB", i, b.g, m.g, b.rss/(1<<20), m.rss/(1<<20))
		if m.g > 2*b.g+50 {
			t.Errorf("node %d: goroutines grew from %.0f to %.0f", i, b.g, m.g)
		}
		if m.rss > 2*b.rss+256<<20 {
			t.Errorf("node %d: resident memory grew from %.0f to %.0f MiB", i, b.rss/(1<<20), m.rss/(1<<20))
		}
	}
	check := committed
	if len(check) > 3000 {
		rand.Shuffle(len(check), func(a, b int) { check[a], check[b] = check[b], check[a] })
		check = check[:3000]
	}
	requireOnAll(t, ctx, nw, nodes, check)
	height, appHash, err := sameAppHashOn(ctx, nw, nodes)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("FIGURES soak: %s at %.1f tx/s (peak %.1f); %d txs reported committed (%d checked on all 4 nodes); client errors %d, refusals %d; height %d app hash %.16s…",
		soakFor, rate, peak, len(committed), len(check), errs, refused, height, appHash)
}
