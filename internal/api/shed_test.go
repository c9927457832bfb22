package api

import (
	"errors"
	"io"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pingshan/govchain/internal/realip"
)

// attack is one abusive connection's behaviour.
type attack int

const (
	silent     attack = iota // connects and sends nothing
	keepIdle                 // one request, then an idle keep-alive
	slowHeader               // headers one byte per tick, never finished
	slowBody                 // a 1 MB body one byte per tick
	attacks
)

// abuse opens a connection from local to addr and misbehaves until the
// server closes it or bound passes; it reports whether the server ended
// it (refused, closed or reset) before bound.
func abuse(local net.IP, addr string, kind attack, bound time.Duration) bool {
	d := net.Dialer{LocalAddr: &net.TCPAddr{IP: local}, Timeout: time.Second}
	c, err := d.Dial("tcp", addr)
	if err != nil {
		return true
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(bound))
	switch kind {
	case silent:
		err = drain(c)
	case keepIdle:
		if _, err = io.WriteString(c, "GET / HTTP/1.1\r\nHost: x\r\n\r\n"); err == nil {
			err = drain(c)
		}
	case slowHeader:
		err = drip(c, "GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ")
	case slowBody:
		err = drip(c, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\n")
	}
	var ne net.Error
	return !(errors.As(err, &ne) && ne.Timeout())
}

// drain reads until the connection ends.
func drain(c net.Conn) error {
	buf := make([]byte, 4096)
	for {
		if _, err := c.Read(buf); err != nil {
			return err
		}
	}
}

// drip writes head, then a byte every 50 ms until a write fails.
func drip(c net.Conn, head string) error {
	if _, err := io.WriteString(c, head); err != nil {
		return err
	}
	for {
		if _, err := c.Write([]byte("a")); err != nil {
			return err
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestSlowAndIdleConnectionsAreShed (issue #10 item 5): hundreds of silent,
// idle, slow-header and slow-body connections are refused by the caps or
// closed by the timeouts, while a normal client at another address is
// served throughout. All clients are loopback addresses (127.0.0.1 is the
// attacker, 127.0.0.2 the citizen); the timeouts are shortened so the test
// ends by itself within seconds.
func TestSlowAndIdleConnectionsAreShed(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	lim := Limits{ReadHeaderTimeout: 500 * time.Millisecond, ReadTimeout: time.Second, WriteTimeout: 2 * time.Second,
		IdleTimeout: 500 * time.Millisecond, MaxHeaderBytes: 8 << 10, MaxConns: 150, MaxConnsPerClient: 100, Proxies: &realip.Proxies{}}
	srv, cl, err := newHTTPServer(ln, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		io.WriteString(w, "ok")
	}), lim)
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(cl)
	defer srv.Close()
	addr := "http://" + ln.Addr().String() + "/"

	citizen := &http.Client{Timeout: 2 * time.Second, Transport: &http.Transport{
		DialContext: (&net.Dialer{LocalAddr: &net.TCPAddr{IP: net.IPv4(127, 0, 0, 2)}}).DialContext}}
	defer citizen.CloseIdleConnections()
	get := func() error {
		r, err := citizen.Get(addr)
		if err != nil {
			return err
		}
		defer r.Body.Close()
		b, _ := io.ReadAll(r.Body)
		if r.StatusCode != 200 || string(b) != "ok" {
			return errors.New(r.Status)
		}
		return nil
	}
	if err := get(); err != nil {
		t.Skipf("cannot connect from 127.0.0.2 (not Linux loopback?): %v", err)
	}

	// flood opens n abusive connections from the given addresses and,
	// every 50 ms until all have ended, notes the open count and (if
	// probe) whether the citizen is served.
	const bound = 8 * time.Second
	flood := func(from []string, n int, probe bool) (refused, maxOpen, notShed, failed int, took time.Duration) {
		_, refused0 := cl.counts()
		start := time.Now()
		var wg sync.WaitGroup
		var lasted atomic.Int32
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if !abuse(net.ParseIP(from[i%len(from)]), ln.Addr().String(), attack(i%int(attacks)), bound) {
					lasted.Add(1)
				}
			}()
		}
		done := make(chan struct{})
		go func() { wg.Wait(); close(done) }()
		for {
			open, _ := cl.counts()
			maxOpen = max(maxOpen, open)
			if probe && get() != nil {
				failed++
			}
			select {
			case <-done:
				_, r := cl.counts()
				return r - refused0, maxOpen, int(lasted.Load()), failed, time.Since(start)
			case <-time.After(50 * time.Millisecond):
			}
		}
	}

	t.Run("one client: its cap sheds the excess, timeouts the rest", func(t *testing.T) {
		refused, maxOpen, notShed, failed, took := flood([]string{"127.0.0.1"}, 300, true)
		t.Logf("refused %d, at most %d open, all ended in %s", refused, maxOpen, took)
		// How many are refused depends on how many are open at once, which
		// a loaded machine lowers (the first ones time out while the last
		// are dialled); that any are refused, and none over the cap is
		// open, does not.
		if refused == 0 {
			t.Errorf("none of 300 refused: the per-client cap of %d did not act", lim.MaxConnsPerClient)
		}
		if notShed != 0 || took >= bound {
			t.Errorf("%d connections outlived the timeouts (%s)", notShed, took)
		}
		if maxOpen > lim.MaxConnsPerClient+1 {
			t.Errorf("%d connections open at once", maxOpen)
		}
		if failed != 0 {
			t.Errorf("the citizen was refused %d times during the flood", failed)
		}
	})
	t.Run("many clients: the total cap holds, then the node serves again", func(t *testing.T) {
		refused, maxOpen, notShed, _, took := flood([]string{"127.0.0.3", "127.0.0.4", "127.0.0.5", "127.0.0.6"}, 300, false)
		t.Logf("refused %d, at most %d open, all ended in %s", refused, maxOpen, took)
		switch {
		case refused == 0 && maxOpen >= lim.MaxConns:
			t.Errorf("none of 300 refused with %d open: the total cap of %d did not act", maxOpen, lim.MaxConns)
		case refused == 0:
			t.Logf("the machine never had more than %d of 300 open at once; the total cap was not reached", maxOpen)
		}
		if maxOpen > lim.MaxConns || notShed != 0 {
			t.Errorf("at most %d open (cap %d), %d outlived the timeouts", maxOpen, lim.MaxConns, notShed)
		}
		if err := get(); err != nil {
			t.Errorf("the citizen after the flood: %v", err)
		}
	})
	citizen.CloseIdleConnections()
	for deadline := time.Now().Add(2 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if open, _ := cl.counts(); open == 0 {
			break
		} else if time.Now().After(deadline) {
			t.Fatalf("%d connections still hold slots", open)
		}
	}
}
