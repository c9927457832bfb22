package web

import (
	"crypto/sha256"
	"encoding/hex"
	"sync"
	"time"
)

// signinThrottle slows whoever gives wrong passwords, and only them. Each
// wrong password makes the client wait before its next try, twice as long
// each time (base, 2·base, 4·base … up to max), on two counters:
//
//   - the client and the account it tried (starts at the first failure:
//     a guesser at one account is slowed at once, the owner's own typo
//     costs one base), cleared when that client signs in to that account;
//   - the client alone, whatever account (starts after clientFree
//     failures, so an office behind one address tolerates a few typos),
//     which stops one client from guessing many accounts in turn. A
//     success does not clear it: an insider's own sign-in must not forgive
//     their guessing at colleagues.
//
// Nothing is counted per account alone, so no client can keep the owner,
// signing in from anywhere else, out. A counter idle for forget starts
// over. Clients are realip keys (an IPv4 address, an IPv6 /64).
type signinThrottle struct {
	mu         sync.Mutex
	base, max  time.Duration
	clientFree int
	forget     time.Duration
	now        func() time.Time
	t          *lru[*strikes]
}

type strikes struct {
	n     int       // consecutive failures
	last  time.Time // of the last failure
	until time.Time // no attempt before
}

func newSigninThrottle(base, max time.Duration, clientFree int, forget time.Duration, maxKeys int, now func() time.Time) *signinThrottle {
	return &signinThrottle{base: base, max: max, clientFree: clientFree, forget: forget, now: now, t: newLRU[*strikes](maxKeys)}
}

func clientKey(client string) string              { return "c|" + client }
func clientAccountKey(client, acct string) string { return "a|" + client + "|" + acct }

// wait is how long client must wait before trying account; 0: it may try.
func (s *signinThrottle) wait(client, account string) time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	var w time.Duration
	for _, k := range []string{clientKey(client), clientAccountKey(client, account)} {
		if x, ok := s.t.get(k); ok && x.until.After(now) && x.until.Sub(now) > w {
			w = x.until.Sub(now)
		}
	}
	return w
}

// fail records a wrong password and returns the wait it imposes.
func (s *signinThrottle) fail(client, account string) time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	w := s.strike(clientAccountKey(client, account), 0, now)
	if c := s.strike(clientKey(client), s.clientFree, now); c > w {
		w = c
	}
	return w
}

func (s *signinThrottle) strike(key string, free int, now time.Time) time.Duration {
	x, ok := s.t.get(key)
	if !ok || now.Sub(x.last) > s.forget {
		x = &strikes{}
	}
	x.n++
	x.last = now
	var d time.Duration
	if k := x.n - free; k > 0 {
		d = s.base
		for i := 1; i < k && d < s.max; i++ {
			d *= 2
		}
		d = min(d, s.max)
	}
	x.until = now.Add(d)
	s.t.put(key, x)
	return d
}

// succeed clears the client's counter for the account it signed in to.
func (s *signinThrottle) succeed(client, account string) {
	s.mu.Lock()
	s.t.del(clientAccountKey(client, account))
	s.mu.Unlock()
}

// accountKey is the limiter key of a typed account name: the name, or a
// hash of one longer than any account name, so that a form with a
// megabyte "name" costs the tables no more than a real one.
func accountKey(name string) string {
	if len(name) <= 64 {
		return name
	}
	h := sha256.Sum256([]byte(name))
	return "#" + hex.EncodeToString(h[:16])
}
