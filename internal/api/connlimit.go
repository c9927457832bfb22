package api

import (
	"net"
	"sync"

	"github.com/pingshan/govchain/internal/realip"
)

// capListener sheds connections beyond two caps: total open connections
// (file descriptors are finite) and open connections per client (realip
// key of the TCP peer: an IPv4 address, an IPv6 /64), so one client's idle
// or slow connections cannot take every slot. A connection over a cap is
// accepted and closed at once, before a byte is read. Peers that are
// trusted reverse proxies carry many clients and count only toward the
// total.
type capListener struct {
	net.Listener
	total, perClient int
	exempt           func(net.Addr) bool

	mu      sync.Mutex
	open    int
	refused int
	by      map[string]int
}

func newCapListener(ln net.Listener, total, perClient int, exempt func(net.Addr) bool) *capListener {
	if exempt == nil {
		exempt = func(net.Addr) bool { return false }
	}
	return &capListener{Listener: ln, total: total, perClient: perClient, exempt: exempt, by: map[string]int{}}
}

// Accept returns the next connection within the caps, closing the ones
// over them.
func (l *capListener) Accept() (net.Conn, error) {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			return nil, err
		}
		if key, ok := l.admit(c.RemoteAddr()); ok {
			return &capConn{Conn: c, l: l, key: key}, nil
		}
		c.Close()
	}
}

// admit takes a slot for a connection from addr; key "" is a proxy's
// connection, not counted per client.
func (l *capListener) admit(addr net.Addr) (string, bool) {
	key := ""
	if !l.exempt(addr) {
		key = realip.Key(realip.ParseHostPort(addr.String()))
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.open >= l.total || (key != "" && l.by[key] >= l.perClient) {
		l.refused++
		return "", false
	}
	l.open++
	if key != "" {
		l.by[key]++
	}
	return key, true
}

func (l *capListener) release(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.open--
	if key != "" {
		if l.by[key]--; l.by[key] <= 0 {
			delete(l.by, key) // the map holds only clients with open connections
		}
	}
}

// counts are the connections holding a slot and those refused so far.
func (l *capListener) counts() (open, refused int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.open, l.refused
}

type capConn struct {
	net.Conn
	l    *capListener
	key  string
	once sync.Once
}

func (c *capConn) Close() error {
	err := c.Conn.Close()
	c.once.Do(func() { c.l.release(c.key) })
	return err
}
