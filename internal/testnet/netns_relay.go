package testnet

import (
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync/atomic"
	"time"

	"golang.org/x/sys/unix"

	"github.com/pingshan/govchain/internal/node"
)

// relayPortBase: inside node i's namespace, 127.0.0.1:relayPortBase+j is
// the relay to node j (each namespace has its own loopback, so the ports
// never collide with another node's or the host's).
const relayPortBase = 40000

// relays add latency in user space where the kernel has no netem: every
// p2p connection between nodes goes through a relay in the dialling node's
// namespace, which holds each chunk of bytes for delay(i)+delay(j) before
// passing it on, in both directions. TCP between node and relay is not
// delayed, so this is one-way latency without loss or reordering (a TCP
// stream cannot lose bytes); bandwidth is not limited.
type relays struct {
	delay []atomic.Int64 // per node, nanoseconds
}

// UseRelays makes Attach route every p2p connection through a delaying
// relay (Lab.SetDelay then sets the relay delay instead of netem). Call
// before Attach.
func (l *Lab) UseRelays() { l.relay = &relays{delay: make([]atomic.Int64, l.n)} }

var peerEntry = regexp.MustCompile(`([0-9a-f]{40})@[0-9.]+:(\d+)`)

// relayConfig rewrites node i's persistent peers to its relays and turns
// PEX off, so that no node dials another directly.
func (l *Lab) relayConfig(nw *Network, i int) error {
	byPort := map[string]int{}
	for j, n := range nw.Nodes {
		_, p, _ := net.SplitHostPort(n.P2P)
		byPort[p] = j
	}
	h := node.Home(nw.Nodes[i].Home)
	b, err := os.ReadFile(h.ConfigFile())
	if err != nil {
		return err
	}
	var lines []string
	for _, line := range strings.Split(string(b), "\n") {
		switch {
		case strings.HasPrefix(line, "persistent_peers = "):
			line = peerEntry.ReplaceAllStringFunc(line, func(e string) string {
				m := peerEntry.FindStringSubmatch(e)
				j, ok := byPort[m[2]]
				if !ok {
					return e
				}
				return fmt.Sprintf("%s@127.0.0.1:%d", m[1], relayPortBase+j)
			})
		case strings.HasPrefix(line, "pex = "):
			line = "pex = false"
		}
		lines = append(lines, line)
	}
	return os.WriteFile(h.ConfigFile(), []byte(strings.Join(lines, "\n")), 0o600)
}

// startRelays listens in each namespace i for each other node j.
func (l *Lab) startRelays(nw *Network) error {
	for i := range nw.Nodes {
		if err := l.relayConfig(nw, i); err != nil {
			return err
		}
		for j, nj := range nw.Nodes {
			if i == j {
				continue
			}
			ln, err := l.listenIn(i, fmt.Sprintf("127.0.0.1:%d", relayPortBase+j))
			if err != nil {
				return err
			}
			l.undo(ln.Close)
			go l.serveRelay(ln, i, j, nj.P2P)
		}
	}
	return nil
}

func (l *Lab) serveRelay(ln net.Listener, i, j int, target string) {
	dial := l.Dialer(i)
	for {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		go func() {
			defer c.Close()
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			up, err := dial(ctx, "tcp", target)
			cancel()
			if err != nil {
				return
			}
			defer up.Close()
			d := func() time.Duration { return time.Duration(l.relay.delay[i].Load() + l.relay.delay[j].Load()) }
			done := make(chan struct{}, 2)
			go func() { delayedCopy(up, c, d); done <- struct{}{} }()
			go func() { delayedCopy(c, up, d); done <- struct{}{} }()
			<-done // one side closed: close both
		}()
	}
}

type chunk struct {
	b  []byte
	at time.Time
}

// delayedCopy copies src to dst, each chunk written delay() after it was
// read, in order.
func delayedCopy(dst io.WriteCloser, src io.Reader, delay func() time.Duration) {
	q := make(chan chunk, 1<<14)
	go func() {
		defer close(q)
		for {
			buf := make([]byte, 32<<10)
			n, err := src.Read(buf)
			if n > 0 {
				q <- chunk{buf[:n], time.Now()}
			}
			if err != nil {
				return
			}
		}
	}()
	for c := range q {
		if wait := time.Until(c.at.Add(delay())); wait > 0 {
			time.Sleep(wait)
		}
		if _, err := dst.Write(c.b); err != nil {
			dst.Close()
			for range q { // drain so the reader ends
			}
			return
		}
	}
	dst.Close()
}

// listenIn listens on addr inside node i's namespace (as Dialer dials).
func (l *Lab) listenIn(i int, addr string) (net.Listener, error) {
	path := filepath.Join("/var/run/netns", l.NS(i))
	type result struct {
		ln  net.Listener
		err error
	}
	ch := make(chan result, 1)
	go func() {
		runtime.LockOSThread() // never unlocked: the thread ends with the goroutine
		fd, err := unix.Open(path, unix.O_RDONLY|unix.O_CLOEXEC, 0)
		if err != nil {
			ch <- result{err: err}
			return
		}
		err = unix.Setns(fd, unix.CLONE_NEWNET)
		unix.Close(fd)
		if err != nil {
			ch <- result{err: fmt.Errorf("setns %s: %w", path, err)}
			return
		}
		ln, err := net.Listen("tcp", addr)
		ch <- result{ln, err}
	}()
	r := <-ch
	return r.ln, r.err
}
