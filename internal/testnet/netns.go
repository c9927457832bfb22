package testnet

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"golang.org/x/sys/unix"

	"github.com/pingshan/govchain/internal/node"
)

// Lab puts each node of a Network in its own Linux network namespace,
// joined by veth pairs to one bridge, so that latency, loss and partitions
// can be injected between nodes (tc netem, routes). Addresses exist only
// inside the namespaces it creates (the bridge has none); the test process
// reaches a node's API by dialling from inside its namespace (Client).
// Close removes everything it made; names carry a random tag so a crashed
// run's leftovers never collide with the next (RemoveStale cleans them).
type Lab struct {
	tag    string // 4 hex digits; interface names stay within 15 bytes
	subnet [3]byte
	n      int
	mu     sync.Mutex
	made   []func() error // undo steps, run in reverse by Close
	blocks map[[2]int]bool
	relay  *relays // nil: latency by netem (netns_relay.go)
}

// labPrefix starts every name a Lab creates.
const labPrefix = "gcl"

// NamespacesAllowed says whether this machine lets the test create network
// namespaces, and if not, why (for t.Skip).
func NamespacesAllowed() (bool, string) {
	if os.Geteuid() != 0 {
		return false, "network namespace tests need root (CAP_NET_ADMIN); run as root or in a privileged container"
	}
	for _, tool := range []string{"ip", "tc"} {
		if _, err := exec.LookPath(tool); err != nil {
			return false, tool + " is not installed (Debian package iproute2; scripts/test.sh installs it)"
		}
	}
	probe := labPrefix + "probe" + randHex(2)
	if out, err := exec.Command("ip", "netns", "add", probe).CombinedOutput(); err != nil {
		return false, fmt.Sprintf("cannot create a network namespace: %v: %s", err, strings.TrimSpace(string(out)))
	}
	defer exec.Command("ip", "netns", "del", probe).Run()
	if out, err := exec.Command("ip", "-n", probe, "link", "add", "d0", "type", "veth", "peer", "name", "d1").CombinedOutput(); err != nil {
		return false, fmt.Sprintf("cannot create links in a namespace: %v: %s", err, strings.TrimSpace(string(out)))
	}
	return true, ""
}

// NetemAvailable says whether the kernel has tc's netem queue (delay,
// jitter, loss), and if not, why. Some kernels (container sandboxes) are
// built without sch_netem and cannot load modules.
func NetemAvailable() (bool, string) {
	probe := labPrefix + "probe" + randHex(2)
	if out, err := exec.Command("ip", "netns", "add", probe).CombinedOutput(); err != nil {
		return false, fmt.Sprintf("cannot create a network namespace: %v: %s", err, strings.TrimSpace(string(out)))
	}
	defer exec.Command("ip", "netns", "del", probe).Run()
	if err := run("ip", "-n", probe, "link", "add", "d0", "type", "veth", "peer", "name", "d1"); err != nil {
		return false, err.Error()
	}
	if err := run("tc", "-n", probe, "qdisc", "add", "dev", "d0", "root", "netem", "delay", "1ms"); err != nil {
		return false, "tc netem is not available in this kernel (sch_netem): " + err.Error()
	}
	return true, ""
}

func randHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func run(args ...string) error {
	out, err := exec.Command(args[0], args[1:]...).CombinedOutput()
	if err != nil {
		return fmt.Errorf("%s: %v: %s", strings.Join(args, " "), err, strings.TrimSpace(string(out)))
	}
	return nil
}

// NewLab makes n namespaces on a new bridge. On error it removes what it
// made.
func NewLab(n int) (*Lab, error) {
	var sub [1]byte
	_, _ = rand.Read(sub[:])
	l := &Lab{tag: randHex(2), subnet: [3]byte{10, 213, sub[0]}, n: n, blocks: map[[2]int]bool{}}
	if err := l.build(); err != nil {
		l.Close()
		return nil, err
	}
	return l, nil
}

func (l *Lab) bridge() string        { return labPrefix + l.tag + "br" }
func (l *Lab) NS(i int) string       { return fmt.Sprintf("%s%s-%d", labPrefix, l.tag, i) }
func (l *Lab) hostVeth(i int) string { return fmt.Sprintf("%s%sh%d", labPrefix, l.tag, i) }

// IP is node i's address.
func (l *Lab) IP(i int) string {
	return fmt.Sprintf("%d.%d.%d.%d", l.subnet[0], l.subnet[1], l.subnet[2], i+2)
}

func (l *Lab) undo(f func() error) {
	l.mu.Lock()
	l.made = append(l.made, f)
	l.mu.Unlock()
}

func (l *Lab) build() error {
	br := l.bridge()
	if err := run("ip", "link", "add", br, "type", "bridge"); err != nil {
		return err
	}
	l.undo(func() error { return run("ip", "link", "del", br) })
	if err := run("ip", "link", "set", br, "up"); err != nil {
		return err
	}
	for i := 0; i < l.n; i++ {
		ns, hv, peer := l.NS(i), l.hostVeth(i), fmt.Sprintf("%s%sp%d", labPrefix, l.tag, i)
		if err := run("ip", "netns", "add", ns); err != nil {
			return err
		}
		l.undo(func() error { return run("ip", "netns", "del", ns) })
		if err := run("ip", "link", "add", hv, "type", "veth", "peer", "name", peer); err != nil {
			return err
		}
		// Deleting the namespace deletes its end, and with it the pair;
		// this covers a failure before the move.
		l.undo(func() error {
			if _, err := net.InterfaceByName(hv); err != nil {
				return nil
			}
			return run("ip", "link", "del", hv)
		})
		steps := [][]string{
			{"ip", "link", "set", hv, "master", br},
			{"ip", "link", "set", hv, "up"},
			{"ip", "link", "set", peer, "netns", ns},
			{"ip", "-n", ns, "link", "set", peer, "name", "eth0"},
			{"ip", "-n", ns, "addr", "add", l.IP(i) + "/24", "dev", "eth0"},
			{"ip", "-n", ns, "link", "set", "eth0", "up"},
			{"ip", "-n", ns, "link", "set", "lo", "up"},
		}
		for _, s := range steps {
			if err := run(s...); err != nil {
				return err
			}
		}
	}
	return nil
}

// Close removes the namespaces, links and bridge (best effort, all of
// them, errors joined).
func (l *Lab) Close() error {
	l.mu.Lock()
	made := l.made
	l.made = nil
	l.mu.Unlock()
	var errs []error
	for i := len(made) - 1; i >= 0; i-- {
		if err := made[i](); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// RemoveStale deletes namespaces and links a killed earlier run left (names
// starting with the lab prefix).
func RemoveStale() {
	out, _ := exec.Command("ip", "netns", "list").Output()
	for _, line := range strings.Split(string(out), "\n") {
		f := strings.Fields(line)
		if len(f) > 0 && strings.HasPrefix(f[0], labPrefix) {
			_ = run("ip", "netns", "del", f[0])
		}
	}
	ifs, _ := net.Interfaces()
	for _, in := range ifs {
		if strings.HasPrefix(in.Name, labPrefix) {
			_ = run("ip", "link", "del", in.Name)
		}
	}
}

// SetDelay gives node i's link a one-way delay (and jitter, loss%) on both
// its ends: packets from i wait delay on leaving its namespace and packets
// to i wait delay on the bridge side, so i→j takes delay(i)+delay(j).
//
// With UseRelays the delay is the relays' (jitter and loss are not
// emulated there and must be 0).
func (l *Lab) SetDelay(i int, delay, jitter time.Duration, lossPct float64) error {
	if l.relay != nil {
		if jitter != 0 || lossPct != 0 {
			return fmt.Errorf("user-space relays emulate delay only, not jitter or loss")
		}
		l.relay.delay[i].Store(int64(delay))
		return nil
	}
	args := []string{"netem", "delay", fmt.Sprintf("%dms", delay.Milliseconds())}
	if jitter > 0 {
		args = append(args, fmt.Sprintf("%dms", jitter.Milliseconds()), "distribution", "normal")
	}
	if lossPct > 0 {
		args = append(args, "loss", fmt.Sprintf("%.2f%%", lossPct))
	}
	// A queue large enough for the delay: netem's default limit (1000
	// packets) drops a burst of block parts at 200 ms.
	args = append(args, "limit", "100000")
	if err := run(append([]string{"tc", "-n", l.NS(i), "qdisc", "replace", "dev", "eth0", "root"}, args...)...); err != nil {
		return err
	}
	return run(append([]string{"tc", "qdisc", "replace", "dev", l.hostVeth(i), "root"}, args...)...)
}

// ClearDelay removes node i's netem queues.
func (l *Lab) ClearDelay(i int) error {
	if l.relay != nil {
		l.relay.delay[i].Store(0)
		return nil
	}
	e1 := run("tc", "-n", l.NS(i), "qdisc", "del", "dev", "eth0", "root")
	e2 := run("tc", "qdisc", "del", "dev", l.hostVeth(i), "root")
	return errors.Join(e1, e2)
}

// Partition cuts every path between the groups (nodes in no group keep
// their links): each namespace gets a blackhole route to each address on
// the other side, so packets are dropped at the sender in both directions.
func (l *Lab) Partition(groups ...[]int) error {
	for a, ga := range groups {
		for b, gb := range groups {
			if a == b {
				continue
			}
			for _, i := range ga {
				for _, j := range gb {
					if err := l.block(i, j); err != nil {
						return err
					}
				}
			}
		}
	}
	return nil
}

func (l *Lab) block(i, j int) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.blocks[[2]int{i, j}] {
		return nil
	}
	if err := run("ip", "-n", l.NS(i), "route", "add", "blackhole", l.IP(j)+"/32"); err != nil {
		return err
	}
	l.blocks[[2]int{i, j}] = true
	return nil
}

// Heal removes every partition.
func (l *Lab) Heal() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	var errs []error
	for k := range l.blocks {
		if err := run("ip", "-n", l.NS(k[0]), "route", "del", "blackhole", l.IP(k[1])+"/32"); err != nil {
			errs = append(errs, err)
		}
		delete(l.blocks, k)
	}
	return errors.Join(errs...)
}

// LinkDown takes node i's link down (up with LinkUp): the node is cut
// from everyone, as by a pulled cable.
func (l *Lab) LinkDown(i int) error { return run("ip", "link", "set", l.hostVeth(i), "down") }

// LinkUp brings node i's link back.
func (l *Lab) LinkUp(i int) error { return run("ip", "link", "set", l.hostVeth(i), "up") }

// Dialer dials from inside namespace ns: a goroutine locks an OS thread,
// moves the thread into ns and dials; the socket stays in ns. The thread,
// now in another namespace, is not returned to the Go scheduler (the
// goroutine exits locked, so the runtime ends the thread).
func (l *Lab) Dialer(i int) func(ctx context.Context, network, addr string) (net.Conn, error) {
	path := filepath.Join("/var/run/netns", l.NS(i))
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		type result struct {
			c   net.Conn
			err error
		}
		ch := make(chan result, 1)
		go func() {
			runtime.LockOSThread()
			fd, err := unix.Open(path, unix.O_RDONLY|unix.O_CLOEXEC, 0)
			if err != nil {
				ch <- result{err: fmt.Errorf("open %s: %w", path, err)}
				return
			}
			err = unix.Setns(fd, unix.CLONE_NEWNET)
			unix.Close(fd)
			if err != nil {
				ch <- result{err: fmt.Errorf("setns %s: %w", path, err)}
				return
			}
			c, err := (&net.Dialer{}).DialContext(ctx, network, addr)
			ch <- result{c, err}
		}()
		r := <-ch
		return r.c, r.err
	}
}

// Attach moves a created (not started) network into the lab: node i's
// p2p and API addresses become its namespace address (ports unchanged;
// CometBFT's RPC stays on 127.0.0.1 inside the namespace), and Start runs
// it with `ip netns exec`.
func (l *Lab) Attach(nw *Network) error {
	if len(nw.Nodes) != l.n {
		return fmt.Errorf("lab has %d namespaces, network %d nodes", l.n, len(nw.Nodes))
	}
	// node j's loopback p2p and API addresses → its namespace address.
	var pairs []string
	for j, n := range nw.Nodes {
		_, p2pPort, _ := net.SplitHostPort(n.P2P)
		_, apiPort, _ := net.SplitHostPort(strings.TrimPrefix(n.API, "http://"))
		pairs = append(pairs, "127.0.0.1:"+p2pPort, l.IP(j)+":"+p2pPort, "127.0.0.1:"+apiPort, l.IP(j)+":"+apiPort)
	}
	rep := strings.NewReplacer(pairs...)
	for _, n := range nw.Nodes {
		h := node.Home(n.Home)
		b, err := os.ReadFile(h.ConfigFile())
		if err != nil {
			return err
		}
		if err := os.WriteFile(h.ConfigFile(), []byte(rep.Replace(string(b))), 0o600); err != nil {
			return err
		}
		ac, err := node.LoadAppConfig(h)
		if err != nil {
			return err
		}
		ac.HTTPAddr = rep.Replace(ac.HTTPAddr)
		if err := node.WriteAppConfig(h, ac); err != nil {
			return err
		}
		n.API = "http://" + ac.HTTPAddr
		n.P2P = rep.Replace(n.P2P)
	}
	if l.relay != nil {
		if err := l.startRelays(nw); err != nil {
			return err
		}
	}
	nw.Prefix = func(i int) []string { return []string{"ip", "netns", "exec", l.NS(i)} }
	nw.Dial = l.Dialer
	return nil
}
