package cli

import (
	"github.com/spf13/cobra"
)

func newVerifyCmd() *cobra.Command {
	return &cobra.Command{Use: "verify BUNDLE --genesis genesis.json", Short: "Verify a proof bundle offline", Hidden: true}
}
