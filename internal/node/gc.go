package node

import (
	"errors"
	"fmt"
	"math"
	"os"
	"runtime/debug"
)

// Defaults for the node process's garbage collector (govchain.json "gc").
//
// The percent stays at Go's default (GOGC=100) because raising it was
// measured and bought nothing: at 200 the collector's mark work per tx fell
// to a third (≈ 20 → 6 µs), but allocation cost rose by more (≈ 30 → 50 µs:
// a larger heap takes fresh spans the runtime must fault in and zero), and
// peak RSS grew by 10–40 %; 300 was no better ("CPU per tx, fourth pass" in
// docs/benchmarks.md). The knob is kept for operators whose load differs.
// The soft memory limit is a guard, not a speed setting: near it the
// collector runs as often as needed to stay under it (GOGC is then
// ignored) instead of letting a burst take the host's memory. A node
// settles below ~1 GiB (docs/operations.md), well under the 2 GiB default.
const (
	DefaultGCPercent        = 100
	DefaultGCMemoryLimitMiB = 2048
)

// Bounds the config is checked against: below 25 % the collector would run
// almost continuously; below 256 MiB a node could not hold its own caches
// and would collect without end.
const (
	minGCPercent        = 25
	maxGCPercent        = 10000
	minGCMemoryLimitMiB = 256
)

// ErrBadGCConfig is a "gc" section that cannot be applied.
var ErrBadGCConfig = errors.New("invalid gc setting in govchain.json")

// GCConfig is govchain.json's "gc" section. A zero field takes the default
// above; an operator who set GOGC or GOMEMLIMIT in the environment keeps
// them for every field left zero (the Go convention the runtime follows).
type GCConfig struct {
	// Percent is GOGC: how far the heap may grow over the live set before
	// a collection, in percent. 0 means DefaultGCPercent.
	Percent int `json:"percent,omitempty"`
	// MemoryLimitMiB is the soft heap limit (GOMEMLIMIT) in MiB. 0 means
	// DefaultGCMemoryLimitMiB; -1 means no limit.
	MemoryLimitMiB int64 `json:"memory_limit_mib,omitempty"`
}

// GCSettings are the values a node process runs with, and where each came
// from ("config", "env" or "default"), for the start-up log.
type GCSettings struct {
	Percent         int
	PercentFrom     string
	MemoryLimit     int64 // bytes; math.MaxInt64 is "no limit"
	MemoryLimitFrom string
}

// Resolve checks c and works out the settings, given the environment
// lookup (os.LookupEnv in a node; a map in tests). c may be nil.
func (c *GCConfig) Resolve(lookupEnv func(string) (string, bool)) (GCSettings, error) {
	var z GCConfig
	if c == nil {
		c = &z
	}
	s := GCSettings{Percent: DefaultGCPercent, PercentFrom: "default",
		MemoryLimit: DefaultGCMemoryLimitMiB << 20, MemoryLimitFrom: "default"}
	switch {
	case c.Percent != 0:
		if c.Percent < minGCPercent || c.Percent > maxGCPercent {
			return s, fmt.Errorf("%w: gc.percent is %d, want %d–%d (or 0 for the default %d)", ErrBadGCConfig, c.Percent, minGCPercent, maxGCPercent, DefaultGCPercent)
		}
		s.Percent, s.PercentFrom = c.Percent, "config"
	case envSet(lookupEnv, "GOGC"):
		s.Percent, s.PercentFrom = 0, "env"
	}
	switch {
	case c.MemoryLimitMiB == -1:
		s.MemoryLimit, s.MemoryLimitFrom = math.MaxInt64, "config"
	case c.MemoryLimitMiB != 0:
		if c.MemoryLimitMiB < minGCMemoryLimitMiB || c.MemoryLimitMiB > math.MaxInt64>>20 {
			return s, fmt.Errorf("%w: gc.memory_limit_mib is %d, want at least %d (or 0 for the default %d, -1 for none)", ErrBadGCConfig, c.MemoryLimitMiB, minGCMemoryLimitMiB, DefaultGCMemoryLimitMiB)
		}
		s.MemoryLimit, s.MemoryLimitFrom = c.MemoryLimitMiB<<20, "config"
	case envSet(lookupEnv, "GOMEMLIMIT"):
		s.MemoryLimit, s.MemoryLimitFrom = 0, "env"
	}
	return s, nil
}

func envSet(lookupEnv func(string) (string, bool), name string) bool {
	if lookupEnv == nil {
		return false
	}
	v, ok := lookupEnv(name)
	return ok && v != ""
}

// Apply sets the process's collector; values that come from the
// environment are left as the runtime already read them. It is for a node
// process's entry point (govchain start, dev): the settings are
// process-wide.
func (s GCSettings) Apply() {
	if s.PercentFrom != "env" {
		debug.SetGCPercent(s.Percent)
	}
	if s.MemoryLimitFrom != "env" {
		debug.SetMemoryLimit(s.MemoryLimit)
	}
}

// ApplyGC resolves c's "gc" section against the environment and applies it.
func (c *AppConfig) ApplyGC() (GCSettings, error) {
	s, err := c.GC.Resolve(os.LookupEnv)
	if err != nil {
		return s, err
	}
	s.Apply()
	return s, nil
}
