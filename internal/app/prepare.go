package app

import (
	"context"
	"sort"

	abci "github.com/cometbft/cometbft/abci/types"

	"github.com/pingshan/govchain/internal/module/identity"
	"github.com/pingshan/govchain/internal/tx"
)

// PrepareProposal orders each signer's txs by sequence and leaves out any
// whose predecessor is missing. CometBFT's mempool may hold two consecutive
// txs of one account in swapped order (CheckTx runs under the ABCI lock but
// the insertion into the mempool list happens after it, so the RPC and peer
// goroutines race); proposed as they are, the second would fail with a
// wrong sequence and take every later tx of that account with it. Txs left
// out stay in the mempool for the next block. Only the proposer runs this;
// every node still executes the block as proposed.
func (a *App) PrepareProposal(_ context.Context, req *abci.PrepareProposalRequest) (*abci.PrepareProposalResponse, error) {
	type item struct {
		raw []byte
		t   *tx.Tx
	}
	items := make([]item, 0, len(req.Txs))
	bySigner := map[string][]int{}
	for _, raw := range req.Txs {
		var t *tx.Tx
		if cached, ok := a.sigs.get(a.suite.Hash(raw)); ok {
			t = cached
		} else if d, err := tx.Decode(raw); err == nil {
			t = d
		} else {
			continue // could never pass CheckTx; leave it out
		}
		bySigner[t.Signer] = append(bySigner[t.Signer], len(items))
		items = append(items, item{raw: raw, t: t})
	}
	// Each signer's slots keep their places in the proposal; the txs that
	// fill them are that signer's, in sequence order, from the committed
	// sequence on without gaps.
	keep := make([]*item, len(items))
	committed := a.checkView()
	for signer, idx := range bySigner {
		txs := make([]item, len(idx))
		for i, j := range idx {
			txs[i] = items[j]
		}
		sort.SliceStable(txs, func(i, j int) bool { return txs[i].t.Sequence < txs[j].t.Sequence })
		next, known := uint64(0), false
		if acct, err := identity.GetAccount(committed, signer); err == nil {
			next, known = acct.Sequence, true
		}
		slot := 0
		for i := range txs {
			s := txs[i].t.Sequence
			if known && s != next {
				if s < next {
					continue // already used or a duplicate
				}
				break // a gap: the rest waits for the missing tx
			}
			keep[idx[slot]] = &txs[i]
			slot++
			next = s + 1
			known = true
		}
	}
	out := make([][]byte, 0, len(items))
	var size int64
	blocked := map[string]bool{}
	for _, it := range keep {
		if it == nil {
			continue
		}
		if blocked[it.t.Signer] {
			continue
		}
		if size+int64(len(it.raw)) > req.MaxTxBytes {
			// Over the block's limit: this signer's later txs must wait too.
			blocked[it.t.Signer] = true
			continue
		}
		size += int64(len(it.raw))
		out = append(out, it.raw)
	}
	return &abci.PrepareProposalResponse{Txs: out}, nil
}
