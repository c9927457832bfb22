package web

import (
	"crypto/rand"
	"encoding/base64"
	"net/http"
	"sync"
	"time"

	"github.com/pingshan/govchain/internal/cryptosuite"
	"github.com/pingshan/govchain/internal/module/identity"
)

const sessionCookie = "gc_session"

// session is a signed-in staff member. The decrypted signing key lives
// only here, in memory, until sign-out or expiry.
type session struct {
	ID         string
	Name       string
	Address    string
	Department string
	Roles      []string
	key        cryptosuite.PrivateKey
	created    time.Time
	seen       time.Time
}

// HasRole reports whether the member holds role r.
func (s *session) HasRole(r string) bool {
	for _, x := range s.Roles {
		if x == r {
			return true
		}
	}
	return false
}

type sessions struct {
	mu        sync.Mutex
	byID      map[string]*session
	idle, max time.Duration
	now       func() time.Time
}

func newSessions(idle, max time.Duration, now func() time.Time) *sessions {
	return &sessions{byID: map[string]*session{}, idle: idle, max: max, now: now}
}

func randomBytes(n int) ([]byte, error) {
	b := make([]byte, n)
	_, err := rand.Read(b)
	return b, err
}

func randomToken() string {
	b, err := randomBytes(32)
	if err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

func (s *sessions) create(sess *session) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	for id, x := range s.byID {
		if s.expired(x, now) {
			delete(s.byID, id)
		}
	}
	sess.ID, sess.created, sess.seen = randomToken(), now, now
	s.byID[sess.ID] = sess
}

func (s *sessions) expired(x *session, now time.Time) bool {
	return now.Sub(x.seen) > s.idle || now.Sub(x.created) > s.max
}

func (s *sessions) get(id string) *session {
	s.mu.Lock()
	defer s.mu.Unlock()
	x := s.byID[id]
	if x == nil {
		return nil
	}
	now := s.now()
	if s.expired(x, now) {
		delete(s.byID, id)
		return nil
	}
	x.seen = now
	return x
}

func (s *sessions) drop(id string) {
	s.mu.Lock()
	delete(s.byID, id)
	s.mu.Unlock()
}

// currentSession is the request's session, refreshed from chain state: a
// suspended or removed account is signed out at its next request.
func (p *Portal) currentSession(r *http.Request) *session {
	c, err := r.Cookie(sessionCookie)
	if err != nil {
		return nil
	}
	s := p.sessions.get(c.Value)
	if s == nil {
		return nil
	}
	a, err := identity.GetAccount(p.n.Store.Committed(), s.Address)
	if err != nil || a.Status != identity.StatusActive {
		p.sessions.drop(s.ID)
		return nil
	}
	s.Roles, s.Department = a.Roles, a.Department
	return s
}

func (p *Portal) setSessionCookie(w http.ResponseWriter, r *http.Request, id string, maxAge int) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: id, Path: "/", HttpOnly: true, Secure: p.https(r),
		SameSite: http.SameSiteStrictMode, MaxAge: maxAge})
}
