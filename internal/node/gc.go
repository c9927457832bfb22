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
// Go's default (GOGC=100) collects each time the heap doubles over what the
// last collection kept. A node's live heap is mostly long-lived caches (the
// IAVL node cache, parsed keys, the mempool) while each block churns
// short-lived garbage in proportion to its txs, so at 100 the collector
// rescans the same caches several times per block: 7–12 % of node CPU in
// docs/benchmarks.md. At GOGC=200 it collects half as often. Going further
// (300 was tried) bought no more: the larger heap is fresh memory the
// kernel must fault in and the runtime must zero, which ate the saving,
// and peak RSS grew by half ("CPU per tx, fourth pass" in
// docs/benchmarks.md). The soft memory limit keeps the headroom from
// turning into unbounded growth: near it the collector runs as often as
// needed to stay under it (GOGC is then ignored). A node settles below
// ~1 GiB (docs/operations.md), well under the 2 GiB default.
const (
	DefaultGCPercent        = 200
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
