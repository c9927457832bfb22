// Package testbin builds the govchain binary (cmd/govchain) for tests
// that run it as a separate process: the multi-node tests, the CLI
// end-to-end tests and the benchmark smoke test.
//
// Every test package of one worktree shares one output path, so a
// `go test` run over several packages links the binary once: `go build -o`
// leaves an up-to-date target alone (it compares the file's build ID), a
// file lock keeps two packages from building it at the same time, and a
// changed source makes the next build replace it. The path is keyed on the
// module root, so two checkouts on one machine never share a binary.
package testbin

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// Build returns the path of an up-to-date govchain binary built from the
// module the calling test belongs to.
func Build() (string, error) {
	root, err := moduleRoot()
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256([]byte(root))
	dir := filepath.Join(os.TempDir(), "govchain-testbin-"+hex.EncodeToString(sum[:6]))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("testbin: %w", err)
	}
	unlock, err := lock(filepath.Join(dir, "lock"))
	if err != nil {
		return "", err
	}
	defer unlock()
	bin := filepath.Join(dir, "govchain")
	cmd := exec.Command("go", "build", "-o", bin, "./cmd/govchain")
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("testbin: go build: %v\n%s", err, out)
	}
	return bin, nil
}

// MustBuild is Build for a single test: it fails the test on error.
func MustBuild(t testing.TB) string {
	t.Helper()
	bin, err := Build()
	if err != nil {
		t.Fatal(err)
	}
	return bin
}

// Main is a test package's TestMain: it builds the binary, stores its
// path in *bin, runs the tests and exits with their code.
func Main(m *testing.M, bin *string) {
	var err error
	if *bin, err = Build(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Exit(m.Run())
}

// moduleRoot is the directory of the go.mod governing the current
// directory (a test runs in its package's directory).
func moduleRoot() (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("testbin: go env GOMOD: %w", err)
	}
	gomod := strings.TrimSpace(string(out))
	if gomod == "" || gomod == os.DevNull {
		return "", fmt.Errorf("testbin: not inside a Go module")
	}
	return filepath.Dir(gomod), nil
}

// lock takes an exclusive lock on path, waiting for another process's
// build to finish.
func lock(path string) (func(), error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, fmt.Errorf("testbin: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		f.Close()
		return nil, fmt.Errorf("testbin: lock %s: %w", path, err)
	}
	return func() { f.Close() }, nil
}
