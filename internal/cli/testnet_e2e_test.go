package cli_test

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// envWithout is the test's environment minus the given variables.
func envWithout(names ...string) []string {
	var out []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if !contains(names, k) {
			out = append(out, kv)
		}
	}
	return out
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// TestTestnetNeedsPassphraseOrDemo: `govchain testnet` no longer writes
// unencrypted keys unless asked to with --demo.
func TestTestnetNeedsPassphraseOrDemo(t *testing.T) {
	dir := t.TempDir()
	short := filepath.Join(dir, "short")
	os.WriteFile(short, []byte("abc\n"), 0o600)
	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"no passphrase", []string{"testnet", "--out", filepath.Join(dir, "a"), "--nodes", "1"}, "--demo"},
		{"short passphrase", []string{"testnet", "--out", filepath.Join(dir, "b"), "--nodes", "1", "--passphrase-file", short}, "at least 8"},
		{"client accounts without demo", []string{"testnet", "--out", filepath.Join(dir, "c"), "--nodes", "1", "--client-accounts", "2"}, "--demo"},
	} {
		t.Run(c.name, func(t *testing.T) {
			cmd := exec.Command(bin, c.args...)
			cmd.Env = envWithout("GOVCHAIN_PASSPHRASE")
			out, err := cmd.CombinedOutput()
			if err == nil || !strings.Contains(string(out), c.want) {
				t.Fatalf("err %v, want a refusal mentioning %q:\n%s", err, c.want, out)
			}
		})
	}
}

// TestStartWarnsOnDemoHome: a --demo testnet home says on every start, on
// stderr and in the log, that its keys are unencrypted.
func TestStartWarnsOnDemoHome(t *testing.T) {
	dir := t.TempDir()
	out, code := run(t, "testnet", "--demo", "--nodes", "1", "--out", dir, "--base-port", fmt.Sprint(basePort(t)))
	if code != 0 || !strings.Contains(out, "DEMO network") {
		t.Fatalf("testnet --demo: exit %d\n%s", code, out)
	}
	if _, err := os.Stat(filepath.Join(dir, "keys", "nrb")); err != nil {
		t.Fatalf("no key bundle for a department without a node: %v", err)
	}
	home := filepath.Join(dir, "node0")
	for start := 1; start <= 2; start++ {
		stderr := startAndReadStderr(t, home, "DEMO HOME: keys are unencrypted")
		for _, want := range []string{"!!  DEMO HOME: " + home, "UNENCRYPTED demo keys", "never as a"} {
			if !strings.Contains(stderr, want) {
				t.Fatalf("start %d: stderr lacks %q:\n%s", start, want, stderr)
			}
		}
	}
}

// startAndReadStderr runs `govchain start` on home, reads its stderr until
// a line contains until (or 60 s pass), stops it and returns what it read.
func startAndReadStderr(t *testing.T, home, until string) string {
	t.Helper()
	cmd := exec.Command(bin, "start", "--home", home, "--http", freeAddr(t))
	pipe, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var sb strings.Builder
	found, readDone := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(readDone)
		sc := bufio.NewScanner(pipe)
		closed := false
		for sc.Scan() {
			sb.WriteString(sc.Text() + "\n")
			if !closed && strings.Contains(sc.Text(), until) {
				close(found)
				closed = true
			}
		}
		io.Copy(io.Discard, pipe)
	}()
	select {
	case <-found:
	case <-time.After(60 * time.Second):
	}
	_ = cmd.Process.Signal(syscall.SIGTERM)
	// Read to EOF before Wait, which closes the pipe.
	select {
	case <-readDone:
	case <-time.After(20 * time.Second):
		_ = cmd.Process.Kill()
		<-readDone
	}
	_ = cmd.Wait()
	return sb.String()
}
