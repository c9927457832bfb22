package bench

import (
	"context"
	"crypto/sha256"
	"sync"
	"sync/atomic"
	"time"
)

// blockStat is one block as the watcher saw it on node 0.
type blockStat struct {
	height int64
	seen   int64 // ns since epoch when node 0's /status first showed it
	txs    int
	ok     int // txs with result code 0
	ours   int // txs the benchmark sent
}

// watcher follows node 0: a poller notes when each height first appears
// (that is the commit time a client would observe), and a fetcher reads
// the block and its results, matching txs to the benchmark's records by
// hash. Splitting the two keeps the commit times honest while a large block
// is being downloaded.
type watcher struct {
	rpc      *rpcClient
	ix       *txIndex
	sub      *submitter
	epoch    time.Time
	interval time.Duration

	mu      sync.Mutex
	seen    map[int64]int64
	blocks  []blockStat
	latest  atomic.Int64 // highest height seen by the poller
	done    atomic.Int64 // highest height fully processed
	fetchNs atomic.Int64 // time spent fetching blocks
	errs    atomic.Int64
	lastErr atomic.Value // string
	wake    chan struct{}
}

func newWatcher(rpc *rpcClient, ix *txIndex, sub *submitter, epoch time.Time, from int64) *watcher {
	w := &watcher{rpc: rpc, ix: ix, sub: sub, epoch: epoch, interval: 20 * time.Millisecond,
		seen: map[int64]int64{}, wake: make(chan struct{}, 1)}
	w.latest.Store(from)
	w.done.Store(from)
	return w
}

func (w *watcher) run(ctx context.Context) {
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); w.poll(ctx) }()
	go func() { defer wg.Done(); w.fetch(ctx) }()
	wg.Wait()
}

func (w *watcher) poll(ctx context.Context) {
	t := time.NewTicker(w.interval)
	defer t.Stop()
	for {
		cctx, cancel := context.WithTimeout(ctx, 2*time.Second)
		h, err := w.rpc.height(cctx)
		cancel()
		now := int64(time.Since(w.epoch))
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			w.errs.Add(1)
			w.lastErr.Store("status: " + err.Error())
		} else if last := w.latest.Load(); h > last {
			w.mu.Lock()
			for k := last + 1; k <= h; k++ {
				w.seen[k] = now
			}
			w.mu.Unlock()
			w.latest.Store(h)
			select {
			case w.wake <- struct{}{}:
			default:
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func (w *watcher) fetch(ctx context.Context) {
	for ctx.Err() == nil {
		h := w.done.Load() + 1
		if h > w.latest.Load() {
			select {
			case <-ctx.Done():
				return
			case <-w.wake:
			}
			continue
		}
		start := time.Now()
		txs, codes, err := w.rpc.blockTxs(ctx, h)
		w.fetchNs.Add(int64(time.Since(start)))
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			w.errs.Add(1)
			w.lastErr.Store(err.Error())
			sleep(ctx, 50*time.Millisecond)
			continue
		}
		w.mu.Lock()
		seen := w.seen[h]
		delete(w.seen, h)
		w.mu.Unlock()
		if seen == 0 {
			seen = int64(time.Since(w.epoch))
		}
		bs := blockStat{height: h, seen: seen, txs: len(txs)}
		for i, raw := range txs {
			if codes[i] == 0 {
				bs.ok++
			}
			r := w.ix.get(sha256.Sum256(raw))
			if r == nil {
				continue
			}
			bs.ours++
			r.code.Store(codes[i])
			if r.commit.CompareAndSwap(0, seen) {
				w.sub.inflight.Add(-1)
			}
		}
		w.mu.Lock()
		w.blocks = append(w.blocks, bs)
		w.mu.Unlock()
		w.done.Store(h)
	}
}

// snapshot copies the blocks processed so far.
func (w *watcher) snapshot() []blockStat {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]blockStat(nil), w.blocks...)
}

// caughtUp waits until the fetcher has processed every height the poller
// has seen (or ctx ends).
func (w *watcher) caughtUp(ctx context.Context) {
	for ctx.Err() == nil && w.done.Load() < w.latest.Load() {
		sleep(ctx, 10*time.Millisecond)
	}
}
