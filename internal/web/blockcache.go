package web

import (
	"context"
	"net/http"
	"sync"
	"time"
)

// blockCache holds figures that change only when a block is committed
// (the home page's counts, a year of public finance): computed once per
// height and key, not per request.
//
// The first request at a new height starts one background computation and
// waits for it at most freshWait; past that, and for every request while
// it runs, the answer is the last value computed (which carries its own
// height). On a small chain the figures are
// always fresh; on a large one their SQL takes longer than a block, and
// without this every request would wait for it (measured in
// docs/benchmarks.md). Only the very first request of a key waits for as
// long as the computation takes. A value is kept only if the index had caught up with its height
// when it was computed and the computation succeeded within its context,
// so a cached figure is exactly what a fresh computation would show at the
// height it names.
type blockCache struct {
	mu      sync.Mutex
	entries map[string]*blockEntry
	// refreshing counts background computations (tests wait for them).
	refreshing sync.WaitGroup
}

type blockEntry struct {
	mu        sync.Mutex
	ok        bool
	height    int64
	val       any
	computing bool
	done      chan struct{} // closed when the running computation ends
}

// maxBlockCacheKeys bounds the keys (a year in a query string is a key):
// past it the cache starts over.
const maxBlockCacheKeys = 256

// refreshTimeout bounds a background computation; freshWait is how long
// a request waits for one before taking the last value.
const (
	refreshTimeout = 2 * time.Minute
	freshWait      = 100 * time.Millisecond
)

func (c *blockCache) entry(key string) *blockEntry {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil || len(c.entries) >= maxBlockCacheKeys {
		c.entries = map[string]*blockEntry{}
	}
	e := c.entries[key]
	if e == nil {
		e = &blockEntry{}
		c.entries[key] = e
	}
	return e
}

// perBlock returns key's value at the node's current height, or the last
// one computed while that is brought up to date. compute must use only
// the context it is given.
func perBlock[T any](r *http.Request, p *Portal, key string, compute func(ctx context.Context) (T, error)) (T, error) {
	return cached(r.Context(), &p.cache, key, p.n.Height(), p.n.Index.Height, compute)
}

// cached is perBlock given the height and how to read the index's.
func cached[T any](ctx context.Context, c *blockCache, key string, h int64, indexHeight func() (int64, error), compute func(context.Context) (T, error)) (T, error) {
	e := c.entry(key)
	e.mu.Lock()
	if e.ok && e.height >= h {
		v := e.val.(T)
		e.mu.Unlock()
		return v, nil
	}
	if e.ok {
		if e.computing {
			// Someone is computing this block's value: the last one now.
			v := e.val.(T)
			e.mu.Unlock()
			return v, nil
		}
		e.computing, e.done = true, make(chan struct{})
		c.refreshing.Add(1)
		go func(done chan struct{}) {
			defer c.refreshing.Done()
			bg, cancel := context.WithTimeout(context.WithoutCancel(ctx), refreshTimeout)
			defer cancel()
			nv, _, keep := computeAt(bg, h, indexHeight, compute)
			e.mu.Lock()
			if keep && h > e.height {
				e.height, e.val = h, nv
			}
			e.computing = false
			e.mu.Unlock()
			close(done)
		}(e.done)
		done := e.done
		e.mu.Unlock()
		t := time.NewTimer(freshWait)
		defer t.Stop()
		select {
		case <-done:
		case <-t.C:
		case <-ctx.Done():
		}
		e.mu.Lock()
		v := e.val.(T)
		e.mu.Unlock()
		return v, nil
	}
	// Nothing computed yet: this request computes, concurrent ones wait.
	defer e.mu.Unlock()
	v, err, keep := computeAt(ctx, h, indexHeight, compute)
	if keep {
		e.ok, e.height, e.val = true, h, v
	}
	return v, err
}

// computeAt computes a value at height h and says whether it may be kept.
func computeAt[T any](ctx context.Context, h int64, indexHeight func() (int64, error), compute func(context.Context) (T, error)) (T, error, bool) {
	indexed, ierr := indexHeight()
	v, err := compute(ctx)
	return v, err, err == nil && ierr == nil && indexed >= h && ctx.Err() == nil
}
