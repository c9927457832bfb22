package node

import (
	"context"
	"sync"

	"github.com/cometbft/cometbft/types"

	"github.com/pingshan/govchain/internal/proof"
)

// proofHeaders keeps the checked signed header of recent state versions
// (proof.Header), so the proof bundles of one height share one read of
// the commit and the validator set and one check of the signatures. Per
// request that was most of a bundle's cost beside the Merkle path, and
// the validator set's grew with the chain: CometBFT stores it at
// checkpoints and replays proposer priorities up to the height asked for
// (docs/benchmarks.md "Read paths that grew with the chain").
//
// A kept header is exactly what a fresh read would give: the commit of
// the newest block is the node's seen commit, replaced by the canonical
// one (in the next block) once that exists, so a seen-commit header is
// used only while its block is still the newest. Failures are not kept.
type proofHeaders struct {
	mu      sync.Mutex
	entries map[int64]*headerEntry
}

type headerEntry struct {
	mu        sync.Mutex // held while the header is read and checked
	h         *proof.Header
	canonical bool
}

// maxProofHeaders bounds the versions kept; requests are mostly for the
// newest provable one. Past it the lowest version goes.
const maxProofHeaders = 16

func (c *proofHeaders) entry(version int64) *headerEntry {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil {
		c.entries = map[int64]*headerEntry{}
	}
	e := c.entries[version]
	if e == nil {
		if len(c.entries) >= maxProofHeaders {
			lowest := version
			for v := range c.entries {
				lowest = min(lowest, v)
			}
			delete(c.entries, lowest)
		}
		e = &headerEntry{}
		c.entries[version] = e
	}
	return e
}

// get is version's checked header: kept, or loaded (with whether its
// commit is the canonical one) and kept. newest is the block store's
// height now.
func (c *proofHeaders) get(version, newest int64, load func() (*proof.Header, bool, error)) (*proof.Header, error) {
	e := c.entry(version)
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.h != nil && (e.canonical || newest == version+1) {
		return e.h, nil
	}
	h, canonical, err := load()
	if err != nil {
		return nil, err
	}
	e.h, e.canonical = h, canonical
	return h, nil
}

// loadHeader reads and checks the header proving state version from the
// node, noting whether its commit is canonical.
func loadHeader(ctx context.Context, src proofSource, chainID string, version int64) (*proof.Header, bool, error) {
	s := &canonicalSource{proofSource: src}
	h, err := proof.CheckedHeader(ctx, s, chainID, version)
	return h, s.canonical, err
}

// canonicalSource notes whether the signed header it read was canonical.
type canonicalSource struct {
	proofSource
	canonical bool
}

func (s *canonicalSource) SignedHeader(ctx context.Context, height int64) (*types.SignedHeader, error) {
	sh, canonical, err := s.Commit(ctx, height)
	s.canonical = canonical
	return sh, err
}
