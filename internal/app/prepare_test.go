package app_test

import (
	"context"
	"testing"

	abci "github.com/cometbft/cometbft/abci/types"
)

// TestPrepareProposalOrdersSequences: swapped, duplicated and gapped txs of
// one account are proposed in sequence order without the gap; other
// accounts' txs are untouched; the block then executes without failures.
func TestPrepareProposalOrdersSequences(t *testing.T) {
	c := newTestChain(t, "intl")
	var clerk [][]byte
	for i := 0; i < 4; i++ {
		clerk = append(clerk, c.Sign("nrb-clerk", "notary", "anchor", map[string]string{"doc_hash": docHash(300 + i), "title": "t"}))
	}
	fin := c.Sign("fin-officer", "notary", "anchor", map[string]string{"doc_hash": docHash(400), "title": "t"})
	c.Seqs["nrb-clerk"] = 6
	gapped := c.Sign("nrb-clerk", "notary", "anchor", map[string]string{"doc_hash": docHash(306), "title": "t"})
	in := [][]byte{clerk[1], fin, clerk[0], clerk[0], clerk[3], gapped, clerk[2], []byte("junk")}
	res, err := c.App.PrepareProposal(context.Background(), &abci.PrepareProposalRequest{Txs: in, MaxTxBytes: 1 << 20})
	if err != nil {
		t.Fatal(err)
	}
	want := [][]byte{clerk[0], fin, clerk[1], clerk[2], clerk[3]}
	if len(res.Txs) != len(want) {
		t.Fatalf("proposed %d txs, want %d", len(res.Txs), len(want))
	}
	for i := range want {
		if string(res.Txs[i]) != string(want[i]) {
			t.Fatalf("tx %d out of order", i)
		}
	}
	for i, r := range c.Block(res.Txs...) {
		if r.Code != 0 {
			t.Fatalf("tx %d failed: %s", i, r.Log)
		}
	}
	// A size limit that cuts a signer's run drops the rest of that run.
	more := []([]byte){c.Sign("fin-officer", "notary", "anchor", map[string]string{"doc_hash": docHash(401), "title": "t"}),
		c.Sign("fin-officer", "notary", "anchor", map[string]string{"doc_hash": docHash(402), "title": "t"})}
	res, _ = c.App.PrepareProposal(context.Background(), &abci.PrepareProposalRequest{Txs: more, MaxTxBytes: int64(len(more[0]))})
	if len(res.Txs) != 1 || string(res.Txs[0]) != string(more[0]) {
		t.Fatalf("size limit: got %d txs", len(res.Txs))
	}
}
