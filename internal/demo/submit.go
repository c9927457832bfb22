package demo

import (
	"context"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/pingshan/govchain/internal/node"
)

// SubmitLater sends the later seed txs in order (they land in one or two
// blocks, executed in that order) and checks every one succeeded.
func SubmitLater(ctx context.Context, n *node.Node, block1, txs [][]byte) error {
	if ctx == nil {
		ctx = context.Background()
	}
	// The later txs need block 1 (at genesis time) behind them: a public
	// notice opened then has ended only by a later block's time.
	if err := n.WaitForHeight(ctx, 1); err != nil {
		return err
	}
	var hashes [][]byte
	for _, raw := range block1 {
		hashes = append(hashes, n.App.Suite().Hash(raw))
	}
	for i, raw := range txs {
		res, err := n.Submit(ctx, raw, i == len(txs)-1)
		if err != nil {
			return fmt.Errorf("tx %d: %w", i, err)
		}
		if res.Code != 0 {
			return fmt.Errorf("tx %d refused: %s/%d %s", i, res.Codespace, res.Code, res.Log)
		}
		h, _ := hex.DecodeString(res.Hash)
		hashes = append(hashes, h)
	}
	// Every tx has committed once the last did; each must have succeeded.
	deadline := time.Now().Add(30 * time.Second)
	for i, h := range hashes {
		for {
			rec, _, err := n.Tx(h)
			if err == nil {
				if rec.Code != 0 {
					return fmt.Errorf("seed tx %d (%s/%s) failed: %s/%d", i, rec.Module, rec.Action, rec.Codespace, rec.Code)
				}
				break
			}
			if time.Now().After(deadline) {
				return fmt.Errorf("seed tx %d not committed: %v", i, err)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	return n.WaitIndexed(ctx, n.Store.Version())
}
