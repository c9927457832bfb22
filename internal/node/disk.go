package node

import (
	"context"
	"fmt"
	"log/slog"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/pingshan/govchain/internal/errcode"
)

// ErrDiskLow: the node's data disk has less free space than its watermark
// (govchain.json "disk": {"min_free_bytes": …}); it takes no new
// transactions until space is freed, so a full disk never stops it in the
// middle of a block.
var ErrDiskLow = errcode.Register("node", 3, errcode.KindUnavailable, "the node's disk is below its free-space watermark: it takes no new transactions")

// DefaultMinFreeBytes is the watermark when govchain.json sets none:
// 512 MiB. Blocks from the other validators are still written below it
// (consensus cannot wait), so it should hold several hours of the chain's
// growth; operators set it from their own load (docs/operations.md).
const DefaultMinFreeBytes = 512 << 20

// diskCheckEvery is how often the free space is measured.
const diskCheckEvery = 5 * time.Second

// diskGuard measures the free space of the data directory and raises the
// alarm (a metric, a log line, refusals) below the watermark.
type diskGuard struct {
	dir  string
	min  uint64
	free func(dir string) (uint64, error) // statfs; tests inject their own
	log  *slog.Logger

	low       atomic.Bool
	lastFree  atomic.Uint64
	freeBytes prometheus.Gauge
	lowGauge  prometheus.Gauge
	refused   prometheus.Counter
}

func newDiskGuard(dir string, min uint64, reg prometheus.Registerer, lg *slog.Logger) *diskGuard {
	g := &diskGuard{dir: dir, min: min, free: statfsFree, log: lg,
		freeBytes: prometheus.NewGauge(prometheus.GaugeOpts{Namespace: "govchain", Name: "disk_free_bytes", Help: "Free bytes on the data directory's file system (for an unprivileged process)."}),
		lowGauge:  prometheus.NewGauge(prometheus.GaugeOpts{Namespace: "govchain", Name: "disk_low", Help: "1 while free space is below disk.min_free_bytes and new transactions are refused."}),
		refused:   prometheus.NewCounter(prometheus.CounterOpts{Namespace: "govchain", Name: "disk_refused_txs_total", Help: "Transactions refused because free space was below the watermark."}),
	}
	reg.MustRegister(g.freeBytes, g.lowGauge, g.refused,
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Namespace: "govchain", Name: "disk_min_free_bytes", Help: "The free-space watermark (disk.min_free_bytes)."},
			func() float64 { return float64(min) }))
	return g
}

func statfsFree(dir string) (uint64, error) {
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		return 0, err
	}
	return st.Bavail * uint64(st.Bsize), nil
}

// check measures once and logs a crossing of the watermark either way.
func (g *diskGuard) check() {
	free, err := g.free(g.dir)
	if err != nil {
		g.log.Warn("cannot measure the data disk's free space", "dir", g.dir, "err", err)
		return
	}
	g.lastFree.Store(free)
	g.freeBytes.Set(float64(free))
	low := g.min > 0 && free < g.min
	if low {
		g.lowGauge.Set(1)
	} else {
		g.lowGauge.Set(0)
	}
	switch was := g.low.Swap(low); {
	case low && !was:
		g.log.Error("DISK LOW: free space below the watermark; refusing new transactions until space is freed",
			"dir", g.dir, "free_bytes", free, "min_free_bytes", g.min)
	case !low && was:
		g.log.Info("disk free space back above the watermark; taking transactions again", "dir", g.dir, "free_bytes", free, "min_free_bytes", g.min)
	}
}

// run measures every diskCheckEvery until ctx ends.
func (g *diskGuard) run(ctx context.Context) {
	t := time.NewTicker(diskCheckEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			g.check()
		}
	}
}

// admit refuses a new transaction while the disk is low.
func (g *diskGuard) admit() error {
	if g == nil || !g.low.Load() {
		return nil
	}
	g.refused.Inc()
	return fmt.Errorf("%w: %d bytes free on %s, watermark %d", ErrDiskLow, g.lastFree.Load(), g.dir, g.min)
}

// DiskLow reports whether the node refuses transactions for lack of disk.
func (n *Node) DiskLow() bool {
	return n.ops != nil && n.ops.disk != nil && n.ops.disk.low.Load()
}
