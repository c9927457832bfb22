package cli

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/pingshan/govchain/internal/api"
	"github.com/pingshan/govchain/internal/logging"
	"github.com/pingshan/govchain/internal/node"
	"github.com/pingshan/govchain/internal/upgrade"
	"github.com/pingshan/govchain/internal/web"
)

func newStartCmd() *cobra.Command {
	var cometLog, baseline string
	var hf httpFlags
	var forget []string
	cmd := &cobra.Command{
		Use:   "start",
		Short: "Run a node from its home directory until interrupted",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := hf.check(); err != nil {
				return err
			}
			opts := node.Options{CometLogLevel: cometLog, Baseline: baseline}
			if len(forget) > 0 {
				r := upgrade.Known().Without(forget...)
				opts.Upgrades = &r
			}
			lg, ln := nodeLogger(cmd)
			return runNode(cmd.Context(), node.Home(homeFlag(cmd)), opts, hf, lg, ln, nil)
		},
	}
	hf.register(cmd, "", "HTTP API address (default: http_addr in config/govchain.json)")
	cmd.Flags().StringVar(&cometLog, "comet-log-level", "error", "CometBFT log level: error, info, debug")
	cmd.Flags().StringVar(&baseline, "baseline-app", "", "run CometBFT's example app instead (kvstore; benchmarks only)")
	_ = cmd.Flags().MarkHidden("baseline-app")
	cmd.Flags().StringSliceVar(&forget, "forget-upgrade", nil, "run as a binary that does not know this upgrade (drills and tests: the node stops at its height)")
	_ = cmd.Flags().MarkHidden("forget-upgrade")
	return cmd
}

// runNode runs a node and its API until SIGINT/SIGTERM or ctx ends. ready,
// if set, is called once the API is listening.
func runNode(ctx context.Context, h node.Home, opts node.Options, hf httpFlags, lg *slog.Logger, ln *logging.Node, ready func(*node.Node) error) error {
	if ctx == nil {
		ctx = context.Background()
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	opts.Logger = lg
	if ac, err := node.LoadAppConfig(h); err == nil {
		// Known before the node opens, so CometBFT's first lines carry it.
		ln.SetDepartment(ac.Department)
		// Process-wide, so set here at the process's entry and not in
		// node.Open (tests open several nodes in one process).
		gc, err := ac.ApplyGC()
		if err != nil {
			return err
		}
		lg.Info("garbage collector", "gogc", gc.Percent, "gogc_from", gc.PercentFrom,
			"memory_limit_mib", gc.MemoryLimit>>20, "memory_limit_from", gc.MemoryLimitFrom)
	}
	n, err := node.Open(h, opts)
	if err != nil {
		return err
	}
	ln.SetHeight(n.LastHeight)
	warnIfDemo(os.Stderr, lg, h, n.Config)
	if err := n.Start(); err != nil {
		n.Stop()
		return err
	}
	httpAddr := hf.addr
	if httpAddr == "" {
		httpAddr = n.Config.HTTPAddr
	}
	srv := api.New(n, lg)
	if err := web.Register(srv.Mux(), n, lg); err != nil {
		n.Stop()
		return fmt.Errorf("portal: %w", err)
	}
	extra := &serving{}
	if opts.Baseline == "" {
		if extra, err = hf.listen(srv, n, httpAddr, lg); err != nil {
			n.Stop()
			return err
		}
	}
	lg.Info("node running", "home", string(h), "chain_id", n.Genesis.ChainID, "suite", n.App.Suite().Name(),
		"department", n.Config.Department, "api", hf.scheme()+"://"+httpAddr, "http_redirect", hf.redirect,
		"rpc", n.Comet.RPC.ListenAddress, "p2p", n.Comet.P2P.ListenAddress)
	if ready != nil {
		if err := ready(n); err != nil {
			extra.shutdown(lg)
			srv.Shutdown()
			n.Stop()
			return err
		}
	}
	<-ctx.Done()
	lg.Info("stopping node")
	extra.shutdown(lg)
	if err := srv.Shutdown(); err != nil {
		lg.Warn("http shutdown", "err", err)
	}
	if err := n.Stop(); err != nil {
		return fmt.Errorf("stop: %w", err)
	}
	lg.Info("node stopped cleanly", "height", n.Store.Version())
	return nil
}
