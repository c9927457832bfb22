package cli

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/pingshan/govchain/internal/bench/scale"
)

func newBenchLoadCmd() *cobra.Command {
	var c scale.LoadConfig
	var asJSON, quiet bool
	cmd := &cobra.Command{
		Use:   "load",
		Short: "Bulk-load a one-validator chain through real signed txs (resumable)",
		Long: `load creates --home as a dev-like one-validator chain (demo departments and
staff, the dev seed) unless it exists, then adds waves of signed transactions
through the node's mempool until --cases or --txs is reached. A wave of W cases
registers W parcels, files W applications (sealed personal data), refuses
half of them at acceptance and rates those, accepts a quarter, and adds W/2
suggestions, W/10 disclosures, W notary anchors from many clerk accounts, W/50
data-sharing requests (payments: the dev seed's fiscal year).
Every tx must succeed. Progress is kept in HOME/bench-load.json: running it
again with a higher target resumes. See docs/benchmarks.md.`,
		Example: `  govchain bench load --home /tmp/scale --cases 100000
  govchain bench read --home /tmp/scale --clients 100 --duration 20s --json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if !cmd.Flags().Changed("home") {
				return fmt.Errorf("give the bench home explicitly with --home (never a node's home)")
			}
			c.Home = homeFlag(cmd)
			if !quiet {
				c.Progress = os.Stderr
			}
			ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			res, err := scale.Load(ctx, c)
			if res != nil {
				if asJSON {
					if perr := printJSON(res); perr != nil {
						return perr
					}
				} else {
					printLoad(res)
				}
			}
			return err
		},
	}
	f := cmd.Flags()
	f.Int64Var(&c.Cases, "cases", 0, "target number of loaded land cases")
	f.Int64Var(&c.Txs, "txs", 0, "target number of loaded txs")
	f.IntVar(&c.Wave, "wave", 500, "cases per wave")
	f.IntVar(&c.Accounts, "accounts", 32, "extra clerk accounts of a new home (notary anchors)")
	f.StringVar(&c.Suite, "suite", "gm", "crypto suite of a new home")
	f.DurationVar(&c.TimeoutCommit, "timeout-commit", 200*time.Millisecond, "timeout_commit of a new home")
	f.StringVar(&c.TxIndex, "tx-index", "null", "CometBFT's tx indexer of a new home (null or kv)")
	f.StringVar(&c.PprofAddr, "pprof-addr", "", "serve CometBFT's pprof on this address while loading")
	f.BoolVar(&asJSON, "json", false, "print the result as JSON")
	f.BoolVar(&quiet, "quiet", false, "no progress line on stderr")
	return cmd
}

func printLoad(r *scale.LoadResult) {
	t, a := r.Total, r.Added
	fmt.Printf("home %s (created %v), height %d, %d txs on chain\n", r.Home, r.Created, r.Height, r.ChainTxs)
	fmt.Printf("this run: %d txs in %.1f s (%.0f tx/s), %d cases, %d waves\n", a.Txs, r.Seconds, r.TxPerSec, a.Cases, a.Waves)
	fmt.Printf("loaded:   %d cases, %d case steps, %d ratings, %d suggestions, %d disclosures, %d anchors, %d sharing requests\n",
		t.Cases, t.CaseSteps, t.Ratings, t.Suggestions, t.Disclosures, t.Anchors, t.Sharing)
	d := r.Disk
	fmt.Printf("disk:     %d bytes (%.0f per tx): IAVL %d, block store %d, state store %d, index %d, WAL %d, other %d\n",
		d.Total, r.DiskPerTx, d.IAVL, d.BlockStore, d.StateStore, d.Index, d.WAL, d.Other)
}

func newBenchReadCmd() *cobra.Command {
	var c scale.ReadConfig
	var paths string
	var asJSON, quiet bool
	cmd := &cobra.Command{
		Use:   "read",
		Short: "Drive a loaded home's public read paths with concurrent clients",
		Long: `read starts the node of a home made by ` + "`govchain bench load`" + ` with its API on a
free loopback port, then drives each path in turn with --clients concurrent
clients for --duration each: /healthz first and last (the floor, measured in
the same run), then case lookup with the access code, the home page, the
portal summary API, the finance pages, the disclosure list and proof bundles
of random cases. It reports req/s and p50/p90/p99 latency per path and each
path's ratios to /healthz. Wrong answers count as errors.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if !cmd.Flags().Changed("home") {
				return fmt.Errorf("give the bench home explicitly with --home (never a node's home)")
			}
			c.Home = homeFlag(cmd)
			if paths != "" {
				c.Paths = strings.Split(paths, ",")
			}
			if !quiet {
				c.Progress = os.Stderr
			}
			ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			res, err := scale.Read(ctx, c)
			if err != nil {
				return err
			}
			if asJSON {
				return printJSON(res)
			}
			printRead(res)
			return nil
		},
	}
	f := cmd.Flags()
	f.IntVar(&c.Clients, "clients", 100, "concurrent clients")
	f.DurationVar(&c.PerPath, "duration", 5*time.Second, "how long each path is driven")
	f.StringVar(&paths, "paths", "", "comma-separated paths (default: "+strings.Join(scale.DefaultPaths(), ",")+")")
	f.StringVar(&c.PprofAddr, "pprof-addr", "", "serve CometBFT's pprof on this address while reading")
	f.BoolVar(&asJSON, "json", false, "print the result as JSON")
	f.BoolVar(&quiet, "quiet", false, "no per-path lines on stderr")
	return cmd
}

func printRead(r *scale.ReadResult) {
	fmt.Printf("home %s, height %d, %d cases known, %d clients, %.0f s per path\n", r.Home, r.Height, r.Cases, r.Clients, r.PerPath)
	fmt.Printf("%-13s %9s %8s %8s %8s %7s %9s %8s\n", "path", "req/s", "p50 ms", "p90 ms", "p99 ms", "errors", "×healthz", "p99×hz")
	row := func(p scale.PathResult) {
		fmt.Printf("%-13s %9.0f %8.1f %8.1f %8.1f %7d %9.2f %8.2f\n", p.Path, p.ReqPerS, p.P50ms, p.P90ms, p.P99ms, p.Errors, p.ThroughputVsHealthz, p.P99VsHealthz)
	}
	row(r.Healthz)
	for _, p := range r.Paths {
		row(p)
	}
	fmt.Printf("index: %v\n", r.Index)
}
