package node

import (
	"fmt"

	"github.com/pingshan/govchain/internal/app"
	"github.com/pingshan/govchain/internal/store"
)

// Tx finds a committed tx's record by hash: the app remembers the last few
// blocks' txs, the index every older one. It returns the record and its
// state key (for proofs), or app.ErrTxNotFound.
func (n *Node) Tx(hash []byte) (*app.TxRecord, []byte, error) {
	return n.TxIn(n.Store.Committed(), hash)
}

// TxIn is Tx against a given state view (a past height).
func (n *Node) TxIn(r store.Reader, hash []byte) (*app.TxRecord, []byte, error) {
	l, ok := n.App.RecentTx(hash)
	if !ok {
		var err error
		if l, ok, err = n.Index.TxLocation(hash); err != nil {
			return nil, nil, err
		}
	}
	if !ok {
		return nil, nil, fmt.Errorf("%w: %x", app.ErrTxNotFound, hash)
	}
	rec, err := app.GetTx(r, l, hash)
	if err != nil {
		return nil, nil, err
	}
	return rec, app.TxKey(l.Height, l.Index), nil
}
