package app_test

import (
	"bytes"
	"context"
	"testing"

	abci "github.com/cometbft/cometbft/abci/types"

	"github.com/pingshan/govchain/internal/app"
	"github.com/pingshan/govchain/internal/errcode"
)

// FuzzCheckTx: arbitrary bytes (seeded with real txs) never panic CheckTx or
// FinalizeBlock, always get a registered code, and a refused tx leaves the
// app hash unchanged.
func FuzzCheckTx(f *testing.F) {
	c := newTestChain(f, "intl")
	f.Add(c.Sign("nrb-clerk", "notary", "anchor", map[string]string{"doc_hash": docHash(1), "title": "t"}))
	f.Add(c.Sign("nrb-admin", "identity", "suspend_member", map[string]string{"address": c.Addrs["nrb-clerk"], "reason": "r"}))
	f.Add([]byte{0xa0})
	f.Fuzz(func(t *testing.T, raw []byte) {
		res, err := c.App.CheckTx(context.Background(), &abci.CheckTxRequest{Tx: raw, Type: abci.CHECK_TX_TYPE_CHECK})
		if err != nil {
			t.Fatal(err)
		}
		if res.Code != 0 {
			if _, ok := errcode.Lookup(res.Codespace, res.Code); !ok {
				t.Fatalf("unregistered code %s/%d: %s", res.Codespace, res.Code, res.Log)
			}
		}
		before, _ := c.App.Store().WorkingHash()
		fin, err := c.App.FinalizeBlock(context.Background(), &abci.FinalizeBlockRequest{Height: c.Height() + 1, Txs: [][]byte{raw}, Time: c.Now()})
		if err != nil {
			t.Fatalf("FinalizeBlock: %v", err)
		}
		r := fin.TxResults[0]
		if r.Code != 0 && r.Codespace == "tx" && string(fin.AppHash) != string(before) {
			t.Fatalf("refused tx (%s) changed state", r.Log)
		}
		// Drop the block: fuzz inputs must not accumulate state.
		c.App.Store().Rollback()
	})
}

// FuzzParseTxKey: any key either fails to parse or is exactly the key of
// the position it parses to (so a tx record key has one spelling).
func FuzzParseTxKey(f *testing.F) {
	f.Add([]byte("tx/000000000012/000003"))
	f.Add([]byte("tx/12/3"))
	f.Add([]byte("tx/-00000000012/000003"))
	f.Add([]byte("tx/000000000012/000003x"))
	f.Fuzz(func(t *testing.T, key []byte) {
		l, err := app.ParseTxKey(key)
		if err != nil {
			return
		}
		if got := app.TxKey(l.Height, l.Index); !bytes.Equal(got, key) {
			t.Fatalf("ParseTxKey(%q) = %+v, whose key is %q", key, l, got)
		}
	})
}
