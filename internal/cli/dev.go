package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/pingshan/govchain/internal/demo"
	"github.com/pingshan/govchain/internal/module/land"
	"github.com/pingshan/govchain/internal/network"
	"github.com/pingshan/govchain/internal/node"
)

func newDevCmd() *cobra.Command {
	var suite, cometLog string
	var hf httpFlags
	var reset bool
	var basePort int
	cmd := &cobra.Command{
		Use:   "dev",
		Short: "Run a one-node development chain with demo departments, staff and data",
		Long: `dev runs a one-validator chain in --home with Pingshan's demo departments and
demo staff accounts whose keys are generated at run time and stored UNENCRYPTED
in HOME/keyring (labelled demo). Running it again on the same home resumes the
same chain; --reset starts over. Never use a dev home in production.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			h := node.Home(homeFlag(cmd))
			if !cmd.Flags().Changed("home") && os.Getenv("GOVCHAIN_HOME") == "" {
				h = node.Home(defaultDevHome())
			}
			lg, ln := nodeLogger(cmd)
			if err := hf.check(); err != nil {
				return err
			}
			if reset {
				if err := os.RemoveAll(string(h)); err != nil {
					return err
				}
			}
			fresh := !h.Exists()
			opts := node.Options{CometLogLevel: cometLog}
			var ready func(*node.Node) error
			if fresh {
				wf, err := land.WorkflowGenesis()
				if err != nil {
					return err
				}
				_, err = network.Generate(network.Options{ChainID: "pingshan-dev", Suite: suite, Validators: 1, OutDir: string(h), Demo: true,
					Single: true, HTTPAddr: hf.addr, BasePort: basePort, TimeoutCommit: 500 * time.Millisecond,
					GenesisTime: time.Now().Add(-demo.History), Modules: map[string]json.RawMessage{"workflow": wf,
						// Short enough to try a vote or a freeze in a few minutes (docs/governance.md).
						"governance": json.RawMessage(`{"params":{"gov.voting_period":60,"gov.freeze_duration":600}}`)}})
				if err != nil {
					return fmt.Errorf("create dev home: %w", err)
				}
				if _, err := demo.WriteSharingSources(string(h)); err != nil {
					return fmt.Errorf("demo sharing data: %w", err)
				}
				plan, err := demo.Build(h)
				if err != nil {
					return fmt.Errorf("demo seed: %w", err)
				}
				opts.Preload = plan.Block1
				ready = func(n *node.Node) error {
					lg.Info("seeding demo cases and finance through transactions", "block1", len(plan.Block1), "later", len(plan.Later))
					if err := demo.SubmitLater(cmd.Context(), n, plan.Block1, plan.Later); err != nil {
						return fmt.Errorf("demo seed: %w", err)
					}
					if err := writeDemoFile(h, plan.Cases); err != nil {
						return err
					}
					lg.Info("demo data ready", "file", filepath.Join(string(h), "demo.json"))
					return nil
				}
				lg.Info("created development chain (demo keys, unencrypted)", "home", string(h))
			} else {
				lg.Info("resuming development chain", "home", string(h))
			}
			return runNode(cmd.Context(), h, opts, hf, lg, ln, ready)
		},
	}
	hf.register(cmd, "127.0.0.1:8080", "HTTP API address")
	cmd.Flags().StringVar(&suite, "suite", "gm", "crypto suite of a new chain: gm or intl")
	cmd.Flags().BoolVar(&reset, "reset", false, "delete the home and start a new chain")
	cmd.Flags().IntVar(&basePort, "base-port", 26656, "CometBFT p2p port of a new chain; its RPC is on the next port")
	cmd.Flags().StringVar(&cometLog, "comet-log-level", "error", "CometBFT log level: error, info, debug")
	return cmd
}

func defaultDevHome() string {
	dir, err := os.UserHomeDir()
	if err != nil {
		return ".govchain-dev"
	}
	return filepath.Join(dir, ".govchain-dev")
}

// DemoFile is HOME/demo.json: what a newcomer needs to try the chain.
type DemoFile struct {
	Warning  string            `json:"warning"`
	Accounts []network.Account `json:"accounts"`
	Cases    []demo.Case       `json:"cases"`
}

func writeDemoFile(h node.Home, cases []demo.Case) error {
	d := DemoFile{Warning: "DEMO data of a development chain: keys in keyring/ are unencrypted and generated at run time; access codes are for trying the tracking page",
		Accounts: network.DemoAccounts(), Cases: cases}
	b, err := json.MarshalIndent(d, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(string(h), "demo.json"), append(b, '\n'), 0o600)
}
