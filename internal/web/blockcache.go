package web

import (
	"context"
	"sync"
)

// blockCache holds figures that change only when a block is committed
// (the home page's counts, a year of public finance): computed once per
// height and key, not per request. A value is kept only if the index had
// caught up with the height when it was computed, and the request that
// computed it was not cancelled meanwhile (an aborted query returns zeros),
// so a cached figure is exactly what a fresh computation would show.
// Concurrent requests for a missing key wait for the one computing it.
type blockCache struct {
	mu      sync.Mutex
	entries map[string]*blockEntry
}

type blockEntry struct {
	mu     sync.Mutex
	ok     bool
	height int64
	val    any
}

// maxBlockCacheKeys bounds the keys (a year in a query string is a key):
// past it the cache starts over.
const maxBlockCacheKeys = 256

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

// perBlock returns key's value at the node's current height, computing it
// if the cached one is of an older height.
func perBlock[T any](ctx context.Context, p *Portal, key string, compute func() (T, error)) (T, error) {
	return cached(ctx, &p.cache, key, p.n.Height(), p.n.Index.Height, compute)
}

// cached is perBlock given the height and how to read the index's.
func cached[T any](ctx context.Context, c *blockCache, key string, h int64, indexHeight func() (int64, error), compute func() (T, error)) (T, error) {
	e := c.entry(key)
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.ok && e.height == h {
		return e.val.(T), nil
	}
	indexed, ierr := indexHeight()
	v, err := compute()
	if err == nil && ierr == nil && indexed >= h && ctx.Err() == nil {
		e.ok, e.height, e.val = true, h, v
	}
	return v, err
}
