package cli

import (
	"context"
	"time"

	"github.com/spf13/cobra"

	"github.com/pingshan/govchain/internal/client"
)

func newStatusCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "status",
		Short: "Show a node's chain id, height, app hash, suite, validators and departments",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
			defer cancel()
			st, err := client.New(nodeURL(cmd)).Status(ctx)
			if err != nil {
				return err
			}
			return printJSON(st)
		},
	}
	addNodeFlag(cmd)
	return cmd
}
