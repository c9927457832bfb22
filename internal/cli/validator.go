package cli

import (
	"context"
	"encoding/hex"
	"fmt"
	"os"
	"time"

	cmtjson "github.com/cometbft/cometbft/libs/json"
	"github.com/cometbft/cometbft/privval"
	"github.com/spf13/cobra"

	"github.com/pingshan/govchain/internal/api"
	"github.com/pingshan/govchain/internal/client"
	"github.com/pingshan/govchain/internal/module/governance"
	"github.com/pingshan/govchain/internal/node"
)

func newValidatorCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "validator",
		Short: "The validator set; a new node's key and its join attestation",
		Long: `Validators change by proposal (govchain gov propose --type validator_add,
validator_replace, validator_power or validator_remove). A key that a passed
proposal lets in joins only after its node has caught up and attests it:
govchain validator attest, run on the new node's home. See docs/governance.md.`,
	}
	cmd.AddCommand(newValidatorListCmd(), newValidatorKeyCmd(), newValidatorAttestCmd())
	return cmd
}

func newValidatorListCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "list",
		Short: "The validator set and the keys waiting to join",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			var l api.ValidatorList
			if err := getJSON(cmd, "/api/v1/validators", &l); err != nil {
				return err
			}
			if asJSON(cmd) {
				return printJSON(l)
			}
			out := cmd.OutOrStdout()
			fmt.Fprintf(out, "height %d, total power %d\n", l.Height, l.TotalPower)
			for _, v := range l.Validators {
				fmt.Fprintf(out, "%s  %s  power %d  department %s  since %d\n", v.PubKey, v.Address, v.Power, v.Department, v.Since)
			}
			for _, p := range l.Pending {
				fmt.Fprintf(out, "%s  pending %s (proposal %d, department %s, power %d): attest a block from height %d before %s\n",
					p.PubKey, p.Kind, p.Proposal, p.Department, p.Power, p.Height, p.Expires.Format(time.RFC3339))
			}
			return nil
		},
	}
	return readFlags(cmd)
}

func newValidatorKeyCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "key",
		Short: "Print this node's validator public key (hex), for a validator_add or validator_replace proposal",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			pv, err := loadValidatorKey(node.Home(homeFlag(cmd)))
			if err != nil {
				return err
			}
			fmt.Fprintln(cmd.OutOrStdout(), hex.EncodeToString(pv.Key.PubKey.Bytes()))
			return nil
		},
	}
	return cmd
}

func loadValidatorKey(h node.Home) (*privval.FilePV, error) {
	conf, err := node.LoadCometConfig(h)
	if err != nil {
		return nil, err
	}
	// LoadFilePVEmptyState exits the process on a bad file: read it ourselves.
	return readFilePV(conf.PrivValidatorKeyFile())
}

func newValidatorAttestCmd() *cobra.Command {
	var wait time.Duration
	cmd := &cobra.Command{
		Use:   "attest --home NODE_HOME --from ADMIN_KEY",
		Short: "Once this node has caught up, sign the newest block with its validator key and send the join attestation",
		Long: `Run on the new node's home, with the node running. It waits (up to --wait)
until the node is no longer catching up and the node's key is approved and
waiting, signs the newest block the node has committed with the node's
validator key (config/priv_validator_key.json), and sends
governance/validator_attest signed by --from, an admin of the key's department.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			pv, err := loadValidatorKey(node.Home(homeFlag(cmd)))
			if err != nil {
				return err
			}
			pub := hex.EncodeToString(pv.Key.PubKey.Bytes())
			c := client.New(nodeURL(cmd))
			ctx, cancel := context.WithTimeout(context.Background(), wait)
			defer cancel()
			var l api.ValidatorList
			var chainID string
			for {
				st, err := c.Status(ctx)
				if err == nil && !st.CatchingUp {
					chainID = st.ChainID
					if err = c.Get(ctx, "/api/v1/validators", &l); err == nil && pendingKey(&l, pub) && l.BlockHash != "" {
						break
					}
				}
				select {
				case <-ctx.Done():
					return fmt.Errorf("key %s: node not caught up, or the key is not approved and waiting (%v)", pub, err)
				case <-time.After(time.Second):
				}
			}
			sig, err := pv.Key.PrivKey.Sign(governance.AttestMessage(chainID, l.Height, l.BlockHash, pub))
			if err != nil {
				return err
			}
			payload := governance.AttestValidator{PubKey: pub, Height: l.Height, BlockHash: l.BlockHash, Signature: hex.EncodeToString(sig)}
			_, res, err := govTx(cmd, "validator_attest", payload)
			if err != nil {
				return err
			}
			if asJSON(cmd) {
				return printJSON(res)
			}
			fmt.Fprintf(cmd.OutOrStdout(), "attested key %s over block %d; it joins the validator set (in consensus two blocks after height %d)\n", pub, l.Height, res.Height)
			return nil
		},
	}
	cmd.Flags().DurationVar(&wait, "wait", 10*time.Minute, "how long to wait for the node to catch up and the key to be approved")
	return txFlags(cmd)
}

func pendingKey(l *api.ValidatorList, pub string) bool {
	for _, p := range l.Pending {
		if p.PubKey == pub {
			return true
		}
	}
	return false
}

// readFilePV reads priv_validator_key.json with CometBFT's JSON codec
// (privval's loaders exit the process on a bad file).
func readFilePV(path string) (*privval.FilePV, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var key privval.FilePVKey
	if err := cmtjson.Unmarshal(b, &key); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if key.PrivKey == nil || key.PubKey == nil || key.PubKey.Type() != "ed25519" {
		return nil, fmt.Errorf("%s: not an Ed25519 validator key", path)
	}
	return &privval.FilePV{Key: key}, nil
}
