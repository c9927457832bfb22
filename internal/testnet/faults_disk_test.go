package testnet_test

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/pingshan/govchain/internal/testnet"
)

// mountTmpfs mounts a small tmpfs at dir, keeping what dir held; it needs
// root (CAP_SYS_ADMIN). The mount is removed when the test ends.
func mountTmpfs(t *testing.T, dir, size string) bool {
	t.Helper()
	keep := dir + ".keep"
	if err := os.Rename(dir, keep); err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(dir, 0o700)
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size="+size+",mode=0700", "tmpfs", dir).CombinedOutput(); err != nil {
		os.Remove(dir)
		os.Rename(keep, dir)
		t.Logf("cannot mount a tmpfs (%v: %s)", err, strings.TrimSpace(string(out)))
		return false
	}
	t.Cleanup(func() {
		for i := 0; i < 20; i++ {
			if exec.Command("umount", dir).Run() == nil {
				return
			}
			time.Sleep(250 * time.Millisecond)
		}
		exec.Command("umount", "-l", dir).Run()
	})
	copyDir(t, keep, dir)
	os.RemoveAll(keep)
	return true
}

// fill writes a file until the file system is full.
func fill(t *testing.T, path string) int64 {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var n int64
	for _, size := range []int{1 << 20, 4 << 10, 512} {
		buf := make([]byte, size)
		for {
			k, err := f.Write(buf)
			n += int64(k)
			if err != nil {
				if !errors.Is(err, syscall.ENOSPC) {
					t.Fatal(err)
				}
				break
			}
		}
	}
	f.Sync()
	return n
}

// TestFaultFullDisk: the data directory of one of four validators fills
// up under load. The node must stop with a clear error, not go on over
// state it could not write; after space is freed it restarts, catches up
// to the others' app hash, and `audit` finds nothing partial. Then the
// same data directory is made read-only: the node refuses to start with a
// clear error. Needs root for the tmpfs (else only the read-only part runs,
// with chmod).
func TestFaultFullDisk(t *testing.T) {
	const victim = 3
	mounted := false
	nw, keys := faultNet(t, 4, 6, nil, func(nw *testnet.Network) {
		if os.Geteuid() == 0 {
			mounted = mountTmpfs(t, filepath.Join(nw.Nodes[victim].Home, "data"), "96m")
		}
	})
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	data := filepath.Join(nw.Nodes[victim].Home, "data")
	l := startLoad(nw, keys, []int{0, 1, 2}, 80*time.Millisecond)
	defer l.stop()
	for l.count() < 60 {
		time.Sleep(50 * time.Millisecond)
	}
	if mounted {
		filler := filepath.Join(data, "filler")
		n := fill(t, filler)
		full, _, _ := status(ctx, nw, victim)
		t.Logf("filled node %d's data dir (tmpfs) with %d MiB at height %d", victim, n>>20, full)
		if !waitExit(nw, victim, 60*time.Second) {
			t.Fatalf("node %d still runs 60s after its disk filled; log:\n%s", victim, nw.LogTail(victim, 30))
		}
		logb, _ := os.ReadFile(filepath.Join(nw.Nodes[victim].Home, "node.log"))
		msg := fatalLine(string(logb))
		if msg == "" {
			t.Fatalf("node %d stopped without a clear error; log:\n%s", victim, nw.LogTail(victim, 30))
		}
		stoppedAt, _, _ := status(ctx, nw, 0)
		t.Logf("node %d stopped: %s", victim, msg)
		// The others go on.
		for l.count() < 120 {
			time.Sleep(50 * time.Millisecond)
		}
		os.Remove(filler)
		if err := nw.Start(victim); err != nil {
			t.Fatal(err)
		}
		top, _, _ := status(ctx, nw, 0)
		if err := nw.WaitReady(ctx, victim, top); err != nil {
			t.Fatal(err)
		}
		height, appHash, err := sameAppHashOn(ctx, nw, []int{0, 1, 2, 3})
		if err != nil {
			t.Fatal(err)
		}
		l.stop()
		committed, _, _, _ := l.snapshot()
		requireOnAll(t, ctx, nw, []int{0, 1, 2, 3}, committed)
		if err := nw.Stop(victim); err != nil {
			t.Fatal(err)
		}
		exit, rep, out := runAudit(t, nw.Nodes[victim].Home)
		if exit != 0 {
			t.Fatalf("audit after the full disk:\n%s", out)
		}
		t.Logf("FIGURES full-disk: disk full at height %d, node exited; chain went on to %d; restarted node reached height %d app hash %.16s…; %d txs reported committed, all on every node; audit OK over blocks %d-%d (%d txs replayed)",
			full, stoppedAt, height, appHash, len(committed), rep.Blocks.From, rep.Blocks.To, rep.Checked["replayed_txs"])
	} else {
		l.stop()
		if err := nw.Stop(victim); err != nil {
			t.Fatal(err)
		}
	}

	// Unwritable data directory: refuse to start, clearly.
	if mounted {
		if out, err := exec.Command("mount", "-o", "remount,ro", data).CombinedOutput(); err != nil {
			t.Fatalf("remount read-only: %v %s", err, out)
		}
		defer exec.Command("mount", "-o", "remount,rw", data).Run()
	} else {
		if os.Geteuid() == 0 {
			t.Skip("running as root without a tmpfs: chmod cannot make a directory unwritable for root")
		}
		os.Chmod(data, 0o500)
		defer os.Chmod(data, 0o700)
	}
	if err := nw.Start(victim); err != nil {
		t.Fatal(err)
	}
	if !waitExit(nw, victim, 30*time.Second) {
		t.Fatalf("node started on a read-only data dir; log:\n%s", nw.LogTail(victim, 20))
	}
	tail := nw.LogTail(victim, 5)
	if !strings.Contains(tail, "read-only file system") && !strings.Contains(tail, "permission denied") && !strings.Contains(tail, "not writable") {
		t.Fatalf("no clear error for the read-only data dir:\n%s", tail)
	}
	t.Logf("read-only data dir refused: %s", lastErrorLine(tail))
}

// fatalLine finds the node's own message about the failure.
func fatalLine(log string) string {
	for _, l := range strings.Split(log, "\n") {
		if strings.HasPrefix(l, "FATAL:") {
			return l
		}
	}
	return ""
}

func lastErrorLine(s string) string {
	ls := strings.Split(strings.TrimSpace(s), "\n")
	for i := len(ls) - 1; i >= 0; i-- {
		if strings.Contains(ls[i], "error") {
			return ls[i]
		}
	}
	return ls[len(ls)-1]
}
