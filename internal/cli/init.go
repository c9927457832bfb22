package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/network"
)

func newInitCmd() *cobra.Command {
	var o network.Options
	var dept, nameZH, nameEN, passFile string
	cmd := &cobra.Command{
		Use:   "init",
		Short: "Create a node home for a new single-department chain, with an encrypted admin key",
		Long: `init creates HOME with a new validator key, a genesis naming one department and
one admin account "<department>-admin" whose key is encrypted with a passphrase
(from --passphrase-file, $GOVCHAIN_PASSPHRASE or a prompt). The admin adds the
rest of the staff with 'govchain tx identity add_member'. To lay out a network of
several departments use 'govchain testnet' (see docs/operations.md).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			pass, err := readPassphrase(passFile, true)
			if err != nil {
				return err
			}
			o.OutDir, o.Single, o.Validators, o.Passphrase = homeFlag(cmd), true, 1, pass
			o.Departments = []network.Department{{ID: dept, NameZH: nameZH, NameEN: nameEN}}
			o.Accounts = []network.Account{{Name: dept + "-admin", Department: dept, Roles: []string{module.RoleAdmin}}}
			nodes, err := network.Generate(o)
			if err != nil {
				return err
			}
			fmt.Printf("initialised %s (chain %s, suite %s); admin key %s-admin in %s/keyring\nstart it with: govchain start --home %s\n",
				nodes[0].Home, o.ChainID, o.Suite, dept, nodes[0].Home, nodes[0].Home)
			return nil
		},
	}
	cmd.Flags().StringVar(&o.ChainID, "chain-id", "pingshan", "chain id")
	cmd.Flags().StringVar(&o.Suite, "suite", "gm", "crypto suite: gm or intl")
	cmd.Flags().StringVar(&dept, "department", "gov", "department id of this node")
	cmd.Flags().StringVar(&nameZH, "name-zh", "坪山市人民政府", "department name in Chinese")
	cmd.Flags().StringVar(&nameEN, "name-en", "City Government", "department name in English")
	cmd.Flags().StringVar(&o.HTTPAddr, "http", "127.0.0.1:8080", "HTTP API address")
	cmd.Flags().IntVar(&o.BasePort, "base-port", 26656, "p2p port; CometBFT RPC +1")
	cmd.Flags().StringVar(&passFile, "passphrase-file", "", "file holding the admin key passphrase")
	return cmd
}
