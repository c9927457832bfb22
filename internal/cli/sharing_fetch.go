package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/pingshan/govchain/internal/client"
	"github.com/pingshan/govchain/internal/cryptosuite"
	"github.com/pingshan/govchain/internal/delivery"
	"github.com/pingshan/govchain/internal/module/sharing"
	"github.com/pingshan/govchain/internal/network"
)

func newSharingFetchCmd() *cobra.Command {
	var ownerNode, fields, keyField, keyValue, purpose, dataKey, dataPass, out string
	cmd := &cobra.Command{
		Use:   "fetch GRANT --owner-node URL --fields a,b [--key-field F --key-value V] --purpose TEXT --from KEY [--out FILE]",
		Short: "Fetch data under a grant from the owner's node, decrypt it and check its hash against the chain",
		Long: `fetch signs a fetch with --from (staff of the requesting department), posts it
to the owner department's node, decrypts the answer with the department's data
key (--data-key, default <department>-data in the keyring), and checks that the
hash of what arrived is the one the owner recorded on chain (read from --node,
this department's node). Only then is the data written (--out, or stdout).`,
		Example: `  govchain sharing fetch 1 --owner-node http://eeb-node:8080 --fields parcel_id,conclusion \
    --key-field parcel_id --key-value PS-G01-0101 --purpose "审查 LAND-2026-000004" --from hub-reviewer --out eia.json`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			grant, err := parseID(args[0], "grant")
			if err != nil {
				return err
			}
			from, _ := cmd.Flags().GetString("from")
			passFile, _ := cmd.Flags().GetString("passphrase-file")
			key, suite, err := loadSigningKey(cmd, from, passFile)
			if err != nil {
				return err
			}
			ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
			defer cancel()
			mine := client.New(nodeURL(cmd))
			st, err := mine.Status(ctx)
			if err != nil {
				return err
			}
			addr := cryptosuite.Address(suite, key.Public())
			acct, err := mine.Account(ctx, addr)
			if err != nil {
				return err
			}
			if dataKey == "" {
				dataKey = network.DataKeyName(acct.Department)
			}
			dk, _, err := loadSigningKey(cmd, dataKey, dataPass)
			if err != nil {
				return fmt.Errorf("department data key: %w", err)
			}
			sf, err := delivery.Sign(key, delivery.Fetch{ChainID: st.ChainID, Grant: grant, Fields: splitFields(fields),
				KeyField: keyField, KeyValue: keyValue, Purpose: purpose, Account: addr, Time: time.Now().UTC()})
			if err != nil {
				return err
			}
			d, err := client.New(ownerNode).FetchShared(ctx, sf)
			if err != nil {
				return &exitError{code: 2, err: fmt.Errorf("refused: %w", err)}
			}
			res, err := delivery.Open(suite, d, acct.Department, dk)
			if err != nil {
				return err
			}
			// The owner waited for the record's block; this node may be a
			// block behind.
			if err := waitAccessRecord(ctx, mine, grant, d); err != nil {
				return err
			}
			b, err := json.MarshalIndent(res, "", "  ")
			if err != nil {
				return err
			}
			if out == "" {
				fmt.Println(string(b))
				return nil
			}
			if err := os.WriteFile(out, append(b, '\n'), 0o600); err != nil {
				return err
			}
			fmt.Fprintf(os.Stderr, "%d row(s) under grant %d written to %s; hash %s matches the access record on chain\n", len(res.Rows), grant, out, d.Hash)
			return nil
		},
	}
	cmd.Flags().StringVar(&ownerNode, "owner-node", "", "URL of the owner department's node (required)")
	cmd.Flags().StringVar(&fields, "fields", "", "fields to fetch, a subset of the grant (comma-separated)")
	cmd.Flags().StringVar(&keyField, "key-field", "", "select records by this (granted) field")
	cmd.Flags().StringVar(&keyValue, "key-value", "", "value of --key-field")
	cmd.Flags().StringVar(&purpose, "purpose", "", "why (recorded in the access record; no personal data)")
	cmd.Flags().StringVar(&dataKey, "data-key", "", "keyring name of the department's data key (default <department>-data)")
	cmd.Flags().StringVar(&dataPass, "data-key-passphrase-file", "", "file holding the data key's passphrase")
	cmd.Flags().StringVar(&out, "out", "", "write the data here (mode 0600) instead of stdout")
	_ = cmd.MarkFlagRequired("owner-node")
	return txFlags(cmd)
}

func waitAccessRecord(ctx context.Context, c *client.Client, grant uint64, d *delivery.Delivery) error {
	for {
		var list []*sharing.Access
		if err := c.Get(ctx, fmt.Sprintf("/api/v1/sharing/access?grant=%d", grant), &list); err != nil {
			return err
		}
		for _, a := range list {
			if a.DeliveredHash == d.Hash {
				return nil
			}
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("no access record on chain with hash %s: do not use this data", d.Hash)
		case <-time.After(500 * time.Millisecond):
		}
	}
}
