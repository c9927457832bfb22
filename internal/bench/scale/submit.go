package scale

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"
	"time"

	"github.com/pingshan/govchain/internal/node"
)

// mempoolHigh is how many txs the loader lets wait in the mempool: enough
// for several full blocks, well under the mempool's size (startNode).
const mempoolHigh = 12000

// submitAndWait puts txs into the node's mempool in order (one goroutine,
// so each account's txs arrive in sequence order), then waits until every
// one has committed and counts it by kind, or as failed.
func submitAndWait(ctx context.Context, n *node.Node, txs []signed, t *Counts) error {
	mp := n.CometNode().Mempool()
	hashes := make([][]byte, len(txs))
	for i, s := range txs {
		for mp.Size() > mempoolHigh {
			if err := sleep(ctx, 10*time.Millisecond); err != nil {
				return err
			}
		}
		for {
			res, err := n.Submit(ctx, s.raw, false)
			if errors.Is(err, node.ErrMempool) {
				if err := sleep(ctx, 50*time.Millisecond); err != nil {
					return err
				}
				continue
			}
			if err != nil {
				return err
			}
			if res.Code != 0 {
				return fmt.Errorf("tx %d refused by CheckTx: %s/%d %s", i, res.Codespace, res.Code, res.Log)
			}
			break
		}
		hashes[i] = n.App.Suite().Hash(s.raw)
	}
	deadline := time.Now().Add(5 * time.Minute)
	var firstFail string
	for i, h := range hashes {
		for {
			rec, _, err := n.Tx(h)
			if err == nil {
				t.Txs++
				if rec.Code == 0 {
					*txs[i].kind++
				} else {
					t.Failed++
					if firstFail == "" {
						firstFail = fmt.Sprintf("%s.%s %s/%d", rec.Module, rec.Action, rec.Codespace, rec.Code)
					}
				}
				break
			}
			if time.Now().After(deadline) {
				return fmt.Errorf("tx %d of %d not committed after 5 minutes: %v", i, len(hashes), err)
			}
			if err := sleep(ctx, 20*time.Millisecond); err != nil {
				return err
			}
		}
	}
	if firstFail != "" {
		// A wave's txs are built to succeed: a failure is a harness bug or
		// a chain rule it does not know, and the counts would be wrong.
		return fmt.Errorf("a loaded tx failed in its block: %s", firstFail)
	}
	return nil
}

func sleep(ctx context.Context, d time.Duration) error {
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-time.After(d):
		return nil
	}
}

// chainTxs counts every tx the chain executed, from the index.
func chainTxs(n *node.Node) int64 {
	var c int64
	if err := n.Index.DB().QueryRow(`SELECT COUNT(*) FROM txs`).Scan(&c); err != nil {
		return 0
	}
	return c
}

// DiskUsage is the bytes of each store of a home's data directory.
type DiskUsage struct {
	IAVL       int64 `json:"iavl"`        // data/app: the app's Merkle store
	BlockStore int64 `json:"block_store"` // data/blockstore.db
	StateStore int64 `json:"state_store"` // data/state.db (CometBFT: validators, params, FinalizeBlock results)
	Index      int64 `json:"index"`       // data/index.db (+ WAL)
	TxIndex    int64 `json:"tx_index"`    // data/tx_index.db: CometBFT's kv tx index, when on
	WAL        int64 `json:"wal"`         // data/cs.wal
	Other      int64 `json:"other"`
	Total      int64 `json:"total"`
}

func diskUsage(h node.Home) DiskUsage {
	var u DiskUsage
	data := filepath.Join(string(h), "data")
	_ = filepath.WalkDir(data, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return nil
		}
		rel, _ := filepath.Rel(data, p)
		sz := info.Size()
		switch top := strings.SplitN(filepath.ToSlash(rel), "/", 2)[0]; {
		case top == "app":
			u.IAVL += sz
		case top == "blockstore.db":
			u.BlockStore += sz
		case top == "state.db":
			u.StateStore += sz
		case strings.HasPrefix(top, "index.db"):
			u.Index += sz
		case top == "tx_index.db":
			u.TxIndex += sz
		case top == "cs.wal":
			u.WAL += sz
		default:
			u.Other += sz
		}
		u.Total += sz
		return nil
	})
	return u
}
