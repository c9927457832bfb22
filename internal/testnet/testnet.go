// Package testnet starts real govchain networks on 127.0.0.1 — each node
// its own OS process of the govchain binary — for end-to-end tests, fault
// tests and the benchmark. Nodes can be killed (SIGKILL) and restarted.
package testnet

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/pingshan/govchain/internal/client"
	"github.com/pingshan/govchain/internal/cryptosuite"
	"github.com/pingshan/govchain/internal/keyring"
	"github.com/pingshan/govchain/internal/network"
)

// Network is a running set of node processes.
type Network struct {
	Dir   string
	Bin   string
	Nodes []*Node
	Suite cryptosuite.Suite
	// Baseline is passed to `start --baseline-app` (benchmarks).
	Baseline string
	// Prefix, if set, is the command node i's binary runs under (a Lab's
	// `ip netns exec NS`, which execs the binary in place: signals reach
	// the node itself).
	Prefix func(i int) []string
	// Dial, if set, is how the test process reaches node i (a Lab dials
	// from inside the node's namespace).
	Dial func(i int) func(ctx context.Context, network, addr string) (net.Conn, error)
}

// Node is one node process.
type Node struct {
	Index int
	network.NodeInfo
	mu   sync.Mutex
	cmd  *exec.Cmd
	done chan struct{}
	log  *os.File
}

// FreeBasePort finds a base port P such that P … P+10n+2 are free on
// 127.0.0.1, so parallel test runs do not collide. P is drawn below the
// kernel's ephemeral range (32768 and up on Linux): a port from that range
// can be free when checked and taken as the source port of some outgoing
// connection before the node binds it (seen as "address already in use").
func FreeBasePort(n int) (int, error) {
	const lo, hi = 20000, 32700
	span := (hi - lo - 10*n - 3) / 10
	if span <= 0 {
		return 0, fmt.Errorf("%d nodes do not fit in ports %d-%d", n, lo, hi)
	}
	for attempt := 0; attempt < 100; attempt++ {
		base := lo + 10*rand.IntN(span)
		if portsFree(base, n) {
			return base, nil
		}
	}
	return 0, errors.New("no free port range found")
}

// FreeAddr is a free 127.0.0.1 address outside the ephemeral range, for a
// server a test starts (see FreeBasePort).
func FreeAddr() (string, error) {
	p, err := FreeBasePort(1)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("127.0.0.1:%d", p), nil
}

func portsFree(base, n int) bool {
	for i := 0; i < n; i++ {
		for d := 0; d < 3; d++ {
			l, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", base+10*i+d))
			if err != nil {
				return false
			}
			l.Close()
		}
	}
	return true
}

// Create lays out homes under dir (with network.Generate) without starting.
// Without a passphrase the network is a demo network (unencrypted keys), as
// tests and benchmarks want.
func Create(bin, dir string, o network.Options) (*Network, error) {
	if o.Passphrase == "" {
		o.Demo = true
	}
	if o.BasePort == 0 {
		p, err := FreeBasePort(o.Validators)
		if err != nil {
			return nil, err
		}
		o.BasePort = p
	}
	o.OutDir = dir
	if o.ChainID == "" {
		o.ChainID = "pingshan-e2e"
	}
	infos, err := network.Generate(o)
	if err != nil {
		return nil, err
	}
	s, err := cryptosuite.ByName(o.Suite)
	if err != nil {
		return nil, err
	}
	nw := &Network{Dir: dir, Bin: bin, Suite: s}
	for i, in := range infos {
		nw.Nodes = append(nw.Nodes, &Node{Index: i, NodeInfo: in})
	}
	return nw, nil
}

// StartAll starts every node.
func (nw *Network) StartAll() error {
	for i := range nw.Nodes {
		if err := nw.Start(i); err != nil {
			return err
		}
	}
	return nil
}

// Start launches node i (again).
func (nw *Network) Start(i int) error { return nw.StartWith(i) }

// StartWith launches node i with extra `govchain start` arguments (an
// upgrade test plays an old binary with --forget-upgrade).
func (nw *Network) StartWith(i int, extra ...string) error {
	n := nw.Nodes[i]
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.cmd != nil {
		return fmt.Errorf("node %d already running", i)
	}
	logf, err := os.OpenFile(filepath.Join(n.Home, "node.log"), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	args := []string{"start", "--home", n.Home, "--log-level", "warn"}
	if l := os.Getenv("GOVCHAIN_TEST_COMET_LOG"); l != "" {
		args = append(args, "--comet-log-level", l)
	}
	if nw.Baseline != "" {
		args = append(args, "--baseline-app", nw.Baseline)
	}
	args = append(args, extra...)
	argv := append([]string{nw.Bin}, args...)
	if nw.Prefix != nil {
		argv = append(nw.Prefix(i), argv...)
	}
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		logf.Close()
		return err
	}
	n.cmd, n.log, n.done = cmd, logf, make(chan struct{})
	done := n.done
	go func() {
		_ = cmd.Wait()
		logf.Close()
		close(done)
	}()
	return nil
}

// Kill sends SIGKILL to node i and waits for it to die.
func (nw *Network) Kill(i int) error { return nw.signal(i, syscall.SIGKILL) }

// Stop sends SIGTERM to node i and waits for a clean exit.
func (nw *Network) Stop(i int) error { return nw.signal(i, syscall.SIGTERM) }

func (nw *Network) signal(i int, sig syscall.Signal) error {
	n := nw.Nodes[i]
	n.mu.Lock()
	cmd, done := n.cmd, n.done
	n.cmd = nil
	n.mu.Unlock()
	if cmd == nil {
		return nil
	}
	_ = cmd.Process.Signal(sig)
	select {
	case <-done:
		return nil
	case <-time.After(20 * time.Second):
		_ = cmd.Process.Kill()
		<-done
		return fmt.Errorf("node %d did not exit on %v within 20s", i, sig)
	}
}

// PID is node i's process id (0 when stopped).
func (nw *Network) PID(i int) int {
	n := nw.Nodes[i]
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.cmd == nil {
		return 0
	}
	return n.cmd.Process.Pid
}

// Shutdown stops every node.
func (nw *Network) Shutdown() {
	var wg sync.WaitGroup
	for i := range nw.Nodes {
		wg.Add(1)
		go func(i int) { defer wg.Done(); _ = nw.Stop(i) }(i)
	}
	wg.Wait()
}

// Client is the API client of node i.
func (nw *Network) Client(i int) *client.Client {
	c := client.New(nw.Nodes[i].API)
	if nw.Dial != nil {
		c.HTTP = &http.Client{Timeout: c.HTTP.Timeout, Transport: &http.Transport{DialContext: nw.Dial(i), DisableKeepAlives: true}}
	}
	return c
}

// WaitReady waits until node i answers /api/v1/status at height ≥ h.
func (nw *Network) WaitReady(ctx context.Context, i int, h int64) error {
	c := nw.Client(i)
	c.HTTP.Timeout = 2 * time.Second
	var last error
	for {
		st, err := c.Status(ctx)
		if err == nil && st.Height >= h {
			return nil
		}
		if err != nil {
			last = err
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("node %d not ready at height %d: %v (last error: %v); log tail:\n%s", i, h, ctx.Err(), last, nw.LogTail(i, 20))
		case <-time.After(200 * time.Millisecond):
		}
	}
}

// LogTail returns the last lines of node i's log, for failure messages.
func (nw *Network) LogTail(i, lines int) string {
	b, err := os.ReadFile(filepath.Join(nw.Nodes[i].Home, "node.log"))
	if err != nil {
		return err.Error()
	}
	ls := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	if len(ls) > lines {
		ls = ls[len(ls)-lines:]
	}
	return strings.Join(ls, "\n")
}

// ClientKeys loads the "client-NNN" demo keys created with ClientAccounts.
func (nw *Network) ClientKeys() ([]cryptosuite.PrivateKey, error) {
	kr, err := keyring.Open(filepath.Join(nw.Dir, "clients"), nw.Suite)
	if err != nil {
		return nil, err
	}
	infos, err := kr.List()
	if err != nil {
		return nil, err
	}
	var keys []cryptosuite.PrivateKey
	for _, in := range infos {
		k, err := kr.Load(in.Name, "")
		if err != nil {
			return nil, err
		}
		keys = append(keys, k)
	}
	return keys, nil
}
