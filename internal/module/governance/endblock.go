package governance

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/store"
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

// dueIDs lists the ids in a time index whose second is at or before now.
// It collects before anything is changed: no write during iteration.
func dueIDs(r store.Reader, prefix string, now int64) ([]uint64, error) {
	var ids []uint64
	var perr error
	err := r.Iterate([]byte(prefix), func(k, _ []byte) bool {
		ts, idStr, ok := strings.Cut(strings.TrimPrefix(string(k), prefix), "/")
		var t int64
		var id uint64
		if ok {
			t, perr = strconv.ParseInt(ts, 10, 64)
			if perr == nil {
				id, perr = strconv.ParseUint(idStr, 10, 64)
			}
		} else {
			perr = fmt.Errorf("bad key")
		}
		if perr != nil {
			perr = fmt.Errorf("corrupt time index key %q: %w", k, perr)
			return false
		}
		if t > now {
			return false
		}
		ids = append(ids, id)
		return true
	})
	if err == nil {
		err = perr
	}
	return ids, err
}
