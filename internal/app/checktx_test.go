package app_test

import (
	"context"
	"testing"

	abci "github.com/cometbft/cometbft/abci/types"

	"github.com/pingshan/govchain/internal/tx"
)

// TestMempoolSequences: CheckTx admits an account's txs in sequence order,
// keeps them across a commit without depending on recheck order, and lets a
// client refill from the committed sequence after a loss.
func TestMempoolSequences(t *testing.T) {
	forEachSuite(t, func(t *testing.T, suite string) {
		c := newTestChain(t, suite)
		var txs [][]byte
		for i := 0; i < 5; i++ {
			txs = append(txs, c.Sign("nrb-clerk", "notary", "anchor", map[string]string{"doc_hash": docHash(100 + i), "title": "t"}))
		}
		check := func(raw []byte, typ abci.CheckTxType) uint32 {
			res, _ := c.App.CheckTx(context.Background(), &abci.CheckTxRequest{Tx: raw, Type: typ})
			return res.Code
		}
		for i := 0; i < 3; i++ {
			if code := check(txs[i], abci.CHECK_TX_TYPE_CHECK); code != 0 {
				t.Fatalf("tx %d refused: %d", i, code)
			}
		}
		if code := check(txs[4], abci.CHECK_TX_TYPE_CHECK); code != tx.ErrWrongSequence.Code {
			t.Fatalf("gap accepted: code %d", code)
		}
		// Block with the first two; tx 2 stays in the mempool and is NOT rechecked.
		c.Block(txs[0], txs[1])
		if code := check(txs[3], abci.CHECK_TX_TYPE_CHECK); code != 0 {
			t.Fatalf("next tx after commit refused: %d", code)
		}
		// A recheck of an already committed tx is refused.
		if code := check(txs[0], abci.CHECK_TX_TYPE_RECHECK); code != tx.ErrWrongSequence.Code {
			t.Fatalf("recheck of committed tx: code %d", code)
		}
		if code := check(txs[2], abci.CHECK_TX_TYPE_RECHECK); code != 0 {
			t.Fatalf("recheck of pending tx: code %d", code)
		}
		// Refill: the mempool lost tx 2 and 3 (say the node restarted its
		// mempool); the client resubmits from the committed sequence.
		if code := check(txs[2], abci.CHECK_TX_TYPE_CHECK); code != 0 {
			t.Fatalf("refill from committed sequence refused: %d", code)
		}
		res := c.Block(txs[2], txs[3], txs[4])
		for i, r := range res {
			if r.Code != 0 {
				t.Fatalf("block tx %d: %s", i, r.Log)
			}
		}
	})
}
