package delivery

import (
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"github.com/pingshan/govchain/internal/atomicfile"
)

// ErrReplay: the same signed fetch was already served.
var ErrReplay = errors.New("delivery: this signed fetch was already used; sign a new one")

// maxRemembered bounds the memory a flood of valid fetches can take; past
// it the oldest entries go first (they expire within MaxSkew anyway).
const maxRemembered = 100_000

// recordSize is one journal record: the time served (Unix nanoseconds,
// big-endian) and the SHA-256 of the fetch's signature. A digest, not the
// signature: the journal holds nothing a fetch could be rebuilt from.
const recordSize = 8 + sha256.Size

// ReplayGuard remembers the signatures of the fetches served in the last
// 2×MaxSkew, so a captured fetch cannot be replayed while its time is still
// acceptable. Opened on a file (OpenReplayGuard) it survives a restart of
// the owner node: each use is appended and synced before the fetch is
// served, and reopening reloads what is still within 2×MaxSkew.
type ReplayGuard struct {
	mu      sync.Mutex
	seen    map[[sha256.Size]byte]time.Time
	path    string
	f       *os.File // nil: memory only
	records int      // in the file, live or not
	compact int      // rewrite the file when records reaches this
}

// minCompact is the smallest journal worth compacting (records).
const minCompact = 4096

// NewReplayGuard returns an empty guard in memory only.
func NewReplayGuard() *ReplayGuard { return &ReplayGuard{seen: map[[sha256.Size]byte]time.Time{}} }

// OpenReplayGuard loads the journal at path (created if missing), keeps
// the entries younger than 2×MaxSkew at now, rewrites the file with them
// alone and appends to it from then on. A torn last record (a crash in
// the middle of a write) is dropped: that fetch was not served, since a
// fetch is served only after its record is synced.
func OpenReplayGuard(path string, now time.Time) (*ReplayGuard, error) {
	g := NewReplayGuard()
	g.path = path
	b, err := os.ReadFile(path)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("replay guard %s: %w", path, err)
	}
	cut := now.Add(-2 * MaxSkew)
	for len(b) >= recordSize {
		t := time.Unix(0, int64(binary.BigEndian.Uint64(b[:8])))
		var k [sha256.Size]byte
		copy(k[:], b[8:recordSize])
		if !t.Before(cut) {
			g.seen[k] = t
		}
		b = b[recordSize:]
	}
	if err := g.rewrite(); err != nil {
		return nil, err
	}
	return g, nil
}

// rewrite replaces the journal with the live entries (atomicfile: a
// crash leaves the old journal or the new one) and reopens it for
// appending. Called with mu held or before the guard is shared.
func (g *ReplayGuard) rewrite() error {
	buf := make([]byte, 0, len(g.seen)*recordSize)
	for k, t := range g.seen {
		buf = appendRecord(buf, k, t)
	}
	err := atomicfile.Write(g.path, buf, 0o600)
	if err != nil {
		return fmt.Errorf("replay guard: %w", err)
	}
	if g.f != nil {
		g.f.Close()
	}
	g.f, err = os.OpenFile(g.path, os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		return fmt.Errorf("replay guard: %w", err)
	}
	g.records = len(g.seen)
	g.compact = max(2*len(g.seen), minCompact)
	return nil
}

func appendRecord(buf []byte, k [sha256.Size]byte, t time.Time) []byte {
	buf = binary.BigEndian.AppendUint64(buf, uint64(t.UnixNano()))
	return append(buf, k[:]...)
}

// Close closes the journal (a memory-only guard has nothing to close).
func (g *ReplayGuard) Close() error {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.f == nil {
		return nil
	}
	err := g.f.Close()
	g.f = nil
	return err
}

// use records sig at now, or refuses it if seen. With a journal, the
// record is synced before use returns: a fetch that could not be
// remembered is not served.
func (g *ReplayGuard) use(sig []byte, now time.Time) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	k := sha256.Sum256(sig)
	if _, ok := g.seen[k]; ok {
		return ErrReplay
	}
	if len(g.seen) >= maxRemembered {
		g.prune(now)
	}
	if g.path != "" {
		if g.f == nil {
			return fmt.Errorf("replay guard %s: closed", g.path)
		}
		if _, err := g.f.Write(appendRecord(nil, k, now)); err != nil {
			return fmt.Errorf("replay guard: %w", err)
		}
		if err := g.f.Sync(); err != nil {
			return fmt.Errorf("replay guard: %w", err)
		}
		g.records++
	}
	g.seen[k] = now
	// The file only grows between compactions: rewrite it with the live
	// entries once it has doubled (the fetch is already remembered; a
	// failed rewrite is reported but the next use retries it).
	if g.path != "" && g.records >= g.compact {
		g.prune(now)
		if err := g.rewrite(); err != nil {
			return err
		}
	}
	return nil
}

// prune drops entries older than 2×MaxSkew (a fetch that old is refused
// as stale anyway); if still full, it drops half, in no order (a flood of
// valid fetches within the skew window is the only way there).
func (g *ReplayGuard) prune(now time.Time) {
	cut := now.Add(-2 * MaxSkew)
	for k, t := range g.seen {
		if t.Before(cut) {
			delete(g.seen, k)
		}
	}
	if len(g.seen) < maxRemembered {
		return
	}
	n := 0
	for k := range g.seen {
		delete(g.seen, k)
		if n++; n >= maxRemembered/2 {
			break
		}
	}
}

var _ io.Closer = (*ReplayGuard)(nil)

// Len is how many fetches the guard remembers (for tests and metrics).
func (g *ReplayGuard) Len() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return len(g.seen)
}
