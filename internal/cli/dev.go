package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/pingshan/govchain/internal/network"
	"github.com/pingshan/govchain/internal/node"
)

func newDevCmd() *cobra.Command {
	var httpAddr, suite, cometLog string
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
			lg := logger(cmd)
			if reset {
				if err := os.RemoveAll(string(h)); err != nil {
					return err
				}
			}
			fresh := !h.Exists()
			if fresh {
				_, err := network.Generate(network.Options{ChainID: "pingshan-dev", Suite: suite, Validators: 1, OutDir: string(h),
					Single: true, HTTPAddr: httpAddr, BasePort: basePort, TimeoutCommit: 500 * time.Millisecond})
				if err != nil {
					return fmt.Errorf("create dev home: %w", err)
				}
				if err := writeDemoFile(h); err != nil {
					return err
				}
				lg.Info("created development chain (demo keys, unencrypted)", "home", string(h))
			} else {
				lg.Info("resuming development chain", "home", string(h))
			}
			return runNode(cmd.Context(), h, node.Options{CometLogLevel: cometLog}, httpAddr, lg, nil)
		},
	}
	cmd.Flags().StringVar(&httpAddr, "http", "127.0.0.1:8080", "HTTP API address")
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
	Cases    []DemoCase        `json:"cases"`
}

// DemoCase is a seeded case a citizen can track.
type DemoCase struct {
	Number     string `json:"number"`
	AccessCode string `json:"access_code"`
	State      string `json:"state"`
}

func writeDemoFile(h node.Home) error {
	d := DemoFile{Warning: "DEMO data of a development chain: keys in keyring/ are unencrypted and generated at run time",
		Accounts: network.DemoAccounts(), Cases: []DemoCase{}}
	b, err := json.MarshalIndent(d, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(string(h), "demo.json"), append(b, '\n'), 0o600)
}
