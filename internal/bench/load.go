package bench

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/pingshan/govchain/internal/cryptosuite"
	"github.com/pingshan/govchain/internal/tx"
)

// Phases a tx can be sent in.
const (
	phaseNone uint32 = iota
	phaseSaturation
	phaseSteady
)

// txRec is one pre-built tx and what happened to it. Times are nanoseconds
// since the run's epoch; 0 means "not yet".
type txRec struct {
	b64    string
	phase  atomic.Uint32 // phase of the last send; phaseNone = never sent
	submit atomic.Int64  // start of the last send
	accept atomic.Bool   // CheckTx took it
	commit atomic.Int64  // first seen in a block on node 0
	code   atomic.Uint32 // its block result code
	coded  atomic.Bool   // code is known
}

func (r *txRec) haveCode() bool { return r.coded.Load() }

// txIndex finds a block tx's record by CometBFT's tx hash (SHA-256).
type txIndex struct {
	mu sync.RWMutex
	m  map[[32]byte]*txRec
}

func (ix *txIndex) add(recs []*txRec, hashes [][32]byte) {
	ix.mu.Lock()
	for i, r := range recs {
		ix.m[hashes[i]] = r
	}
	ix.mu.Unlock()
}

func (ix *txIndex) get(h [32]byte) *txRec {
	ix.mu.RLock()
	r := ix.m[h]
	ix.mu.RUnlock()
	return r
}

func (ix *txIndex) size() int {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return len(ix.m)
}

// account is one sender: its txs in sequence order and where they go.
type account struct {
	id     int
	node   int
	rpc    *rpcClient
	key    cryptosuite.PrivateKey // nil for kvstore
	addr   string
	next   uint64   // next sequence to build
	queue  []*txRec // built txs; queue[cursor:] not yet accepted, in order
	cursor int
}

// builder makes the txs of one app.
type builder struct {
	app     string
	chainID string
	txSize  int // kvstore txs are padded to the govchain tx size
	ix      *txIndex
}

// build appends n txs to a's queue.
func (b *builder) build(a *account, n int) error {
	recs := make([]*txRec, n)
	hashes := make([][32]byte, n)
	for i := 0; i < n; i++ {
		raw, err := b.one(a)
		if err != nil {
			return err
		}
		hashes[i] = sha256.Sum256(raw)
		recs[i] = &txRec{b64: b64.EncodeToString(raw)}
	}
	b.ix.add(recs, hashes)
	a.queue = append(a.queue, recs...)
	return nil
}

func (b *builder) one(a *account) ([]byte, error) {
	var rnd [32]byte
	_, _ = rand.Read(rnd[:])
	seq := a.next
	a.next++
	if b.app == AppKVStore {
		// "key=value" with a unique key; padded to the size of a govchain tx
		// so both apps move the same bytes.
		k := fmt.Sprintf("bench%03d.%09d.%s", a.id, seq, hex.EncodeToString(rnd[:8]))
		v := hex.EncodeToString(rnd[8:])
		for len(k)+1+len(v) < b.txSize {
			v += "0"
		}
		return []byte(k + "=" + v), nil
	}
	payload := []byte(`{"doc_hash":"` + hex.EncodeToString(rnd[:]) + `","title":"bench"}`)
	return tx.Build(a.key, a.addr, b.chainID, seq, "notary", "anchor", payload)
}

// buildAll gives every account n more txs, in parallel over the CPUs.
func (b *builder) buildAll(accts []*account, n int) error {
	var wg sync.WaitGroup
	errs := make(chan error, len(accts))
	work := make(chan *account)
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for a := range work {
				if err := b.build(a, n); err != nil {
					errs <- err
				}
			}
		}()
	}
	for _, a := range accts {
		work <- a
	}
	close(work)
	wg.Wait()
	close(errs)
	return <-errs
}

// loadStats are counted while submitting.
type loadStats struct {
	mu        sync.Mutex
	refusals  map[string]int    // refused sends by reason (a tx may be retried)
	samples   map[string]string // one full message per reason
	requests  atomic.Int64      // HTTP requests
	httpErrs  atomic.Int64
	extended  atomic.Int64 // txs built during a phase because the pre-built ran out
	batchSize atomic.Int64 // sum of batch sizes, for the average
}

func (s *loadStats) refused(reason, msg string, n int) {
	s.mu.Lock()
	s.refusals[reason] += n
	if _, ok := s.samples[reason]; !ok {
		s.samples[reason] = msg
	}
	s.mu.Unlock()
}

// submitter sends the accounts' txs.
type submitter struct {
	// reqCtx bounds HTTP requests. It outlives a phase: a batch under way
	// when its phase ends completes and is booked, so no tx goes missing.
	reqCtx      context.Context
	epoch       time.Time
	b           *builder
	inflight    atomic.Int64 // accepted (or being sent) and not yet seen committed
	maxInflight int64
	batch       int
	stats       *loadStats
}

func (s *submitter) now() int64 { return int64(time.Since(s.epoch)) }

// reserve takes up to n in-flight slots, returning how many it got.
func (s *submitter) reserve(n int) int {
	for {
		cur := s.inflight.Load()
		room := s.maxInflight - cur
		if room <= 0 {
			return 0
		}
		if int64(n) > room {
			n = int(room)
		}
		if s.inflight.CompareAndSwap(cur, cur+int64(n)) {
			return n
		}
	}
}

// ensure makes sure a has n unsent txs, building more if the pre-built
// supply ran out (counted: building competes with the nodes for CPU).
func (s *submitter) ensure(a *account, n int) error {
	have := len(a.queue) - a.cursor
	if have >= n {
		return nil
	}
	more := n - have
	if more < 64 {
		more = 64
	}
	s.stats.extended.Add(int64(more))
	return s.b.build(a, more)
}

// send submits queue[cursor:cursor+n] as one batch and books the outcome.
// Accepted txs leave the queue; refused ones stay at its head, in order,
// to be retried.
func (s *submitter) send(a *account, n int, phase uint32) (accepted int) {
	recs := a.queue[a.cursor : a.cursor+n]
	txs := make([]string, n)
	t0 := s.now()
	for i, r := range recs {
		txs[i] = r.b64
		r.phase.Store(phase)
		r.submit.Store(t0)
	}
	s.stats.requests.Add(1)
	s.stats.batchSize.Add(int64(n))
	res, err := a.rpc.broadcastBatch(s.reqCtx, txs)
	if err != nil {
		// The node may have taken some: a retry then answers "already in
		// cache", which counts as accepted.
		s.stats.httpErrs.Add(1)
		if s.reqCtx.Err() == nil {
			s.stats.refused("http: "+normaliseReason(err.Error()), err.Error(), n)
		}
		s.inflight.Add(-int64(n))
		return 0
	}
	var refused []*txRec
	for i, r := range recs {
		if res[i].ok {
			r.accept.Store(true)
			accepted++
			continue
		}
		s.stats.refused(res[i].reason, res[i].msg, 1)
		refused = append(refused, r)
	}
	s.inflight.Add(-int64(len(refused)))
	// Keep the refused at the head, in order.
	a.cursor += accepted
	copy(a.queue[a.cursor:], refused)
	return accepted
}

// saturate offers as much as the nodes take, bounded by the in-flight cap.
func (s *submitter) saturate(ctx context.Context, a *account) {
	for ctx.Err() == nil {
		if err := s.ensure(a, s.batch); err != nil {
			return
		}
		n := s.reserve(s.batch)
		if n == 0 {
			sleep(ctx, 2*time.Millisecond)
			continue
		}
		if s.send(a, n, phaseSaturation) < n {
			// Refused (mempool full, …): back off a little.
			sleep(ctx, 20*time.Millisecond)
		}
	}
}

// steady sends rate/accounts txs per second from each account, one batch
// per tick; ticks are staggered over the accounts.
func (s *submitter) steady(ctx context.Context, a *account, perAccount float64, start time.Time, tick, offset time.Duration) {
	sleep(ctx, offset)
	sent := 0
	for ctx.Err() == nil {
		due := int(perAccount*time.Since(start).Seconds()) - sent
		if due > 0 {
			if due > 4*s.batch {
				due = 4 * s.batch
			}
			if err := s.ensure(a, due); err != nil {
				return
			}
			s.inflight.Add(int64(due))
			sent += s.send(a, due, phaseSteady)
		}
		sleep(ctx, tick)
	}
}

func sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}
