package node

import (
	"bytes"
	"context"
	"errors"

	cmttypes "github.com/cometbft/cometbft/types"

	"github.com/pingshan/govchain/internal/app"
)

// TxByAnyHash finds a committed tx by either of its two names: govchain's
// hash (the suite hash of its bytes, SM3 on a gm chain) or CometBFT's
// (SHA-256 of the same bytes, what CometBFT's RPC and explorers show). It
// returns the record, its state key and the CometBFT hash, which is nil
// when the block is no longer in the block store (pruned, state-synced).
//
// The SQLite index maps both names to the tx's position; a CometBFT name
// is accepted only when the block store's tx at that position has it.
// CometBFT's own tx index ("kv", off by default) is asked last, for a tx
// the SQLite index cannot name (its block was not in the block store
// when it was indexed).
func (n *Node) TxByAnyHash(ctx context.Context, hash []byte) (*app.TxRecord, []byte, []byte, error) {
	rec, key, err := n.Tx(hash)
	if err == nil {
		return rec, key, n.cometTxHash(rec.Height, rec.Index), nil
	}
	if !errors.Is(err, app.ErrTxNotFound) {
		return nil, nil, nil, err
	}
	if l, ok, ierr := n.Index.TxLocation(hash); ierr == nil && ok {
		if raw := n.blockTx(l.Height, l.Index); raw != nil && bytes.Equal(cmttypes.Tx(raw).Hash(), hash) {
			rec, key, err := n.Tx(n.App.Suite().Hash(raw))
			if err != nil {
				return nil, nil, nil, err
			}
			return rec, key, append([]byte(nil), hash...), nil
		}
	}
	if n.RPC == nil {
		return nil, nil, nil, err
	}
	res, rerr := n.RPC.Tx(ctx, hash, false)
	if rerr != nil || res == nil {
		return nil, nil, nil, err // not found under either name
	}
	rec, key, err = n.Tx(n.App.Suite().Hash(res.Tx))
	if err != nil {
		return nil, nil, nil, err
	}
	return rec, key, append([]byte(nil), hash...), nil
}

// blockTx is the index-th tx of a block from the block store, nil when the
// block is not there.
func (n *Node) blockTx(height int64, index uint32) []byte {
	if n.cmt == nil {
		return nil
	}
	b, _ := n.cmt.BlockStore().LoadBlock(height)
	if b == nil || int(index) >= len(b.Txs) {
		return nil
	}
	return b.Txs[index]
}

// cometTxHash is CometBFT's name for the index-th tx of a block.
func (n *Node) cometTxHash(height int64, index uint32) []byte {
	if raw := n.blockTx(height, index); raw != nil {
		return cmttypes.Tx(raw).Hash()
	}
	return nil
}
