package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/pingshan/govchain/internal/network"
)

func newTestnetCmd() *cobra.Command {
	var o network.Options
	var asJSON bool
	var passFile string
	cmd := &cobra.Command{
		Use:   "testnet",
		Short: "Lay out N validator homes (one department each) sharing one genesis",
		Long: `testnet writes OUT/node0 … OUT/nodeN-1. Each is a complete node home: run it with
'govchain start --home OUT/nodeI'. Peers and ports are on 127.0.0.1; to put the
nodes on separate hosts, edit p2p.laddr, p2p.persistent_peers and rpc.laddr in
config/config.toml and http_addr in config/govchain.json (see docs/operations.md).

Each home holds only its own department's keys (its staff keys and its data
key). Departments without a node get a key bundle of their own in OUT/keys/<dept>,
outside every home, to hand to them (OUT/keys/README.txt). Every key is encrypted
with a passphrase (from --passphrase-file, $GOVCHAIN_PASSPHRASE or a prompt).

--demo writes unencrypted demo keys instead and marks every home a demo home:
'govchain start' then warns on every start. Use it only for a test network.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if o.OutDir == "" {
				return fmt.Errorf("--out is required")
			}
			if o.ClientAccounts > 0 && !o.Demo {
				return fmt.Errorf("--client-accounts writes demo keys: only with --demo")
			}
			if !o.Demo {
				pass, err := readPassphrase(passFile, true)
				if err != nil {
					return fmt.Errorf("%w (or --demo for a test network with unencrypted keys)", err)
				}
				o.Passphrase = pass
			}
			nodes, err := network.Generate(o)
			if err != nil {
				return err
			}
			if asJSON {
				enc := json.NewEncoder(os.Stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(nodes)
			}
			for _, n := range nodes {
				fmt.Printf("%-5s home=%s api=%s rpc=%s p2p=%s\n", n.Department, n.Home, n.API, n.RPC, n.P2P)
			}
			if o.Demo {
				fmt.Fprintln(os.Stderr, "DEMO network: every key is unencrypted; never copy these homes to real hosts")
			}
			return nil
		},
	}
	cmd.Flags().IntVar(&o.Validators, "nodes", 4, "number of validator nodes")
	cmd.Flags().StringVar(&o.OutDir, "out", "", "output directory")
	cmd.Flags().StringVar(&o.Suite, "suite", "gm", "crypto suite: gm or intl")
	cmd.Flags().StringVar(&o.ChainID, "chain-id", "pingshan-testnet", "chain id")
	cmd.Flags().IntVar(&o.BasePort, "base-port", 26600, "node i uses p2p P+10i, RPC P+10i+1, API P+10i+2")
	cmd.Flags().IntVar(&o.ClientAccounts, "client-accounts", 0, "extra clerk accounts with demo keys in OUT/clients (tests, benchmarks; needs --demo)")
	cmd.Flags().DurationVar(&o.TimeoutCommit, "timeout-commit", 200*time.Millisecond, "CometBFT pause after each commit")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the nodes as JSON")
	cmd.Flags().BoolVar(&o.Demo, "demo", false, "unencrypted demo keys and demo homes (test networks only)")
	cmd.Flags().StringVar(&passFile, "passphrase-file", "", "file holding the passphrase that encrypts every key")
	return cmd
}
