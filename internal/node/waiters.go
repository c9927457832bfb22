package node

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/cometbft/cometbft/mempool"

	"github.com/pingshan/govchain/internal/app"
	"github.com/pingshan/govchain/internal/errcode"
	"github.com/pingshan/govchain/internal/tx"
)

// ErrMempool is a tx the mempool refused for a reason of its own (full, or
// already there).
var ErrMempool = errcode.Register("node", 1, errcode.KindConflict, "mempool refused the transaction")

// ErrCommitTimeout means the tx was admitted but not committed in time; it
// may still commit later.
var ErrCommitTimeout = errcode.Register("node", 2, errcode.KindConflict, "timed out waiting for commit")

// SubmitResult is the answer to a submitted tx.
type SubmitResult struct {
	Hash      string `json:"hash"`
	Height    int64  `json:"height,omitempty"`
	Code      uint32 `json:"code"`
	Codespace string `json:"codespace,omitempty"`
	Log       string `json:"log,omitempty"`
	Committed bool   `json:"committed"`
}

// waiters hands committed outcomes to clients blocked in Submit.
type waiters struct {
	mu     sync.Mutex
	byHash map[string]chan app.TxOutcome
	closed bool
}

func newWaiters() *waiters { return &waiters{byHash: map[string]chan app.TxOutcome{}} }

func (w *waiters) add(hash []byte) (chan app.TxOutcome, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return nil, errors.New("node is stopping")
	}
	ch := make(chan app.TxOutcome, 1)
	w.byHash[string(hash)] = ch
	return ch, nil
}

func (w *waiters) remove(hash []byte) {
	w.mu.Lock()
	delete(w.byHash, string(hash))
	w.mu.Unlock()
}

func (w *waiters) deliver(outs []app.TxOutcome) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, o := range outs {
		if ch, ok := w.byHash[string(o.Hash)]; ok {
			ch <- o
			delete(w.byHash, string(o.Hash))
		}
	}
}

func (w *waiters) closeAll() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.closed = true
	for k, ch := range w.byHash {
		close(ch)
		delete(w.byHash, k)
	}
}

// Submit broadcasts a signed tx. It returns after CheckTx when wait is
// false, otherwise after the block holding it has been committed by this
// node (so the result is final: CometBFT has one-block finality).
func (n *Node) Submit(ctx context.Context, raw []byte, wait bool) (*SubmitResult, error) {
	if len(raw) > tx.MaxBytes {
		return nil, fmt.Errorf("%w: %d bytes, limit %d", tx.ErrTooLarge, len(raw), tx.MaxBytes)
	}
	if n.ops != nil {
		if err := n.ops.disk.admit(); err != nil {
			return nil, err
		}
	}
	hash := n.App.Suite().Hash(raw)
	res := &SubmitResult{Hash: hex.EncodeToString(hash)}
	var ch chan app.TxOutcome
	if wait {
		var err error
		if ch, err = n.waiters.add(hash); err != nil {
			return nil, err
		}
		defer n.waiters.remove(hash)
	}
	bres, err := n.RPC.BroadcastTxSync(ctx, raw)
	var invalid mempool.ErrInvalidTx
	if errors.As(err, &invalid) {
		// CheckTx refused it: hand the client the app's own code.
		res.Code, res.Codespace, res.Log = invalid.Code, invalid.Codespace, invalid.Log
		return res, nil
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrMempool, err)
	}
	if bres.Code != 0 {
		res.Code, res.Codespace, res.Log = bres.Code, bres.Codespace, bres.Log
		return res, nil
	}
	if !wait {
		return res, nil
	}
	select {
	case o, ok := <-ch:
		if !ok {
			return nil, errors.New("node stopped before the tx committed")
		}
		res.Height, res.Code, res.Codespace, res.Log, res.Committed = o.Height, o.Code, o.Codespace, o.Log, true
		return res, nil
	case <-ctx.Done():
		return nil, fmt.Errorf("%w: tx %s: %v", ErrCommitTimeout, res.Hash, ctx.Err())
	case <-time.After(n.commitTimeout()):
		return nil, fmt.Errorf("%w: tx %s was admitted but not committed within %s", ErrCommitTimeout, res.Hash, n.commitTimeout())
	}
}

func (n *Node) commitTimeout() time.Duration { return 30 * time.Second }
