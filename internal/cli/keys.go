package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/cometbft/cometbft/types"
	"github.com/spf13/cobra"

	"github.com/pingshan/govchain/internal/app"
	"github.com/pingshan/govchain/internal/cryptosuite"
	"github.com/pingshan/govchain/internal/keyring"
	"github.com/pingshan/govchain/internal/node"
)

func newKeysCmd() *cobra.Command {
	cmd := &cobra.Command{Use: "keys", Short: "Manage account keys in a keyring (HOME/keyring)"}
	cmd.PersistentFlags().String("keyring-dir", "", "keyring directory (default HOME/keyring)")
	cmd.PersistentFlags().String("suite", "", "crypto suite (default: the home's genesis suite, else gm)")
	var passFile string
	var demo bool
	add := &cobra.Command{
		Use: "add NAME", Short: "Create a new key, encrypted with a passphrase", Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			kr, err := openKeyring(cmd)
			if err != nil {
				return err
			}
			var info keyring.Info
			if demo {
				info, _, err = kr.CreateDemo(args[0])
			} else {
				pass, perr := readPassphrase(passFile, true)
				if perr != nil {
					return perr
				}
				info, _, err = kr.Create(args[0], pass)
			}
			if err != nil {
				return err
			}
			return printJSON(info)
		},
	}
	add.Flags().StringVar(&passFile, "passphrase-file", "", "file holding the passphrase")
	add.Flags().BoolVar(&demo, "demo", false, "store the key UNENCRYPTED (development only)")
	list := &cobra.Command{
		Use: "list", Short: "List keys", Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			kr, err := openKeyring(cmd)
			if err != nil {
				return err
			}
			infos, err := kr.List()
			if err != nil {
				return err
			}
			return printJSON(infos)
		},
	}
	show := &cobra.Command{
		Use: "show NAME", Short: "Show a key's address and public key", Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			kr, err := openKeyring(cmd)
			if err != nil {
				return err
			}
			info, err := kr.Show(args[0])
			if err != nil {
				return err
			}
			return printJSON(info)
		},
	}
	var exportPass, exportFormat string
	export := &cobra.Command{
		Use: "export NAME", Short: "Print the private key (hex, or PKCS#8 PEM for OpenSSL and HSM tools) after checking the passphrase",
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if exportFormat != "hex" && exportFormat != "pem" {
				return fmt.Errorf("--format is hex or pem, not %q", exportFormat)
			}
			kr, suite, err := openKeyringSuite(cmd)
			if err != nil {
				return err
			}
			info, err := kr.Show(args[0])
			if err != nil {
				return err
			}
			pass := ""
			if !info.Demo {
				if pass, err = readPassphrase(exportPass, false); err != nil {
					return err
				}
			}
			var out []byte
			if exportFormat == "pem" {
				key, lerr := kr.Load(args[0], pass)
				if lerr != nil {
					return lerr
				}
				out, err = cryptosuite.MarshalPKCS8PEM(suite, key)
			} else {
				out, err = kr.Export(args[0], pass)
				out = append(out, '\n')
			}
			if err != nil {
				return err
			}
			fmt.Fprintln(os.Stderr, "WARNING: this is the private key; anyone holding it can sign as", info.Name)
			_, err = os.Stdout.Write(out)
			return err
		},
	}
	export.Flags().StringVar(&exportPass, "passphrase-file", "", "file holding the passphrase")
	export.Flags().StringVar(&exportFormat, "format", "hex", "hex (the raw 32-byte secret) or pem (unencrypted PKCS#8, as openssl genpkey writes)")
	cmd.AddCommand(add, list, show, export, newKeysImportCmd(), newKeysRotateEncCmd())
	return cmd
}

// homeSuite is the suite of the home's genesis, if there is one.
func homeSuite(h node.Home) (string, bool) {
	gen, err := types.GenesisDocFromFile(h.GenesisFile())
	if err != nil {
		return "", false
	}
	st, err := app.ParseAppState(gen.AppState)
	if err != nil {
		return "", false
	}
	return st.Suite, true
}

func openKeyring(cmd *cobra.Command) (*keyring.Keyring, error) {
	kr, _, err := openKeyringSuite(cmd)
	return kr, err
}

func openKeyringSuite(cmd *cobra.Command) (*keyring.Keyring, cryptosuite.Suite, error) {
	h := node.Home(homeFlag(cmd))
	dir, _ := cmd.Flags().GetString("keyring-dir")
	if dir == "" {
		dir = h.KeyringDir()
	}
	name, _ := cmd.Flags().GetString("suite")
	if name == "" {
		var ok bool
		if name, ok = homeSuite(h); !ok {
			name = cryptosuite.GM
		}
	}
	s, err := cryptosuite.ByName(name)
	if err != nil {
		return nil, nil, err
	}
	kr, err := keyring.Open(filepath.Clean(dir), s)
	return kr, s, err
}

func printJSON(v any) error {
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// loadSigningKey opens the keyring and loads key name, asking for its
// passphrase only when it is not a demo key.
func loadSigningKey(cmd *cobra.Command, name, passFile string) (cryptosuite.PrivateKey, cryptosuite.Suite, error) {
	kr, suite, err := openKeyringSuite(cmd)
	if err != nil {
		return nil, nil, err
	}
	info, err := kr.Show(name)
	if err != nil {
		return nil, nil, err
	}
	pass := ""
	if !info.Demo {
		if pass, err = readPassphrase(passFile, false); err != nil {
			return nil, nil, err
		}
	}
	key, err := kr.Load(name, pass)
	return key, suite, err
}
