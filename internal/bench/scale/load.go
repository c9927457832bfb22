package scale

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"time"

	"github.com/pingshan/govchain/internal/demo"
	"github.com/pingshan/govchain/internal/module/land"
	"github.com/pingshan/govchain/internal/node"
)

// LoadConfig is `govchain bench load`.
type LoadConfig struct {
	Home  string
	Suite string // of a new home
	// Cases and Txs are targets: the load stops at the first wave that
	// reaches either (0 = no target of that kind; one is required).
	Cases int64
	Txs   int64
	// Wave is the number of cases per wave (default 500).
	Wave int
	// Accounts is the number of extra clerk accounts of a new home (default 32).
	Accounts      int
	TimeoutCommit time.Duration // of a new home (default 200 ms)
	PprofAddr     string        // CometBFT's pprof listener while loading
	// TxIndex is CometBFT's tx indexer of a new home: "null" (default) or
	// "kv", to measure what the kv index costs.
	TxIndex  string
	Progress io.Writer
	Logger   *slog.Logger
}

// LoadResult is the cumulative state of the home after the run, and what
// this run added.
type LoadResult struct {
	Home     string    `json:"home"`
	Created  bool      `json:"created"`
	Height   int64     `json:"height"`
	Total    Counts    `json:"total"`
	Added    Counts    `json:"added"`
	Seconds  float64   `json:"seconds"`
	TxPerSec float64   `json:"tx_per_s"`
	Disk     DiskUsage `json:"disk"`
	// DiskPerTx is Disk.Total over every tx committed on the chain.
	DiskPerTx float64 `json:"disk_bytes_per_tx"`
	ChainTxs  int64   `json:"chain_txs"`
}

func (c *LoadConfig) defaults() error {
	if c.Cases <= 0 && c.Txs <= 0 {
		return errors.New("give a target: --cases N or --txs N")
	}
	if c.Wave <= 0 {
		c.Wave = 500
	}
	if c.Accounts <= 0 {
		c.Accounts = 32
	}
	if c.TimeoutCommit <= 0 {
		c.TimeoutCommit = 200 * time.Millisecond
	}
	if c.Suite == "" {
		c.Suite = "gm"
	}
	switch c.TxIndex {
	case "":
		c.TxIndex = "null"
	case "null", "kv":
	default:
		return fmt.Errorf("--tx-index is null or kv, not %q", c.TxIndex)
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	return nil
}

func (c *LoadConfig) done(t *Counts) bool {
	return (c.Cases > 0 && t.Cases >= c.Cases) || (c.Txs > 0 && t.Txs >= c.Txs)
}

// Load creates the home if it does not exist (a dev-like chain seeded as
// `govchain dev` seeds it), then adds waves of signed txs through the
// node's mempool until the target is reached. Each wave is recorded in
// HOME/bench-load.json once all its txs committed, so an interrupted load
// resumes at the wave it was in (that wave's committed txs stay on chain
// and are not counted again).
func Load(ctx context.Context, c LoadConfig) (*LoadResult, error) {
	if err := c.defaults(); err != nil {
		return nil, err
	}
	h := node.Home(c.Home)
	res := &LoadResult{Home: c.Home}
	var plan *demo.Plan
	var preload [][]byte
	if !h.Exists() {
		p, err := createHome(h, c.Suite, c.Accounts, c.TimeoutCommit, c.TxIndex)
		if err != nil {
			return nil, err
		}
		plan, preload, res.Created = p, p.Block1, true
	}
	r, err := startNode(h, preload, 0, c.PprofAddr, c.Logger)
	if err != nil {
		return nil, err
	}
	defer r.stop()
	if plan != nil {
		if err := demo.SubmitLater(ctx, r.n, plan.Block1, plan.Later); err != nil {
			return nil, fmt.Errorf("demo seed: %w", err)
		}
		var lines []string
		for _, k := range plan.Cases {
			lines = append(lines, k.Number+" "+k.AccessCode)
		}
		if err := appendCases(h, lines); err != nil {
			return nil, err
		}
	}
	total, err := readProgress(h)
	if err != nil {
		return nil, err
	}
	start := *total
	sg, err := newSigner(h, r.n.Store.Committed(), c.Accounts)
	if err != nil {
		return nil, err
	}
	t0 := time.Now()
	for !c.done(total) {
		if err := ctx.Err(); err != nil {
			break
		}
		if err := loadWave(ctx, r.n, sg, &c, total); err != nil {
			if ctx.Err() != nil {
				break // interrupted: report what the finished waves loaded
			}
			return nil, fmt.Errorf("wave %d: %w", total.Waves, err)
		}
		if err := writeProgress(h, total); err != nil {
			return nil, err
		}
		if c.Progress != nil {
			el := time.Since(t0)
			fmt.Fprintf(c.Progress, "\rwave %d: %d cases, %d txs (%d failed), height %d, %.0f tx/s, %s   ",
				total.Waves, total.Cases, total.Txs, total.Failed, r.n.Height(), float64(total.Txs-start.Txs)/el.Seconds(), el.Round(time.Second))
		}
	}
	if c.Progress != nil {
		fmt.Fprintln(c.Progress)
	}
	res.Seconds = time.Since(t0).Seconds()
	// A wave cut short left txs that committed but are not counted: the
	// progress file is the last finished wave's.
	if saved, err := readProgress(h); err == nil {
		total = saved
	}
	if err := waitIndexed(r.n, r.n.Store.Version(), c.Progress); err != nil {
		return nil, err
	}
	res.Total, res.Added = *total, total.minus(&start)
	if res.Seconds > 0 {
		res.TxPerSec = float64(res.Added.Txs) / res.Seconds
	}
	res.Height = r.n.Height()
	res.ChainTxs = chainTxs(r.n)
	if err := r.stop(); err != nil {
		return nil, err
	}
	res.Disk = diskUsage(h)
	if res.ChainTxs > 0 {
		res.DiskPerTx = float64(res.Disk.Total) / float64(res.ChainTxs)
	}
	return res, nil
}

func (a *Counts) minus(b *Counts) Counts {
	return Counts{Waves: a.Waves - b.Waves, Txs: a.Txs - b.Txs, Failed: a.Failed - b.Failed, Parcels: a.Parcels - b.Parcels,
		Cases: a.Cases - b.Cases, CaseSteps: a.CaseSteps - b.CaseSteps, Ratings: a.Ratings - b.Ratings, Suggestions: a.Suggestions - b.Suggestions,
		Disclosures: a.Disclosures - b.Disclosures, Anchors: a.Anchors - b.Anchors, Sharing: a.Sharing - b.Sharing}
}

// loadWave runs one wave's four phases; each waits for the previous one's
// txs to commit, since it depends on them.
func loadWave(ctx context.Context, n *node.Node, sg *signer, c *LoadConfig, t *Counts) error {
	w := n.Height()
	txs, lc, err := sg.phaseA(t, w, c.Wave)
	if err != nil {
		return err
	}
	if err := submitAndWait(ctx, n, txs, t); err != nil {
		return err
	}
	if txs, err = sg.phaseB(t, w, lc); err != nil {
		return err
	}
	if err := submitAndWait(ctx, n, txs, t); err != nil {
		return err
	}
	st := n.Store.Committed()
	var lines []string
	for i := range lc {
		p, err := land.GetParcel(st, lc[i].parcel)
		if err != nil {
			return err
		}
		if len(p.History) == 0 || p.History[len(p.History)-1].Case == "" {
			return fmt.Errorf("parcel %s has no application after it committed", p.ID)
		}
		lc[i].number = p.History[len(p.History)-1].Case
		lines = append(lines, lc[i].number+" "+lc[i].code)
	}
	if txs, err = sg.phaseC(t, lc); err != nil {
		return err
	}
	if err := submitAndWait(ctx, n, txs, t); err != nil {
		return err
	}
	if txs, err = sg.phaseD(t, lc); err != nil {
		return err
	}
	if err := submitAndWait(ctx, n, txs, t); err != nil {
		return err
	}
	if err := appendCases(node.Home(c.Home), lines); err != nil {
		return err
	}
	t.Waves++
	return nil
}

func appendCases(h node.Home, lines []string) error {
	f, err := os.OpenFile(casesFile(h), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(f)
	for _, l := range lines {
		bw.WriteString(l)
		bw.WriteByte('\n')
	}
	if err := bw.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// waitIndexed waits for the node's index to reach height h. An index being
// rebuilt (its schema changed since the home was loaded) can take many
// minutes on a large home, so this gives up only when the index has not
// moved for two minutes.
func waitIndexed(n *node.Node, h int64, progress io.Writer) error {
	last := int64(-1)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		err := n.WaitIndexed(ctx, h)
		cancel()
		if !errors.Is(err, context.DeadlineExceeded) {
			return err
		}
		got, herr := n.Index.Height()
		if herr != nil {
			return herr
		}
		if got <= last {
			return fmt.Errorf("the index has stayed at height %d (of %d) for two minutes: %w", got, h, err)
		}
		last = got
		if progress != nil {
			fmt.Fprintf(progress, "index at height %d of %d\n", got, h)
		}
	}
}
