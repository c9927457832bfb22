package web

import (
	"sync"
	"time"
)

// limiter is a set of token buckets, one per key (a client, a client and
// a case), kept in memory: a restart forgives everyone, which is fine for
// abuse control. At most maxKeys buckets are kept (see lru).
type limiter struct {
	mu    sync.Mutex
	burst float64
	every time.Duration // one token back per interval
	now   func() time.Time
	b     *lru[*bucket]
}

type bucket struct {
	tokens float64
	at     time.Time
}

func newLimiter(burst int, every time.Duration, maxKeys int, now func() time.Time) *limiter {
	return &limiter{burst: float64(burst), every: every, now: now, b: newLRU[*bucket](maxKeys)}
}

// tokens is key's bucket brought up to now (a new one if unknown).
func (l *limiter) tokens(key string, now time.Time) *bucket {
	b, ok := l.b.get(key)
	if !ok {
		return &bucket{tokens: l.burst, at: now}
	}
	b.tokens += float64(now.Sub(b.at)) / float64(l.every)
	if b.tokens > l.burst {
		b.tokens = l.burst
	}
	b.at = now
	return b
}

// allow takes a token from key's bucket; false when it is empty (and then
// nothing is taken).
func (l *limiter) allow(key string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.tokens(key, l.now())
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	l.b.put(key, b)
	return true
}

// empty reports whether key's bucket has no token left, without taking
// one: for limits charged only by failures, checked before the attempt.
func (l *limiter) empty(key string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	b, ok := l.b.get(key)
	if !ok {
		return false
	}
	return b.tokens+float64(l.now().Sub(b.at))/float64(l.every) < 1
}
