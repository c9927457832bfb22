package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/pingshan/govchain/internal/bench/scale"
)

func newBenchDiskCmd() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "disk",
		Short: "Break a stopped home's disk down by store, IAVL record kind and state key prefix",
		Long: `disk reads a stopped home's stores read-only and reports, per committed tx,
the bytes of each store (as bench load does), the app state's records by
IAVL kind (inner nodes, leaves, fast-index entries, roots) and by state key
prefix (uncompressed key + value bytes; LevelDB compresses them), and the
SQLite index's pages by table and index. See docs/benchmarks.md.`,
		Example: `  govchain bench disk --home /tmp/scale --json`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if !cmd.Flags().Changed("home") {
				return fmt.Errorf("give the home explicitly with --home")
			}
			st, err := scale.MeasureDisk(homeFlag(cmd))
			if err != nil {
				return err
			}
			if asJSON {
				return printJSON(st)
			}
			printDisk(st)
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the result as JSON")
	return cmd
}

func printDisk(st *scale.DiskStat) {
	n := st.ChainTxs
	if n == 0 {
		n = 1
	}
	per := func(b int64) string { return fmt.Sprintf("%12d  %6.0f/tx", b, float64(b)/float64(n)) }
	d := st.Disk
	fmt.Printf("%d txs on chain\n", st.ChainTxs)
	fmt.Printf("%-26s %s\n", "IAVL (data/app)", per(d.IAVL))
	fmt.Printf("%-26s %s\n", "block store", per(d.BlockStore))
	fmt.Printf("%-26s %s\n", "CometBFT state store", per(d.StateStore))
	fmt.Printf("%-26s %s\n", "index (SQLite + WAL)", per(d.Index))
	fmt.Printf("%-26s %s\n", "CometBFT tx index", per(d.TxIndex))
	fmt.Printf("%-26s %s\n", "consensus WAL", per(d.WAL))
	fmt.Printf("%-26s %s\n", "other", per(d.Other))
	fmt.Printf("%-26s %s\n", "total", per(d.Total))
	show := func(title string, ps []scale.Part) {
		fmt.Printf("\n%s (uncompressed key+value)\n", title)
		for i, p := range ps {
			if i == 15 {
				fmt.Printf("  … %d more\n", len(ps)-i)
				break
			}
			fmt.Printf("  %-30s %9d records %s\n", p.Name, p.Records, per(p.Total()))
		}
	}
	fmt.Printf("\napp state files %s\n", per(st.State.Files))
	show("IAVL records by kind", st.State.Kinds)
	show("leaves by state key prefix", st.State.Leaves)
	show("inner nodes by key prefix", st.State.Inner)
	show("fast-index entries by state key prefix", st.State.Fast)
	fmt.Printf("\nSQLite index pages by table/index\n")
	for _, p := range st.Index {
		fmt.Printf("  %-30s %9d pages   %s\n", p.Name, p.Records, per(p.Value))
	}
}
