package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/pingshan/govchain/internal/atomicfile"
	"github.com/pingshan/govchain/internal/tlscert"
)

func newCertsCmd() *cobra.Command {
	var out, keyType string
	var nodes []string
	var days int
	cmd := &cobra.Command{
		Use:   "certs",
		Short: "Make a DEVELOPMENT CA and HTTPS certificates for a testnet's nodes",
		Long: `certs makes, in --out, a development certificate authority (ca.crt, ca.key;
reused if already there) and for each --node NAME=HOST[,HOST...] a server
certificate NAME.crt with key NAME.key for those DNS names and IP addresses.
Give them to 'govchain start --tls-cert NAME.crt --tls-key NAME.key' and
clients 'curl --cacert ca.crt'. Running it again renews the node
certificates in place (written atomically); running nodes pick them up.

DEVELOPMENT ONLY: every certificate says so in its organisation, the CA key
lies unencrypted beside it, and production nodes use certificates from the
city's CA (docs/operations.md).`,
		Example: `  govchain certs --out certs --node node0=127.0.0.1,localhost --node node1=10.0.0.2`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if len(nodes) == 0 {
				nodes = []string{"localhost=localhost,127.0.0.1,::1"}
			}
			kt := tlscert.KeyType(keyType)
			validity := time.Duration(days) * 24 * time.Hour
			if days <= 0 {
				return fmt.Errorf("--days must be positive, got %d", days)
			}
			ca, err := tlscert.LoadCA(out)
			switch {
			case errors.Is(err, fs.ErrNotExist):
				if ca, err = tlscert.NewCA(kt, validity); err != nil {
					return err
				}
				if err := ca.Save(out); err != nil {
					return err
				}
				fmt.Fprintf(cmd.OutOrStdout(), "created development CA %s\n", filepath.Join(out, tlscert.CACertFile))
			case err != nil:
				return fmt.Errorf("existing CA in %s: %w", out, err)
			}
			for _, spec := range nodes {
				name, hostList, ok := strings.Cut(spec, "=")
				if !ok || name == "" || hostList == "" || strings.ContainsAny(name, `/\`) {
					return fmt.Errorf("--node %q: want NAME=HOST[,HOST...]", spec)
				}
				certPEM, keyPEM, err := ca.Issue(name, strings.Split(hostList, ","), kt, validity)
				if err != nil {
					return err
				}
				// Key first: a server reloading between the two writes
				// sees a mismatched pair, refuses it and retries later.
				if err := atomicfile.Write(filepath.Join(out, name+".key"), keyPEM, 0o600); err != nil {
					return err
				}
				if err := atomicfile.Write(filepath.Join(out, name+".crt"), certPEM, 0o644); err != nil {
					return err
				}
				fmt.Fprintf(cmd.OutOrStdout(), "wrote %s.crt and %s.key for %s (DEVELOPMENT ONLY)\n", filepath.Join(out, name), filepath.Join(out, name), hostList)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&out, "out", "certs", "directory for the CA and certificates")
	cmd.Flags().StringArrayVar(&nodes, "node", nil, "NAME=HOST[,HOST...] (repeatable; default localhost=localhost,127.0.0.1,::1)")
	cmd.Flags().StringVar(&keyType, "key-type", string(tlscert.ECDSAP256), "ecdsa-p256 or ed25519 (some browsers do not accept ed25519)")
	cmd.Flags().IntVar(&days, "days", 90, "validity in days")
	return cmd
}
