package cli

import (
	"context"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/pingshan/govchain/internal/client"
	"github.com/pingshan/govchain/internal/cryptosuite"
	"github.com/pingshan/govchain/internal/node"
)

// sendTx signs one tx of module/action with --from (unlocked with
// --passphrase-file or $GOVCHAIN_PASSPHRASE), sends it to --node and waits
// for its commit. build makes the payload once the key's suite is known
// (sealing needs it; fixed wraps a payload that does not). A refused tx is
// exit code 2 naming the code; with --json the refusal is printed too.
// It returns the signer's address with the result.
func sendTx(cmd *cobra.Command, module, action string, build func(cryptosuite.Suite) (any, error)) (string, *node.SubmitResult, error) {
	from, _ := cmd.Flags().GetString("from")
	passFile, _ := cmd.Flags().GetString("passphrase-file")
	key, suite, err := loadSigningKey(cmd, from, passFile)
	if err != nil {
		return "", nil, err
	}
	payload, err := build(suite)
	if err != nil {
		return "", nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	signer, err := client.NewSigner(ctx, client.New(nodeURL(cmd)), key, suite)
	if err != nil {
		return "", nil, err
	}
	res, err := signer.Send(ctx, module, action, payload)
	if err != nil {
		return "", nil, err
	}
	if res.Code != 0 {
		if asJSON(cmd) {
			_ = printJSON(res)
		}
		return "", nil, &exitError{code: 2, err: fmt.Errorf("refused: %s (%s/%d)", res.Log, res.Codespace, res.Code)}
	}
	return signer.Address, res, nil
}

// fixed is a payload that does not depend on the suite.
func fixed(p any) func(cryptosuite.Suite) (any, error) {
	return func(cryptosuite.Suite) (any, error) { return p, nil }
}
