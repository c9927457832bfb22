// Package bench measures a govchain network end to end: it starts N
// validator processes on 127.0.0.1 (internal/testnet), drives signed
// transactions from many accounts through CometBFT's RPC — first at
// saturation, then at a steady rate — watches node 0's blocks for their
// commits, and reports committed throughput, commit latency and whether
// every node reached the same app hash. With App = "kvstore" the identical
// harness runs against CometBFT's example kvstore app, as a baseline.
package bench

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/pingshan/govchain/internal/cryptosuite"
	"github.com/pingshan/govchain/internal/network"
	"github.com/pingshan/govchain/internal/node"
	"github.com/pingshan/govchain/internal/testnet"
	"github.com/pingshan/govchain/internal/tx"

	cfg "github.com/cometbft/cometbft/config"
)

// Apps the benchmark can drive.
const (
	AppGovchain = "govchain"
	AppKVStore  = "kvstore"
)

// ChainID of benchmark networks.
const ChainID = "govchain-bench"

// Config describes one run.
type Config struct {
	// Bin is the govchain binary the nodes run.
	Bin        string
	Validators int
	// Duration is split evenly between the saturation and steady phases.
	Duration time.Duration
	Suite    string
	// App is "govchain" or "kvstore".
	App string
	// Accounts send txs; account i sends, in sequence order, to node i%N.
	Accounts      int
	TimeoutCommit time.Duration
	// Rate fixes the steady phase's offered load (tx/s); 0 means half of
	// the committed rate measured at saturation.
	Rate float64
	// MaxInflight bounds txs accepted but not yet committed during
	// saturation: enough to keep blocks full, few enough that the mempool
	// does not spend its time re-checking a huge backlog.
	MaxInflight int
	// BlockMaxBytes is the genesis block.max_bytes (0: network default).
	BlockMaxBytes int64
	// Batch is the most txs in one JSON-RPC batch request.
	Batch int
	// Tick is how often each account sends a batch in the steady phase.
	Tick time.Duration
	// Dir is where the temporary network directory is made ("" = os.TempDir).
	Dir string
	// Keep leaves the network directory in place.
	Keep bool
	// PprofDir, when set, serves pprof on node 0 and saves a CPU profile of
	// it taken during the saturation phase there.
	PprofDir string
	// Progress receives a line per step (nil: silent).
	Progress io.Writer
}

// Phase is one load phase's figures.
type Phase struct {
	DurationS float64 `json:"duration_s"`
	// OfferedRate is the steady phase's target rate (tx/s).
	OfferedRate float64 `json:"offered_rate,omitempty"`
	// Submitted counts distinct txs sent in the phase; Accepted those that
	// passed CheckTx; Committed those in a block with code 0 (by the end of
	// the run); Failed those in a block with a non-zero code.
	Submitted   int     `json:"submitted"`
	Accepted    int     `json:"accepted"`
	Committed   int     `json:"committed"`
	Failed      int     `json:"failed"`
	Uncommitted int     `json:"uncommitted"`
	SubmitTPS   float64 `json:"submit_tps"`
	// DrainS is how long the phase's accepted txs took to commit after it
	// ended (capped at 30 s).
	DrainS float64 `json:"drain_s"`
	// Blocks is what node 0 committed during the phase (after warm-up for
	// saturation); CommittedTPS is the committed rate over those blocks.
	Blocks  window  `json:"blocks"`
	Latency Latency `json:"latency_ms"`
	// CPU used by all node processes and by the benchmark client.
	NodeCPUSeconds   float64 `json:"node_cpu_s"`
	ClientCPUSeconds float64 `json:"client_cpu_s"`
	// OtherCPUSeconds is what the rest of the machine used meanwhile:
	// anything large means the figures were taken on a busy machine.
	OtherCPUSeconds float64 `json:"other_cpu_s"`
	// NodeCPUPerTxUs is node CPU per committed tx, all nodes together.
	NodeCPUPerTxUs float64 `json:"node_cpu_us_per_tx,omitempty"`
	// NodePeakRSSMiB is the largest node's peak resident memory since it
	// started, read at the end of the phase (Linux VmHWM; 0 elsewhere).
	NodePeakRSSMiB float64 `json:"node_peak_rss_mib,omitempty"`
}

// NodeHash is one node's app state at the check.
type NodeHash struct {
	Node    int    `json:"node"`
	Height  int64  `json:"height"`
	AppHash string `json:"app_hash"`
}

// AppHashCheck says whether all nodes hold the same state at one height.
type AppHashCheck struct {
	Agree   bool       `json:"agree"`
	Height  int64      `json:"height"`
	AppHash string     `json:"app_hash"`
	Nodes   []NodeHash `json:"nodes"`
}

// Result is what a run reports (`govchain bench --json`).
type Result struct {
	App             string  `json:"app"`
	Validators      int     `json:"validators"`
	Suite           string  `json:"suite"`
	Accounts        int     `json:"accounts"`
	DurationS       float64 `json:"duration_s"`
	TimeoutCommitMs int64   `json:"timeout_commit_ms"`
	MaxInflight     int     `json:"max_inflight"`
	Batch           int     `json:"batch"`
	TxBytes         float64 `json:"tx_bytes"`

	// Totals over both phases.
	Submitted   int            `json:"submitted"`
	Committed   int            `json:"committed"`
	Failed      int            `json:"failed"`
	FailedCodes map[uint32]int `json:"failed_codes,omitempty"`
	Refused     int            `json:"refused"`
	SuccessRate float64        `json:"success_rate"`
	// CommittedTPS is the saturation phase's committed rate; Latency the
	// steady phase's commit latency (submit → block seen on node 0).
	CommittedTPS float64 `json:"committed_tps"`
	Latency      Latency `json:"latency_ms"`

	Saturation Phase `json:"saturation"`
	Steady     Phase `json:"steady"`

	// Refusals counts refused sends by reason (a refused tx is retried, so
	// one tx may count more than once).
	Refusals     map[string]int    `json:"refusals,omitempty"`
	RefusalLogs  map[string]string `json:"refusal_examples,omitempty"`
	HTTPRequests int64             `json:"http_requests"`
	AvgBatch     float64           `json:"avg_batch"`
	StartHeight  int64             `json:"start_height"`
	EndHeight    int64             `json:"end_height"`
	Blocks       int               `json:"blocks"`
	EmptyBlocks  int               `json:"empty_blocks"`
	ExtraRounds  int               `json:"blocks_with_extra_rounds"`
	AvgTxsPerBlk float64           `json:"avg_txs_per_nonempty_block"`
	AppHash      AppHashCheck      `json:"app_hash"`
	Prebuilt     struct {
		Txs      int     `json:"txs"`
		Seconds  float64 `json:"seconds"`
		Extended int64   `json:"built_during_load"`
	} `json:"prebuilt"`
	WatcherErrors    int64   `json:"watcher_errors,omitempty"`
	WatcherLastError string  `json:"watcher_last_error,omitempty"`
	Machine          Machine `json:"machine"`
	Dir              string  `json:"dir,omitempty"`
	Profile          string  `json:"profile,omitempty"`
	WallSeconds      float64 `json:"wall_s"`
}

func (c *Config) defaults() error {
	if c.Validators < 1 {
		c.Validators = 4
	}
	if c.Duration <= 0 {
		c.Duration = 30 * time.Second
	}
	if c.Suite == "" {
		c.Suite = cryptosuite.GM
	}
	if c.App == "" {
		c.App = AppGovchain
	}
	if c.App != AppGovchain && c.App != AppKVStore {
		return fmt.Errorf("unknown app %q (govchain or kvstore)", c.App)
	}
	if _, err := cryptosuite.ByName(c.Suite); err != nil {
		return err
	}
	if c.Accounts < 1 {
		c.Accounts = 64
	}
	if c.TimeoutCommit <= 0 {
		c.TimeoutCommit = DefaultTimeoutCommit
	}
	if c.MaxInflight <= 0 {
		c.MaxInflight = DefaultMaxInflight
	}
	if c.Batch <= 0 {
		c.Batch = 100
	}
	if c.Tick <= 0 {
		c.Tick = 100 * time.Millisecond
	}
	if c.Progress == nil {
		c.Progress = io.Discard
	}
	if c.Bin == "" {
		return errors.New("no govchain binary given")
	}
	return nil
}

// Defaults chosen by measurement (docs/benchmarks.md).
const (
	DefaultTimeoutCommit = 200 * time.Millisecond
	DefaultMaxInflight   = 8000
)

// Run performs one benchmark.
func Run(ctx context.Context, c Config) (*Result, error) {
	if err := c.defaults(); err != nil {
		return nil, err
	}
	wall := time.Now()
	logf := func(format string, args ...any) {
		fmt.Fprintf(c.Progress, "bench: "+format+"\n", args...)
	}
	res := &Result{App: c.App, Validators: c.Validators, Suite: c.Suite, Accounts: c.Accounts,
		DurationS: c.Duration.Seconds(), TimeoutCommitMs: c.TimeoutCommit.Milliseconds(),
		MaxInflight: c.MaxInflight, Batch: c.Batch, Machine: machine()}

	dir, err := os.MkdirTemp(c.Dir, "govchain-bench-")
	if err != nil {
		return nil, err
	}
	if c.Keep {
		res.Dir = dir
	} else {
		defer os.RemoveAll(dir)
	}
	nw, err := testnet.Create(c.Bin, dir, network.Options{ChainID: ChainID, Validators: c.Validators, Suite: c.Suite,
		ClientAccounts: c.Accounts, TxIndex: "null", KeepABCIResponses: true, TimeoutCommit: c.TimeoutCommit, BlockMaxBytes: c.BlockMaxBytes})
	if err != nil {
		return nil, err
	}
	if c.App == AppKVStore {
		nw.Baseline = AppKVStore
	}
	pprofAddr, err := tuneConfigs(nw, c.PprofDir != "")
	if err != nil {
		return nil, err
	}
	logf("%d %s validators (suite %s, timeout_commit %v) in %s", c.Validators, c.App, c.Suite, c.TimeoutCommit, dir)
	if err := nw.StartAll(); err != nil {
		nw.Shutdown()
		return nil, err
	}
	defer nw.Shutdown()

	tr := newTransport(c.Accounts + 8)
	defer tr.CloseIdleConnections()
	rpcs := make([]*rpcClient, len(nw.Nodes))
	for i, n := range nw.Nodes {
		rpcs[i] = newRPC(n.RPC, tr)
	}
	if err := waitHeight(ctx, nw, rpcs, 2, 90*time.Second); err != nil {
		return nil, err
	}

	// Accounts and their pre-built txs.
	ix := &txIndex{m: map[[32]byte]*txRec{}}
	b := &builder{app: c.App, chainID: ChainID, ix: ix}
	accts := make([]*account, c.Accounts)
	var keys []cryptosuite.PrivateKey
	if c.App == AppGovchain {
		if keys, err = nw.ClientKeys(); err != nil {
			return nil, err
		}
		if len(keys) < c.Accounts {
			return nil, fmt.Errorf("%d client keys, want %d", len(keys), c.Accounts)
		}
	}
	for i := range accts {
		a := &account{id: i, node: i % len(rpcs)}
		a.rpc = rpcs[a.node]
		if keys != nil {
			a.key = keys[i]
			a.addr = cryptosuite.Address(nw.Suite, keys[i].Public())
		}
		accts[i] = a
	}
	size, verify, err := probeTx(nw.Suite)
	if err != nil {
		return nil, err
	}
	b.txSize = size
	satDur := c.Duration / 2
	steadyDur := c.Duration - satDur
	// Pre-build enough for saturation: an upper bound on what the nodes
	// can verify (every node verifies every tx once) with a margin, or a
	// generous fixed rate for kvstore.
	budgetRate := 15000.0
	if c.App == AppGovchain {
		budgetRate = 1.5 * float64(res.Machine.CPUs) / (float64(c.Validators) * verify.Seconds())
	}
	perAcct := int(math.Ceil(budgetRate * satDur.Seconds() / float64(c.Accounts)))
	if max := 300_000 / c.Accounts; perAcct > max {
		perAcct = max
	}
	if perAcct < 2*c.Batch {
		perAcct = 2 * c.Batch
	}
	t0 := time.Now()
	if err := b.buildAll(accts, perAcct); err != nil {
		return nil, err
	}
	res.Prebuilt.Seconds = round(time.Since(t0).Seconds(), 2)
	logf("pre-built %d txs of ~%d bytes in %.1fs", ix.size(), size, res.Prebuilt.Seconds)

	// Watch node 0 from here on.
	startH, err := rpcs[0].height(ctx)
	if err != nil {
		return nil, err
	}
	res.StartHeight = startH
	epoch := time.Now()
	stats := &loadStats{refusals: map[string]int{}, samples: map[string]string{}}
	sub := &submitter{reqCtx: ctx, epoch: epoch, b: b, maxInflight: int64(c.MaxInflight), batch: c.Batch, stats: stats}
	w := newWatcher(rpcs[0], ix, sub, epoch, startH)
	wctx, stopWatch := context.WithCancel(ctx)
	var wwg sync.WaitGroup
	wwg.Add(1)
	go func() { defer wwg.Done(); w.run(wctx) }()
	defer func() { stopWatch(); wwg.Wait() }()

	meter := newCPUMeter(nw)

	// Phase 1: saturation.
	logf("saturation for %v (at most %d txs in flight)", satDur, c.MaxInflight)
	satStart := sub.now()
	meter.start()
	var profErr error
	var pwg sync.WaitGroup
	if pprofAddr != "" {
		pwg.Add(1)
		go func() {
			defer pwg.Done()
			res.Profile, profErr = captureProfile(ctx, pprofAddr, c.PprofDir, c.App+"-"+c.Suite+"-saturation", satDur)
		}()
	}
	runPhase(ctx, satDur, accts, func(pctx context.Context, a *account) { sub.saturate(pctx, a) })
	satEnd := sub.now()
	meter.stop(&res.Saturation)
	pwg.Wait()
	if profErr != nil {
		logf("profile: %v", profErr)
	}
	w.caughtUp(ctx)
	warm := int64(satDur) / 5
	if warm > int64(2*time.Second) {
		warm = int64(2 * time.Second)
	}
	res.Saturation.DurationS = round(float64(satEnd-satStart)/1e9, 2)
	logf("draining the saturation backlog (%d in flight)", sub.inflight.Load())
	res.Saturation.DrainS = drain(ctx, sub, w, 30*time.Second)
	w.caughtUp(ctx)
	peak, how := saturationRate(w.snapshot(), accts, satStart, satStart+warm, satEnd)
	logf("saturation: %.0f committed tx/s (%s)", peak, how)

	// Phase 2: steady at half the peak (or the given rate).
	rate := c.Rate
	if rate <= 0 {
		rate = math.Max(1, math.Floor(peak/2))
	}
	res.Steady.OfferedRate = rate
	need := int(math.Ceil(rate*steadyDur.Seconds()/float64(c.Accounts)*1.1)) + 4
	var more []*account
	for _, a := range accts {
		if len(a.queue)-a.cursor < need {
			more = append(more, a)
		}
	}
	t0 = time.Now()
	if len(more) > 0 {
		// Accounts differ little in what is left; build them all to need.
		left := len(more[0].queue) - more[0].cursor
		for _, a := range more {
			if l := len(a.queue) - a.cursor; l < left {
				left = l
			}
		}
		if err := b.buildAll(more, need-left); err != nil {
			return nil, err
		}
	}
	res.Prebuilt.Seconds += round(time.Since(t0).Seconds(), 2)
	res.Prebuilt.Txs = ix.size()

	logf("steady at %.0f tx/s for %v", rate, steadyDur)
	steadyStart := sub.now()
	startT := time.Now()
	tick := c.Tick
	meter.start()
	if pprofAddr != "" {
		pwg.Add(1)
		go func() {
			defer pwg.Done()
			if _, err := captureProfile(ctx, pprofAddr, c.PprofDir, c.App+"-"+c.Suite+"-steady", steadyDur); err != nil {
				logf("profile: %v", err)
			}
		}()
	}
	runPhase(ctx, steadyDur, accts, func(pctx context.Context, a *account) {
		sub.steady(pctx, a, rate/float64(c.Accounts), startT, tick, time.Duration(a.id)*tick/time.Duration(c.Accounts))
	})
	steadyEnd := sub.now()
	meter.stop(&res.Steady)
	pwg.Wait()
	res.Steady.DurationS = round(float64(steadyEnd-steadyStart)/1e9, 2)
	logf("waiting for the last txs to commit (%d in flight)", sub.inflight.Load())
	res.Steady.DrainS = drain(ctx, sub, w, 30*time.Second)
	w.caughtUp(ctx)
	stopWatch()
	wwg.Wait()
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	if err := w.results(ctx); err != nil {
		return nil, fmt.Errorf("block results: %w", err)
	}
	blocks := w.snapshot()
	res.Saturation.Blocks = measureWindow(blocks, satStart+warm, satEnd)
	if res.Saturation.Blocks.Blocks < 3 {
		res.Saturation.Blocks.CommittedTPS, res.Saturation.Blocks.Estimate = saturationRate(blocks, accts, satStart, satStart+warm, satEnd)
	}
	res.Steady.Blocks = measureWindow(blocks, steadyStart, steadyEnd)

	// Tally every tx.
	res.tally(accts, blocks, satStart, satEnd, steadyStart, steadyEnd)
	res.Saturation.perTx()
	res.Steady.perTx()
	res.Refusals, res.RefusalLogs = stats.refusals, stats.samples
	res.HTTPRequests = stats.requests.Load()
	if res.HTTPRequests > 0 {
		res.AvgBatch = round(float64(stats.batchSize.Load())/float64(res.HTTPRequests), 1)
	}
	res.Prebuilt.Extended = stats.extended.Load()
	res.WatcherErrors = w.errs.Load()
	if e, ok := w.lastErr.Load().(string); ok {
		res.WatcherLastError = e
	}
	res.CommittedTPS = res.Saturation.Blocks.CommittedTPS
	res.Latency = res.Steady.Latency

	// Did every node reach the same state?
	res.AppHash, err = checkAppHash(ctx, rpcs)
	if err != nil {
		return nil, err
	}
	res.Machine.LoadAfter = loadAvg()
	logf("app hash at height %d: agree=%v", res.AppHash.Height, res.AppHash.Agree)
	res.WallSeconds = round(time.Since(wall).Seconds(), 1)
	return res, nil
}

// runPhase runs f for every account until d has passed.
func runPhase(ctx context.Context, d time.Duration, accts []*account, f func(context.Context, *account)) {
	pctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	var wg sync.WaitGroup
	for _, a := range accts {
		wg.Add(1)
		go func(a *account) { defer wg.Done(); f(pctx, a) }(a)
	}
	wg.Wait()
}

// saturationRate is the committed rate at saturation: over the blocks seen
// in the window when there are enough of them; otherwise (a short phase
// holding fewer than three blocks) the phase's committed txs over the time
// from its start to the last one's commit.
func saturationRate(blocks []blockStat, accts []*account, start, from, to int64) (float64, string) {
	if w := measureWindow(blocks, from, to); w.Blocks >= 3 {
		return w.CommittedTPS, fmt.Sprintf("%d blocks, %.0f txs/block", w.Blocks, w.AvgTxsPerBlock)
	}
	var n int
	var last int64
	for _, a := range accts {
		for _, t := range a.queue {
			if t.phase.Load() != phaseSaturation {
				continue
			}
			if c := t.commit.Load(); c > 0 && (!t.haveCode() || t.code.Load() == 0) {
				n++
				if c > last {
					last = c
				}
			}
		}
	}
	if last <= start {
		return 0, "nothing committed"
	}
	return round(float64(n)/(float64(last-start)/1e9), 1), "estimated: saturation txs over the time until the last committed"
}

// drain waits until every accepted tx has been seen committed, or max.
// It returns how long that took, in seconds.
func drain(ctx context.Context, sub *submitter, w *watcher, max time.Duration) float64 {
	start := time.Now()
	dctx, cancel := context.WithTimeout(ctx, max)
	defer cancel()
	for dctx.Err() == nil && sub.inflight.Load() > 0 {
		sleep(dctx, 20*time.Millisecond)
	}
	return round(time.Since(start).Seconds(), 2)
}

func (r *Result) tally(accts []*account, blocks []blockStat, satStart, satEnd, stStart, stEnd int64) {
	var lat [3][]int64
	var bytes, n float64
	for _, a := range accts {
		for _, t := range a.queue {
			ph := t.phase.Load()
			if ph == phaseNone {
				continue
			}
			p := &r.Saturation
			if ph == phaseSteady {
				p = &r.Steady
			}
			bytes += float64(len(t.b64)) * 3 / 4
			n++
			p.Submitted++
			if t.accept.Load() {
				p.Accepted++
			}
			c := t.commit.Load()
			switch {
			case c == 0:
				p.Uncommitted++
			case t.code.Load() != 0:
				p.Failed++
				if r.FailedCodes == nil {
					r.FailedCodes = map[uint32]int{}
				}
				r.FailedCodes[t.code.Load()]++
			default:
				p.Committed++
				lat[ph] = append(lat[ph], c-t.submit.Load())
			}
		}
	}
	r.Saturation.Latency = summarise(lat[phaseSaturation])
	r.Steady.Latency = summarise(lat[phaseSteady])
	if n > 0 {
		r.TxBytes = round(bytes/n, 1)
	}
	for _, p := range []*Phase{&r.Saturation, &r.Steady} {
		if p.DurationS > 0 {
			p.SubmitTPS = round(float64(p.Accepted)/p.DurationS, 1)
		}
		r.Submitted += p.Submitted
		r.Committed += p.Committed
		r.Failed += p.Failed
		r.Refused += p.Submitted - p.Accepted
	}
	if r.Submitted > 0 {
		r.SuccessRate = round(float64(r.Committed)/float64(r.Submitted), 4)
	}
	var txs int
	for _, b := range blocks {
		txs += b.txs
		if b.txs == 0 {
			r.EmptyBlocks++
		}
		if b.round > 0 {
			r.ExtraRounds++
		}
	}
	r.Blocks = len(blocks)
	if len(blocks) > 0 {
		r.EndHeight = blocks[len(blocks)-1].height
		if full := len(blocks) - r.EmptyBlocks; full > 0 {
			r.AvgTxsPerBlk = round(float64(txs)/float64(full), 1)
		}
	}
}

func (p *Phase) perTx() {
	p.NodeCPUSeconds = round(p.NodeCPUSeconds, 2)
	p.ClientCPUSeconds = round(p.ClientCPUSeconds, 2)
	if p.Blocks.Txs > 0 && p.DurationS > 0 {
		// CPU over the phase divided by what the phase committed.
		p.NodeCPUPerTxUs = round(p.NodeCPUSeconds*1e6/(p.Blocks.CommittedTPS*p.DurationS), 1)
	}
}

// cpuMeter measures the CPU the node processes and the client use, and
// what the whole machine used (so other load is visible).
type cpuMeter struct {
	nw                *testnet.Network
	nodes, own, total time.Duration
}

func newCPUMeter(nw *testnet.Network) *cpuMeter { return &cpuMeter{nw: nw} }

func (m *cpuMeter) nodeCPU() (nodes time.Duration) {
	for i := range m.nw.Nodes {
		nodes += procCPU(m.nw.PID(i))
	}
	return nodes
}

func (m *cpuMeter) start() { m.nodes, m.own, m.total = m.nodeCPU(), selfCPU(), machineCPU() }

// stop fills p's CPU figures.
func (m *cpuMeter) stop(p *Phase) {
	nodes, own, total := m.nodeCPU()-m.nodes, selfCPU()-m.own, machineCPU()-m.total
	p.NodeCPUSeconds, p.ClientCPUSeconds = nodes.Seconds(), own.Seconds()
	for i := range m.nw.Nodes {
		p.NodePeakRSSMiB = math.Max(p.NodePeakRSSMiB, round(float64(procPeakRSS(m.nw.PID(i)))/(1<<20), 1))
	}
	if total > 0 {
		p.OtherCPUSeconds = round(math.Max(0, (total-nodes-own).Seconds()), 2)
	}
}

// probeTx builds one govchain tx with a fresh key: its size (kvstore txs
// are padded to it) and the cost of verifying its signature here (to size
// the pre-built supply).
func probeTx(s cryptosuite.Suite) (int, time.Duration, error) {
	k, err := s.GenerateKey()
	if err != nil {
		return 0, 0, err
	}
	addr := cryptosuite.Address(s, k.Public())
	payload := []byte(`{"doc_hash":"` + hex.EncodeToString(make([]byte, 32)) + `","title":"bench"}`)
	raw, err := tx.Build(k, addr, ChainID, 0, "notary", "anchor", payload)
	if err != nil {
		return 0, 0, err
	}
	t, err := tx.Decode(raw)
	if err != nil {
		return 0, 0, err
	}
	const n = 50
	start := time.Now()
	for i := 0; i < n; i++ {
		if err := tx.VerifySignature(t, k.Public()); err != nil {
			return 0, 0, err
		}
	}
	return len(raw), time.Since(start) / n, nil
}

// tuneConfigs lifts CometBFT's limit of 10 calls per JSON-RPC batch (the
// benchmark sends larger batches, to both apps alike) and, for profiling,
// serves pprof on node 0.
func tuneConfigs(nw *testnet.Network, pprof bool) (pprofAddr string, err error) {
	for i, n := range nw.Nodes {
		h := node.Home(n.Home)
		conf, err := node.LoadCometConfig(h)
		if err != nil {
			return "", err
		}
		conf.RPC.MaxRequestBatchSize = 0
		conf.RPC.MaxBodyBytes = 8 << 20
		if pprof && i == 0 {
			l, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				return "", err
			}
			pprofAddr = l.Addr().String()
			l.Close()
			conf.RPC.PprofListenAddress = pprofAddr
		}
		cfg.WriteConfigFile(h.ConfigFile(), conf)
	}
	return pprofAddr, nil
}

// captureProfile saves a CPU profile of node 0 taken over most of d.
func captureProfile(ctx context.Context, addr, dir, name string, d time.Duration) (string, error) {
	secs := int(d.Seconds()) - 1
	if secs < 1 {
		secs = 1
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, fmt.Sprintf("http://%s/debug/pprof/profile?seconds=%d", addr, secs), nil)
	if err != nil {
		return "", err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("pprof: HTTP %d", resp.StatusCode)
	}
	path := filepath.Join(dir, fmt.Sprintf("node0-%s.pprof", name))
	f, err := os.Create(path)
	if err != nil {
		return "", err
	}
	if _, err := io.Copy(f, resp.Body); err != nil {
		f.Close()
		return "", err
	}
	return path, f.Close()
}

// waitHeight waits until every node's CometBFT RPC reports height ≥ h.
func waitHeight(ctx context.Context, nw *testnet.Network, rpcs []*rpcClient, h int64, max time.Duration) error {
	wctx, cancel := context.WithTimeout(ctx, max)
	defer cancel()
	for i, r := range rpcs {
		var last error
		for {
			cctx, c2 := context.WithTimeout(wctx, 2*time.Second)
			got, err := r.height(cctx)
			c2()
			if err == nil && got >= h {
				break
			}
			if err != nil {
				last = err
			}
			if wctx.Err() != nil {
				return fmt.Errorf("node %d not at height %d: %v (last error: %v); log tail:\n%s", i, h, wctx.Err(), last, nw.LogTail(i, 20))
			}
			sleep(wctx, 200*time.Millisecond)
		}
	}
	return nil
}

// checkAppHash asks every node's app for its last committed height and app
// hash, until they all report the same height, and compares the hashes.
func checkAppHash(ctx context.Context, rpcs []*rpcClient) (AppHashCheck, error) {
	var out AppHashCheck
	deadline := time.Now().Add(20 * time.Second)
	for {
		out = AppHashCheck{}
		same := true
		var err error
		for i, r := range rpcs {
			h, hash, e := r.abciInfo(ctx)
			if e != nil {
				err = fmt.Errorf("node %d abci_info: %w", i, e)
				break
			}
			out.Nodes = append(out.Nodes, NodeHash{Node: i, Height: h, AppHash: hex.EncodeToString(hash)})
			if h != out.Nodes[0].Height {
				same = false
			}
		}
		if err == nil && same {
			out.Height, out.AppHash, out.Agree = out.Nodes[0].Height, out.Nodes[0].AppHash, true
			for _, n := range out.Nodes {
				if n.AppHash != out.AppHash {
					out.Agree = false
				}
			}
			return out, nil
		}
		if time.Now().After(deadline) {
			if err != nil {
				return out, err
			}
			return out, errors.New("nodes never reported the same height within 20s")
		}
		sleep(ctx, 15*time.Millisecond)
	}
}
