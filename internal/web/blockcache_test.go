package web

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestBlockCache(t *testing.T) {
	var c blockCache
	var calls int
	var mu sync.Mutex
	compute := func(v int, err error) func(context.Context) (int, error) {
		return func(context.Context) (int, error) {
			mu.Lock()
			calls++
			mu.Unlock()
			return v, err
		}
	}
	idx := func(h int64) func() (int64, error) { return func() (int64, error) { return h, nil } }
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	bg := context.Background()
	steps := []struct {
		name      string
		ctx       context.Context
		key       string
		height    int64
		indexed   int64
		val       int
		err       error
		want      int
		wantCalls int
	}{
		{"first request computes", bg, "a", 5, 5, 1, nil, 1, 1},
		{"same block is served from the cache", bg, "a", 5, 5, 2, nil, 1, 1},
		{"another key computes", bg, "b", 5, 5, 7, nil, 7, 2},
		{"a new block recomputes (fast: the fresh value)", bg, "a", 6, 6, 3, nil, 3, 3},
		{"index behind the block: the last kept value", bg, "a", 7, 6, 4, nil, 3, 4},
		{"so the next request computes again", bg, "a", 7, 7, 5, nil, 5, 5},
		{"kept once the index caught up", bg, "a", 7, 7, 6, nil, 5, 5},
		{"an error is not kept", bg, "c", 7, 7, 0, errors.New("boom"), 0, 6},
		{"a cancelled first request's result is not kept", cancelled, "d", 7, 7, 8, nil, 8, 7},
		{"so the next computes", bg, "d", 7, 7, 9, nil, 9, 8},
	}
	for _, s := range steps {
		got, err := cached(s.ctx, &c, s.key, s.height, idx(s.indexed), compute(s.val, s.err))
		c.refreshing.Wait()
		if !errors.Is(err, s.err) {
			t.Fatalf("%s: err %v, want %v", s.name, err, s.err)
		}
		mu.Lock()
		n := calls
		mu.Unlock()
		if got != s.want || n != s.wantCalls {
			t.Fatalf("%s: got %d after %d computations, want %d after %d", s.name, got, n, s.want, s.wantCalls)
		}
	}
}

// TestBlockCacheSlow: when a new block's figures take longer than
// freshWait, requests get the last value (of its own height) at once and
// one computation runs; its result is served once it ends.
func TestBlockCacheSlow(t *testing.T) {
	var c blockCache
	idx := func() (int64, error) { return 100, nil }
	if v, _ := cached(context.Background(), &c, "k", 1, idx, func(context.Context) (int, error) { return 1, nil }); v != 1 {
		t.Fatalf("first: %d", v)
	}
	release := make(chan struct{})
	var calls atomic.Int32
	slow := func(context.Context) (int, error) { calls.Add(1); <-release; return 2, nil }
	var wg sync.WaitGroup
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			start := time.Now()
			if v, _ := cached(context.Background(), &c, "k", 2, idx, slow); v != 1 {
				t.Errorf("during the computation: %d, want the last value 1", v)
			}
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("waited %v", d)
			}
		}()
	}
	wg.Wait()
	close(release)
	c.refreshing.Wait()
	if n := calls.Load(); n != 1 {
		t.Errorf("computed %d times, want 1", n)
	}
	if v, _ := cached(context.Background(), &c, "k", 2, idx, slow); v != 2 {
		t.Errorf("after the computation: %d, want 2", v)
	}
}

// TestBlockCacheConcurrent: many first requests compute once.
func TestBlockCacheConcurrent(t *testing.T) {
	var c blockCache
	var calls atomic.Int32
	var wg sync.WaitGroup
	for range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			v, _ := cached(context.Background(), &c, "k", 9, func() (int64, error) { return 9, nil }, func(context.Context) (int, error) {
				calls.Add(1)
				return 42, nil
			})
			if v != 42 {
				t.Errorf("got %d", v)
			}
		}()
	}
	wg.Wait()
	if n := calls.Load(); n != 1 {
		t.Errorf("computed %d times, want 1", n)
	}
}

func TestBlockCacheBounded(t *testing.T) {
	var c blockCache
	for i := range maxBlockCacheKeys * 3 {
		c.entry(string(rune('a'+i%26)) + string(rune(i)))
	}
	if n := len(c.entries); n > maxBlockCacheKeys {
		t.Errorf("%d keys kept, at most %d", n, maxBlockCacheKeys)
	}
}
