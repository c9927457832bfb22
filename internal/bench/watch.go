package bench

import (
	"context"
	"crypto/sha256"
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

// blockStat is one block as the watcher saw it on node 0.
type blockStat struct {
	height int64
	seen   int64 // ns since epoch when node 0's app reported it committed
	txs    int
	ours   []*txRec // the txs the benchmark sent, in block order
	ok     int      // txs with result code 0 (known after results())
	round  int      // consensus round it was committed in (0: first try)
	haveOK bool
}

// watcher follows node 0. A poller asks the app (ABCI Info, via
// /abci_info) for its last committed height every few milliseconds and
// notes when each height first appears: that is when a client could first
// read the tx's result. A fetcher reads each block (/block) and matches its
// txs to the benchmark's records by hash. Splitting the two keeps commit
// times honest while a large block downloads. Result codes come from
// /block_results after the load (results()): encoding them is heavy for the
// node and would otherwise be charged to node 0 during the measurement.
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

func (w *watcher) fail(err error) {
	w.errs.Add(1)
	w.lastErr.Store(err.Error())
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
		cctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		h, _, err := w.rpc.abciInfo(cctx)
		cancel()
		now := int64(time.Since(w.epoch))
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			w.fail(err)
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
		txs, prevRound, err := w.rpc.blockTxs(ctx, h)
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			w.fail(err)
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
		for _, raw := range txs {
			r := w.ix.get(sha256.Sum256(raw))
			bs.ours = append(bs.ours, r) // nil for a tx not ours
			if r != nil && r.commit.CompareAndSwap(0, seen) {
				w.sub.inflight.Add(-1)
			}
		}
		w.mu.Lock()
		if n := len(w.blocks); n > 0 && w.blocks[n-1].height == h-1 {
			w.blocks[n-1].round = prevRound
		}
		w.blocks = append(w.blocks, bs)
		w.mu.Unlock()
		w.done.Store(h)
	}
}

// results fetches every non-empty block's result codes (after the load).
func (w *watcher) results(ctx context.Context) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	for i := range w.blocks {
		b := &w.blocks[i]
		if b.txs == 0 {
			continue
		}
		codes, err := w.rpc.resultCodes(ctx, b.height)
		if err != nil {
			return err
		}
		if len(codes) != b.txs {
			return fmt.Errorf("block %d: %d txs but %d results", b.height, b.txs, len(codes))
		}
		b.ok, b.haveOK = 0, true
		for j, c := range codes {
			if c == 0 {
				b.ok++
			}
			if r := b.ours[j]; r != nil {
				r.code.Store(c)
				r.coded.Store(true)
			}
		}
	}
	return nil
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
