package app

import (
	"context"
	"encoding/hex"
	"fmt"
	"runtime"
	"sync"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"

	"github.com/pingshan/govchain/internal/errcode"
	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/module/identity"
	"github.com/pingshan/govchain/internal/store"
	"github.com/pingshan/govchain/internal/tx"
)

// decodedTx is one block tx after decoding and (maybe) verification.
type decodedTx struct {
	raw      []byte
	hash     []byte
	tx       *tx.Tx
	err      error // decode / basic error: the tx fails without effect
	verified bool
	// payload is CheckTx's decoding of the payload, or nil: deliver then
	// decodes it (every other check runs again either way).
	payload module.Payload
}

// FinalizeBlock executes the block's txs in order against the working tree
// and returns the new app hash. A tx that fails authentication changes
// nothing; a tx whose handler refuses it consumes its sequence (so it can
// never be replayed later) and records its failure, but its handler's
// writes are discarded.
func (a *App) FinalizeBlock(_ context.Context, req *abci.FinalizeBlockRequest) (*abci.FinalizeBlockResponse, error) {
	a.blockHeight, a.blockTime = req.Height, req.Time.UTC()
	a.outcomes = make([]TxOutcome, 0, len(req.Txs))
	a.recorded = make([][]byte, len(req.Txs))
	working := a.store.Working()
	// A scheduled upgrade applies before the block's txs (or stops a
	// binary that does not know it, having changed nothing).
	upgraded, upEvents, err := a.beginUpgrade(working, req.Height)
	if err != nil {
		return nil, fmt.Errorf("block %d: %w", req.Height, err)
	}
	txs := a.prepareBlockTxs(req.Txs)
	results := make([]*abci.ExecTxResult, len(txs))
	if err := a.beginBlock(working, req); err != nil {
		return nil, fmt.Errorf("block %d begin: %w", req.Height, err)
	}
	for i := range txs {
		res, err := a.deliver(working, &txs[i], i)
		if err != nil {
			return nil, fmt.Errorf("block %d tx %d: %w", req.Height, i, err)
		}
		results[i] = res
	}
	events, err := a.endBlock(working)
	if err != nil {
		return nil, fmt.Errorf("block %d end: %w", req.Height, err)
	}
	events = append(abciEvents(upEvents), events...)
	valUpdates, err := a.validatorUpdates(working)
	if err != nil {
		return nil, fmt.Errorf("block %d validator updates: %w", req.Height, err)
	}
	paramUpdates, err := consensusUpdates(working, req.Height, upgraded)
	if err != nil {
		return nil, fmt.Errorf("block %d consensus parameters: %w", req.Height, err)
	}
	hash, err := a.store.WorkingHash()
	if err != nil {
		return nil, fmt.Errorf("block %d: %w", req.Height, err)
	}
	a.finalizedAt = time.Now()
	return &abci.FinalizeBlockResponse{TxResults: results, Events: events, AppHash: hash, ValidatorUpdates: valUpdates, ConsensusParamUpdates: paramUpdates}, nil
}

// prepareBlockTxs decodes every tx and, in parallel, verifies the
// signatures CheckTx has not already verified on this node (after a
// restart, or txs this node never saw: every tx of a block-syncing node)
// and decodes their payloads. Both are pure functions of the tx bytes (and
// of committed accounts, whose keys never change), so doing them
// concurrently cannot make nodes disagree; execution below stays
// sequential and in block order, and deliver repeats whatever was not
// done or failed here, so a tx refused here is refused there with the same
// code.
func (a *App) prepareBlockTxs(raws [][]byte) []decodedTx {
	out := make([]decodedTx, len(raws))
	var todo []int
	committed := a.store.Committed()
	for i, raw := range raws {
		d := &out[i]
		d.raw, d.hash = raw, a.suite.Hash(raw)
		if c, ok := a.sigs.take(d.hash); ok {
			d.tx, d.payload, d.verified = c.tx, c.payload, true
			continue
		}
		if len(raw) > tx.MaxBytes {
			d.err = fmt.Errorf("%w: %d bytes, limit %d", tx.ErrTooLarge, len(raw), tx.MaxBytes)
			continue
		}
		d.tx, d.err = tx.Decode(raw)
		if d.err == nil {
			todo = append(todo, i)
		}
	}
	if len(todo) == 0 || a.sequentialChecks {
		return out
	}
	workers := min(runtime.GOMAXPROCS(0), len(todo))
	var wg sync.WaitGroup
	next := make(chan int, len(todo))
	for _, i := range todo {
		next <- i
	}
	close(next)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				a.precheck(committed, &out[i])
			}
		}()
	}
	wg.Wait()
	return out
}

// precheck is one tx's share of prepareBlockTxs. It only fills in what
// succeeded: a payload that does not decode, or an account not yet
// committed (created earlier in this same block), is left to deliver.
func (a *App) precheck(committed store.Reader, d *decodedTx) {
	if act, err := a.router.Lookup(d.tx.Module, d.tx.Action); err == nil {
		if p, err := decodePayload(act, d.tx.Payload); err == nil {
			d.payload = p
		}
	}
	acct, err := identity.GetAccount(committed, d.tx.Signer)
	if err != nil {
		return
	}
	d.verified = a.verifySig(d.tx, acct) == nil
}

// deliver executes one tx. Only storage failures return an error (they stop
// the node); everything a user can cause becomes a result code.
func (a *App) deliver(working store.KV, d *decodedTx, index int) (*abci.ExecTxResult, error) {
	out := TxOutcome{Hash: d.hash, Height: a.blockHeight, Index: index}
	fail := func(err error) (*abci.ExecTxResult, error) {
		e := errcode.Of(err)
		out.Code, out.Codespace, out.Log = e.Code, e.Codespace, err.Error()
		a.outcomes = append(a.outcomes, out)
		return &abci.ExecTxResult{Code: e.Code, Codespace: e.Codespace, Log: err.Error(), Events: txEvents(&out, nil)}, nil
	}
	if d.err != nil {
		return fail(d.err)
	}
	t := d.tx
	out.Module, out.Action, out.Signer = t.Module, t.Action, t.Signer
	if err := t.ValidateBasic(a.chainID); err != nil {
		return fail(err)
	}
	act, err := a.router.Lookup(t.Module, t.Action)
	if err != nil {
		return fail(err)
	}
	payload := d.payload
	if payload == nil {
		if payload, err = decodePayload(act, t.Payload); err != nil {
			return fail(err)
		}
	}
	acct, err := loadSigner(working, t.Signer)
	if err != nil {
		if errcode.Of(err) == errcode.ErrInternal {
			return nil, err
		}
		return fail(err)
	}
	if !d.verified {
		if err := a.verifySig(t, acct); err != nil {
			return fail(err)
		}
	}
	if err := authorize(working, a.blockHeight, a.blockTime, t, act, acct, acct.Sequence); err != nil {
		return fail(err)
	}

	// Authenticated: from here the sequence is consumed whatever the handler says.
	overlay := store.NewOverlay(working)
	ctx := &module.Context{KV: overlay, Suite: a.suite, ChainID: a.chainID, Height: a.blockHeight,
		BlockTime: a.blockTime, TxHash: d.hash, TxIndex: uint32(index), Signer: acct.Signer()}
	herr := runHandler(act, ctx, payload)
	if herr == nil {
		// A handler that changed the signer's own record gets the sequence
		// bumped on what it wrote.
		touched := overlay.Wrote(identity.AccountKey(t.Signer))
		if err := overlay.Write(); err != nil {
			return nil, err
		}
		if touched {
			if acct, err = identity.GetAccount(working, t.Signer); err != nil {
				return nil, err
			}
		}
	} else {
		e := errcode.Of(herr)
		out.Code, out.Codespace, out.Log = e.Code, e.Codespace, herr.Error()
	}
	acct.Sequence++
	if err := identity.PutSequence(working, acct); err != nil {
		return nil, err
	}
	rec := &TxRecord{Hash: hex.EncodeToString(d.hash), Height: a.blockHeight, Index: uint32(index), Code: out.Code,
		Codespace: out.Codespace, Module: t.Module, Action: t.Action, Signer: t.Signer, Sequence: t.Sequence}
	if err := putTx(working, rec); err != nil {
		return nil, err
	}
	a.recorded[index] = d.hash
	a.outcomes = append(a.outcomes, out)
	var events []module.Event
	if herr == nil {
		events = ctx.Events()
	}
	return &abci.ExecTxResult{Code: out.Code, Codespace: out.Codespace, Log: out.Log, Events: txEvents(&out, events)}, nil
}

// decodePayload runs an action's payload decoder, turning a panic on
// hostile input into a refusal: a decoder bug must not halt every node.
func decodePayload(act module.Action, payload []byte) (p module.Payload, err error) {
	defer func() {
		if r := recover(); r != nil {
			p, err = nil, fmt.Errorf("%w: payload decoder panicked: %v", tx.ErrInvalidPayload, r)
		}
	}()
	return act.Decode(payload)
}

// runHandler turns a handler panic into an internal error: the same input
// panics on every node, so the result is still deterministic, and the
// overlay is discarded so nothing half-applied remains.
func runHandler(act module.Action, ctx *module.Context, p module.Payload) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%w: handler panicked: %v", errcode.ErrInternal, r)
		}
	}()
	return act.Handle(ctx, p)
}

// txEvents builds the ABCI events: a "govchain_tx" event (CometBFT reserves
// "tx.hash" and "tx.height") its indexer can
// search by, then the module's own.
func txEvents(o *TxOutcome, evs []module.Event) []abci.Event {
	out := []abci.Event{{Type: "govchain_tx", Attributes: []abci.EventAttribute{
		{Key: "hash", Value: hex.EncodeToString(o.Hash), Index: true},
		{Key: "module", Value: o.Module, Index: true},
		{Key: "action", Value: o.Action, Index: true},
		{Key: "signer", Value: o.Signer, Index: true},
	}}}
	for _, e := range evs {
		ev := abci.Event{Type: e.Type}
		for _, at := range e.Attrs {
			ev.Attributes = append(ev.Attributes, abci.EventAttribute{Key: at.Key, Value: at.Value, Index: true})
		}
		out = append(out, ev)
	}
	return out
}
