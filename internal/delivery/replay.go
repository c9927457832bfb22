package delivery

import (
	"errors"
	"sync"
	"time"
)

// ErrReplay: the same signed fetch was already served.
var ErrReplay = errors.New("delivery: this signed fetch was already used; sign a new one")

// maxRemembered bounds the memory a flood of valid fetches can take; past
// it the oldest entries go first (they expire within MaxSkew anyway).
const maxRemembered = 100_000

// ReplayGuard remembers the signatures of the fetches served in the last
// 2×MaxSkew, so a captured fetch cannot be replayed while its time is still
// acceptable. It is in memory: a restart of the owner node forgets, which
// leaves at most MaxSkew for a replay after a restart.
type ReplayGuard struct {
	mu   sync.Mutex
	seen map[string]time.Time
}

// NewReplayGuard returns an empty guard.
func NewReplayGuard() *ReplayGuard { return &ReplayGuard{seen: map[string]time.Time{}} }

// use records sig at now, or refuses it if seen.
func (g *ReplayGuard) use(sig []byte, now time.Time) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	k := string(sig)
	if _, ok := g.seen[k]; ok {
		return ErrReplay
	}
	if len(g.seen) >= maxRemembered {
		g.prune(now)
	}
	g.seen[k] = now
	return nil
}

// prune drops entries older than 2×MaxSkew (a fetch that old is refused
// as stale anyway); if none is that old, it drops the oldest half.
func (g *ReplayGuard) prune(now time.Time) {
	cut := now.Add(-2 * MaxSkew)
	for k, t := range g.seen {
		if t.Before(cut) {
			delete(g.seen, k)
		}
	}
	if len(g.seen) < maxRemembered {
		return
	}
	n := 0
	for k := range g.seen {
		delete(g.seen, k)
		if n++; n >= maxRemembered/2 {
			break
		}
	}
}
