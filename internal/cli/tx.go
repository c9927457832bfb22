package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/pingshan/govchain/internal/client"
	"github.com/pingshan/govchain/internal/node"
)

func newTxCmd() *cobra.Command {
	var from, payloadFile, passFile string
	var async bool
	cmd := &cobra.Command{
		Use:   "tx MODULE ACTION --from KEY [--payload FILE|-]",
		Short: "Sign a transaction with a keyring key and submit it to a node",
		Example: `  govchain tx notary anchor --from nrb-clerk --payload doc.json
  govchain tx finance request_payment --from eeb-accountant --payload docs/examples/finance/request.json   # payee sealed here
  echo '{"name":"nrb-clerk2","public_key":"04…","roles":["clerk"]}' | govchain tx identity add_member --from nrb-admin --payload -`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			payload := []byte("{}")
			if payloadFile != "" {
				var err error
				if payloadFile == "-" {
					payload, err = io.ReadAll(io.LimitReader(os.Stdin, 1<<20))
				} else {
					payload, err = os.ReadFile(payloadFile)
				}
				if err != nil {
					return fmt.Errorf("payload: %w", err)
				}
			}
			key, suite, err := loadSigningKey(cmd, from, passFile)
			if err != nil {
				return err
			}
			c := client.New(nodeURL(cmd))
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			// A payee or payer written in clear is sealed here, on the
			// client, before signing: it never reaches the node in clear.
			if payload, err = sealClearPayee(ctx, c, suite, args[0], args[1], payload); err != nil {
				return err
			}
			signer, err := client.NewSigner(ctx, c, key, suite)
			if err != nil {
				return err
			}
			raw, err := signer.Build(args[0], args[1], payload)
			if err != nil {
				return err
			}
			res, err := c.Broadcast(ctx, raw, async)
			if err != nil {
				return err
			}
			if err := printJSON(res); err != nil {
				return err
			}
			if res.Code != 0 {
				return &exitError{code: 2, err: fmt.Errorf("refused: %s (%s/%d)", res.Log, res.Codespace, res.Code)}
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&from, "from", "", "keyring key to sign with")
	cmd.Flags().StringVar(&payloadFile, "payload", "", "JSON payload file, or - for stdin (default {})")
	cmd.Flags().StringVar(&passFile, "passphrase-file", "", "file holding the key's passphrase")
	cmd.Flags().BoolVar(&async, "async", false, "return after CheckTx instead of waiting for the commit")
	cmd.Flags().String("keyring-dir", "", "keyring directory (default HOME/keyring)")
	cmd.Flags().String("suite", "", "crypto suite (default: the home's genesis suite)")
	addNodeFlag(cmd)
	_ = cmd.MarkFlagRequired("from")
	return cmd
}

func addNodeFlag(cmd *cobra.Command) {
	cmd.Flags().String("node", "", "node API URL (default: http_addr of HOME, else http://127.0.0.1:8080)")
}

func nodeURL(cmd *cobra.Command) string {
	if u, _ := cmd.Flags().GetString("node"); u != "" {
		return u
	}
	if c, err := node.LoadAppConfig(node.Home(homeFlag(cmd))); err == nil && c.HTTPAddr != "" {
		return "http://" + c.HTTPAddr
	}
	return "http://127.0.0.1:8080"
}
