package catchup

import (
	"os"
	"testing"
)

// TestStatCPUSeconds: utime and stime are fields 14 and 15 however the
// command name is spelled; a line that is not a stat line is an error.
func TestStatCPUSeconds(t *testing.T) {
	for _, tc := range []struct {
		name, line string
		want       float64
		bad        bool
	}{
		{"plain", "123 (govchain) S 1 123 123 0 -1 4194560 100 0 0 0 250 75 0 0 20 0 9 0 1000 1 1 18446744073709551615", 3.25, false},
		{"name with spaces and parens", "9 (a (b) c) R 1 9 9 0 -1 0 0 0 0 0 7 3 0 0 20 0 1 0 5 1 1", 0.10, false},
		{"no parens", "123 govchain S 1", 0, true},
		{"too short", "123 (x) S 1 2 3", 0, true},
		{"not numbers", "1 (x) S 1 1 1 0 -1 0 0 0 0 0 a b 0 0", 0, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := statCPUSeconds(tc.line)
			if tc.bad {
				if err == nil {
					t.Fatalf("got %v, want an error", got)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("got %v, %v; want %v", got, err, tc.want)
			}
		})
	}
	// This process's own line parses.
	if _, err := cpuSeconds(os.Getpid()); err != nil {
		t.Fatal(err)
	}
}

// FuzzStatCPUSeconds: any line gives a non-negative figure or an error,
// never a panic.
func FuzzStatCPUSeconds(f *testing.F) {
	f.Add("123 (govchain) S 1 123 123 0 -1 4194560 100 0 0 0 250 75 0 0 20 0")
	f.Add("9 (a (b) c) R 1 9 9 0 -1 0 0 0 0 0 7 3")
	f.Add(")")
	f.Fuzz(func(t *testing.T, line string) {
		if v, err := statCPUSeconds(line); err == nil && v < 0 {
			t.Fatalf("%q: negative %v", line, v)
		}
	})
}
