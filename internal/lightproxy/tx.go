package lightproxy

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/cometbft/cometbft/light"
	rpcclient "github.com/cometbft/cometbft/rpc/client"
	ctypes "github.com/cometbft/cometbft/rpc/core/types"
	rpctypes "github.com/cometbft/cometbft/rpc/jsonrpc/types"
	"github.com/cometbft/cometbft/types"

	"github.com/pingshan/govchain/internal/app"
	"github.com/pingshan/govchain/internal/module"
)

// txPosition is the unverified hint: where the node's JSON API says the
// tx named hash (CometBFT's SHA-256 name) is. Nothing it says is passed on
// unchecked.
type txPosition struct {
	Height int64  `json:"height"`
	Index  uint32 `json:"index"`
}

// hintClient asks a node's JSON API (GET /api/v1/txs/{hash}) where a tx is.
type hintClient struct {
	base string
	http *http.Client
}

func (h hintClient) position(ctx context.Context, hash []byte) (txPosition, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, strings.TrimRight(h.base, "/")+"/api/v1/txs/"+hex.EncodeToString(hash), nil)
	if err != nil {
		return txPosition{}, err
	}
	resp, err := h.http.Do(req)
	if err != nil {
		return txPosition{}, fmt.Errorf("tx %X: ask the node where it is: %w", hash, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<16))
	if err != nil {
		return txPosition{}, err
	}
	if resp.StatusCode == http.StatusNotFound {
		return txPosition{}, fmt.Errorf("tx (%X) not found", hash)
	}
	if resp.StatusCode != http.StatusOK {
		return txPosition{}, fmt.Errorf("tx %X: the node answered %s", hash, resp.Status)
	}
	var p txPosition
	if err := json.Unmarshal(body, &p); err != nil || p.Height <= 0 {
		return txPosition{}, fmt.Errorf("%w: tx %X: the node's answer names no position", ErrUnverified, hash)
	}
	return p, nil
}

// txByPosition serves CometBFT's /tx without the node's tx index (which
// govchain homes keep off): the node's JSON API names the tx's position
// (height, index), an unverified hint; the block at that height comes
// from the primary and must match the header the light client verified
// (its txs' Merkle root is the header's data hash), and the tx at that
// index must have the asked hash. The result code is the app's tx record
// at that position, proven against the app hash of header height+1. So
// a node that lies about the position, the block or the outcome is
// caught; one that hides a tx can only make it "not found".
func txByPosition(next rpcclient.Client, lc *light.Client, hint hintClient) func(*rpctypes.Context, []byte, bool) (*ctypes.ResultTx, error) {
	return func(rctx *rpctypes.Context, hash []byte, prove bool) (*ctypes.ResultTx, error) {
		ctx := rctx.Context()
		if len(hash) != 32 {
			return nil, fmt.Errorf("hash must be 32 bytes (CometBFT's SHA-256 name of the tx), got %d", len(hash))
		}
		pos, err := hint.position(ctx, hash)
		if err != nil {
			return nil, err
		}
		lb, err := verifiedHeader(ctx, lc, pos.Height)
		if err != nil {
			return nil, err
		}
		blk, err := next.Block(ctx, &pos.Height)
		if err != nil {
			return nil, fmt.Errorf("block %d: %w", pos.Height, err)
		}
		if blk == nil || blk.Block == nil {
			return nil, fmt.Errorf("%w: block %d: empty answer", ErrUnverified, pos.Height)
		}
		txs := blk.Block.Data.Txs
		if !bytes.Equal(txs.Hash(), lb.DataHash) {
			return nil, fmt.Errorf("%w: block %d's txs do not match its verified header's data hash", ErrUnverified, pos.Height)
		}
		if int(pos.Index) >= len(txs) || !bytes.Equal(txs[pos.Index].Hash(), hash) {
			return nil, fmt.Errorf("%w: the node placed tx %X at %d/%d, where the block has another", ErrUnverified, hash, pos.Height, pos.Index)
		}
		proof := txs.Proof(int(pos.Index))
		if err := proof.Validate(lb.DataHash); err != nil {
			return nil, fmt.Errorf("%w: inclusion proof: %v", ErrUnverified, err)
		}
		rec, err := provenTxRecord(ctx, next, lc, pos)
		if err != nil {
			return nil, err
		}
		res := &ctypes.ResultTx{Hash: hash, Height: pos.Height, Index: pos.Index, Tx: txs[pos.Index],
			TxResult: abci.ExecTxResult{Code: rec.Code, Codespace: rec.Codespace}}
		if prove {
			res.Proof = proof
		}
		return res, nil
	}
}

// provenTxRecord reads the app's record of the tx at pos from the state
// of its own block, proven against header height+1.
func provenTxRecord(ctx context.Context, next rpcclient.Client, lc *light.Client, pos txPosition) (*app.TxRecord, error) {
	key := app.TxKey(pos.Height, pos.Index)
	res, err := next.ABCIQueryWithOptions(ctx, app.StorePath, key, rpcclient.ABCIQueryOptions{Height: pos.Height, Prove: true})
	if err != nil {
		return nil, fmt.Errorf("tx record %s: %w", key, err)
	}
	lb, err := verifiedHeader(ctx, lc, pos.Height+1)
	if err != nil {
		return nil, err
	}
	if res.Response.Height != pos.Height {
		return nil, fmt.Errorf("%w: tx record answered at height %d, asked %d", ErrUnverified, res.Response.Height, pos.Height)
	}
	if err := VerifyQuery(key, &res.Response, lb.AppHash); err != nil {
		return nil, err
	}
	if res.Response.Value == nil {
		return nil, fmt.Errorf("%w: the state of block %d has no record of tx %d", ErrUnverified, pos.Height, pos.Index)
	}
	var rec app.TxRecord
	if err := module.UnmarshalState(res.Response.Value, &rec); err != nil {
		return nil, fmt.Errorf("%w: tx record %s: %v", ErrUnverified, key, err)
	}
	return &rec, nil
}

// verifiedHeader is the light client's verified block at height; the
// newest header may still be in the making, so it waits a little.
func verifiedHeader(ctx context.Context, lc *light.Client, height int64) (*types.LightBlock, error) {
	deadline := time.Now().Add(5 * time.Second)
	for {
		lb, err := lc.VerifyLightBlockAtHeight(ctx, height, time.Now())
		if err == nil {
			return lb, nil
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			return nil, fmt.Errorf("%w: header %d: %v", ErrUnverified, height, err)
		}
		time.Sleep(200 * time.Millisecond)
	}
}
