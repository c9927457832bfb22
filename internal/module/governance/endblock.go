package governance

import (
	"github.com/pingshan/govchain/internal/module"
)

// EndBlock implements module.BlockEnder: it closes the proposals whose
// deadline has come (passed, rejected or expired, on the votes cast) and
// ends the freezes whose time is up, in key order (deadline, then id).
func (m Module) EndBlock(ctx *module.Context) error {
	due, err := dueIDs(ctx.KV, deadlinePrefix, ctx.BlockTime.Unix())
	if err != nil {
		return err
	}
	for _, id := range due {
		prop, err := GetProposal(ctx.KV, id)
		if err != nil {
			return err
		}
		if prop.State != StateVoting || ctx.BlockTime.Before(prop.Deadline) {
			continue
		}
		if err := m.settle(ctx, prop, true); err != nil {
			return err
		}
	}
	due, err = dueIDs(ctx.KV, fexpPrefix, ctx.BlockTime.Unix())
	if err != nil {
		return err
	}
	for _, id := range due {
		f, err := GetFreeze(ctx.KV, id)
		if err != nil {
			return err
		}
		if (f.State != FreezeRequested && f.State != FreezeActive) || ctx.BlockTime.Before(f.Expires) {
			continue
		}
		if err := expireFreeze(ctx, f); err != nil {
			return err
		}
	}
	return expirePendingValidators(ctx)
}
