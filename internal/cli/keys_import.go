package cli

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/pingshan/govchain/internal/cryptosuite"
)

// newKeysImportCmd reads a PEM private key made elsewhere (OpenSSL, an HSM
// export, `keys export --format pem`) and stores it encrypted like
// `keys add`, so an existing key can sign govchain transactions.
func newKeysImportCmd() *cobra.Command {
	var file, passFile string
	cmd := &cobra.Command{
		Use:   "import NAME --file key.pem",
		Short: "Store a PEM private key (PKCS#8 or SM2 SEC1, e.g. from openssl genpkey), encrypted with a passphrase",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if file == "" {
				return fmt.Errorf("--file is required (a PEM private key)")
			}
			kr, suite, err := openKeyringSuite(cmd)
			if err != nil {
				return err
			}
			data, err := os.ReadFile(file)
			if err != nil {
				return err
			}
			defer clear(data)
			key, err := cryptosuite.ParsePEMPrivateKey(suite, data)
			if err != nil {
				return fmt.Errorf("%s: %w", file, err)
			}
			pass, err := readPassphrase(passFile, true)
			if err != nil {
				return err
			}
			info, err := kr.Import(args[0], pass, key)
			if err != nil {
				return err
			}
			return printJSON(info)
		},
	}
	cmd.Flags().StringVar(&file, "file", "", "PEM file holding the private key")
	cmd.Flags().StringVar(&passFile, "passphrase-file", "", "file holding the passphrase to encrypt it with")
	return cmd
}
