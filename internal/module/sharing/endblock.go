package sharing

import (
	"strconv"

	"github.com/pingshan/govchain/internal/module"
)

// EndBlock implements module.BlockEnder. A pending request whose deadline
// has come (block time at or after it) turns overdue and goes to the data
// bureau; then a request with the bureau whose decision deadline has come
// is marked arbitration-overdue. Each in key order (deadline, then id).
func (Module) EndBlock(ctx *module.Context) error {
	if err := escalateOverdue(ctx); err != nil {
		return err
	}
	return markArbitrationOverdue(ctx)
}

func escalateOverdue(ctx *module.Context) error {
	ids, keys, err := module.DueInTimeIndex(ctx.KV, deadlinePrefix, ctx.BlockTime.Unix())
	if err != nil {
		return err
	}
	for i, id := range ids {
		req, err := GetRequest(ctx.KV, id)
		if err != nil {
			return err
		}
		// The index holds seconds: a deadline is always a whole second
		// (midnight module.CST()), so the key's second is the deadline.
		if req.State != StatePending || ctx.BlockTime.Before(*req.Deadline) {
			continue
		}
		req.Overdue = true
		if err := escalate(ctx, req, EscalationOverdue); err != nil {
			return err
		}
		if err := put(ctx.KV, RequestKey(id), req); err != nil {
			return err
		}
		if err := ctx.KV.Delete(keys[i]); err != nil {
			return err
		}
		ctx.Emit("sharing.overdue", "request", strconv.FormatUint(id, 10), "owner", req.Owner, "requester", req.Requester)
	}
	return nil
}

// markArbitrationOverdue: the bureau's time is up. The request stays with
// it (see Request.ArbitrationOverdue for why nothing is decided for it).
func markArbitrationOverdue(ctx *module.Context) error {
	ids, keys, err := module.DueInTimeIndex(ctx.KV, arbitrationPrefix, ctx.BlockTime.Unix())
	if err != nil {
		return err
	}
	for i, id := range ids {
		req, err := GetRequest(ctx.KV, id)
		if err != nil {
			return err
		}
		if err := ctx.KV.Delete(keys[i]); err != nil {
			return err
		}
		if req.State != StateArbitration || req.ArbitrationOverdue {
			continue
		}
		req.ArbitrationOverdue = true
		if err := put(ctx.KV, RequestKey(id), req); err != nil {
			return err
		}
		ctx.Emit("sharing.arbitration_overdue", "request", strconv.FormatUint(id, 10), "owner", req.Owner, "requester", req.Requester)
	}
	return nil
}
