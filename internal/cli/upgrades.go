package cli

import (
	"fmt"
	"os"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/pingshan/govchain/internal/api"
	"github.com/pingshan/govchain/internal/upgrade"
)

// newUpgradesCmd lists the upgrades this binary knows, offline: an operator
// checks a new binary before putting it in place.
func newUpgradesCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "upgrades",
		Short: "The software upgrades this binary can run (name, app version after it)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			var known []api.KnownUpgrade
			for _, u := range upgrade.Known().List() {
				known = append(known, api.KnownUpgrade{Name: u.Name, AppVersion: u.AppVersion, Doc: u.Doc})
			}
			if asJSON(cmd) {
				return printJSON(known)
			}
			fmt.Printf("genesis app version %d\n", upgrade.GenesisAppVersion)
			return printKnown(known)
		},
	}
	cmd.Flags().Bool("json", false, "print JSON")
	return cmd
}

// newGovUpgradesCmd shows a chain's upgrades through a node's API.
func newGovUpgradesCmd() *cobra.Command {
	return readFlags(&cobra.Command{
		Use:   "upgrades",
		Short: "The chain's app version, its scheduled upgrade, the upgrades applied, and those the node's binary knows",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			var v api.UpgradesView
			if err := getJSON(cmd, "/api/v1/gov/upgrades", &v); err != nil {
				return err
			}
			if asJSON(cmd) {
				return printJSON(v)
			}
			fmt.Printf("height %d, app version %d\n", v.Height, v.AppVersion)
			if p := v.Pending; p != nil {
				known := false
				for _, k := range v.Known {
					known = known || k.Name == p.Name
				}
				fmt.Printf("scheduled: %s at height %d (proposal %d) %s\n", p.Name, p.Height, p.Proposal, p.Info)
				if !known {
					fmt.Printf("  THIS NODE'S BINARY DOES NOT KNOW %s: it will stop at height %d; install the new binary before then\n", p.Name, p.Height)
				}
			} else {
				fmt.Println("scheduled: none")
			}
			for _, a := range v.Applied {
				fmt.Printf("applied: %s at height %d (proposal %d), app version %d\n", a.Name, a.Height, a.Proposal, a.AppVersion)
			}
			return printKnown(v.Known)
		},
	})
}

func printKnown(known []api.KnownUpgrade) error {
	tw := tabwriter.NewWriter(os.Stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "KNOWN UPGRADE\tAPP VERSION\tWHAT")
	for _, k := range known {
		fmt.Fprintf(tw, "%s\t%d\t%s\n", k.Name, k.AppVersion, k.Doc)
	}
	return tw.Flush()
}
