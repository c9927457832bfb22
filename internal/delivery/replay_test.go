package delivery

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestReplayGuardSurvivesRestart: a fetch served before a restart of the
// owner node is still refused after it; once 2×MaxSkew has passed the
// entry is forgotten (the fetch would be stale anyway); a torn last record
// is dropped without losing the others; the journal is compacted when it
// has doubled, and holds digests only.
func TestReplayGuardSurvivesRestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "replay.bin")
	t0 := time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC)
	g, err := OpenReplayGuard(path, t0)
	if err != nil {
		t.Fatal(err)
	}
	sigA, sigB := []byte("signature A"), []byte("signature B")
	if err := g.use(sigA, t0); err != nil {
		t.Fatal(err)
	}
	if err := g.use(sigA, t0.Add(time.Second)); !errors.Is(err, ErrReplay) {
		t.Fatalf("second use: %v", err)
	}
	if err := g.use(sigB, t0.Add(2*time.Second)); err != nil {
		t.Fatal(err)
	}
	g.Close()
	// A crash in the middle of the next write leaves a torn record.
	f, _ := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	f.Write([]byte{1, 2, 3, 4, 5})
	f.Close()

	for _, tc := range []struct {
		name    string
		at      time.Duration
		wantLen int
	}{
		{"restarted a minute later: both remembered", time.Minute, 2},
		{"restarted after 2×MaxSkew: forgotten", 2*MaxSkew + 3*time.Second, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g, err := OpenReplayGuard(path, t0.Add(tc.at))
			if err != nil {
				t.Fatal(err)
			}
			defer g.Close()
			if g.Len() != tc.wantLen {
				t.Fatalf("remembers %d, want %d", g.Len(), tc.wantLen)
			}
			err = g.use(sigA, t0.Add(tc.at))
			if tc.wantLen > 0 && !errors.Is(err, ErrReplay) {
				t.Fatalf("replay after restart: %v", err)
			}
			if tc.wantLen == 0 && err != nil {
				t.Fatalf("fresh use: %v", err)
			}
		})
	}

	// Compaction (at 8 records here, not minCompact, to keep the test
	// quick): seven uses, then one more after they expire.
	path = filepath.Join(t.TempDir(), "compact.bin")
	g, err = OpenReplayGuard(path, t0)
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	g.compact = 8
	for i := range 7 {
		if err := g.use([]byte(fmt.Sprint("sig ", i)), t0); err != nil {
			t.Fatal(err)
		}
	}
	later := t0.Add(2*MaxSkew + time.Minute)
	if err := g.use([]byte("late"), later); err != nil {
		t.Fatal(err)
	}
	fi, _ := os.Stat(path)
	if g.Len() != 1 || fi.Size() != recordSize {
		t.Fatalf("after compaction: %d remembered, %d bytes (want 1, %d)", g.Len(), fi.Size(), recordSize)
	}
	b, _ := os.ReadFile(path)
	if string(b) == "" || containsBytes(b, []byte("late")) {
		t.Fatal("the journal holds the signature itself")
	}
}

func containsBytes(b, sub []byte) bool {
	for i := 0; i+len(sub) <= len(b); i++ {
		if string(b[i:i+len(sub)]) == string(sub) {
			return true
		}
	}
	return false
}

// FuzzOpenReplayGuard: any journal bytes (a torn or foreign file) open
// without a panic, remembering at most one entry per whole record, and
// the rewritten journal reopens to the same entries.
func FuzzOpenReplayGuard(f *testing.F) {
	t0 := time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC)
	rec := appendRecord(nil, [32]byte{1, 2, 3}, t0)
	f.Add([]byte{})
	f.Add(rec)
	f.Add(append(rec, 1, 2, 3))
	f.Add(append(rec, rec...))
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(t.TempDir(), "j.bin")
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		g, err := OpenReplayGuard(path, t0)
		if err != nil {
			t.Fatal(err)
		}
		n := g.Len()
		g.Close()
		if n > len(data)/recordSize {
			t.Fatalf("%d entries from %d bytes", n, len(data))
		}
		g, err = OpenReplayGuard(path, t0)
		if err != nil {
			t.Fatal(err)
		}
		defer g.Close()
		if g.Len() != n {
			t.Fatalf("reopened: %d entries, want %d", g.Len(), n)
		}
	})
}
