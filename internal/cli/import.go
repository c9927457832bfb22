package cli

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/cometbft/cometbft/types"
	"github.com/spf13/cobra"

	"github.com/pingshan/govchain/internal/node"
	"github.com/pingshan/govchain/internal/snapshot"
	"github.com/pingshan/govchain/internal/store"
)

func newImportCmd() *cobra.Command {
	var verifyOnly bool
	cmd := &cobra.Command{
		Use:   "import FILE --home DIR",
		Short: "Restore a backup made by 'govchain export' into a home without chain data",
		Long: `import checks the backup — blocks H and H+1 signed by more than 2/3 of the
genesis validators, every field of CometBFT's state committed to by them, the
state re-hashed to the signed app hash, the digest over the whole file — then
writes the state, bootstraps CometBFT at height H (as offline state sync does),
restores the access log and rebuilds the query index.

DIR must hold the node's config (config.toml, genesis.json identical to the
backup's, node_key.json, priv_validator_key.json) and no blocks or state.
Start the node afterwards: it block-syncs from H+1 from its peers (a chain's
only validator simply continues). With --verify-only nothing is written.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			f, err := os.Open(args[0])
			if err != nil {
				return err
			}
			defer f.Close()
			start := time.Now()
			if verifyOnly {
				man, err := snapshot.VerifyBackup(f)
				if err != nil {
					return err
				}
				fmt.Printf("%s verifies: chain %s height %d app hash %s (%d state nodes, %d access log bytes)\n",
					args[0], man.ChainID, man.Height, man.AppHash, man.Nodes, man.AccessLogBytes)
				return nil
			}
			h := node.Home(homeFlag(cmd))
			if !h.Exists() {
				return fmt.Errorf("%s has no config/genesis.json: copy the node's config directory (with the chain's genesis.json) there first", h)
			}
			conf, err := node.LoadCometConfig(h)
			if err != nil {
				return err
			}
			raw, err := os.ReadFile(h.GenesisFile())
			if err != nil {
				return err
			}
			gen, err := types.GenesisDocFromJSON(raw)
			if err != nil {
				return fmt.Errorf("genesis: %w", err)
			}
			if err := os.MkdirAll(conf.DBDir(), 0o700); err != nil {
				return err
			}
			man, err := snapshot.Import(f, snapshot.ImportTarget{Comet: conf, Genesis: gen, GenesisRaw: raw,
				StateDir: h.StateDir(), AccessLog: h.AccessLogPath()})
			if err != nil {
				return err
			}
			// The query index follows the restored state, not whatever
			// the home held before.
			st, err := store.Open(h.StateDir())
			if err != nil {
				return err
			}
			defer st.Close()
			ix, err := node.OpenIndex(h)
			if err != nil {
				return err
			}
			defer ix.Close()
			if err := ix.Rebuild(context.Background(), st, progressBar("index")); err != nil {
				return fmt.Errorf("rebuild index: %w", err)
			}
			fmt.Printf("restored %s into %s: chain %s height %d app hash %s (%s)\nstart the node; it continues from block %d\n",
				args[0], h, man.ChainID, man.Height, man.AppHash, time.Since(start).Round(time.Millisecond), man.Height+1)
			return nil
		},
	}
	cmd.Flags().BoolVar(&verifyOnly, "verify-only", false, "only check the backup file")
	return cmd
}
