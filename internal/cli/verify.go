package cli

import (
	"fmt"
	"io"
	"os"

	"github.com/cometbft/cometbft/types"
	"github.com/spf13/cobra"

	"github.com/pingshan/govchain/internal/proof"
)

func newVerifyCmd() *cobra.Command {
	var genesisFile string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "verify BUNDLE --genesis genesis.json",
		Short: "Check a proof bundle offline: the record against the app hash, the header against the validators' signatures",
		Long: `verify needs no node and no network. It checks, in order: that the bundle's
validator set is the genesis validator set; that more than 2/3 of its voting power
signed the block header (CometBFT's light-client commit verification, every
signature checked); that the header's app hash commits to the key and value by an
ICS-23 IAVL proof. BUNDLE may be - for stdin. Exit status 0: authentic; 3: not.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var data []byte
			var err error
			if args[0] == "-" {
				data, err = io.ReadAll(io.LimitReader(os.Stdin, 16<<20))
			} else {
				data, err = os.ReadFile(args[0])
			}
			if err != nil {
				return err
			}
			gen, err := types.GenesisDocFromFile(genesisFile)
			if err != nil {
				return fmt.Errorf("genesis: %w", err)
			}
			b, err := proof.Parse(data)
			if err != nil {
				return &exitError{code: 3, err: err}
			}
			res, err := proof.Verify(b, gen)
			if err != nil {
				return &exitError{code: 3, err: fmt.Errorf("NOT authentic: %w", err)}
			}
			if asJSON {
				return printJSON(res)
			}
			fmt.Printf("authentic: key %q on chain %s\n  state version %d, committed by block %d (%s) at %s\n  app hash %s\n  signed by %d of %d validators (%d of %d voting power)\n",
				res.Key, res.ChainID, res.StateVersion, res.Height, res.BlockHash, res.Time.UTC().Format("2006-01-02 15:04:05 MST"),
				res.AppHash, res.SignedValidators, res.TotalValidators, res.SignedPower, res.TotalPower)
			if res.ValidatorChanges > 0 {
				fmt.Printf("  validators trusted from the genesis set through %d validator-set changes in the bundle\n", res.ValidatorChanges)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&genesisFile, "genesis", "", "the chain's genesis.json (the trust root)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the result as JSON")
	_ = cmd.MarkFlagRequired("genesis")
	return cmd
}
