package node

import (
	"context"
	"path/filepath"
	"time"

	"github.com/pingshan/govchain/internal/app"
	"github.com/pingshan/govchain/internal/index"
	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/snapshot"
)

// IndexHandlers are the index's handlers: the core's (txs, accounts), then
// every module of app.Modules() that keeps index tables (module.Indexer).
func IndexHandlers() []index.Handler {
	hs := []index.Handler{index.TxHandler{}, index.AccountHandler{}}
	for _, m := range app.Modules() {
		if ix, ok := m.(module.Indexer); ok {
			hs = append(hs, ix.IndexHandler())
		}
	}
	return hs
}

// IndexPath is where a home keeps its SQLite index.
func (h Home) IndexPath() string { return filepath.Join(string(h), "data", "index.db") }

// OpenIndex opens a home's index with every handler.
func OpenIndex(h Home) (*index.Index, error) { return index.Open(h.IndexPath(), IndexHandlers()...) }

// UseBlockStore points a stopped home's index (reindex, import) at the
// home's block store, where text kept off state is read from. Without it
// (no block store, e.g. a home restored from a state snapshot) such text
// is indexed blank; the caller says so.
func UseBlockStore(h Home, ix *index.Index) (closeBlocks func() error, err error) {
	conf, err := LoadCometConfig(h)
	if err != nil {
		return nil, err
	}
	chain, err := snapshot.OpenChain(conf)
	if err != nil {
		return nil, err
	}
	ix.UseTxs(index.BlockTxs(chain.Blocks))
	return chain.Close, nil
}

// runIndexer keeps the index at the committed height: it catches up at
// start (after a crash, the index resumes from the height it recorded) and
// after every commit. It runs outside the state machine; a slow index never
// slows consensus, it only lags.
func (n *Node) runIndexer(ctx context.Context) {
	defer close(n.indexDone)
	for {
		if err := n.Index.Sync(ctx, n.Store, nil); err != nil && ctx.Err() == nil {
			n.log.Error("index sync failed", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-n.indexKick:
		}
	}
}

// kickIndexer asks the indexer to sync, without blocking the caller.
func (n *Node) kickIndexer() {
	select {
	case n.indexKick <- struct{}{}:
	default:
	}
}

// WaitIndexed blocks until the index has caught up with height h.
func (n *Node) WaitIndexed(ctx context.Context, h int64) error {
	for {
		got, err := n.Index.Height()
		if err != nil {
			return err
		}
		if got >= h {
			return nil
		}
		n.kickIndexer()
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-n.indexPoll():
		}
	}
}

func (n *Node) indexPoll() <-chan time.Time { return time.After(20 * time.Millisecond) }
