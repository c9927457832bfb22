package node

import (
	"context"
	"fmt"
)

// Readiness is what /readyz answers: whether this node should be sent
// traffic now.
type Readiness struct {
	Ready       bool   `json:"ready"`
	Height      int64  `json:"height"`       // committed state
	IndexHeight int64  `json:"index_height"` // the SQLite index
	CatchingUp  bool   `json:"catching_up"`  // block sync or state sync running
	DiskLow     bool   `json:"disk_low"`     // below disk.min_free_bytes: refusing txs
	Reason      string `json:"reason,omitempty"`
}

// Ready reports whether the node is caught up with the network, has
// committed a block, has its query index at the committed height (so
// lists and searches show what the chain holds; within one block, the
// moment between a commit and its indexing) and takes transactions.
// /healthz only says the process is alive and serving.
func (n *Node) Ready(ctx context.Context) Readiness {
	r := Readiness{Height: n.Store.Version(), DiskLow: n.DiskLow()}
	if ih, err := n.Index.Height(); err == nil {
		r.IndexHeight = ih
	}
	if n.RPC == nil {
		r.Reason = "not started"
		return r
	}
	st, err := n.RPC.Status(ctx)
	if err != nil {
		r.Reason = fmt.Sprintf("status: %v", err)
		return r
	}
	r.CatchingUp = st.SyncInfo.CatchingUp
	switch {
	case r.CatchingUp:
		r.Reason = "catching up with the network"
	case r.Height < 1:
		r.Reason = "waiting for the first block"
	case r.IndexHeight < r.Height-1:
		// The index follows each commit within milliseconds: one block
		// behind is the normal moment between the two, not a lag.
		r.Reason = fmt.Sprintf("the index is at %d, the state at %d", r.IndexHeight, r.Height)
	case r.DiskLow:
		r.Reason = "disk below its free-space watermark: refusing transactions"
	default:
		r.Ready = true
	}
	return r
}
