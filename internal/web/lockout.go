package web

import (
	"sync"
	"time"
)

// lockout counts wrong passwords per account name. After max failures the
// next wrong password locks the name for a while; during that time even
// the right password is refused. Names that do not exist are counted the
// same way, so the answer never tells whether an account exists.
type lockout struct {
	mu   sync.Mutex
	max  int
	for_ time.Duration
	now  func() time.Time
	m    map[string]*failures
}

type failures struct {
	n     int
	until time.Time
}

func newLockout(max int, d time.Duration, now func() time.Time) *lockout {
	return &lockout{max: max, for_: d, now: now, m: map[string]*failures{}}
}

// locked reports whether name is locked, and until when.
func (l *lockout) locked(name string) (time.Time, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	f := l.m[name]
	if f == nil || !l.now().Before(f.until) {
		return time.Time{}, false
	}
	return f.until, true
}

// fail records a wrong password; it returns the attempts left before the
// lock, and whether this failure locked the account.
func (l *lockout) fail(name string) (left int, lockedNow bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	f := l.m[name]
	if f == nil {
		f = &failures{}
		l.m[name] = f
	}
	f.n++
	if f.n > l.max {
		f.n, f.until = 0, l.now().Add(l.for_)
		return 0, true
	}
	return l.max - f.n + 1, false
}

func (l *lockout) succeed(name string) {
	l.mu.Lock()
	delete(l.m, name)
	l.mu.Unlock()
}
