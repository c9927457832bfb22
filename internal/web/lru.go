package web

import "container/list"

// lru is a map with a size cap: when full, the entry used least recently
// is forgotten. Limiters keep their per-client state in one, so a client
// cycling through addresses costs a bounded amount of memory; the price is
// that such a client can make the node forget an idle client's record,
// which at worst forgives that client early. Not safe for concurrent use.
type lru[V any] struct {
	max int
	m   map[string]*list.Element
	l   list.List // front: most recently used
}

type lruEntry[V any] struct {
	key string
	v   V
}

func newLRU[V any](max int) *lru[V] {
	if max < 1 {
		max = 1
	}
	return &lru[V]{max: max, m: map[string]*list.Element{}}
}

// get returns key's value and marks it used.
func (c *lru[V]) get(key string) (V, bool) {
	e, ok := c.m[key]
	if !ok {
		var zero V
		return zero, false
	}
	c.l.MoveToFront(e)
	return e.Value.(*lruEntry[V]).v, true
}

// put sets key's value, forgetting the least recently used entry if the
// cap is reached.
func (c *lru[V]) put(key string, v V) {
	if e, ok := c.m[key]; ok {
		e.Value.(*lruEntry[V]).v = v
		c.l.MoveToFront(e)
		return
	}
	if len(c.m) >= c.max {
		old := c.l.Back()
		c.l.Remove(old)
		delete(c.m, old.Value.(*lruEntry[V]).key)
	}
	c.m[key] = c.l.PushFront(&lruEntry[V]{key: key, v: v})
}

func (c *lru[V]) del(key string) {
	if e, ok := c.m[key]; ok {
		c.l.Remove(e)
		delete(c.m, key)
	}
}

func (c *lru[V]) len() int { return len(c.m) }
