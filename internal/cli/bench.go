package cli

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/pingshan/govchain/internal/bench"
)

func newBenchCmd() *cobra.Command {
	var c bench.Config
	var asJSON, quiet bool
	cmd := &cobra.Command{
		Use:   "bench",
		Short: "Benchmark a local N-validator network: committed tx/s at saturation, commit latency at half load",
		Long: `bench starts N validator processes of this binary on 127.0.0.1 in a temporary
directory, pre-signs notary anchors from many clerk accounts, then
  1. saturation (half the duration): offers as much as the nodes accept and
     measures the committed rate;
  2. steady (the other half): offers half of that rate (or --rate) and
     measures commit latency (submit → block seen on node 0).
Txs go through CometBFT's RPC (broadcast_tx_sync, JSON-RPC batches); each
account sends in sequence order to one node. At the end every node's app hash
is compared. --app kvstore runs the same harness against CometBFT's example
kvstore app on the identical node setup, as a baseline. See docs/benchmarks.md.`,
		Example: `  govchain bench --validators 4 --duration 30s --suite gm --json
  govchain bench --app kvstore --duration 30s --json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			bin, err := os.Executable()
			if err != nil {
				return err
			}
			c.Bin = bin
			if !quiet {
				c.Progress = os.Stderr
			}
			ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			res, err := bench.Run(ctx, c)
			if err != nil {
				return err
			}
			if asJSON {
				if err := printJSON(res); err != nil {
					return err
				}
			} else {
				printBench(res)
			}
			if !res.AppHash.Agree {
				return &exitError{code: 3, err: fmt.Errorf("nodes disagree on the app hash at height %d", res.AppHash.Height)}
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.IntVar(&c.Validators, "validators", 4, "validator nodes (separate processes on 127.0.0.1)")
	f.DurationVar(&c.Duration, "duration", 30*time.Second, "total load time, split between saturation and steady")
	f.StringVar(&c.Suite, "suite", "gm", "crypto suite: gm or intl")
	f.StringVar(&c.App, "app", bench.AppGovchain, "app under test: govchain, or kvstore (CometBFT's example app, baseline)")
	f.IntVar(&c.Accounts, "accounts", 64, "sending accounts (account i sends to node i mod validators)")
	f.DurationVar(&c.TimeoutCommit, "timeout-commit", bench.DefaultTimeoutCommit, "CometBFT timeout_commit of the nodes")
	f.Float64Var(&c.Rate, "rate", 0, "steady-phase rate in tx/s (default: half the measured saturation rate)")
	f.Int64Var(&c.BlockMaxBytes, "block-max-bytes", 0, "genesis block.max_bytes (default 1 MiB, the testnet default)")
	f.IntVar(&c.MaxInflight, "inflight", bench.DefaultMaxInflight, "at saturation, most txs accepted but not yet committed")
	f.IntVar(&c.Batch, "batch", 100, "most txs per JSON-RPC batch request")
	f.DurationVar(&c.Tick, "tick", 100*time.Millisecond, "steady phase: each account sends one batch per tick")
	f.StringVar(&c.Dir, "dir", "", "where to make the temporary network directory (default: system temp)")
	f.BoolVar(&c.Keep, "keep", false, "keep the network directory (node homes and logs)")
	f.StringVar(&c.PprofDir, "pprof", "", "save a CPU profile of node 0 during saturation into this directory")
	f.BoolVar(&asJSON, "json", false, "print the result as JSON")
	f.BoolVar(&quiet, "quiet", false, "no progress lines on stderr")
	cmd.AddCommand(newBenchLoadCmd(), newBenchReadCmd(), newBenchCatchupCmd(), newBenchDiskCmd())
	return cmd
}

func printBench(r *bench.Result) {
	fmt.Printf("app %s, %d validators, suite %s, %d accounts, timeout_commit %dms, %d-byte txs\n",
		r.App, r.Validators, r.Suite, r.Accounts, r.TimeoutCommitMs, int(r.TxBytes))
	fmt.Printf("saturation: %.0f committed tx/s (%d blocks, %.0f txs/block, %.0f ms/block)\n",
		r.Saturation.Blocks.CommittedTPS, r.Saturation.Blocks.Blocks, r.Saturation.Blocks.AvgTxsPerBlock, r.Saturation.Blocks.AvgBlockMs)
	fmt.Printf("steady:     %.0f tx/s offered, %.0f committed; latency p50 %.0f ms, p95 %.0f ms, p99 %.0f ms\n",
		r.Steady.OfferedRate, r.Steady.Blocks.CommittedTPS, r.Latency.P50, r.Latency.P95, r.Latency.P99)
	fmt.Printf("total:      %d submitted, %d committed, %d failed, %d refused; success rate %.4f\n",
		r.Submitted, r.Committed, r.Failed, r.Refused, r.SuccessRate)
	fmt.Printf("app hash:   agree=%v at height %d (%s)\n", r.AppHash.Agree, r.AppHash.Height, r.AppHash.AppHash)
	if r.Dir != "" {
		fmt.Printf("network:    %s\n", r.Dir)
	}
}
