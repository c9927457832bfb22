package web

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/pingshan/govchain/internal/app"
	"github.com/pingshan/govchain/internal/cryptosuite"
	"github.com/pingshan/govchain/internal/errcode"
	"github.com/pingshan/govchain/internal/module/identity"
	"github.com/pingshan/govchain/internal/node"
	"github.com/pingshan/govchain/internal/tx"
	"github.com/pingshan/govchain/internal/web/site"
)

// sender signs in-process (the portal holds the gateway key and the keys
// of signed-in staff) and submits to its own node. It tracks each
// account's next sequence so several txs of one account can be in the
// mempool at once; the lock covers only signing and CheckTx, not the wait
// for the block.
type sender struct {
	n    *node.Node
	mu   sync.Mutex
	next map[string]uint64
}

func newSender(n *node.Node) *sender { return &sender{n: n, next: map[string]uint64{}} }

// Result is a committed tx as the portal reports it.
type Result = site.Result

// ChainError is a refusal by the chain, with its registered code.
type ChainError struct {
	Codespace string
	Code      uint32
	Log       string
}

func (e *ChainError) Error() string {
	if e.Log != "" {
		return e.Log
	}
	if ec, ok := errcode.Lookup(e.Codespace, e.Code); ok {
		return ec.Desc
	}
	return fmt.Sprintf("refused (%s/%d)", e.Codespace, e.Code)
}

// Unwrap lets errors.Is match the registered sentinel.
func (e *ChainError) Unwrap() error {
	if ec, ok := errcode.Lookup(e.Codespace, e.Code); ok {
		return ec
	}
	return nil
}

// Send signs module/action with payload as key, submits it and waits until
// it is committed and indexed. A refusal (CheckTx or in the block) comes
// back as a *ChainError.
func (p *Portal) Send(ctx context.Context, key cryptosuite.PrivateKey, module, action string, payload any) (*Result, error) {
	return p.sender.send(ctx, key, module, action, payload)
}

func (s *sender) send(ctx context.Context, key cryptosuite.PrivateKey, module, action string, payload any) (*Result, error) {
	pb, err := json.Marshal(payload)
	if err != nil {
		return nil, err
	}
	suite := s.n.App.Suite()
	addr := cryptosuite.Address(suite, key.Public())
	hash, err := s.submit(ctx, key, addr, module, action, pb)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	for {
		rec, _, err := s.n.Tx(hash)
		if err == nil {
			if rec.Code != 0 {
				return nil, &ChainError{Codespace: rec.Codespace, Code: rec.Code, Log: s.txLog(ctx, hash)}
			}
			if err := s.n.WaitIndexed(ctx, rec.Height); err != nil {
				return nil, err
			}
			return &Result{Hash: hash, Height: rec.Height}, nil
		}
		if !errors.Is(err, app.ErrTxNotFound) {
			return nil, err
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("%w: tx %x: %v", node.ErrCommitTimeout, hash, ctx.Err())
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// submit signs at the next sequence and passes CheckTx, retrying once from
// the committed sequence if a tx of ours was dropped from the mempool.
func (s *sender) submit(ctx context.Context, key cryptosuite.PrivateKey, addr, module, action string, pb []byte) ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for attempt := 0; ; attempt++ {
		acct, err := identity.GetAccount(s.n.Store.Committed(), addr)
		if err != nil {
			return nil, err
		}
		seq := acct.Sequence
		if s.next[addr] > seq {
			seq = s.next[addr]
		}
		raw, err := tx.Build(key, addr, s.n.Genesis.ChainID, seq, module, action, pb)
		if err != nil {
			return nil, err
		}
		res, err := s.n.Submit(ctx, raw, false)
		if err != nil {
			return nil, err
		}
		if res.Code == 0 {
			s.next[addr] = seq + 1
			return hex.DecodeString(res.Hash)
		}
		if res.Codespace == "tx" && res.Code == tx.ErrWrongSequence.Code && attempt == 0 {
			delete(s.next, addr)
			continue
		}
		return nil, &ChainError{Codespace: res.Codespace, Code: res.Code, Log: res.Log}
	}
}

// txLog is the result log of a refused tx: the app keeps those of its
// last blocks; else CometBFT's tx index, if the node keeps one (best
// effort).
func (s *sender) txLog(ctx context.Context, hash []byte) string {
	if l, ok := s.n.App.RecentTxLog(hash); ok {
		return l
	}
	if s.n.RPC == nil {
		return ""
	}
	res, err := s.n.RPC.Tx(ctx, hash, false)
	if err != nil {
		return ""
	}
	return res.TxResult.Log
}
