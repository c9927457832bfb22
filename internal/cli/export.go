package cli

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"time"

	"github.com/cometbft/cometbft/types"
	"github.com/spf13/cobra"

	"github.com/pingshan/govchain/internal/atomicfile"
	"github.com/pingshan/govchain/internal/node"
	"github.com/pingshan/govchain/internal/snapshot"
	"github.com/pingshan/govchain/internal/store"
)

func newExportCmd() *cobra.Command {
	var out string
	var height int64
	cmd := &cobra.Command{
		Use:   "export --home DIR --out FILE",
		Short: "Back up a node (running or stopped) to one file: a consistent state version and the blocks that sign it",
		Long: `export writes a backup of the node's state at one height H — the whole Merkle
state, CometBFT's state after block H with the signed headers of blocks H and
H+1, and the access log — to FILE (mode 0600).

A stopped node is read directly from its databases. A running node is asked
over its admin socket (HOME/data/admin.sock, only the node's OS user can open
it): it exports an immutable state version while consensus continues.

Restore with 'govchain import FILE --home DIR' into a home with the same
genesis and no chain data; the node then block-syncs from H+1 from its peers.
Keys are not in the backup: back up HOME/config and HOME/keyring separately.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			h := node.Home(homeFlag(cmd))
			if !h.Exists() {
				return fmt.Errorf("%s is not a govchain home", h)
			}
			if out == "" {
				return errors.New("--out FILE is required")
			}
			// Written beside out and put in place only once verified.
			f, err := atomicfile.Create(out, 0o600)
			if err != nil {
				return err
			}
			defer f.Abort()
			start := time.Now()
			var man *snapshot.BackupManifest
			if hc, derr := node.DialAdmin(h); derr == nil {
				man, err = exportRunning(hc, f.File, height)
			} else {
				man, err = exportStopped(h, f.File, height)
			}
			if err == nil {
				err = f.Sync()
			}
			if err != nil {
				return err
			}
			// Read it back in full before calling it a backup.
			vf, err := os.Open(f.Name())
			if err != nil {
				return err
			}
			vm, err := snapshot.VerifyBackup(vf)
			vf.Close()
			if err != nil {
				return fmt.Errorf("the written backup does not verify: %w", err)
			}
			if man == nil {
				man = vm
			}
			if err := f.Commit(); err != nil {
				return err
			}
			fi, _ := os.Stat(out)
			src := "stopped node"
			if vm.FromRunning {
				src = "running node"
			}
			fmt.Printf("exported %s: chain %s height %d app hash %s (%s, %d state nodes, %d access log bytes, %d bytes, %s)%s\n",
				out, vm.ChainID, vm.Height, vm.AppHash, src, vm.Nodes, vm.AccessLogBytes, fi.Size(), time.Since(start).Round(time.Millisecond),
				validatorChanges(vm))
			return nil
		},
	}
	cmd.Flags().StringVar(&out, "out", "", "backup file to write")
	cmd.Flags().Int64Var(&height, "height", 0, "state height to export (default: the newest whose next block is stored)")
	return cmd
}

func exportRunning(hc *http.Client, w io.Writer, height int64) (*snapshot.BackupManifest, error) {
	u := "http://node/export"
	if height > 0 {
		u += "?height=" + strconv.FormatInt(height, 10)
	}
	resp, err := hc.Get(u)
	if err != nil {
		return nil, fmt.Errorf("export from the running node: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
		return nil, fmt.Errorf("export from the running node: %s: %s", resp.Status, b)
	}
	if _, err := io.Copy(w, resp.Body); err != nil {
		return nil, fmt.Errorf("export from the running node: %w", err)
	}
	return nil, nil
}

func exportStopped(h node.Home, w io.Writer, height int64) (*snapshot.BackupManifest, error) {
	conf, err := node.LoadCometConfig(h)
	if err != nil {
		return nil, err
	}
	raw, err := os.ReadFile(h.GenesisFile())
	if err != nil {
		return nil, err
	}
	gen, err := types.GenesisDocFromJSON(raw)
	if err != nil {
		return nil, fmt.Errorf("genesis: %w", err)
	}
	st, err := store.Open(h.StateDir())
	if err != nil {
		if snapshot.IsLocked(err) {
			return nil, fmt.Errorf("the node is running but its admin socket %s does not answer: %w", h.AdminSocketPath(), err)
		}
		return nil, err
	}
	defer st.Close()
	chain, err := snapshot.OpenChain(conf)
	if err != nil {
		return nil, err
	}
	defer chain.Close()
	// A home restored from a backup keeps the validator changes before its
	// first block. One that does not verify is not used (as the node does):
	// export then needs the blocks from genesis, and says so.
	saved, err := snapshot.LoadTransitions(h.ValidatorTransitionsFile(), gen)
	if err != nil {
		fmt.Fprintf(os.Stderr, "warning: not used: %v\n", err)
	}
	return snapshot.Export(w, snapshot.ExportSource{Store: st, Chain: chain, Genesis: gen, GenesisRaw: raw,
		AccessLog: h.AccessLogPath(), Height: height, Saved: saved})
}

// validatorChanges says how many validator-set changes since genesis a
// backup carries (and were checked), or nothing while there were none.
func validatorChanges(m *snapshot.BackupManifest) string {
	if m.ValidatorChanges == 0 {
		return ""
	}
	return fmt.Sprintf("; %d validator-set changes since genesis, checked", m.ValidatorChanges)
}
