package sharing

import (
	"strconv"

	"github.com/pingshan/govchain/internal/module"
)

// EndBlock implements module.BlockEnder: a pending request whose deadline
// has come (block time at or after it) turns overdue and goes to the data
// bureau, in key order (deadline, then id).
func (Module) EndBlock(ctx *module.Context) error {
	ids, keys, err := dueIDs(ctx.KV, ctx.BlockTime.Unix())
	if err != nil {
		return err
	}
	now := ctx.BlockTime.UTC()
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
		req.State, req.Overdue, req.Escalation, req.Escalated = StateArbitration, true, EscalationOverdue, &now
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
