package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/pingshan/govchain/internal/audit/check"
	"github.com/pingshan/govchain/internal/cryptosuite"
	"github.com/pingshan/govchain/internal/node"
)

func newAuditCmd() *cobra.Command {
	var asJSON, deep, publish bool
	var note string
	cmd := &cobra.Command{
		Use:   "audit --home DIR [--json]",
		Short: "Re-verify everything a stopped node stores; exit 1 on any finding",
		Long: `audit re-verifies a stopped node's data (the node must be stopped: its
databases are locked while it runs). It opens nothing for writing:

  files      every file under HOME/data byte by byte, before any database
             is opened: each LevelDB/Pebble log and manifest chunk checksum
             (and the zero padding), each table block checksum, CURRENT,
             OPTIONS; every consensus WAL record (CRC-32C, decoded); the
             validator's last-signed state (its signature); every snapshot
             (chunk hashes, rebuilt in memory to its app hash); then each
             database opened read-only with strict checks, every key read
  blocks     each block's hash, its encoding and contents against its header,
             the link to the previous block
  commits    every commit's signatures: more than 2/3 of the validator set of
             that height (CometBFT's ValidatorSet.VerifyCommit)
  results    the results hash in each next header against the stored
             FinalizeBlock responses and against re-execution
  comet      CometBFT's state store against the blocks: consensus
             parameters and next validators of every height, the latest
             state; its tx index (tx_index.db) against the blocks and the
             re-executed results, key by key
  replay     every block re-executed, in order, into a fresh in-memory state
             from genesis (or from the node's first state after a state sync
             or restore): the app hash after block H must equal header H+1's
             and the node's stored state root of version H
  state      the newest state version (every version with --deep) re-hashed
             from its nodes, and the records reads are served from
  index      the SQLite query index: PRAGMA integrity_check, then against a
             rebuild from the state
  access-log the hash chain of HOME/data/access.log and every anchor of its
             head this department recorded on chain

Each finding names the file, the height and what differs. Exit status: 0 no findings,
1 findings, 2 the audit could not run (e.g. the node is running).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			h := node.Home(homeFlag(cmd))
			o := check.Options{Deep: deep}
			tty := !asJSON && term.IsTerminal(int(os.Stderr.Fd()))
			if tty {
				bars := map[string]func(int64, int64){}
				o.Progress = func(stage string, done, total int64) {
					b, ok := bars[stage]
					if !ok {
						if len(bars) > 0 {
							fmt.Fprintln(os.Stderr)
						}
						b = progressBar(fmt.Sprintf("%-6s", stage))
						bars[stage] = b
					}
					b(done, total)
				}
			}
			rep, err := check.Run(h, o)
			if tty {
				fmt.Fprintln(os.Stderr)
			}
			if err != nil {
				return &exitError{code: 2, err: fmt.Errorf("%s: %w", h, err)}
			}
			// The JSON report as printed (indented, newline-terminated): the
			// bytes --publish hashes, so a saved --json output matches.
			raw, err := json.MarshalIndent(rep, "", "  ")
			if err != nil {
				return err
			}
			raw = append(raw, '\n')
			if asJSON {
				if _, err := os.Stdout.Write(raw); err != nil {
					return err
				}
			} else {
				printAudit(rep)
			}
			if publish {
				if err := evalTx(cmd, "publish_audit", func(s cryptosuite.Suite) (any, error) { return AuditSummary(s, raw, note) }); err != nil {
					return fmt.Errorf("publish: %w", err)
				}
			}
			if !rep.OK {
				return &exitError{code: 1, err: fmt.Errorf("audit found %d problem(s)", len(rep.Findings))}
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the report as JSON")
	cmd.Flags().BoolVar(&deep, "deep", false, "re-hash every state version, not only the newest (slow on long chains)")
	cmd.Flags().BoolVar(&publish, "publish", false, "sign the report's summary with --from (an auditor) and send it to --node, a running node (docs/evaluation.md)")
	cmd.Flags().StringVar(&note, "note", "", "with --publish: a note published with the summary")
	cmd.Flags().String("from", "", "with --publish: keyring key of an auditor")
	cmd.Flags().String("passphrase-file", "", "file holding the key's passphrase")
	cmd.Flags().String("keyring-dir", "", "keyring directory (default HOME/keyring)")
	cmd.Flags().String("suite", "", "crypto suite (default: the home's genesis suite)")
	addNodeFlag(cmd)
	return cmd
}

func printAudit(r *check.Report) {
	fmt.Printf("audit of %s (chain %s, suite %s, department %s) in %s\n", r.Home, r.ChainID, r.Suite, r.Department, r.Took)
	fmt.Printf("  blocks %d-%d, state versions %d-%d, replayed %d-%d\n", r.Blocks.From, r.Blocks.To,
		r.StateVersions.From, r.StateVersions.To, r.Replayed.From, r.Replayed.To)
	var parts []string
	for _, k := range []string{"files", "file_bytes", "logs", "log_records", "tables", "kv_records", "wal_records", "snapshots",
		"consensus_params", "tx_index_blocks", "tx_index_keys", "blocks", "commits", "signatures", "stored_results", "replayed_blocks", "replayed_txs", "state_versions",
		"state_trees_rehashed", "state_records", "index_tables", "index_rows", "access_log_entries", "access_log_anchors"} {
		if v, ok := r.Checked[k]; ok {
			parts = append(parts, fmt.Sprintf("%s %d", strings.ReplaceAll(k, "_", " "), v))
		}
	}
	fmt.Printf("  checked: %s\n", strings.Join(parts, ", "))
	for _, n := range r.Notes {
		fmt.Printf("  note: %s\n", n)
	}
	if r.OK {
		fmt.Println("OK: no findings")
		return
	}
	fmt.Printf("FAILED: %d finding(s)\n", len(r.Findings))
	for _, f := range r.Findings {
		where := f.File
		if f.Height > 0 {
			where += fmt.Sprintf(" height %d", f.Height)
		}
		fmt.Printf("  [%s] %s: %s\n", f.Check, where, f.What)
	}
}
