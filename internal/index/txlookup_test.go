package index_test

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"testing"

	"github.com/pingshan/govchain/internal/app"
	"github.com/pingshan/govchain/internal/apptest"
	"github.com/pingshan/govchain/internal/index"
)

// TestTxLookupByHash: a tx is found by hash through the app's memory while
// recent and through the index once older, and its record is read back at
// the position either reports; an unknown hash is not found.
func TestTxLookupByHash(t *testing.T) {
	c := apptest.New(t, apptest.Options{Suite: "intl"})
	ix, err := index.Open(":memory:", index.TxHandler{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()

	var hashes [][]byte
	for i := 0; i < 30; i++ {
		raw := c.Sign("nrb-clerk", "notary", "anchor", map[string]string{"doc_hash": fmt.Sprintf("%064x", i+1), "title": "t"})
		if r := c.Block(raw); r[0].Code != 0 {
			t.Fatalf("block %d: %s", i, r[0].Log)
		}
		hashes = append(hashes, c.App.Suite().Hash(raw))
	}
	if err := ix.Sync(context.Background(), c.App.Store(), nil); err != nil {
		t.Fatal(err)
	}
	for i, h := range hashes {
		_, recent := c.App.RecentTx(h)
		if want := i >= len(hashes)-16; recent != want {
			t.Fatalf("tx %d: in the app's recent window = %v, want %v", i, recent, want)
		}
		l, ok, err := ix.TxLocation(h)
		if err != nil || !ok {
			t.Fatalf("tx %d: index lookup: %v, found %v", i, err, ok)
		}
		rec, err := app.GetTx(c.State(), l, h)
		if err != nil {
			t.Fatalf("tx %d: %v", i, err)
		}
		if rec.Hash != hex.EncodeToString(h) || rec.Module != "notary" || rec.Code != 0 {
			t.Fatalf("tx %d: record %+v", i, rec)
		}
		// The record at another tx's position is refused, not returned.
		if _, err := app.GetTx(c.State(), l, hashes[(i+1)%len(hashes)]); !errors.Is(err, app.ErrTxNotFound) {
			t.Fatalf("tx %d: record at a wrong position: %v", i, err)
		}
	}
	if _, ok, err := ix.TxLocation(make([]byte, 32)); ok || err != nil {
		t.Fatalf("unknown hash: found %v, err %v", ok, err)
	}
}
