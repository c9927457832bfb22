package app

import (
	"context"
	"fmt"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"

	"github.com/pingshan/govchain/internal/errcode"
	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/store"
	"github.com/pingshan/govchain/internal/tx"
)

// CheckTx admits a tx to the mempool after every check that does not run the
// handler: encoding, chain id, action, payload, signer, signature, status,
// role and sequence. It never writes state.
func (a *App) CheckTx(_ context.Context, req *abci.CheckTxRequest) (*abci.CheckTxResponse, error) {
	if err := a.checkTx(req.Tx, req.Type == abci.CHECK_TX_TYPE_RECHECK); err != nil {
		e := errcode.Of(err)
		if o := a.obs(); o != nil {
			o.CheckTxRejected(e.Codespace, e.Code)
		}
		return &abci.CheckTxResponse{Code: e.Code, Codespace: e.Codespace, Log: err.Error()}, nil
	}
	return &abci.CheckTxResponse{Code: abci.CodeTypeOK}, nil
}

func (a *App) checkTx(raw []byte, recheck bool) error {
	if len(raw) > tx.MaxBytes {
		return fmt.Errorf("%w: %d bytes, limit %d", tx.ErrTooLarge, len(raw), tx.MaxBytes)
	}
	hash := a.suite.Hash(raw)
	committed := a.checkView()
	t, verified := a.sigs.get(hash)
	if !verified {
		if recheck {
			// Evicted from the cache: treat it as new.
			recheck = false
		}
		var err error
		if t, err = tx.Decode(raw); err != nil {
			return err
		}
	}
	if err := t.ValidateBasic(a.chainID); err != nil {
		return err
	}
	act, err := a.router.Lookup(t.Module, t.Action)
	if err != nil {
		return err
	}
	var payload module.Payload
	if !verified {
		if payload, err = decodePayload(act, t.Payload); err != nil {
			return err
		}
	}
	acct, err := loadSigner(committed, t.Signer)
	if err != nil {
		return err
	}
	if !verified {
		if err := a.verifySig(t, acct); err != nil {
			return err
		}
		// Cache now, not after the sequence check: a tx relayed out of
		// order is refused here and comes back, and a signature's validity
		// does not depend on state, so it need not be verified twice.
		a.sigs.put(hash, t, payload, committedHeight(a))
	}
	a.checkMu.Lock()
	defer a.checkMu.Unlock()
	next := a.pending[t.Signer]
	if next < acct.Sequence {
		next = acct.Sequence
	}
	want := next
	switch {
	case recheck && t.Sequence >= acct.Sequence:
		// Still unexecuted: keep it. Recheck order need not rebuild the
		// pending view (CometBFT may time a recheck out half-way).
		want = t.Sequence
	case !recheck && t.Sequence == acct.Sequence:
		// Refill from the committed sequence: a client whose earlier tx
		// was lost (node restart, eviction) must not be stuck behind a
		// gap. A duplicate sequence can only fail later, changing nothing.
		want = t.Sequence
	}
	if err := authorize(committed, committedHeight(a)+1, time.Unix(a.committedTime.Load(), 0).UTC(), t, act, acct, want); err != nil {
		if !recheck && t.Sequence != want {
			return fmt.Errorf("%w (the account's committed sequence is %d)", err, acct.Sequence)
		}
		return err
	}
	if t.Sequence+1 > a.pending[t.Signer] {
		a.pending[t.Signer] = t.Sequence + 1
	}
	return nil
}

func committedHeight(a *App) int64 { return a.store.Version() }

// checkView is the state CheckTx reads: the last committed version, or the
// genesis state before block 1 commits (a new chain's first block may
// carry txs admitted before consensus started).
func (a *App) checkView() store.Reader {
	if a.store.Version() == 0 && a.genesisView != nil {
		return a.genesisView
	}
	return a.store.Committed()
}
