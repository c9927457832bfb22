package cli

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/pingshan/govchain/internal/client"
)

func newQueryCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "query",
		Short: "Read chain state from a node; --prove writes a proof bundle for `govchain verify`",
	}
	cmd.PersistentFlags().Bool("prove", false, "write a proof bundle (JSON) instead of the record")
	cmd.PersistentFlags().String("out", "", "with --prove: file for the bundle (default stdout)")
	cmd.PersistentFlags().Int64("height", 0, "state height (default latest)")
	cmd.PersistentFlags().String("node", "", "node API URL (default: http_addr of HOME, else http://127.0.0.1:8080)")

	sub := func(use, short string, nargs int, path func(args []string) (apiPath, stateKey string)) *cobra.Command {
		return &cobra.Command{
			Use: use, Short: short, Args: cobra.ExactArgs(nargs),
			RunE: func(cmd *cobra.Command, args []string) error {
				apiPath, key := path(args)
				return runQuery(cmd, apiPath, key)
			},
		}
	}
	cmd.AddCommand(
		sub("account ADDRESS|NAME", "An account", 1, func(a []string) (string, string) {
			return "/api/v1/accounts/" + url.PathEscape(a[0]), accountKeyArg(a[0])
		}),
		sub("department ID", "A department with its admins", 1, func(a []string) (string, string) {
			return "/api/v1/departments/" + url.PathEscape(a[0]), "identity/dept/" + a[0]
		}),
		sub("departments", "All departments", 0, func([]string) (string, string) { return "/api/v1/departments", "" }),
		sub("tx HASH", "A transaction's recorded outcome", 1, func(a []string) (string, string) {
			return "/api/v1/txs/" + url.PathEscape(a[0]), "" // the record's key is its position: asked of the node
		}),
		sub("key KEY", "Any state record by key (e.g. identity/dept/nrb)", 1, func(a []string) (string, string) {
			return "/api/v1/state?key=" + url.QueryEscape(a[0]), a[0]
		}),
	)
	return cmd
}

// accountKeyArg gives the state key of an account given by address; names
// are resolved by the node, so proving by name goes through the address.
func accountKeyArg(id string) string {
	if len(id) == 40 {
		return "identity/acct/" + id
	}
	return ""
}

func runQuery(cmd *cobra.Command, apiPath, key string) error {
	c := client.New(nodeURL(cmd))
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	height, _ := cmd.Flags().GetInt64("height")
	prove, _ := cmd.Flags().GetBool("prove")
	if prove {
		if key == "" {
			if len(apiPath) > len("/api/v1/accounts/") && apiPath[:len("/api/v1/accounts/")] == "/api/v1/accounts/" {
				acct, err := c.Account(ctx, apiPath[len("/api/v1/accounts/"):])
				if err != nil {
					return err
				}
				key = "identity/acct/" + acct.Address
			} else if strings.HasPrefix(apiPath, "/api/v1/txs/") {
				var rec struct {
					StateKey string `json:"state_key"`
				}
				if err := c.Get(ctx, apiPath, &rec); err != nil {
					return err
				}
				key = rec.StateKey
			} else {
				return fmt.Errorf("--prove needs a single record")
			}
		}
		p := "/api/v1/proofs?key=" + url.QueryEscape(key)
		if height > 0 {
			p += "&height=" + strconv.FormatInt(height, 10)
		}
		var raw []byte
		if err := c.Get(ctx, p, &raw); err != nil {
			return err
		}
		out, _ := cmd.Flags().GetString("out")
		if out == "" {
			_, err := os.Stdout.Write(raw)
			return err
		}
		if err := os.WriteFile(out, raw, 0o644); err != nil {
			return err
		}
		fmt.Fprintf(os.Stderr, "proof bundle for %q written to %s\n", key, out)
		return nil
	}
	if height > 0 {
		sep := "?"
		if containsQuery(apiPath) {
			sep = "&"
		}
		apiPath += sep + "height=" + strconv.FormatInt(height, 10)
	}
	var v any
	if err := c.Get(ctx, apiPath, &v); err != nil {
		return err
	}
	return printJSON(v)
}

func containsQuery(p string) bool {
	for _, r := range p {
		if r == '?' {
			return true
		}
	}
	return false
}
