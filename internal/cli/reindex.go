package cli

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/pingshan/govchain/internal/index"
	"github.com/pingshan/govchain/internal/node"
	"github.com/pingshan/govchain/internal/store"
)

func newReindexCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "reindex",
		Short: "Rebuild the SQLite query index of a stopped node from its chain state",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			h := node.Home(homeFlag(cmd))
			if !h.Exists() {
				return fmt.Errorf("%s is not a govchain home", h)
			}
			st, err := store.Open(h.StateDir())
			if err != nil {
				return fmt.Errorf("%w (is the node still running? stop it first)", err)
			}
			defer st.Close()
			ix, err := node.OpenIndex(h)
			if err != nil {
				return err
			}
			defer ix.Close()
			if closeBlocks, err := node.UseBlockStore(h, ix); err != nil {
				fmt.Fprintf(os.Stderr, "warning: no block store (%v): feedback text is indexed blank\n", err)
			} else {
				defer closeBlocks()
			}
			start := time.Now()
			bar := progressBar("reindex")
			if err := ix.Rebuild(context.Background(), st, bar); err != nil {
				return err
			}
			fmt.Fprintf(os.Stderr, "\nindexed %d versions in %s\n", st.Version(), time.Since(start).Round(time.Millisecond))
			return nil
		},
	}
}

// progressBar draws on a terminal and stays quiet otherwise (logs, CI).
func progressBar(label string) index.Progress {
	if !term.IsTerminal(int(os.Stderr.Fd())) {
		return nil
	}
	return func(done, total int64) {
		if total <= 0 {
			return
		}
		const width = 40
		filled := int(done * width / total)
		bar := make([]byte, width)
		for i := range bar {
			bar[i] = ' '
			if i < filled {
				bar[i] = '#'
			}
		}
		fmt.Fprintf(os.Stderr, "\r%s [%s] %d/%d (%d%%)", label, bar, done, total, done*100/total)
	}
}
