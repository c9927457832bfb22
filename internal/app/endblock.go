package app

import (
	"fmt"

	abci "github.com/cometbft/cometbft/abci/types"

	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/store"
)

// endBlock runs every module's EndBlock, in module order, after the block's
// txs: each through its own overlay over the working tree, written only
// when it succeeds. There is no signer; the block's height and time are the
// only clock. A failure is a storage or programming error and stops the
// node (every node would fail the same way).
func (a *App) endBlock(working store.KV) ([]abci.Event, error) {
	var out []abci.Event
	for _, m := range a.modules {
		be, ok := m.(module.BlockEnder)
		if !ok {
			continue
		}
		ov := store.NewOverlay(working)
		ctx := &module.Context{KV: ov, Suite: a.suite, ChainID: a.chainID, Height: a.blockHeight, BlockTime: a.blockTime}
		if err := runEndBlock(be, ctx); err != nil {
			return nil, fmt.Errorf("module %s: %w", m.Name(), err)
		}
		if err := ov.Write(); err != nil {
			return nil, err
		}
		out = append(out, abciEvents(ctx.Events())...)
	}
	return out, nil
}

// abciEvents turns module events into block events.
func abciEvents(evs []module.Event) []abci.Event {
	var out []abci.Event
	for _, e := range evs {
		ev := abci.Event{Type: e.Type}
		for _, at := range e.Attrs {
			ev.Attributes = append(ev.Attributes, abci.EventAttribute{Key: at.Key, Value: at.Value, Index: true})
		}
		out = append(out, ev)
	}
	return out
}

// runEndBlock turns a panic into an error, as runHandler does for txs.
func runEndBlock(be module.BlockEnder, ctx *module.Context) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("EndBlock panicked: %v", r)
		}
	}()
	return be.EndBlock(ctx)
}
