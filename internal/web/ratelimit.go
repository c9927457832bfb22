package web

import (
	"sync"
	"time"
)

// limiter is a set of token buckets, one per key (a client IP, a case
// number), kept in memory: a restart forgives everyone, which is fine for
// abuse control.
type limiter struct {
	mu    sync.Mutex
	burst float64
	every time.Duration // one token back per interval
	now   func() time.Time
	b     map[string]*bucket
}

type bucket struct {
	tokens float64
	at     time.Time
}

func newLimiter(burst int, every time.Duration, now func() time.Time) *limiter {
	return &limiter{burst: float64(burst), every: every, now: now, b: map[string]*bucket{}}
}

// allow takes a token from key's bucket; false when it is empty.
func (l *limiter) allow(key string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	b := l.b[key]
	if b == nil {
		if len(l.b) > 100_000 {
			l.prune(now)
		}
		b = &bucket{tokens: l.burst, at: now}
		l.b[key] = b
	}
	b.tokens += float64(now.Sub(b.at)) / float64(l.every)
	if b.tokens > l.burst {
		b.tokens = l.burst
	}
	b.at = now
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}

// prune forgets full buckets (they equal a new one).
func (l *limiter) prune(now time.Time) {
	for k, b := range l.b {
		if b.tokens+float64(now.Sub(b.at))/float64(l.every) >= l.burst {
			delete(l.b, k)
		}
	}
}
