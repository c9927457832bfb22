package cli_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/pingshan/govchain/internal/client"
	"github.com/pingshan/govchain/internal/testnet"
)

func basePort(t *testing.T) int {
	p, err := testnet.FreeBasePort(1)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func freeAddr(t *testing.T) string {
	a, err := testnet.FreeAddr()
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// startDev runs `govchain dev` and waits for /healthz.
func startDev(t *testing.T, home, httpAddr string, extra ...string) *exec.Cmd {
	t.Helper()
	args := append([]string{"dev", "--home", home, "--http", httpAddr, "--base-port", fmt.Sprint(basePort(t))}, extra...)
	cmd := exec.Command(bin, args...)
	logf, _ := os.Create(filepath.Join(t.TempDir(), "dev.log"))
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	go func() {
		st, _ := cmd.Process.Wait()
		exitStates.Store(cmd, st)
		close(exited)
	}()
	exitChans.Store(cmd, exited)
	c := client.New(httpAddr)
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case <-exited:
			b, _ := os.ReadFile(logf.Name())
			t.Fatalf("dev exited:\n%s", b)
		default:
		}
		var h map[string]any
		if err := c.Get(context.Background(), "/healthz", &h); err == nil {
			return cmd
		}
		time.Sleep(100 * time.Millisecond)
	}
	cmd.Process.Kill()
	b, _ := os.ReadFile(logf.Name())
	t.Fatalf("dev did not answer /healthz within 60s:\n%s", b)
	return nil
}

var exitStates, exitChans sync.Map

func stopDev(t *testing.T, cmd *exec.Cmd) {
	t.Helper()
	cmd.Process.Signal(syscall.SIGINT)
	ch, _ := exitChans.Load(cmd)
	select {
	case <-ch.(chan struct{}):
		st, _ := exitStates.Load(cmd)
		if ps, ok := st.(*os.ProcessState); !ok || !ps.Success() {
			t.Fatalf("dev did not exit cleanly after Ctrl-C: %v", st)
		}
	case <-time.After(20 * time.Second):
		cmd.Process.Kill()
		t.Fatal("dev did not stop within 20s of Ctrl-C")
	}
}

// TestDevChain: `govchain dev` serves the API with a rising height and the
// gm suite, stops cleanly on Ctrl-C, resumes the same chain, and --reset
// starts a new one.
func TestDevChain(t *testing.T) {
	home := filepath.Join(t.TempDir(), "dev")
	addr := freeAddr(t)
	cmd := startDev(t, home, addr)
	c := client.New(addr)
	ctx := context.Background()
	st1, err := c.Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st1.Suite != "gm" || st1.ChainID != "pingshan-dev" || len(st1.Departments) != 7 {
		t.Fatalf("status: suite %s chain %s departments %d", st1.Suite, st1.ChainID, len(st1.Departments))
	}
	time.Sleep(1500 * time.Millisecond)
	st2, _ := c.Status(ctx)
	if st2.Height <= st1.Height {
		t.Fatalf("height not rising: %d then %d", st1.Height, st2.Height)
	}
	waitFile(t, filepath.Join(home, "demo.json")) // written once the seed has committed
	stopDev(t, cmd)

	cmd = startDev(t, home, addr)
	st3, _ := c.Status(ctx)
	if st3.Height < st2.Height || st3.ChainID != st1.ChainID {
		t.Fatalf("did not resume: height %d after %d", st3.Height, st2.Height)
	}
	genesisTime := func() string {
		b, _ := os.ReadFile(filepath.Join(home, "config", "genesis.json"))
		return fmt.Sprint(len(b), string(b[:200]))
	}
	before := genesisTime()
	stopDev(t, cmd)

	cmd = startDev(t, home, addr, "--reset")
	defer stopDev(t, cmd)
	if genesisTime() == before {
		t.Fatal("--reset kept the old genesis")
	}
}

func waitFile(t *testing.T, path string) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		if _, err := os.Stat(path); err == nil {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("%s did not appear", path)
}

// devCLI is a running `govchain dev` (stopped with Ctrl-C when the test
// ends, which must exit cleanly) and its CLI, for end-to-end tests of a
// command group.
type devCLI struct {
	t          *testing.T
	home, addr string
}

// startDevCLI starts `govchain dev` in a temp home and waits for its demo
// data.
func startDevCLI(t *testing.T) *devCLI {
	t.Helper()
	d := &devCLI{t: t, home: filepath.Join(t.TempDir(), "dev"), addr: freeAddr(t)}
	cmd := startDev(t, d.home, d.addr)
	t.Cleanup(func() { stopDev(t, cmd) })
	waitFile(t, filepath.Join(d.home, "demo.json"))
	return d
}

// exit runs a command against the dev node and fails the test unless it
// exits with want.
func (d *devCLI) exit(want int, args ...string) string {
	d.t.Helper()
	out, code := run(d.t, append(args, "--home", d.home, "--node", "http://"+d.addr)...)
	if code != want {
		d.t.Fatalf("%v: exit %d, want %d\n%s", args, code, want, out)
	}
	return out
}

// ok runs a command that must succeed.
func (d *devCLI) ok(args ...string) string {
	d.t.Helper()
	return d.exit(0, args...)
}
