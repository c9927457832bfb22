package testbin

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestBuildIsSharedAndReused: two builds give the same path, the second
// leaves the up-to-date binary untouched (the cache that spares every
// package a link), and the binary runs.
func TestBuildIsSharedAndReused(t *testing.T) {
	if testing.Short() {
		t.Skip("links the govchain binary")
	}
	first := MustBuild(t)
	st1, err := os.Stat(first)
	if err != nil {
		t.Fatal(err)
	}
	second := MustBuild(t)
	if second != first {
		t.Fatalf("second build at %s, first at %s", second, first)
	}
	st2, err := os.Stat(second)
	if err != nil {
		t.Fatal(err)
	}
	// go build only touches an up-to-date target; a relink would rename
	// a new file into place.
	if !os.SameFile(st1, st2) {
		t.Fatal("an up-to-date binary was relinked")
	}
	out, err := exec.Command(first, "--help").CombinedOutput()
	if !strings.Contains(string(out), "govchain") {
		t.Fatalf("govchain --help: %v\n%s", err, out)
	}
}
