package cli

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/pingshan/govchain/internal/bench/catchup"
)

func newBenchCatchupCmd() *cobra.Command {
	var c catchup.Config
	var asJSON, quiet bool
	var joinerBin string
	cmd := &cobra.Command{
		Use:   "catchup",
		Short: "Measure a new node joining a loaded chain: block sync from genesis, state sync",
		Long: `catchup starts the node of a home made by ` + "`govchain bench load`" + ` on free
loopback ports (its config files are not rewritten), then starts a fresh
full node of the same genesis — its own process of this binary, peered to
the source on 127.0.0.1 — and measures its catch-up:

  blocksync  replay every block from genesis: time to the source's height,
             txs replayed per second, the joiner's CPU seconds;
  statesync  restore a state-sync snapshot (the home's newest, else one the
             bench takes at half the chain, outside the home), then
             block-sync the rest: time and tx/s of each phase.

Each joiner's app hash is compared with the source's at the same height.`,
		Example: `  govchain bench catchup --home /tmp/scale --json
  govchain bench catchup --home /tmp/scale --mode blocksync --profile /tmp/joiner.pprof`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if !cmd.Flags().Changed("home") {
				return fmt.Errorf("give the bench home explicitly with --home (never a node's home)")
			}
			c.Home = homeFlag(cmd)
			bin, err := os.Executable()
			if err != nil {
				return err
			}
			c.Bin = bin
			if joinerBin != "" {
				c.Bin = joinerBin
			}
			if !quiet {
				c.Progress = os.Stderr
			}
			ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			res, err := catchup.Run(ctx, c)
			if res != nil {
				if asJSON {
					if perr := printJSON(res); perr != nil {
						return perr
					}
				} else {
					printCatchup(res)
				}
			}
			return err
		},
	}
	f := cmd.Flags()
	f.StringVar(&c.Mode, "mode", catchup.ModeBoth, "blocksync, statesync or both")
	f.Int64Var(&c.SnapshotHeight, "snapshot-height", 0, "height of the state-sync snapshot (default: the home's newest, else half the chain)")
	f.StringVar(&c.Profile, "profile", "", "write a CPU profile of the block-sync joiner to this file")
	f.IntVar(&c.ProfileSeconds, "profile-seconds", 30, "length of that profile, from the joiner's start")
	f.DurationVar(&c.Timeout, "timeout", time.Hour, "give up on a joiner after this long")
	f.BoolVar(&c.Keep, "keep", false, "keep the joiners' homes (printed) for a look")
	f.StringVar(&joinerBin, "joiner-bin", "", "run the joiner as this govchain binary (default: this one; before/after comparisons)")
	f.BoolVar(&asJSON, "json", false, "print the result as JSON")
	f.BoolVar(&quiet, "quiet", false, "no progress lines on stderr")
	return cmd
}

func printCatchup(r *catchup.Result) {
	fmt.Printf("source %s: height %d, %d txs on chain; joiner GOMAXPROCS %d\n", r.Home, r.Height, r.ChainTxs, r.GOMAXPROC)
	if s := r.Snapshot; s != nil {
		fmt.Printf("snapshot at height %d: %d chunks, %d bytes, %d nodes (taken by the source in %.1f s, not counted)\n", s.Height, s.Chunks, s.Bytes, s.Nodes, s.TakeSeconds)
	}
	fmt.Printf("%-10s %-8s %9s %9s %9s %9s %9s %11s\n", "mode", "phase", "heights", "txs", "seconds", "tx/s", "CPU s", "CPU µs/tx")
	row := func(mode, name string, p catchup.Phase) {
		fmt.Printf("%-10s %-8s %9s %9d %9.1f %9.0f %9.1f %11.0f\n", mode, name, fmt.Sprintf("%d-%d", p.FromHeight+1, p.ToHeight), p.Txs, p.Seconds, p.TxPerSec, p.CPUSeconds, p.CPUPerTxUs)
	}
	for _, j := range r.Joins {
		if j.Restore != nil {
			row(j.Mode, "restore", *j.Restore)
		}
		row(j.Mode, "replay", j.Replay)
		match := "app hash MATCHES the source's"
		if !j.AppHashMatch {
			match = "app hash DIFFERS from the source's"
		}
		fmt.Printf("%-10s total %.1f s, joiner CPU %.1f s; at height %d %s (%.16s…)\n", j.Mode, j.TotalSeconds, j.TotalCPU, j.CheckHeight, match, j.AppHash)
		if j.Dir != "" {
			fmt.Printf("%-10s home kept in %s\n", j.Mode, j.Dir)
		}
	}
}
