package cli_test

import (
	"strings"
	"testing"
)

// TestLightFlags: a malformed --trust and a missing witness are refused
// before anything is contacted.
func TestLightFlags(t *testing.T) {
	out, code := run(t, "light", "--chain-id", "x", "--primary", "http://127.0.0.1:1", "--trust", "12:nothex")
	if code == 0 || !strings.Contains(out, "--trust is HEIGHT:HASH") {
		t.Fatalf("bad --trust: %d %s", code, out)
	}
	out, code = run(t, "light", "--chain-id", "x", "--primary", "http://127.0.0.1:1", "--trust", "12:"+strings.Repeat("ab", 32))
	if code == 0 || !strings.Contains(out, "at least one witness") {
		t.Fatalf("no witness: %d %s", code, out)
	}
}
