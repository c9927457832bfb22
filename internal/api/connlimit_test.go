package api

import (
	"errors"
	"net"
	"sync/atomic"
	"testing"
)

// fakeListener hands out conns with chosen remote addresses.
type fakeListener struct{ conns chan net.Conn }

var errDrained = errors.New("no more connections queued")

func (f *fakeListener) Accept() (net.Conn, error) {
	select {
	case c := <-f.conns:
		return c, nil
	default:
		return nil, errDrained
	}
}
func (f *fakeListener) Close() error   { return nil }
func (f *fakeListener) Addr() net.Addr { return &net.TCPAddr{} }

type fakeConn struct {
	net.Conn
	remote net.Addr
	closed atomic.Bool
}

func (c *fakeConn) RemoteAddr() net.Addr { return c.remote }
func (c *fakeConn) Close() error         { c.closed.Store(true); return nil }

func tcpAddr(s string) net.Addr {
	a, err := net.ResolveTCPAddr("tcp", s)
	if err != nil {
		panic(err)
	}
	return a
}

// TestCapListener: per client (an IPv6 /64 is one client), in all, and
// trusted proxies only in all; a closed connection frees its slot.
func TestCapListener(t *testing.T) {
	fl := &fakeListener{conns: make(chan net.Conn, 64)}
	proxy := "10.0.0.1"
	l := newCapListener(fl, 6, 2, func(a net.Addr) bool { return a.(*net.TCPAddr).IP.String() == proxy })
	var all []*fakeConn
	var accepted []net.Conn
	send := func(addr string) *fakeConn {
		c := &fakeConn{remote: tcpAddr(addr)}
		all = append(all, c)
		fl.conns <- c
		return c
	}
	// accept queues conns from addrs and returns the ones Accept gives out.
	accept := func(addrs ...string) []string {
		t.Helper()
		for _, a := range addrs {
			send(a)
		}
		var got []string
		for {
			c, err := l.Accept()
			if errors.Is(err, errDrained) {
				return got
			}
			if err != nil {
				t.Fatal(err)
			}
			accepted = append(accepted, c)
			got = append(got, c.RemoteAddr().String())
		}
	}
	got := accept("198.51.100.1:1", "198.51.100.1:2", "198.51.100.1:3", "[2001:db8:1:1::1]:1", "[2001:db8:1:1::2]:1", "[2001:db8:1:1::3]:1")
	want := []string{"198.51.100.1:1", "198.51.100.1:2", "[2001:db8:1:1::1]:1", "[2001:db8:1:1::2]:1"}
	if len(got) != len(want) {
		t.Fatalf("per client: got %v, want %v", got, want)
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("per client: got %v, want %v", got, want)
		}
	}
	if !all[2].closed.Load() || !all[5].closed.Load() || all[0].closed.Load() {
		t.Fatal("refused connections must be closed, accepted ones not")
	}
	// 4 open: a proxy gets the last 2 slots (it is not held to 2 per
	// client), then the total refuses even the proxy and a new client.
	if got := accept(proxy+":1", proxy+":2", proxy+":3", "203.0.113.5:1"); len(got) != 2 {
		t.Fatalf("total cap: %v", got)
	}
	if open, refused := l.counts(); open != 6 || refused != 4 {
		t.Fatalf("open %d refused %d", open, refused)
	}
	// Closing frees the slot, once however often it is closed.
	accepted[0].Close()
	accepted[0].Close()
	if open, _ := l.counts(); open != 5 {
		t.Fatalf("after a close: %d open", open)
	}
	if got := accept("198.51.100.1:9"); len(got) != 1 {
		t.Fatalf("the freed slot: %v", got)
	}
}
