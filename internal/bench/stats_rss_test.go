package bench

import (
	"os"
	"runtime"
	"testing"
)

// TestProcPeakRSS: the bench reads a node's peak memory from /proc; a
// parse slip would report 0 and hide a GC setting's memory cost.
func TestProcPeakRSS(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("reads /proc")
	}
	cases := []struct {
		name string
		pid  int
		want bool // non-zero
	}{
		{"this process", os.Getpid(), true},
		{"no pid", 0, false},
		{"no such process", 1 << 30, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := procPeakRSS(tc.pid)
			if (got > 0) != tc.want {
				t.Fatalf("procPeakRSS(%d) = %d, want non-zero %v", tc.pid, got, tc.want)
			}
			if tc.want && got < 1<<20 {
				t.Fatalf("procPeakRSS = %d bytes, implausibly small for a Go test binary", got)
			}
		})
	}
}
