package app_test

import (
	"testing"

	"github.com/pingshan/govchain/internal/tx"
)

// TestCheckedPayloadReused: CheckTx keeps the decoded payload with the
// verified signature, FinalizeBlock uses that entry once, and every check
// that reads state still runs there: the same tx twice in a block is
// decoded afresh the second time and refused for its sequence, and a
// second anchor of the same document is refused by its handler.
func TestCheckedPayloadReused(t *testing.T) {
	forEachSuite(t, func(t *testing.T, suite string) {
		c := newTestChain(t, suite)
		first := c.Sign("nrb-clerk", "notary", "anchor", map[string]string{"doc_hash": docHash(7), "title": "t"})
		again := c.Sign("nrb-clerk", "notary", "anchor", map[string]string{"doc_hash": docHash(7), "title": "t2"})
		for i, raw := range [][]byte{first, again} {
			if res := c.CheckTx(raw); res.Code != 0 {
				t.Fatalf("tx %d refused by CheckTx: %s", i, res.Log)
			}
			if cached, _ := c.App.CachedCheck(c.Suite.Hash(raw)); !cached {
				t.Fatalf("tx %d: no cached check", i)
			}
		}
		if _, withPayload := c.App.CachedCheck(c.Suite.Hash(first)); !withPayload {
			t.Fatal("CheckTx did not keep the decoded payload")
		}
		res := c.Block(first, first, again)
		tests := []struct {
			name string
			code uint32
		}{
			{"first delivery, cached payload", 0},
			{"same tx again, decoded afresh", tx.ErrWrongSequence.Code},
		}
		for i, tc := range tests {
			if res[i].Code != tc.code {
				t.Errorf("%s: code %d (%s), want %d", tc.name, res[i].Code, res[i].Log, tc.code)
			}
		}
		if res[2].Code == 0 {
			t.Error("a second anchor of the same document was accepted: the handler did not run on the cached payload")
		}
		if cached, _ := c.App.CachedCheck(c.Suite.Hash(first)); cached {
			t.Error("a delivered tx's cached check was kept")
		}
	})
}
