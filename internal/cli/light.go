package cli

import (
	"encoding/hex"
	"fmt"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/pingshan/govchain/internal/lightproxy"
)

// newLightCmd is `govchain light`: a verifying proxy for auditors and
// citizens' apps that must not trust the node they read from.
func newLightCmd() *cobra.Command {
	var (
		chainID, primary, trust, listen, api string
		witnesses                            []string
		period                               time.Duration
	)
	cmd := &cobra.Command{
		Use:   "light --chain-id ID --primary URL --witness URL --trust HEIGHT:HASH",
		Short: "Serve CometBFT RPC from an untrusted node, verifying every header and every state answer",
		Long: `light runs CometBFT's light client from a header you trust (HEIGHT:HASH, e.g. from
the list the city publishes, or from a node you run) and serves CometBFT's RPC on
--listen: headers, commits and blocks are verified by bisection and cross-checked
with the witnesses; abci_query answers (path /key or /store/main/key, data = state
key) are verified against the app hash of the verified header with their ICS-23
proof — of the value, or of the key's absence. With --api (the primary's govchain
JSON API), /tx?hash=0x<SHA-256> is answered without the node's CometBFT tx index
(off in homes govchain writes): the API names the tx's position, the block there
must match its verified header's data hash and hold the tx, and the result code
is the app's tx record proven against the next header. An answer that does not
verify is an error, never passed on.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			hs, hashHex, ok := strings.Cut(trust, ":")
			height, herr := strconv.ParseInt(hs, 10, 64)
			hash, xerr := hex.DecodeString(hashHex)
			if !ok || herr != nil || xerr != nil || height <= 0 || len(hash) != 32 {
				return fmt.Errorf("--trust is HEIGHT:HASH (a block height and its 64-hex-digit block hash), not %q", trust)
			}
			p, err := lightproxy.Start(cmd.Context(), lightproxy.Config{ChainID: chainID, Primary: primary, Witnesses: witnesses,
				TrustHeight: height, TrustHash: hash, TrustPeriod: period, Listen: listen, API: api})
			if err != nil {
				return err
			}
			fmt.Fprintf(os.Stderr, "verifying light proxy for %s on http://%s (primary %s, %d witnesses)\n", chainID, p.Addr, primary, len(witnesses))
			sig := make(chan os.Signal, 1)
			signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
			<-sig
			return p.Close()
		},
	}
	cmd.Flags().StringVar(&chainID, "chain-id", "", "chain id (GET /api/v1/status)")
	cmd.Flags().StringVar(&primary, "primary", "", "CometBFT RPC address of the node to read from, e.g. http://10.0.0.5:26657")
	cmd.Flags().StringArrayVar(&witnesses, "witness", nil, "CometBFT RPC address of another node to cross-check (repeatable, at least one)")
	cmd.Flags().StringVar(&trust, "trust", "", "HEIGHT:HASH of a block you trust")
	cmd.Flags().DurationVar(&period, "trusting-period", 21*24*time.Hour, "how old the trusted block may be")
	cmd.Flags().StringVar(&api, "api", "", "govchain JSON API of the primary, e.g. http://10.0.0.5:8080: serves /tx without the node's tx index")
	cmd.Flags().StringVar(&listen, "listen", "127.0.0.1:8888", "address to serve on")
	cmd.MarkFlagRequired("chain-id")
	cmd.MarkFlagRequired("primary")
	cmd.MarkFlagRequired("trust")
	return cmd
}
