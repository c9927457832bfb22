package app

import (
	"context"

	abci "github.com/cometbft/cometbft/abci/types"

	"github.com/pingshan/govchain/internal/snapshot"
)

// State sync. The node gives the app a snapshot manager; without one the
// app neither takes nor serves snapshots and refuses to restore. None of
// this is part of the state machine: snapshots are taken after Commit, in
// a goroutine, from an immutable state version.

// SetSnapshots installs the snapshot manager (before the node starts).
func (a *App) SetSnapshots(m *snapshot.Manager) { a.snaps = m }

// Snapshots is the snapshot manager, nil if none.
func (a *App) Snapshots() *snapshot.Manager { return a.snaps }

// snapshotCommitted lets the manager snapshot the version just committed.
func (a *App) snapshotCommitted(version int64) {
	if a.snaps != nil {
		a.snaps.Committed(version)
	}
}

// ListSnapshots offers this node's snapshots to peers that state-sync.
func (a *App) ListSnapshots(context.Context, *abci.ListSnapshotsRequest) (*abci.ListSnapshotsResponse, error) {
	if a.snaps == nil {
		return &abci.ListSnapshotsResponse{}, nil
	}
	return a.snaps.List()
}

// LoadSnapshotChunk serves one chunk of a snapshot.
func (a *App) LoadSnapshotChunk(_ context.Context, req *abci.LoadSnapshotChunkRequest) (*abci.LoadSnapshotChunkResponse, error) {
	if a.snaps == nil {
		return &abci.LoadSnapshotChunkResponse{}, nil
	}
	b, err := a.snaps.LoadChunk(req.Height, req.Format, req.Chunk)
	if err != nil {
		return nil, err
	}
	return &abci.LoadSnapshotChunkResponse{Chunk: b}, nil
}

// OfferSnapshot accepts a snapshot to restore; AppHash is the app hash
// CometBFT's light client verified for the snapshot height.
func (a *App) OfferSnapshot(_ context.Context, req *abci.OfferSnapshotRequest) (*abci.OfferSnapshotResponse, error) {
	if a.snaps == nil {
		return &abci.OfferSnapshotResponse{Result: abci.OFFER_SNAPSHOT_RESULT_ABORT}, nil
	}
	res, err := a.snaps.Offer(req.Snapshot, req.AppHash)
	if err != nil {
		return nil, err
	}
	return &abci.OfferSnapshotResponse{Result: res}, nil
}

// ApplySnapshotChunk takes one chunk of the snapshot being restored.
func (a *App) ApplySnapshotChunk(_ context.Context, req *abci.ApplySnapshotChunkRequest) (*abci.ApplySnapshotChunkResponse, error) {
	if a.snaps == nil {
		return &abci.ApplySnapshotChunkResponse{Result: abci.APPLY_SNAPSHOT_CHUNK_RESULT_ABORT}, nil
	}
	return a.snaps.ApplyChunk(req.Index, req.Chunk, req.Sender)
}
