package node

import (
	"context"
	"errors"

	"github.com/pingshan/govchain/internal/app"
)

// TxByAnyHash finds a committed tx by either of its two names: govchain's
// hash (the suite hash of its bytes, SM3 on a gm chain) or CometBFT's
// (SHA-256 of the same bytes, what CometBFT's RPC and explorers show). It
// returns the record, its state key and the CometBFT hash, which is nil
// when the block is no longer in the block store (pruned, state-synced).
//
// A CometBFT hash is resolved through CometBFT's tx indexer ("kv", the
// default); with the indexer off only govchain hashes are found.
func (n *Node) TxByAnyHash(ctx context.Context, hash []byte) (*app.TxRecord, []byte, []byte, error) {
	rec, key, err := n.Tx(hash)
	if err == nil {
		return rec, key, n.cometTxHash(rec.Height, rec.Index), nil
	}
	if !errors.Is(err, app.ErrTxNotFound) || n.RPC == nil {
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

// cometTxHash is CometBFT's name for the index-th tx of a block.
func (n *Node) cometTxHash(height int64, index uint32) []byte {
	if n.cmt == nil {
		return nil
	}
	b, _ := n.cmt.BlockStore().LoadBlock(height)
	if b == nil || int(index) >= len(b.Txs) {
		return nil
	}
	return b.Txs[index].Hash()
}
