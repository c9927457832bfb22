package cli

import (
	"bytes"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/pingshan/govchain/internal/api"
	"github.com/pingshan/govchain/internal/cryptosuite"
	"github.com/pingshan/govchain/internal/keyring"
	"github.com/pingshan/govchain/internal/module/governance"
	"github.com/pingshan/govchain/internal/network"
	"github.com/pingshan/govchain/internal/sealed"
)

// Encryption-key rotation, run on the department's node home (its keyring
// holds "<dept>-data"): `keys rotate-enc` makes the new key, registers it
// (governance/rotate_enc_key), moves the old one to "<dept>-data-v<N>"
// and the new one to "<dept>-data", then re-wraps; `rewrap` re-wraps (or
// with --status shows) what is still wrapped to the previous key.

// RotateResult is what `keys rotate-enc --json` prints.
type RotateResult struct {
	Department string        `json:"department"`
	Version    uint32        `json:"version"`
	NewKey     string        `json:"new_key"`
	ArchivedAs string        `json:"archived_as"`
	Rewrap     *RewrapResult `json:"rewrap,omitempty"`
}

// RewrapResult is what `rewrap --json` prints.
type RewrapResult struct {
	Department string `json:"department"`
	Version    uint32 `json:"version"`
	Rewrapped  int    `json:"rewrapped"`
	Batches    int    `json:"batches"`
	Pending    int    `json:"pending"`
	Retired    bool   `json:"retired"`
}

func encKeyFlags(cmd *cobra.Command) {
	cmd.Flags().String("dept", "", "the department whose key rotates (required)")
	cmd.Flags().String("from", "", "keyring key of an admin of the department")
	cmd.Flags().String("passphrase-file", "", "file holding the admin key's passphrase")
	cmd.Flags().String("data-passphrase-file", "", "file holding the data keys' passphrase (default $GOVCHAIN_DATA_PASSPHRASE; none for demo keys)")
	_ = cmd.MarkFlagRequired("dept")
	readFlags(cmd)
}

func dataPassphrase(cmd *cobra.Command, demo bool) (string, error) {
	if demo {
		return "", nil
	}
	if f, _ := cmd.Flags().GetString("data-passphrase-file"); f != "" {
		b, err := os.ReadFile(f)
		if err != nil {
			return "", fmt.Errorf("data passphrase file: %w", err)
		}
		return strings.TrimRight(string(b), "\r\n"), nil
	}
	if p := os.Getenv("GOVCHAIN_DATA_PASSPHRASE"); p != "" {
		return p, nil
	}
	return "", errors.New("the data key is encrypted: use --data-passphrase-file or $GOVCHAIN_DATA_PASSPHRASE")
}

func encKeyStatus(cmd *cobra.Command, dept string, limit int) (*api.RewrapStatus, error) {
	var st api.RewrapStatus
	err := getJSON(cmd, fmt.Sprintf("/api/v1/gov/enckeys/%s?limit=%d", dept, limit), &st)
	return &st, err
}

func newKeysRotateEncCmd() *cobra.Command {
	var reason string
	var noRewrap bool
	cmd := &cobra.Command{
		Use:   "rotate-enc --dept ID --from ADMIN_KEY",
		Short: "Rotate a department's encryption key and re-wrap its data keys (run on the department's node home)",
		Long: `Creates the department's new data key ("<dept>-data-next", encrypted like the
current one), registers its public key with governance/rotate_enc_key (new
sealed data goes to it at once), keeps the old key as "<dept>-data-v<N>"
and installs the new one as "<dept>-data", then re-wraps every data key
still wrapped to the old key (as 'govchain rewrap' does) unless --no-rewrap.
Run again after an interruption: it resumes where it stopped.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			dept, _ := cmd.Flags().GetString("dept")
			from, _ := cmd.Flags().GetString("from")
			if from == "" {
				return errors.New("--from is required")
			}
			kr, suite, err := openKeyringSuite(cmd)
			if err != nil {
				return err
			}
			cur, next := network.DataKeyName(dept), network.DataKeyName(dept)+"-next"
			info, err := kr.Show(cur)
			if errors.Is(err, keyring.ErrKeyNotFound) {
				// Stopped between the two moves: the old key is archived and
				// the registered new one still waits under its staging name.
				if info, err = kr.Show(next); err == nil {
					return finishMove(cmd, suite, kr, dept, info, noRewrap)
				}
			}
			if err != nil {
				return fmt.Errorf("this keyring has no %s (run on the department's node home): %w", cur, err)
			}
			pass, err := dataPassphrase(cmd, info.Demo)
			if err != nil {
				return err
			}
			nextInfo, err := kr.Show(next)
			if errors.Is(err, keyring.ErrKeyNotFound) {
				if info.Demo {
					nextInfo, _, err = kr.CreateDemo(next)
				} else {
					nextInfo, _, err = kr.Create(next, pass)
				}
			}
			if err != nil {
				return err
			}
			st, err := encKeyStatus(cmd, dept, 0)
			if err != nil {
				return err
			}
			if st.Current != nextInfo.PublicKey {
				if st.Current != info.PublicKey {
					return fmt.Errorf("the chain's key of %s (%s…) is neither %s nor %s in this keyring", dept, st.Current[:16], cur, next)
				}
				if st.Key != nil && st.Key.RetiredAt == 0 {
					return fmt.Errorf("%s's previous rotation is still re-wrapping (%d left): run 'govchain rewrap --dept %s' first", dept, st.Pending, dept)
				}
				if _, _, err := govTx(cmd, "rotate_enc_key", governance.RotateEncKey{Department: dept, NewKey: nextInfo.PublicKey, Reason: reason}); err != nil {
					return err
				}
				if st, err = encKeyStatus(cmd, dept, 0); err != nil {
					return err
				}
			}
			archived := fmt.Sprintf("%s-v%d", cur, st.Version-1)
			if _, err := kr.Move(cur, archived, pass); err != nil {
				return fmt.Errorf("moving %s to %s: %w", cur, archived, err)
			}
			if _, err := kr.Move(next, cur, pass); err != nil {
				return fmt.Errorf("moving %s to %s: %w", next, cur, err)
			}
			out := RotateResult{Department: dept, Version: st.Version, NewKey: nextInfo.PublicKey, ArchivedAs: archived}
			if !noRewrap {
				if out.Rewrap, err = runRewrap(cmd, suite, kr, dept, "", governance.MaxRewrapBatch, pass); err != nil {
					return err
				}
			}
			if asJSON(cmd) {
				return printJSON(out)
			}
			fmt.Fprintf(cmd.OutOrStdout(), "%s: encryption key version %d registered; old key kept as %s\n", dept, out.Version, archived)
			if out.Rewrap != nil {
				printRewrap(cmd, out.Rewrap)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&reason, "reason", "key rotation", "why (public, on chain)")
	cmd.Flags().BoolVar(&noRewrap, "no-rewrap", false, "register the new key only; run 'govchain rewrap' later")
	encKeyFlags(cmd)
	return cmd
}

// finishMove installs the staged new key as "<dept>-data" once the chain
// has it as the department's key, then re-wraps.
func finishMove(cmd *cobra.Command, suite cryptosuite.Suite, kr *keyring.Keyring, dept string, next keyring.Info, noRewrap bool) error {
	st, err := encKeyStatus(cmd, dept, 0)
	if err != nil {
		return err
	}
	if st.Current != next.PublicKey {
		return fmt.Errorf("%s is missing and %s is not the chain's key of %s: restore %s from the key backup", network.DataKeyName(dept), next.Name, dept, network.DataKeyName(dept))
	}
	pass, err := dataPassphrase(cmd, next.Demo)
	if err != nil {
		return err
	}
	if _, err := kr.Move(next.Name, network.DataKeyName(dept), pass); err != nil {
		return err
	}
	out := RotateResult{Department: dept, Version: st.Version, NewKey: next.PublicKey, ArchivedAs: fmt.Sprintf("%s-v%d", network.DataKeyName(dept), st.Version-1)}
	if !noRewrap {
		if out.Rewrap, err = runRewrap(cmd, suite, kr, dept, "", governance.MaxRewrapBatch, pass); err != nil {
			return err
		}
	}
	return printJSON(out)
}

func newRewrapCmd() *cobra.Command {
	var oldKey string
	var batch int
	var status bool
	cmd := &cobra.Command{
		Use:   "rewrap --dept ID --from ADMIN_KEY",
		Short: "Re-wrap the data keys still wrapped to a department's previous encryption key (or --status)",
		Long: `Run on the department's node home after 'govchain keys rotate-enc': unwraps
each pending data key with the previous key (--old-key, default
"<dept>-data-v<N-1>"), checks it opens the data, wraps it to the current
key ("<dept>-data", which must be the key the chain has), and sends
governance/rewrap in batches until none is left and the previous key is
retired. The chain cannot check a re-wrapped key opens the data: this
command does, before sending. --status only shows the versions and what
is pending.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			dept, _ := cmd.Flags().GetString("dept")
			if status {
				st, err := encKeyStatus(cmd, dept, 0)
				if err != nil {
					return err
				}
				if asJSON(cmd) {
					return printJSON(st)
				}
				fmt.Fprintf(cmd.OutOrStdout(), "%s: encryption key version %d, %d entries wrapped to the previous key\n", dept, st.Version, st.Pending)
				if st.Key != nil {
					fmt.Fprintf(cmd.OutOrStdout(), "rotated at height %d; previous key retired at height %d (0: not yet)\n", st.Key.RotatedAt, st.Key.RetiredAt)
				}
				return nil
			}
			if f, _ := cmd.Flags().GetString("from"); f == "" {
				return errors.New("--from is required")
			}
			kr, suite, err := openKeyringSuite(cmd)
			if err != nil {
				return err
			}
			info, err := kr.Show(network.DataKeyName(dept))
			if err != nil {
				return err
			}
			pass, err := dataPassphrase(cmd, info.Demo)
			if err != nil {
				return err
			}
			res, err := runRewrap(cmd, suite, kr, dept, oldKey, batch, pass)
			if err != nil {
				return err
			}
			if asJSON(cmd) {
				return printJSON(res)
			}
			printRewrap(cmd, res)
			return nil
		},
	}
	cmd.Flags().StringVar(&oldKey, "old-key", "", `keyring name of the previous data key (default "<dept>-data-v<N-1>")`)
	cmd.Flags().IntVar(&batch, "batch", governance.MaxRewrapBatch, "entries per transaction")
	cmd.Flags().BoolVar(&status, "status", false, "only show the key versions and the pending count")
	cmd.Flags().String("keyring-dir", "", "keyring directory (default HOME/keyring)")
	cmd.Flags().String("suite", "", "crypto suite (default: the home's genesis suite)")
	encKeyFlags(cmd)
	return cmd
}

func printRewrap(cmd *cobra.Command, r *RewrapResult) {
	fmt.Fprintf(cmd.OutOrStdout(), "%s: re-wrapped %d data keys in %d transactions; %d left", r.Department, r.Rewrapped, r.Batches, r.Pending)
	if r.Retired {
		fmt.Fprint(cmd.OutOrStdout(), "; the previous key is retired (destroy its keyring copy once backups allow)")
	}
	fmt.Fprintln(cmd.OutOrStdout())
}

// runRewrap sends batches until nothing is pending. A batch that leaves
// the count where it was stops it (someone else's entries, a refused tx).
func runRewrap(cmd *cobra.Command, suite cryptosuite.Suite, kr *keyring.Keyring, dept, oldName string, batch int, pass string) (*RewrapResult, error) {
	if batch < 1 || batch > governance.MaxRewrapBatch {
		return nil, fmt.Errorf("--batch must be 1..%d", governance.MaxRewrapBatch)
	}
	st, err := encKeyStatus(cmd, dept, batch)
	if err != nil {
		return nil, err
	}
	res := &RewrapResult{Department: dept, Version: st.Version, Pending: st.Pending}
	if st.Pending == 0 {
		res.Retired = st.Key != nil && st.Key.RetiredAt != 0
		return res, nil
	}
	if oldName == "" {
		oldName = fmt.Sprintf("%s-v%d", network.DataKeyName(dept), st.Version-1)
	}
	old, err := kr.Load(oldName, pass)
	if err != nil {
		return nil, fmt.Errorf("previous data key %s: %w", oldName, err)
	}
	if st.Key == nil || !bytes.Equal(old.Public().Bytes(), st.Key.Previous) {
		return nil, fmt.Errorf("%s is not %s's previous encryption key on chain", oldName, dept)
	}
	cur, err := kr.Load(network.DataKeyName(dept), pass)
	if err != nil {
		return nil, err
	}
	if hex.EncodeToString(cur.Public().Bytes()) != st.Current {
		return nil, fmt.Errorf("%s in this keyring is not %s's current encryption key on chain", network.DataKeyName(dept), dept)
	}
	for st.Pending > 0 {
		entries := make([]governance.RewrapEntry, 0, len(st.Entries))
		for _, e := range st.Entries {
			w, _ := hex.DecodeString(e.WrappedKey)
			ct, _ := hex.DecodeString(e.Ciphertext)
			nw, err := sealed.Rewrap(suite, w, ct, e.Domain, old, cur.Public())
			if err != nil {
				return res, fmt.Errorf("%s/%s: %w", e.Module, e.Ref, err)
			}
			entries = append(entries, governance.RewrapEntry{Module: e.Module, Ref: e.Ref, WrappedKey: hex.EncodeToString(nw)})
		}
		if _, _, err := govTx(cmd, "rewrap", governance.Rewrap{Department: dept, Entries: entries}); err != nil {
			return res, err
		}
		res.Rewrapped += len(entries)
		res.Batches++
		before := st.Pending
		if st, err = encKeyStatus(cmd, dept, batch); err != nil {
			return res, err
		}
		res.Pending = st.Pending
		if st.Pending >= before {
			return res, fmt.Errorf("the pending count did not fall (%d): stopping", st.Pending)
		}
	}
	res.Retired = st.Key != nil && st.Key.RetiredAt != 0
	return res, nil
}
